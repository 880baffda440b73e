"""Validation of combined conditions (`any_of`, `all_of`, `not`), counts and value checks (in
`where` filters and `record_state`); mixed into the scenario checker in validate.py."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from ehr_sim.packs.records import DATE_FIELDS
from ehr_sim.packs.schema import AllOf, AnyOf, Count, Not, ValueCheck
from ehr_sim.packs.when import parse_when

Path = tuple[str | int, ...]
Found = tuple[Path, str, str]

_SAMPLE_DAY = date(2026, 1, 5)
# Record fields that hold a date or a time, so a window or time of day can apply to them.
_TIMED_FIELDS = {"start", "dob", "subscriber_dob", "earliest", "latest", "service_date"}


def timed_field(name: str) -> bool:
    """Whether a record's field holds a date or a time (so a window or time of day applies)."""
    return name in _TIMED_FIELDS or name in DATE_FIELDS or name.endswith(("_at", "_on"))


class CombinedChecks:
    """Checks for section 7's combined conditions; the checker supplies `condition` and
    `records` (setup reference -> kind)."""

    records: dict[str, str]

    def condition(self, condition: Any, path: Path) -> Iterator[Found]:
        raise NotImplementedError

    def named(self, ref: str) -> str | None:
        """The kind of record a setup reference or a `created:` name stands for."""
        raise NotImplementedError

    def is_combined(self, condition: Any) -> bool:
        return isinstance(condition, AnyOf | AllOf | Not | Count)

    def combined(self, condition: Any, path: Path) -> Iterator[Found]:
        if isinstance(condition, AnyOf | AllOf):
            for i, part in enumerate(condition.conditions):
                yield from self.condition(part, (*path, "conditions", i))
        elif isinstance(condition, Not):
            yield from self.condition(condition.condition, (*path, "condition"))
        elif isinstance(condition, Count):
            yield from self.condition_match(condition, path)
            if condition.min is None and condition.max is None:
                yield (path, "CND001", "a count needs 'min', 'max' or both")
            elif (
                condition.min is not None
                and condition.max is not None
                and condition.min > condition.max
            ):
                yield (
                    (*path, "min"),
                    "CND001",
                    f"min {condition.min} is more than max {condition.max}, so this can never hold",
                )

    def condition_match(self, condition: Count, path: Path) -> Iterator[Found]:
        match_checker = getattr(self, "match", None)
        if match_checker is not None:
            yield from match_checker(condition.match, (*path, "match"))

    def where_value(
        self, action_name: str, action: Any, arg: str, value: Any, path: Path
    ) -> Iterator[Found]:
        """A value check given for one of an action's arguments in a `where` filter."""
        if not isinstance(value, ValueCheck):
            return
        types = {f.name: str(f.type) for f in dataclasses.fields(action)}
        timed = "date" in types.get(arg, "")
        yield from self.value_check(value, path, timed=timed, name=f"{action_name}'s {arg}")

    def value_check(
        self, check: ValueCheck, path: Path, *, timed: bool, name: str
    ) -> Iterator[Found]:
        windows = [key for key in ("between", "before", "after") if getattr(check, key) is not None]
        words = [key for key in ("contains", "excludes") if getattr(check, key)]
        if check.present is None and not windows and not words:
            yield (
                path,
                "CND002",
                "give a test: present, between, before, after, contains or excludes",
            )
            return
        if check.present is False and words:
            yield (
                (*path, "present"),
                "CND002",
                f"an absent value holds no words: drop 'present: false' or '{words[0]}'",
            )
        for key in words:
            for k, phrase in enumerate(getattr(check, key)):
                if not re.search(r"[A-Za-z0-9]", phrase):
                    yield ((*path, key, k), "CND002", "give a word or phrase to look for")
        if words and timed:
            yield (
                (*path, words[0]),
                "CND003",
                f"{name} holds a date or time, not text, so '{words[0]}' can never apply",
            )
        if check.present is False and windows:
            yield (
                (*path, "present"),
                "CND002",
                f"an absent value is never {windows[0]} anything: drop 'present: false' or "
                f"'{windows[0]}'",
            )
        if check.between is not None:
            first, last = (parse_when(text) for text in check.between)
            low = (
                first.at(_SAMPLE_DAY)
                if first.clock
                else datetime.combine(first.on(_SAMPLE_DAY), time.min)
            )
            high = (
                last.at(_SAMPLE_DAY)
                if last.clock
                else datetime.combine(last.on(_SAMPLE_DAY), time.max)
            )
            if high < low:
                yield (
                    (*path, "between"),
                    "CND002",
                    f"the window ends ({check.between[1]}) before it starts ({check.between[0]})",
                )
        if check.before is not None and check.after is not None and check.before <= check.after:
            yield (
                (*path, "before"),
                "CND002",
                f"no time is before {check.before} and at or after {check.after}",
            )
        if windows and not timed:
            yield (
                (*path, windows[0]),
                "CND003",
                f"{name} holds no date or time, so '{windows[0]}' can never apply",
            )
