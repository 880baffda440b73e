"""The classroom's commands: `ehr-sim class …`, `ehr-sim grades …`, `ehr-sim reset`.

Each module here adds its commands with `register(commands, class_commands)` and sets
`run=` on its parser (a function taking the parsed arguments, returning the exit code);
cli.py calls it. Errors are one plain line on stderr (`fail`), exit 2 for bad input."""

from __future__ import annotations

import argparse
from typing import Any

from ehr_sim.classcli import assign, gradebook, grades, init, loadtest, reset, roster

# Each module's `register(commands, class_commands)`; add a module here to add its commands.
MODULES: list[Any] = [init, roster, assign, gradebook, reset, grades, loadtest]


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add `class` (and its subcommands) and the other classroom commands to `commands`."""
    classroom = commands.add_parser("class", help="the class database on a PostgreSQL server")
    class_commands = classroom.add_subparsers(dest="class_command", required=True)
    for module in MODULES:
        module.register(commands, class_commands)
