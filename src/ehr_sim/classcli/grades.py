"""`ehr-sim grades export` (Canvas, Moodle or XLSX grade files) and `ehr-sim grades debriefs`
(one PDF per student), from the class database."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ehr_sim.classcli.common import add_url, fail

if TYPE_CHECKING:
    from ehr_sim.classcli.common import Subcommands


def register(commands: Subcommands, class_commands: Subcommands) -> None:
    grades = commands.add_parser("grades", help="export the class's grades and debriefs")
    grade_commands = grades.add_subparsers(dest="grades_command", required=True)
    export = grade_commands.add_parser(
        "export", help="write an assignment's grades as a Canvas, Moodle or XLSX file"
    )
    add_url(export)
    export.add_argument(
        "--assignment",
        type=int,
        action="append",
        required=True,
        metavar="ID",
        help="the assignment's number (repeat for several sheets with --format xlsx)",
    )
    # Not `choices=`: a bad format is refused in one plain line like every other refusal.
    export.add_argument("--format", required=True, help="canvas, moodle or xlsx")
    export.add_argument("--out", type=Path, required=True, help="the file to write")
    export.set_defaults(run=run_export)
    debriefs = grade_commands.add_parser(
        "debriefs", help="write one PDF debrief per student of an assignment"
    )
    add_url(debriefs)
    debriefs.add_argument("--assignment", type=int, required=True, metavar="ID")
    debriefs.add_argument("--out", type=Path, required=True, help="the folder to write into")
    debriefs.set_defaults(run=run_debriefs)


def run_export(args: argparse.Namespace) -> int:
    from ehr_sim.app.classroom import ClassProblem, open_class
    from ehr_sim.app.classroom.grades import FORMATS, GradesProblem, grade_file, write_atomically

    command = "grades export"
    file_format = str(args.format).lower()
    if file_format not in FORMATS:
        return fail(
            command, f"'{args.format}' is not a grade file format: use canvas, moodle or xlsx"
        )
    out: Path = args.out
    if out.is_dir():
        return fail(command, f"{out} is a folder; give --out the path of a file")
    if not (out.parent if str(out.parent) else Path(".")).is_dir():
        return fail(command, f"{out} cannot be written: the folder {out.parent} does not exist")
    try:
        db = open_class(args.url, instructor=True)
    except ClassProblem as problem:
        return fail(command, problem)
    try:
        data = grade_file(db, args.assignment, file_format)
        write_atomically(out, data)
    except (GradesProblem, ClassProblem) as problem:
        return fail(command, problem)
    finally:
        db.close()
    shown = ", ".join(str(i) for i in args.assignment)
    plural = "s" if len(args.assignment) != 1 else ""
    print(
        f"ehr-sim grades export: wrote assignment{plural} {shown} as {file_format} to {out} "
        f"({len(data)} bytes)"
    )
    return 0


def run_debriefs(args: argparse.Namespace) -> int:
    from ehr_sim.app.classroom import ClassProblem, open_class
    from ehr_sim.app.classroom.grades import GradesProblem, debrief_files, write_atomically

    command = "grades debriefs"
    out: Path = args.out
    if out.exists() and not out.is_dir():
        return fail(command, f"{out} is a file; give --out a folder for the PDFs")
    try:
        db = open_class(args.url, instructor=True)
    except ClassProblem as problem:
        return fail(command, problem)
    try:
        files = debrief_files(db, args.assignment)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return fail(command, f"{out} cannot be made: {exc.strerror or exc}")
        for name, data in files.items():
            write_atomically(out / name, data)
    except (GradesProblem, ClassProblem) as problem:
        return fail(command, problem)
    finally:
        db.close()
    plural = "s" if len(files) != 1 else ""
    print(
        f"ehr-sim grades debriefs: wrote {len(files)} debrief{plural} for assignment "
        f"{args.assignment} to {out}"
    )
    return 0
