"""Widgets and models shared by several views."""
