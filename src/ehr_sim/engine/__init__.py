"""Scenario runtime rules: which events are due, how dialogue moves, how an attempt ends, and
the living clinic's day (who arrives, is roomed and leaves when). Pure."""
