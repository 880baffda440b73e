"""Scenario packs: the pack format (schema), safe loading with file:line problems, validation."""
