"""Named-record placeholders in pack text: `{new_visit.start:%A %-m/%-d at %-I:%M %p}`.

A placeholder names a record (a setup reference, a name under `created:`, a play's `as:`)
and one of its fields, with an optional date format made only of strftime directives from
a fixed list (`%-d` drops the leading zero on every platform). Nothing is ever evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

FIELD = re.compile(r"\{([a-z][a-z0-9_]{0,47})\.([a-z_]{1,40})(?::([^{}]{0,60}))?\}")
# The directives a format may use; anything else (%c, %x, %s...) is refused by validate.
DIRECTIVES = set("aAbBdHIjmMpSyY%")
_DIRECTIVE = re.compile(r"%(-?)(.)")
DATE_TIME_DEFAULT = "%A %-m/%-d at %-I:%M %p"
DATE_DEFAULT = "%A %-m/%-d"


@dataclass(frozen=True)
class Placeholder:
    name: str
    field: str
    spec: str | None
    text: str  # as written, braces included


def placeholders(text: str) -> Iterator[Placeholder]:
    """Every `{name.field[:format]}` in `text`, in order."""
    for m in FIELD.finditer(text):
        yield Placeholder(m.group(1), m.group(2), m.group(3), m.group(0))


def spec_problem(spec: str) -> str | None:
    """Why a date format cannot be used, or None: only listed strftime directives."""
    for m in _DIRECTIVE.finditer(spec):
        if m.group(2) not in DIRECTIVES or (m.group(1) and m.group(2) not in "dmIHMSj"):
            return f"'%{m.group(1)}{m.group(2)}' is not a date format this app reads"
    if "%" in _DIRECTIVE.sub("", spec):
        return "a '%' must be followed by a format letter"
    return None


def render(value: Any, spec: str | None) -> str:
    """A field's value as text: dates and times through the format (or a plain default)."""
    moment = _as_time(value)
    if moment is None:
        return "" if value is None else str(value)
    if spec is None:
        spec = DATE_TIME_DEFAULT if isinstance(moment, datetime) else DATE_DEFAULT
    return _DIRECTIVE.sub(lambda m: _one(moment, m.group(1), m.group(2)), spec)


def fill_records(text: str, records: Mapping[str, Mapping[str, Any]]) -> str:
    """`text` with each placeholder whose record is known replaced; others stay as written."""

    def replace(m: re.Match[str]) -> str:
        fields = records.get(m.group(1))
        if fields is None or m.group(2) not in fields:
            return m.group(0)
        return render(fields[m.group(2)], m.group(3))

    return FIELD.sub(replace, text)


def missing_names(text: str, records: Mapping[str, object]) -> list[str]:
    """The record names `text` uses that do not exist yet (not created so far)."""
    return sorted({p.name for p in placeholders(text) if p.name not in records})


def _one(moment: date, dash: str, letter: str) -> str:
    if letter == "%" or letter not in DIRECTIVES:
        return "%" if letter == "%" else f"%{dash}{letter}"
    if isinstance(moment, datetime) or letter not in "HIMSp":
        text = moment.strftime(f"%{letter}")
    else:
        text = ""
    return (text.lstrip("0") or "0") if dash else text


def _as_time(value: Any) -> date | None:
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][\d:.]+)?", value):
        try:
            return datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
        except ValueError:
            return None
    return None
