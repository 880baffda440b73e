"""What every classroom command shares."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

URL_HELP = "the class database, e.g. postgresql://teacher:PASSWORD@class-server/ehr_sim"


def fail(command: str, message: object, code: int = 2) -> int:
    """Print one plain line for `ehr-sim COMMAND` on stderr and return its exit code."""
    print(f"ehr-sim {command}: {message}", file=sys.stderr)
    return code


def add_url(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """The --url every class command takes."""
    parser.add_argument("--url", required=required, help=URL_HELP)


if TYPE_CHECKING:
    Subcommands = argparse._SubParsersAction[Any]
