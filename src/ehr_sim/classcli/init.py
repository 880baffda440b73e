"""`ehr-sim class init --url URL`: create or migrate the class database."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ehr_sim.classcli.common import add_url, fail

if TYPE_CHECKING:
    from ehr_sim.classcli.common import Subcommands


def register(commands: Subcommands, class_commands: Subcommands) -> None:
    init = class_commands.add_parser(
        "init", help="create the class database, or migrate it to the newest schema"
    )
    add_url(init)
    init.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ehr_sim.app.classroom import ClassProblem, init_class_database

    try:
        done = init_class_database(args.url)
    except ClassProblem as problem:
        return fail("class init", problem)
    print(f"ehr-sim class init: {done.summary()}")
    return 0
