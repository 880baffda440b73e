"""`ehr-sim reset`: put this seat back to a clean practice clinic (app/reset.py)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ehr_sim.classcli.common import fail

if TYPE_CHECKING:
    from ehr_sim.classcli.common import Subcommands


def register(commands: Subcommands, class_commands: Subcommands) -> None:
    reset = commands.add_parser(
        "reset",
        help="put this seat back to a clean practice clinic (and, on a lab machine, sign out "
        "and remove attempts the class server has)",
    )
    reset.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys
    from datetime import date

    from ehr_sim.app.classroom.settings import SettingProblem, class_setting
    from ehr_sim.app.reset import ResetRefused, reset_seat
    from ehr_sim.app.seat import clinic_file
    from ehr_sim.config import data_dir, database_url

    url = database_url(getattr(args, "db", None))
    clinic = clinic_file(url)
    if clinic is None:
        return fail("reset", f"{url} is not a clinic file: reset works on this seat's clinic file")
    try:
        class_mode = class_setting() is not None
    except SettingProblem as problem:
        return fail("reset", problem)
    try:
        done = reset_seat(
            data_dir(),
            clinic,
            class_mode=class_mode,
            today=date.today(),
            progress=lambda f, m: print(f"{f:4.0%}  {m}", file=sys.stderr),
        )
    except ResetRefused as refused:
        return fail("reset", refused)
    except Exception as exc:  # a full disk, a vanished folder: one line, never a traceback
        return fail("reset", f"the practice clinic could not be rebuilt: {exc}", 1)
    for line in done.lines():
        print(line)
    return 0
