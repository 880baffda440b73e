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
from ehr_sim.grading.wording import (
    did,
    field_is,
    field_words,
    sentence,
    started,
    value_words,
)
from ehr_sim.packs.schema import (
    ActionMatch,
    ChoiceMade,
    Done,
    DoneBefore,
    DoneWithin,
    FalseStatement,
    Late,
    NotDone,
    PhoneCall,
    RecordCheck,
    Scenario,
    Since,
    VariableIs,
    WalkIn,
)
from ehr_sim.packs.when import parse_when

CHOICE_ACTION = "ChooseResponse"
# The detail ChooseResponse logs when a reply's `true_if` did not hold: what it claimed.
FALSE_STATEMENT = "false_statement"
# The detail a booking logs: whether it took the earliest open slot that fits.
EARLIEST_FIT = "earliest_fit"


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
    """Evaluates conditions over one attempt; indexes the log once. Given the scenario, its
    timing details name events and replies in plain words."""

    def __init__(self, attempt: Attempt, scenario: Scenario | None = None) -> None:
        self.attempt = attempt
        self.by_action: dict[str, list[LoggedAction]] = defaultdict(list)
        for entry in attempt.actions:
            self.by_action[entry.action].append(entry)
        self.events = {e.id: e for e in scenario.events} if scenario else {}
        self.said = {
            c.id: c.say
            for e in self.events.values()
            if isinstance(e, PhoneCall | WalkIn)
            for node in e.dialogue.nodes.values()
            for c in node.choices
        }

    def matches(self, match: ActionMatch) -> list[LoggedAction]:
        tests = [(name, self._accepts(value)) for name, value in match.where.items()]
        wanted = match.outcome
        return [
            entry
            for entry in self.by_action.get(match.action, ())
            if (wanted == "any" or entry.outcome == wanted)
            and all(test(entry.arguments.get(name)) for name, test in tests)
            and (
                match.earliest_fit is None or entry.details.get(EARLIEST_FIT) is match.earliest_fit
            )
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
            never = "never done" if condition.match.outcome == "done" else "never tried"
            return Verdict(
                not found,
                tuple(found),
                _when(started, found) if found else f"{never}, as it should be",
            )
        if isinstance(condition, DoneBefore):
            return self._before(condition)
        if isinstance(condition, DoneWithin | Late):
            within = self._within(condition)
            if isinstance(condition, Late):
                begun = self.start_of(condition.since) is not None
                return Verdict(begun and not within.holds, within.evidence, within.detail)
            return within
        if isinstance(condition, ChoiceMade):
            chosen = self._chosen(condition.choice)
            holds = bool(chosen) == condition.made
            return Verdict(holds, tuple(chosen), _when(started, chosen) if chosen else "not chosen")
        if isinstance(condition, FalseStatement):
            said = [
                e
                for e in self.by_action.get(CHOICE_ACTION, ())
                if e.outcome == "done"
                and e.details.get(FALSE_STATEMENT)
                and condition.choice in (None, e.arguments.get("choice"))
            ]
            if not said:
                return Verdict(False, (), "no untrue statement")
            first = min(said, key=_order)
            return Verdict(
                True,
                tuple(said),
                f"said “{first.details[FALSE_STATEMENT]}” at {clock(started, first.sim_time)}, "
                "before it was true",
            )
        if isinstance(condition, RecordCheck):
            return self._record(condition)
        if isinstance(condition, VariableIs):
            actual = self.attempt.variables.get(condition.variable)
            return Verdict(actual == condition.equals, (), f"{condition.variable} is {actual!r}")
        raise TypeError(f"unknown condition {type(condition).__name__}")

    def _record(self, condition: RecordCheck) -> Verdict:
        """`record_state` (and its older name `record_value`): equals and value checks."""
        fields = self.attempt.records.get(condition.record, {})
        actual = fields.get(condition.field)
        holds = True
        if condition.has_equals:
            expected = condition.equals
            if isinstance(expected, list) or (
                isinstance(expected, str)
                and (expected.startswith("@") or (expected[:1] in "+-" and _is_when(expected)))
            ):
                holds = self._accepts(expected)(actual)
            else:
                holds = same(actual, expected, tolerant=condition.compare == "tolerant")
        if condition.has_value_test:
            holds = holds and value_test(condition, self.attempt.day0)(actual)
        return Verdict(holds, (), field_is(condition.field, actual))

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

    def _chosen(self, choice: str | None) -> list[LoggedAction]:
        return [
            e
            for e in self.by_action.get(CHOICE_ACTION, ())
            if e.arguments.get("choice") == choice and e.outcome == "done"
        ]

    def start_of(self, since: Since) -> LoggedAction | datetime | None:
        """When a timed condition's clock started: the event's actual firing, or the first
        matching action or reply (its log entry); None while it has not happened."""
        if since.event is not None:
            return self.attempt.events.get(since.event)
        found = self.matches(since.as_match()) if since.action else self._chosen(since.choice)
        return min(found, key=_order) if found else None

    def start_time(self, since: Since) -> datetime | None:
        begun = self.start_of(since)
        return begun.sim_time if isinstance(begun, LoggedAction) else begun

    def _within(self, condition: DoneWithin | Late) -> Verdict:
        match, minutes, since = condition.match, condition.minutes, condition.since
        begun = self.start_of(since)
        phrase = started(since, self.events, self.said)
        target = f"target within {minutes_text(minutes)}"
        if begun is None:
            return Verdict(False, (), f"This never happened: {phrase}")
        moment = begun.sim_time if isinstance(begun, LoggedAction) else begun
        after = [
            e
            for e in self.matches(match)
            if e.sim_time >= moment and (not isinstance(begun, LoggedAction) or e.seq > begun.seq)
        ]
        if not after:
            near = self._near_miss(match, moment)
            if near:
                return Verdict(False, (), f"{near}; {target}")
            return Verdict(False, (), f"Never {did(match.action)} after {phrase}; {target}")
        first = min(after, key=_order)
        taken = first.sim_time - moment
        holds = taken <= timedelta(minutes=minutes)
        return Verdict(
            holds,
            (first,),
            f"{sentence(did(match.action))} {minutes_text(taken.total_seconds() / 60)} after "
            f"{phrase} (at {clock(self.attempt.started_at, first.sim_time)}); {target}",
        )

    def _near_miss(self, match: ActionMatch, moment: datetime) -> str:
        """What did not match in the first action of the right name after `moment` that the
        `where` filter turned away: "Alerted a clinician at 16:00, but with priority routine,
        not urgent or emergency"; empty when there is none."""
        wanted = match.outcome
        for entry in sorted(self.by_action.get(match.action, ()), key=_order):
            if entry.sim_time < moment or (wanted != "any" and entry.outcome != wanted):
                continue
            misses = [
                _miss(name, entry.arguments.get(name), expected)
                for name, expected in match.where.items()
                if not self._accepts(expected)(entry.arguments.get(name))
            ]
            if misses:
                when = clock(self.attempt.started_at, entry.sim_time)
                return f"{sentence(did(match.action))} at {when}, but {' and '.join(misses)}"
        return ""


def _miss(name: str, actual: Any, expected: Any) -> str:
    """One argument that did not match, in words: "with priority routine, not emergency"."""
    words = field_words(name)
    if actual is None or actual == "":
        return f"with no {words}"
    options = expected if isinstance(expected, list) else [expected]
    if all(isinstance(o, str) and o.startswith("@") for o in options):
        return f"for another {words}"
    if not all(isinstance(o, str | int | bool) for o in options):
        return f"with {words} {value_words(actual)}, which does not pass the check"
    wanted = " or ".join(value_words(o) for o in options)
    return f"with {words} {value_words(actual)}, not {wanted}"


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
