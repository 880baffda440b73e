"""`ehr-sim class assign`, `ehr-sim class assignments`, `ehr-sim class lab-account`."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ehr_sim.classcli.common import add_url, fail

if TYPE_CHECKING:
    from ehr_sim.classcli.common import Subcommands


def register(commands: Subcommands, class_commands: Subcommands) -> None:
    assign = class_commands.add_parser(
        "assign",
        help="load a pack onto the class server and assign its scenarios "
        "(or, with --update ID, point an assignment at a corrected copy of its pack)",
    )
    add_url(assign)
    assign.add_argument("--pack", required=True, type=Path, help="the pack folder or .zip")
    assign.add_argument("--title", help="the assignment's title, as students see it")
    assign.add_argument("--scenarios", help="scenario ids, comma-separated (default: all)")
    assign.add_argument("--mode", default="practice", help="practice (default) or assessed")
    assign.add_argument(
        "--due", help="due time, YYYY-MM-DDTHH:MM, in this computer's local time (kept in UTC)"
    )
    assign.add_argument("--attempts", type=int, help="attempts allowed (default: no limit)")
    assign.add_argument("--section", help="only this section (default: the whole class)")
    assign.add_argument("--points", type=int, default=100, help="points (default 100)")
    assign.add_argument(
        "--no-variants",
        action="store_true",
        help="every student plays the same names, dates and amounts",
    )
    assign.add_argument("--update", type=int, metavar="ID", help="the assignment to update")
    assign.set_defaults(run=run_assign)

    listing = class_commands.add_parser("assignments", help="list the class's assignments")
    add_url(listing)
    listing.set_defaults(run=run_assignments)

    lab = class_commands.add_parser(
        "lab-account",
        help="create or update the account lab machines connect with (run with the owner's URL)",
    )
    add_url(lab)
    lab.add_argument("--name", default="lab", help="the account's name (default: lab)")
    lab.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the account's password from the first line of standard input",
    )
    lab.set_defaults(run=run_lab_account)


def _due(given: str | None) -> datetime | None:
    if given is None:
        return None
    try:
        typed = datetime.strptime(given, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise ValueError(f"--due '{given}' is not a time like 2026-12-01T23:59") from None
    from ehr_sim.app.classroom.assignments import utc_from_local

    return utc_from_local(typed)


def run_assign(args: argparse.Namespace) -> int:
    from ehr_sim.app.classroom import ClassProblem, open_class
    from ehr_sim.app.classroom.assignments import (
        AssignmentRequest,
        AssignProblem,
        create_assignment,
        update_assignment_pack,
        utc_now,
    )

    command = "class assign"
    now = utc_now().replace(second=0, microsecond=0)
    try:
        due = _due(args.due)
    except ValueError as problem:
        return fail(command, problem)
    if args.update is None and not args.title:
        return fail(command, "give the assignment a --title (or --update ID)")
    try:
        database = open_class(args.url, instructor=True)
    except ClassProblem as problem:
        return fail(command, problem)
    try:
        with database.session() as session:
            if args.update is not None:
                assignment, before, loaded = update_assignment_pack(
                    session, args.update, args.pack, now
                )
                if before == loaded.content_hash:
                    print(
                        f"assignment {assignment.id}: {assignment.title} already plays "
                        f"{loaded.pack_id} {loaded.version} (pack {before[:12]}): nothing changed"
                    )
                    return 0
                print(
                    f"assignment {assignment.id}: {assignment.title} now plays "
                    f"{loaded.pack_id} {loaded.version} (pack {loaded.content_hash[:12]}, "
                    f"was {before[:12]}, still stored for the attempts played with it)"
                )
                return 0
            scenarios = (
                [s.strip() for s in args.scenarios.split(",") if s.strip()]
                if args.scenarios
                else None
            )
            request = AssignmentRequest(
                title=args.title,
                scenarios=scenarios,
                mode=args.mode,
                due_at=due,
                attempts_allowed=args.attempts,
                section=args.section,
                points=args.points,
                variants=not args.no_variants,
            )
            assignment, loaded = create_assignment(session, args.pack, request, now)
            stored = "loaded" if loaded.new else "already on the server"
            print(
                f"assignment {assignment.id}: {assignment.title} — {assignment.mode}, "
                f"{len(request.scenarios or loaded.scenarios)} scenario(s) of "
                f"{loaded.pack_id} {loaded.version} (pack {loaded.content_hash[:12]}, {stored})"
            )
    except (AssignProblem, ClassProblem) as problem:
        return fail(command, problem)
    finally:
        database.close()
    return 0


def run_assignments(args: argparse.Namespace) -> int:
    from ehr_sim.app.classroom import ClassProblem, open_class
    from ehr_sim.app.classroom.assignments import list_assignments

    try:
        database = open_class(args.url, instructor=True)
        with database.session() as session:
            found = list_assignments(session)
        database.close()
    except ClassProblem as problem:
        return fail("class assignments", problem)
    if not found:
        print("no assignments yet: add one with `ehr-sim class assign`")
    for info in found:
        print(info.line())
    return 0


def run_lab_account(args: argparse.Namespace) -> int:
    from ehr_sim.app.classroom import ClassProblem
    from ehr_sim.app.classroom.lab_role import set_up_lab_account
    from ehr_sim.app.classroom.server import class_url, shown

    password = sys.stdin.readline().rstrip("\r\n")
    try:
        done = set_up_lab_account(args.url, args.name, password)
        print(f"ehr-sim class lab-account: {done.summary(shown(class_url(args.url)))}")
    except ClassProblem as problem:
        return fail("class lab-account", problem)
    return 0
