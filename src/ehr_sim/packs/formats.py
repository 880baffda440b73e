"""Pack format versions: which format this app reads, and the fields later formats renamed
or removed, so `validate` can say exactly what to write instead of "unknown field".

A pack states its format in pack.yaml (`format: 1`; a pack without it is read as the
current format). Adding a field or a kind keeps the format; renaming or removing one bumps
CURRENT_FORMAT and adds a row to CHANGES (docs/packs.md §2 lists them for authors).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase

CURRENT_FORMAT = 1


@dataclass(frozen=True)
class FieldChange:
    """A field that format `since` renamed to `new`, or removed (`new` None; `instead` says
    what to write now). `where` is the dotted path of the mapping that held it, list
    positions and record names as `*`: "events.*", "setup.appointments.*", "" for the top."""

    since: int
    where: str
    old: str
    new: str | None
    instead: str = ""


CHANGES: tuple[FieldChange, ...] = ()


def explain_old_field(
    parent: tuple[str | int, ...], key: str, changes: Iterable[FieldChange] | None = None
) -> str | None:
    """What to write instead of the unknown field `key` under `parent`, when a newer format
    renamed or removed it; None when it is simply unknown (a spelling mistake, say)."""
    dotted = ".".join(str(part) for part in parent)
    for change in CHANGES if changes is None else changes:
        if change.old != key or not fnmatchcase(dotted, change.where):
            continue
        if change.new is not None:
            return (
                f"'{key}' was renamed '{change.new}' in pack format {change.since}: "
                f"write '{change.new}' instead"
            )
        return f"'{key}' was removed in pack format {change.since}: {change.instead}"
    return None
