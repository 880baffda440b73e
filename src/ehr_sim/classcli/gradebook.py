"""`ehr-sim class import`, `ehr-sim class regrade` and `ehr-sim class instructor`: the
gradebook's commands (docs/classroom.md, "Results from home" and "The gradebook")."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ehr_sim.classcli.common import add_url, fail

if TYPE_CHECKING:
    from ehr_sim.classcli.common import Subcommands


def register(commands: Subcommands, class_commands: Subcommands) -> None:
    imports = class_commands.add_parser(
        "import", help="import a folder of students' result files: verify and grade each"
    )
    add_url(imports)
    imports.add_argument("folder", type=Path, help="the folder holding *.ehrsim-result files")
    imports.add_argument(
        "--pack",
        type=Path,
        help="the instructor's copy of the pack (folder or .zip) to grade with when the class "
        "database has none for a result",
    )
    imports.set_defaults(run=run_import)
    regrade = class_commands.add_parser(
        "regrade", help="verify every ended attempt again and grade it with its current pack"
    )
    add_url(regrade)
    regrade.set_defaults(run=run_regrade)
    instructor = class_commands.add_parser(
        "instructor", help="set (or change) the instructor's password for instructor mode"
    )
    add_url(instructor)
    instructor.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    instructor.set_defaults(run=run_instructor)


def run_import(args: argparse.Namespace) -> int:
    from ehr_sim.app.classroom import ClassProblem
    from ehr_sim.app.classroom.results import ResultRefused, import_folder, summary
    from ehr_sim.app.classroom.store import open_class

    folder: Path = args.folder
    if not folder.is_dir():
        return fail("class import", f"{folder} is not a folder")
    try:
        class_db = open_class(args.url, instructor=True)
    except ClassProblem as problem:
        return fail("class import", problem)
    try:
        done = import_folder(class_db, folder, args.pack)
    except (ClassProblem, ResultRefused) as problem:
        return fail("class import", problem)
    finally:
        class_db.close()
    for one in done:
        print(one.line())
    print(summary(done))
    bad = any(d.outcome == "refused" or not d.verified for d in done)
    return 1 if bad else 0


def run_regrade(args: argparse.Namespace) -> int:
    from ehr_sim.app.classroom import ClassProblem
    from ehr_sim.app.classroom.gradebook import AttemptFileProblem, regrade
    from ehr_sim.app.classroom.store import open_class

    try:
        class_db = open_class(args.url, instructor=True)
    except ClassProblem as problem:
        return fail("class regrade", problem)
    try:
        done = regrade(class_db)
    except (ClassProblem, AttemptFileProblem) as problem:
        return fail("class regrade", problem)
    finally:
        class_db.close()
    for one in done:
        print(one.line())
    flagged = sum(1 for d in done if not d.verified)
    print(f"{len(done)} attempts re-graded, {flagged} not verified")
    return 1 if flagged else 0


def run_instructor(args: argparse.Namespace) -> int:
    from ehr_sim.app.classroom import ClassProblem
    from ehr_sim.app.classroom.people import PasswordRefused, set_instructor_password
    from ehr_sim.app.classroom.store import open_class

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        try:
            password = getpass.getpass("Instructor password: ")
            again = getpass.getpass("The same password again: ")
        except (EOFError, KeyboardInterrupt):
            return fail("class instructor", "no password was given; nothing changed")
        if password != again:
            return fail("class instructor", "the two passwords differ; nothing changed")
    try:
        class_db = open_class(args.url, instructor=True)
    except ClassProblem as problem:
        return fail("class instructor", problem)
    try:
        with class_db.session() as session:
            set_instructor_password(session, password)
    except (ClassProblem, PasswordRefused) as problem:
        return fail("class instructor", f"{problem}; nothing changed")
    finally:
        class_db.close()
    print(f"ehr-sim class instructor: the instructor's password is set for {class_db.where}")
    return 0
