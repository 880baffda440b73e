"""Play a scenario's recorded plays headlessly through the same gateway and grader.

An instructor proves the answer key before class: `ehr-sim packs test PACK` fails when a
play's score or critical errors differ from what the pack expects.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.domain.actions import Action, ChooseResponse, action_from_record
from ehr_sim.engine.dialogue import find_choice, node_of
from ehr_sim.grading import Report
from ehr_sim.packs.loader import LoadedPack
from ehr_sim.packs.schema import Play, Scenario
from ehr_sim.packs.when import parse_offset, parse_when
from ehr_sim.records.engine import Conversation

DEFAULT_PLAY_DATE = date(2026, 1, 5)  # a Monday; any date works, a fixed one repeats


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
) -> PlayResult:
    """Start a fresh attempt, perform each step at its time, then grade it."""
    slug = re.sub(r"[^a-z0-9]+", "-", play.name.lower()).strip("-")
    path = folder / f"{scenario.id}-{slug}.db"
    run = ScenarioRun.start(path, pack, scenario, play_date=play_date, running=False)
    steps: list[StepOutcome] = []
    try:
        for step in play.steps:
            run.gateway.clock.set(run.started_at + parse_offset(step.at))
            run.tick()
            if not run.running:
                break
            action = _choice(run, step.choose) if step.choose else _action(run, step.do, step.args)
            outcome = run.perform(action)
            steps.append(StepOutcome(step.at, action.name, outcome.done, outcome.message))
            if not run.running:
                break
        if run.running:
            run.gateway.clock.set(run.started_at + _last(play))
            run.tick()
        info = run.info()
        report = run.report()
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
    )


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
    refs = run.refs()
    resolved = {key: _resolve(value, refs, run.day0) for key, value in args.items()}
    return action_from_record(name or "", json.dumps(resolved))


def _resolve(value: Any, refs: dict[str, int], day0: date) -> Any:
    if isinstance(value, list):
        return [_resolve(v, refs, day0) for v in value]
    if isinstance(value, str) and value.startswith("@"):
        if value[1:] not in refs:
            raise ValueError(f"no setup record or event '{value[1:]}' (yet)")
        return refs[value[1:]]
    if isinstance(value, str) and value[:1] in "+-":
        try:
            when = parse_when(value)
        except ValueError:
            return value
        return (when.at(day0) if when.clock else when.on(day0)).isoformat()
    return value
