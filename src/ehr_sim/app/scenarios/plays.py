"""Play a scenario's recorded plays headlessly through the same gateway and grader.

An instructor proves the answer key before class: `ehr-sim packs test PACK` fails when a
play's score or critical errors differ from what the pack expects.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.domain.actions import ACTIONS, Action, ChooseResponse, action_from_record
from ehr_sim.domain.times import clock as clock_time
from ehr_sim.engine.dialogue import find_choice, node_of
from ehr_sim.grading import Report
from ehr_sim.grading.conditions import clock
from ehr_sim.packs.loader import LoadedPack
from ehr_sim.packs.records import CREATED_BY
from ehr_sim.packs.schema import Play, Scenario
from ehr_sim.packs.when import parse_offset, parse_when
from ehr_sim.records import ActionRecord
from ehr_sim.records.engine import AttemptRecord, Conversation, FiredEvent

DEFAULT_PLAY_DATE = date(2026, 1, 5)  # a Monday; any date works, a fixed one repeats


class PlayStepError(Exception):
    """A play step that could not be performed at all (not a refusal: the play itself is wrong)."""

    def __init__(self, number: int, at: str, action: str, reason: str) -> None:
        super().__init__(f"step {number} at {at} ({action}): {reason}")
        self.number = number
        self.transcript: tuple[str, ...] = ()  # what was said and heard up to the step


class PlayEndedEarly(PlayStepError):
    """A play step that comes after the scenario already ended: the play is never played out,
    so a score that happens to match must not pass it."""

    def __init__(self, number: int, at: str, action: str, ended: str) -> None:
        Exception.__init__(
            self, f"step {number} ({action} at {at}) comes after the scenario ended at {ended}"
        )
        self.number = number
        self.transcript = ()


@dataclass(frozen=True)
class StepOutcome:
    at: str
    action: str
    done: bool
    message: str


@dataclass(frozen=True)
class PlayResult:
    scenario_id: str
    play: str
    expected_score: int
    expected_critical: tuple[str, ...]
    report: Report
    steps: tuple[StepOutcome, ...]
    ending: str
    # Every line said and heard, with its clock time: what the trainee would read.
    transcript: tuple[str, ...] = ()

    @property
    def critical(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.report.critical)

    @property
    def ok(self) -> bool:
        return self.report.score == self.expected_score and sorted(self.critical) == sorted(
            self.expected_critical
        )


def run_play(
    pack: LoadedPack,
    scenario: Scenario,
    play: Play,
    folder: Path,
    *,
    play_date: date = DEFAULT_PLAY_DATE,
    world_cache: Path | None = None,
    variant: int | None = None,
) -> PlayResult:
    """Start a fresh attempt, perform each step at its time, then grade it.

    `world_cache`: a folder of built clinics to reuse (see ScenarioRun.start). `variant`
    plays it in that per-student variant: the play's names, dates and amounts follow it."""
    slug = re.sub(r"[^a-z0-9]+", "-", play.name.lower()).strip("-")
    suffix = f"-v{variant}" if variant else ""
    path = folder / f"{scenario.id}-{slug}{suffix}.db"
    run = ScenarioRun.start(
        path,
        pack,
        scenario,
        play_date=play_date,
        running=False,
        world_cache=world_cache,
        variant=variant,
    )
    if variant and play in scenario.plays:  # as the variant writes it
        play = run.scenario.plays[scenario.plays.index(play)]
    steps: list[StepOutcome] = []
    try:
        for number, step in enumerate(play.steps, start=1):
            run.gateway.clock.set(run.started_at + parse_offset(step.at))
            run.tick()
            if not run.running:
                raise PlayEndedEarly(
                    number, step.at, step.do or f"choose {step.choose}", _ended(run)
                )
            try:
                action = (
                    _choice(run, step.choose) if step.choose else _action(run, step.do, step.args)
                )
                outcome = run.perform(action)
            except Exception as exc:  # a report names the step; the cause stays chained
                reason = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
                raise PlayStepError(
                    number, step.at, step.do or f"choose {step.choose}", reason
                ) from exc
            steps.append(StepOutcome(step.at, action.name, outcome.done, outcome.message))
            if step.as_ is not None and outcome.done and outcome.record_id is not None:
                run.name(step.as_, outcome.record_id, CREATED_BY.get(action.name, ""))
        if run.running:
            run.gateway.clock.set(run.started_at + _last(play))
            run.tick()
        info = run.info()
        report = run.report()
        lines = transcript(run)
    except PlayStepError as failed:
        failed.transcript = transcript(run)
        raise
    finally:
        run.close()
    return PlayResult(
        scenario.id,
        play.name,
        play.expect_score,
        tuple(play.expect_critical),
        report,
        tuple(steps),
        f"{info.status}: {info.ending}".strip(),
        lines,
    )


# What the trainee hears when an event fires, by kind (the fired event's text follows).
_HEARD = {
    "phone_call": "The phone rings: {}",
    "walk_in": "At the desk: {}",
    "message": "In the tray: {}",
}
_TALK = ("AnswerCall", "ChooseResponse")


def transcript(run: ScenarioRun) -> tuple[str, ...]:
    """Every line said and heard so far, placeholders filled, each with its clock time and
    time into the scenario: "8:41 AM (T+1:00)  Omar (caller): “Hi, it's Omar Haddad.”"."""
    said: list[tuple[datetime, int, str]] = []
    with run.db.reading() as s:
        for fired in s.scalars(select(FiredEvent).where(FiredEvent.attempt_id == run.attempt_id)):
            heard = _HEARD.get(fired.kind, "{}").format(" ".join(fired.text.split()))
            said.append((fired.fired_at, 0, heard))
        query = select(ActionRecord).where(
            ActionRecord.action_type.in_(_TALK), ActionRecord.outcome == "done"
        )
        for record in s.scalars(query.order_by(ActionRecord.seq)):
            for line in re.split(r"(?<=”)\s\s+", record.message):
                if line.strip():
                    said.append((record.sim_time, record.seq, line.strip()))
    said.sort(key=lambda row: (row[0], row[1]))
    return tuple(
        f"{clock_time(at)} (T+{clock(run.started_at, at)})  {text}" for at, _, text in said
    )


def _ended(run: ScenarioRun) -> str:
    """When and how the attempt ended, as `packs test` says it: "2:00 (completed)"."""
    with run.db.reading() as s:
        record = s.get(AttemptRecord, run.attempt_id)
        assert record is not None
        ended_at = record.ended_at or run.gateway.clock.now()
        return f"{clock(run.started_at, ended_at)} ({record.status})"


def _last(play: Play) -> Any:
    return max(parse_offset(s.at) for s in play.steps)


def _choice(run: ScenarioRun, choice_id: str) -> Action:
    """The reply `choice_id` in whichever open conversation offers it now."""
    with run.db.reading() as s:
        talks = s.scalars(
            select(Conversation).where(Conversation.status.in_(("active", "waiting")))
        ).all()
        for talk in talks:
            node = node_of(run.scenario, talk.event_id, talk.node)
            if node is not None and find_choice(node, choice_id) is not None:
                return ChooseResponse(conversation_id=talk.id, choice=choice_id)
        fallback = talks[0].id if talks else 0
    return ChooseResponse(conversation_id=fallback, choice=choice_id)


def _action(run: ScenarioRun, name: str | None, args: dict[str, Any]) -> Action:
    cls = ACTIONS.get(name or "")
    if cls is None:
        raise ValueError(f"no action '{name}'")
    missing = [
        f.name
        for f in dataclasses.fields(cls)
        if f.name not in args
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise ValueError(f"{cls.__name__} needs {', '.join(missing)}")
    refs = run.refs()
    resolved = {key: _resolve(value, refs, run.day0) for key, value in args.items()}
    try:
        return action_from_record(cls.__name__, json.dumps(resolved))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"an argument cannot be read ({exc})") from exc


def _resolve(value: Any, refs: dict[str, Any], day0: date) -> Any:
    if isinstance(value, list):
        return [_resolve(v, refs, day0) for v in value]
    if isinstance(value, dict):  # a field: value map (changes): its relative dates and refs too
        return {key: _resolve(v, refs, day0) for key, v in value.items()}
    if isinstance(value, str) and value.startswith("@"):
        if not isinstance(refs.get(value[1:]), int):
            raise ValueError(
                f"'{value[1:]}' does not exist in this attempt: no setup record has that name, "
                "its event has not happened (not yet, or its only_if/unless kept it away), "
                "or the step or action that creates it has not been done"
            )
        return refs[value[1:]]
    if isinstance(value, str) and value[:1] in "+-":
        try:
            when = parse_when(value)
        except ValueError:
            return value
        return (when.at(day0) if when.clock else when.on(day0)).isoformat()
    return value
