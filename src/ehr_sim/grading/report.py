"""grade(scenario, attempt) -> Report: per criterion met or not, with evidence and feedback."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ehr_sim.grading.attempt import Attempt, LoggedAction
from ehr_sim.grading.conditions import Evaluator, clock
from ehr_sim.packs.schema import Scenario, Skill


@dataclass(frozen=True)
class EvidenceLine:
    seq: int
    action: str
    at: str
    outcome: str
    message: str


@dataclass(frozen=True)
class CriterionResult:
    id: str
    title: str
    met: bool
    points: int
    awarded: int
    skill: str
    feedback: str
    detail: str
    evidence: tuple[EvidenceLine, ...]

    @property
    def harmful(self) -> bool:
        return self.points < 0 and self.met


@dataclass(frozen=True)
class CriticalResult:
    id: str
    title: str
    cap: int
    feedback: str
    detail: str
    evidence: tuple[EvidenceLine, ...]


@dataclass(frozen=True)
class SkillTotal:
    skill: str
    awarded: int
    possible: int


@dataclass(frozen=True)
class Report:
    scenario_id: str
    score: int
    raw_points: int
    possible: int
    critical: tuple[CriticalResult, ...]
    criteria: tuple[CriterionResult, ...]
    skills: tuple[SkillTotal, ...]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def grade(scenario: Scenario, attempt: Attempt) -> Report:
    """Grade an attempt; the same scenario and attempt always give the same report."""
    evaluator = Evaluator(attempt, scenario)
    started = attempt.started_at

    def lines(entries: tuple[LoggedAction, ...]) -> tuple[EvidenceLine, ...]:
        return tuple(
            EvidenceLine(e.seq, e.action, clock(started, e.sim_time), e.outcome, e.message)
            for e in sorted(entries, key=lambda e: e.seq)
        )

    criteria = []
    for criterion in scenario.rubric:
        verdict = evaluator.evaluate(criterion.when)
        # A harmful criterion (negative points) costs its points when its condition holds.
        awarded = criterion.points if verdict.holds else 0
        good = verdict.holds if criterion.points >= 0 else not verdict.holds
        criteria.append(
            CriterionResult(
                criterion.id,
                criterion.title,
                verdict.holds,
                criterion.points,
                awarded,
                criterion.skill.value,
                criterion.feedback.met if good else criterion.feedback.missed,
                verdict.detail,
                lines(verdict.evidence),
            )
        )
    critical = []
    for error in scenario.critical_errors:
        verdict = evaluator.evaluate(error.when)
        if verdict.holds:
            critical.append(
                CriticalResult(
                    error.id,
                    error.title,
                    error.cap,
                    error.feedback,
                    verdict.detail,
                    lines(verdict.evidence),
                )
            )
    raw = sum(c.awarded for c in criteria)
    possible = sum(c.points for c in criteria if c.points > 0)
    score = max(0, min(100, round(100 * raw / possible))) if possible else 0
    for triggered in critical:
        score = min(score, triggered.cap)
    skills = []
    for skill in Skill:
        mine = [c for c in criteria if c.skill == skill.value]
        if mine:
            skills.append(
                SkillTotal(
                    skill.value,
                    sum(c.awarded for c in mine),
                    sum(c.points for c in mine if c.points > 0),
                )
            )
    return Report(
        scenario.id, score, raw, possible, tuple(critical), tuple(criteria), tuple(skills)
    )
