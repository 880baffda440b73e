"""Evaluate one rubric condition against an attempt: met or not, with the evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ehr_sim.grading.attempt import Attempt, LoggedAction
from ehr_sim.grading.combined import evaluate_combined, is_combined, value_test
from ehr_sim.grading.compare import same, tolerant_key
from ehr_sim.packs.schema import (
    ActionMatch,
    ChoiceMade,
    Done,
    DoneBefore,
    DoneWithin,
    Late,
    NotDone,
    RecordState,
    VariableIs,
)
from ehr_sim.packs.when import parse_when

CHOICE_ACTION = "ChooseResponse"


@dataclass(frozen=True)
class Verdict:
    """Whether a condition holds, the log entries that show it, and a line of detail."""

    holds: bool
    evidence: tuple[LoggedAction, ...] = ()
    detail: str = ""


def clock(started: datetime, moment: datetime) -> str:
    """Time into the scenario as m:ss (or h:mm:ss)."""
    seconds = max(0, int((moment - started).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def minutes_text(minutes: float) -> str:
    return clock(datetime.min, datetime.min + timedelta(minutes=minutes))


class Evaluator:
    """Evaluates conditions over one attempt; indexes the log once."""

    def __init__(self, attempt: Attempt) -> None:
        self.attempt = attempt
        self.by_action: dict[str, list[LoggedAction]] = defaultdict(list)
        for entry in attempt.actions:
            self.by_action[entry.action].append(entry)

    def matches(self, match: ActionMatch) -> list[LoggedAction]:
        tests = [(name, self._accepts(value)) for name, value in match.where.items()]
        wanted = match.outcome
        return [
            entry
            for entry in self.by_action.get(match.action, ())
            if (wanted == "any" or entry.outcome == wanted)
            and all(test(entry.arguments.get(name)) for name, test in tests)
        ]

    def _accepts(self, expected: Any) -> Callable[[Any], bool]:
        """A test for one argument, with refs and relative times resolved once, not per entry.

        '@ref' means that setup record's id in this attempt; '+3d 14:00' a time on that day;
        other text compares tolerantly (case, punctuation); numbers and ids exactly."""
        exact: set[str] = set()
        tolerant: set[str] = set()
        prefixes: list[str] = []
        if not isinstance(expected, str | int | bool | list):
            return value_test(expected, self.attempt.day0)
        for option in expected if isinstance(expected, list) else [expected]:
            if isinstance(option, str) and option.startswith("@"):
                ref = self.attempt.refs.get(option[1:])
                if ref is not None:
                    exact.add(str(ref))
            elif isinstance(option, str) and option[:1] in "+-" and _is_when(option):
                when = parse_when(option)
                day0 = self.attempt.day0
                prefixes.append((when.at(day0) if when.clock else when.on(day0)).isoformat())
            elif isinstance(option, str):
                tolerant.add(tolerant_key(option))
            else:
                exact.add(str(option))

        def test(actual: Any) -> bool:
            if actual is None:
                return False
            if isinstance(actual, str):
                return (
                    actual in exact
                    or any(actual.startswith(p) for p in prefixes)
                    or (bool(tolerant) and tolerant_key(actual) in tolerant)
                )
            return str(actual) in exact

        return test

    def evaluate(self, condition: Any) -> Verdict:
        if is_combined(condition):
            return Verdict(*evaluate_combined(self, condition))
        started = self.attempt.started_at
        if isinstance(condition, Done):
            found = self.matches(condition.match)
            return Verdict(
                bool(found), tuple(found), _when(started, found) if found else "never done"
            )
        if isinstance(condition, NotDone):
            found = self.matches(condition.match)
            return Verdict(not found, tuple(found), _when(started, found) if found else "")
        if isinstance(condition, DoneBefore):
            return self._before(condition)
        if isinstance(condition, DoneWithin | Late):
            within = self._within(condition.match, condition.after, condition.minutes)
            if isinstance(condition, Late):
                fired = condition.after in self.attempt.events
                return Verdict(fired and not within.holds, within.evidence, within.detail)
            return within
        if isinstance(condition, ChoiceMade):
            chosen = [
                e
                for e in self.by_action.get(CHOICE_ACTION, ())
                if e.arguments.get("choice") == condition.choice and e.outcome == "done"
            ]
            holds = bool(chosen) == condition.made
            return Verdict(holds, tuple(chosen), _when(started, chosen) if chosen else "not chosen")
        if isinstance(condition, RecordState):
            fields = self.attempt.records.get(condition.record, {})
            actual = fields.get(condition.field)
            holds = same(actual, condition.equals, tolerant=condition.compare == "tolerant")
            return Verdict(holds, (), f"{condition.field} is {actual!r}")
        if isinstance(condition, VariableIs):
            actual = self.attempt.variables.get(condition.variable)
            return Verdict(actual == condition.equals, (), f"{condition.variable} is {actual!r}")
        raise TypeError(f"unknown condition {type(condition).__name__}")

    def _before(self, condition: DoneBefore) -> Verdict:
        firsts = self.matches(condition.first)
        thens = self.matches(condition.then)
        started = self.attempt.started_at
        if not firsts:
            return Verdict(False, tuple(thens), f"{condition.first.action} never done")
        first = min(firsts, key=_order)
        if thens and min(thens, key=_order).seq < first.seq:
            early = min(thens, key=_order)
            return Verdict(
                False,
                (early, first),
                f"{early.action} at {clock(started, early.sim_time)} came before "
                f"{first.action} at {clock(started, first.sim_time)}",
            )
        return Verdict(
            True, (first, *thens[:1]), f"{first.action} at {clock(started, first.sim_time)}"
        )

    def _within(self, match: ActionMatch, event: str, minutes: float) -> Verdict:
        fired = self.attempt.events.get(event)
        target = f"target ≤ {minutes_text(minutes)}"
        if fired is None:
            return Verdict(False, (), f"'{event}' never happened")
        started = self.attempt.started_at
        after = [e for e in self.matches(match) if e.sim_time >= fired]
        if not after:
            return Verdict(False, (), f"{match.action} never done after '{event}'; {target}")
        first = min(after, key=_order)
        taken = first.sim_time - fired
        holds = taken <= timedelta(minutes=minutes)
        return Verdict(
            holds,
            (first,),
            f"{match.action} at {clock(started, first.sim_time)}, "
            f"{minutes_text(taken.total_seconds() / 60)} after '{event}'; {target}",
        )


def _is_when(text: str) -> bool:
    try:
        parse_when(text)
    except ValueError:
        return False
    return True


def _order(entry: LoggedAction) -> int:
    return entry.seq


def _when(started: datetime, entries: Sequence[LoggedAction]) -> str:
    first = min(entries, key=_order)
    more = f" (and {len(entries) - 1} more)" if len(entries) > 1 else ""
    return f"{first.action} at {clock(started, first.sim_time)}{more}"
