"""Scenario play: the picker, the scenario panel, the debrief."""
