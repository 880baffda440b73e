"""How an attempt ends: a critical error that ends it, everything done, or out of time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ehr_sim.engine.timeline import window_over
from ehr_sim.grading.conditions import Evaluator
from ehr_sim.packs.schema import Scenario


@dataclass(frozen=True)
class Ending:
    status: str  # completed | critical | out_of_time
    message: str


def ending_now(scenario: Scenario, evaluator: Evaluator, elapsed: timedelta) -> Ending | None:
    """The ending the attempt has reached, if any; critical errors are checked first."""
    for error in scenario.critical_errors:
        if (
            error.ends_scenario
            and window_over(error.when, evaluator, evaluator.attempt.started_at + elapsed)
            and evaluator.evaluate(error.when).holds
        ):
            return Ending("critical", f"{scenario.endings.critical} {error.feedback}")
    if all(evaluator.evaluate(c).holds for c in scenario.complete_when):
        return Ending("completed", scenario.endings.completed)
    if elapsed >= timedelta(minutes=scenario.world.time_limit_minutes):
        return Ending("out_of_time", scenario.endings.out_of_time)
    return None
