"""Names for what the trainee creates: a scenario's `created:` entries resolved against the log.

`new_visit: {by: RescheduleAppointment, where: {appointment_id: "@dana_visit"}}` stands for
the record made by the newest matching action that was done. Pure.
"""

from __future__ import annotations

from ehr_sim.grading.conditions import Evaluator
from ehr_sim.packs.records import CREATED_BY
from ehr_sim.packs.schema import Scenario


def created_names(scenario: Scenario, evaluator: Evaluator) -> dict[str, tuple[int, str]]:
    """{name: (record id, kind of record)} for every `created:` name made so far."""
    found: dict[str, tuple[int, str]] = {}
    for name, created in scenario.created.items():
        made = [
            entry
            for match in created.matches()
            for entry in evaluator.matches(match)
            if entry.record_id is not None and entry.action in CREATED_BY
        ]
        if made:
            newest = max(made, key=lambda e: e.seq)
            assert newest.record_id is not None
            found[name] = (newest.record_id, CREATED_BY[newest.action])
    return found
