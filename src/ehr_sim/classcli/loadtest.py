"""`ehr-sim class loadtest --url URL --clients 40 --seconds 30`: simulated lab machines
against a class server; prints one JSON line (see app/classroom/loadtest.py for what each
figure measures)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ehr_sim.classcli.common import add_url, fail

if TYPE_CHECKING:
    from ehr_sim.classcli.common import Subcommands


def register(commands: Subcommands, class_commands: Subcommands) -> None:
    loadtest = class_commands.add_parser(
        "loadtest",
        help="simulated lab machines sending their attempts to the class server at once",
    )
    add_url(loadtest)
    loadtest.add_argument("--clients", type=int, default=40, help="lab machines (default 40)")
    loadtest.add_argument("--seconds", type=float, default=30.0, help="how long they act")
    loadtest.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="seconds each client pauses between actions (default 1: a busy student)",
    )
    loadtest.add_argument(
        "--keep",
        action="store_true",
        help="leave the test's attempts in the class database (removed at the end otherwise)",
    )
    loadtest.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ehr_sim.app.classroom import ClassProblem
    from ehr_sim.app.classroom.loadtest import run_loadtest

    if args.clients < 1 or args.seconds <= 0 or args.think < 0:
        return fail("class loadtest", "--clients must be 1 or more, --seconds more than 0")
    try:
        result = run_loadtest(
            args.url, args.clients, args.seconds, think_seconds=args.think, keep=args.keep
        )
    except ClassProblem as problem:
        return fail("class loadtest", problem)
    print(result.json_line(), flush=True)
    return 0 if result.lost == 0 and result.duplicated == 0 else 1
