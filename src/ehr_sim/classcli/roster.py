"""`ehr-sim class roster --url URL FILE [--section NAME]`: import the class roster from a
Canvas or Moodle CSV export; `ehr-sim class students --url URL [--reset-password LOGIN]`:
list it, or let a student choose a new password at their next sign-in."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ehr_sim.classcli.common import add_url, fail

if TYPE_CHECKING:
    from ehr_sim.classcli.common import Subcommands

SHOWN = 20  # problems printed one a line; a file with more is counted, not flooded


def register(commands: Subcommands, class_commands: Subcommands) -> None:
    roster = class_commands.add_parser(
        "roster", help="import the class roster from a Canvas or Moodle CSV export"
    )
    add_url(roster)
    roster.add_argument("file", type=Path, help="the roster CSV exported by Canvas or Moodle")
    roster.add_argument(
        "--section", help="put every student of the file in this section (Moodle names none)"
    )
    roster.set_defaults(run=run_roster)
    students = class_commands.add_parser(
        "students", help="list the class roster, or reset a student's password"
    )
    add_url(students)
    students.add_argument(
        "--reset-password",
        metavar="LOGIN",
        help="forget this student's password: they choose a new one at their next sign-in",
    )
    students.set_defaults(run=run_students)


def run_roster(args: argparse.Namespace) -> int:
    from ehr_sim.app.classroom import ClassProblem, open_class
    from ehr_sim.app.classroom.roster import RosterProblem, import_roster, read_roster

    try:
        roster = read_roster(args.file, section=args.section)
    except RosterProblem as problem:
        return _refused(args.file, problem)
    try:
        db = open_class(args.url, instructor=True)
    except ClassProblem as problem:
        return fail("class roster", problem)
    try:
        with db.session() as session:
            done = import_roster(session, roster)
    except RosterProblem as problem:
        return _refused(args.file, problem)
    except ClassProblem as problem:
        return fail("class roster", problem)
    finally:
        db.close()
    print(f"ehr-sim class roster: {args.file} ({roster.kind}): {done.summary()}")
    return 0


def _refused(path: Path, problem: object) -> int:
    import sys

    from ehr_sim.app.classroom.roster import RosterProblem

    assert isinstance(problem, RosterProblem)
    count = len(problem.problems)
    for line in problem.problems[:SHOWN]:
        print(line, file=sys.stderr)
    if count > SHOWN:
        print(f"{path}: … and {count - SHOWN} more problems like these", file=sys.stderr)
    return fail(
        "class roster",
        f"nothing imported: {count} problem{'s' * (count != 1)} in {path}; "
        "fix them and run this again",
    )


def run_students(args: argparse.Namespace) -> int:
    from ehr_sim.app.classroom import ClassProblem, open_class
    from ehr_sim.app.classroom.roster import reset_password, roster_lines

    try:
        db = open_class(args.url, instructor=True)
    except ClassProblem as problem:
        return fail("class students", problem)
    try:
        with db.session() as session:
            if args.reset_password is not None:
                student = reset_password(session, args.reset_password)
                if student is None:
                    return fail("class students", f"no student signs in as '{args.reset_password}'")
                print(
                    f"ehr-sim class students: {student.name} ({student.login}) chooses a new "
                    "password at their next sign-in"
                )
                return 0
            lines = roster_lines(session)
    except ClassProblem as problem:
        return fail("class students", problem)
    finally:
        db.close()
    if not lines:
        print("No students on the roster yet: import it with `ehr-sim class roster`.")
        return 0
    rows = [("Name", "Login", "Section", "Password")] + [
        (
            line.name + ("" if line.active else " (inactive)"),
            line.login,
            line.section or "-",
            "set" if line.password_set else "not yet",
        )
        for line in lines
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
            + "  "
            + row[3]
        )
    print(f"{len(lines)} student{'s' * (len(lines) != 1)}")
    return 0
