"""Scenario runtime: attempts, their setup, timeline events, recorded plays, history, record changes."""
