"""Regenerate the lab picker's assignments screenshot:
`python docs/screenshots/make_class_assignments.py`.

The picker is given the rows a class server would send (no server is needed for the picture;
tests/gui/test_class_assignments.py plays them against a real one)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from tempfile import mkdtemp

from common import SCREEN, save, start_app

from ehr_sim.app.classroom.assignments import StudentAssignment
from ehr_sim.app.scenarios.catalog import load_catalog
from ehr_sim.ui.scenarios.picker import ScenarioPicker

NOW = datetime(2026, 11, 23, 10, 0)


def row(n: int, title: str, scenario: str, name: str, mode: str, due: datetime | None,
        used: int, allowed: int | None) -> StudentAssignment:  # fmt: skip
    return StudentAssignment(
        n, title, "0" * 64, scenario, name, mode, due,
        due is not None and due < NOW, used, allowed, True, 1234,
    )  # fmt: skip


def main() -> None:
    start_app()
    entries, problems = load_catalog(Path(mkdtemp()))
    rows = [
        row(3, "Week 3 quiz", "denied_claim", "A denied claim", "assessed",
            NOW + timedelta(days=2, hours=13), 0, 1),
        row(3, "Week 3 quiz", "walk_in_chest_pain", "Walk-in with chest pain", "assessed",
            NOW + timedelta(days=2, hours=13), 1, 1),
        row(2, "Phones practice", "reschedule_family_emergency",
            "Reschedule after a family emergency", "practice", NOW - timedelta(days=1), 2, None),
        row(1, "Warm-up", "reschedule_family_emergency",
            "Reschedule after a family emergency", "practice", None, 4, None),
    ]  # fmt: skip
    picker = ScenarioPicker(entries, problems, assignments=rows)
    picker.resize(*SCREEN)
    picker.show()
    save(picker, "class_assignments_picker")


if __name__ == "__main__":
    main()
