"""Conditions built from others (`any_of`, `all_of`, `not`), counts of log entries, and
tests on one value (present or absent, a window of days, before or after a time of day,
words it holds or leaves out)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Any, Protocol

from ehr_sim.grading.attempt import Attempt, LoggedAction
from ehr_sim.packs.schema import ActionMatch, AllOf, AnyOf, Count, Not, ValueCheck
from ehr_sim.packs.when import parse_when

Outcome = tuple[bool, tuple[LoggedAction, ...], str]


class _Verdict(Protocol):
    @property
    def holds(self) -> bool: ...

    @property
    def evidence(self) -> tuple[LoggedAction, ...]: ...

    @property
    def detail(self) -> str: ...


class _Evaluator(Protocol):
    """The part of conditions.Evaluator used here (that module imports this one)."""

    @property
    def attempt(self) -> Attempt: ...

    def evaluate(self, condition: Any) -> _Verdict: ...

    def matches(self, match: ActionMatch) -> Sequence[LoggedAction]: ...


COMBINED = (AnyOf, AllOf, Not, Count)


def is_combined(condition: Any) -> bool:
    return isinstance(condition, COMBINED)


def evaluate_combined(evaluator: _Evaluator, condition: Any) -> Outcome:
    """Whether one of this module's conditions holds, with evidence and detail; `evaluator`
    evaluates the parts."""
    if isinstance(condition, AnyOf | AllOf):
        verdicts = [evaluator.evaluate(part) for part in condition.conditions]
        wanted = any if isinstance(condition, AnyOf) else all
        holds = wanted(v.holds for v in verdicts)
        # Show what decided it: the parts that held for any_of, the parts that failed for all_of.
        deciding = [v for v in verdicts if v.holds == isinstance(condition, AnyOf)] or verdicts
        evidence = tuple(e for v in deciding for e in v.evidence)
        joiner = " or " if isinstance(condition, AnyOf) else "; "
        return (holds, evidence, joiner.join(v.detail for v in deciding if v.detail))
    if isinstance(condition, Not):
        inner = evaluator.evaluate(condition.condition)
        return (not inner.holds, inner.evidence, inner.detail)
    if isinstance(condition, Count):
        found = evaluator.matches(condition.match)
        n = len(found)
        holds = (condition.min is None or n >= condition.min) and (
            condition.max is None or n <= condition.max
        )
        limits = [
            f"at least {condition.min}" if condition.min is not None else "",
            f"at most {condition.max}" if condition.max is not None else "",
        ]
        wanted_text = " and ".join(t for t in limits if t)
        times = f"{n} time{'s' if n != 1 else ''}"
        outcome = condition.match.outcome
        counted = {"done": f"done {times}", "refused": f"tried {times}, refused"}.get(
            outcome, f"tried {times}"
        )
        return (holds, tuple(found), f"{condition.match.action} {counted}; {wanted_text}")
    raise TypeError(f"not a combined condition: {type(condition).__name__}")


def value_test(check: ValueCheck, day0: date) -> Callable[[Any], bool]:
    """A test for one value (an action's argument or a record's field), resolved once."""
    low = high = None
    if check.between is not None:
        first, last = (parse_when(text) for text in check.between)
        low = first.at(day0) if first.clock else datetime.combine(first.on(day0), time.min)
        high = last.at(day0) if last.clock else datetime.combine(last.on(day0), time.max)
    before = time.fromisoformat(check.before) if check.before else None
    after = time.fromisoformat(check.after) if check.after else None
    timed = low is not None or before is not None or after is not None
    wanted = [_phrase(p) for p in check.contains]
    unwanted = [_phrase(p) for p in check.excludes]

    def test(actual: Any) -> bool:
        present = actual not in (None, "", [])
        if check.present is not None and present != check.present:
            return False
        if wanted or unwanted:
            if not present:
                return False
            text = _phrase(actual)
            if not all(p in text for p in wanted) or any(p in text for p in unwanted):
                return False
        if not timed:
            return True
        moment = _moment(actual)
        if moment is None:
            return False
        if low is not None and high is not None and not low <= moment <= high:
            return False
        if before is not None and not moment.time() < before:
            return False
        return after is None or moment.time() >= after

    return test


def _phrase(value: Any) -> str:
    """Text as its words, ignoring case and punctuation, so that a phrase is found only as
    whole words: " a1c " is in " your a1c is back " and " 555 0100 " in " call 555-0100 "."""
    return f" {' '.join(re.findall(r'[a-z0-9]+', str(value).casefold()))} "


def _moment(value: Any) -> datetime | None:
    """A date or time from an argument or field (ISO text, as the log and records keep them)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time.min)
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
