"""Scenario runtime: attempts and their files, setup, timeline events, plays, history, record
changes, and the catalogue of packs the picker lists."""
