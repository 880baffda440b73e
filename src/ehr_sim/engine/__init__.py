"""Scenario runtime rules: which events are due, how dialogue moves, how an attempt ends. Pure."""
