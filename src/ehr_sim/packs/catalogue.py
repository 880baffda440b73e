"""The catalogue of actions in docs/packs.md §11, written from the actions themselves.

Each row comes from an action class in `ehr_sim.domain.actions`: its name, its docstring and
its fields (required first, then optional with their defaults). After adding or changing an
action, rewrite the catalogue with

    python -m ehr_sim.packs.catalogue docs/packs.md

(`--check` only reports whether the file is up to date; a test runs it).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import types
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ehr_sim.domain.actions import ACTIONS, Action, field_types

BEGIN = "<!-- catalogue of actions: written by `python -m ehr_sim.packs.catalogue`; do not edit -->"
END = "<!-- end of the catalogue of actions -->"
HEADER = (
    "| Action | What it does | Required arguments | Optional arguments (default) |",
    "|---|---|---|---|",
)
WORDS: dict[Any, str] = {
    str: "text",
    int: "number",
    bool: "true/false",
    date: "date",
    datetime: "date and time",
}


def description(action: type[Action]) -> str:
    """The action's own docstring on one line ('' when it has none of its own)."""
    doc = action.__dict__.get("__doc__") or ""
    if doc.startswith(f"{action.__name__}("):  # written by @dataclass, not by us
        return ""
    return " ".join(doc.split())


def _kind(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _kind(inner[0])
    if origin is tuple:
        return f"list of {_kind(typing.get_args(hint)[0])}"
    if origin is dict:
        return "field: value map"
    return WORDS[hint]


def _shown_default(f: dataclasses.Field[Any]) -> str:
    if f.default is dataclasses.MISSING or f.default in (None, "", ()):
        return ""
    return f" (`{f.default!r}`)"


def row(action: type[Action]) -> str:
    """One line of the table for `action`."""
    hints = field_types(action)
    required, optional = [], []
    for f in dataclasses.fields(action):
        has_default = (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        text = f"`{f.name}` {_kind(hints[f.name])}"
        if has_default:
            optional.append(text + _shown_default(f))
        else:
            required.append(text)
    cells = (
        f"`{action.__name__}`",
        description(action),
        ", ".join(required) or "—",
        ", ".join(optional) or "—",
    )
    return "| " + " | ".join(cells) + " |"


def table() -> str:
    """The generated block, markers included."""
    return "\n".join((BEGIN, *HEADER, *(row(a) for a in ACTIONS.values()), END))


def rewritten(text: str) -> str:
    """`text` (docs/packs.md) with its catalogue block replaced by the current one."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the catalogue markers are missing: put {BEGIN!r} and {END!r} around it")
    return text[:start] + table() + text[end + len(END) :]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ehr_sim.packs.catalogue", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("file", type=Path, help="the pack format reference (docs/packs.md)")
    parser.add_argument("--check", action="store_true", help="only say whether it is up to date")
    args = parser.parse_args(argv)
    try:
        text = args.file.read_text(encoding="utf-8")
        new = rewritten(text)
    except (OSError, ValueError) as problem:
        print(f"{args.file}: {problem}", file=sys.stderr)
        return 2
    if new == text:
        print(f"{args.file}: the catalogue of actions is up to date")
        return 0
    if args.check:
        print(
            f"{args.file}: the catalogue of actions is out of date; run {parser.prog} {args.file}"
        )
        return 1
    args.file.write_text(new, encoding="utf-8")
    print(f"{args.file}: catalogue of actions rewritten ({len(ACTIONS)} actions)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
