"""Errors a trainee or instructor can act on."""

from __future__ import annotations


class ActionRefused(Exception):
    """The clinic refuses an action; the message is shown to the trainee as it is."""

    def __init__(self, message: str, *, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class DatabaseProblem(Exception):
    """A clinic database cannot be opened; the message says what to do."""


class ClinicBusy(Exception):
    """Another program holds the clinic file's write lock; nothing was written."""
