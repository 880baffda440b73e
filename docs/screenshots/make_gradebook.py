"""Screenshots of the gradebook (grid, heat map, attempt review) at 1366 x 700.

Needs a class database made by `ehr-sim class init` and attempt files kept by
`ehr-sim packs test scenarios/core --keep DIR`:

    python docs/screenshots/make_gradebook.py postgresql://USER:PASSWORD@HOST/DB DIR
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from common import SCREEN, save, settle, start_app

from ehr_sim.app.classroom.results import export_result, import_folder, keep_pack
from ehr_sim.app.classroom.store import open_class
from ehr_sim.records.classroom import Assignment, Student
from ehr_sim.ui.classroom.gradebook import GradebookWindow

CORE = Path(__file__).resolve().parents[2] / "scenarios" / "core"
PEOPLE = [
    ("alopez", "Ana Lopez", "Lopez, Ana"),
    ("bokafor", "Ben Okafor", "Okafor, Ben"),
    ("cnguyen", "Chi Nguyen", "Nguyen, Chi"),
    ("dsmith", "Dee Smith", "Smith, Dee"),
]


def main(url: str, kept: Path, inbox: Path) -> None:
    app = start_app()
    class_db = open_class(url)
    with class_db.session() as session:
        pack_hash = keep_pack(session, CORE)
        session.add(
            Assignment(
                title="Front desk, week 1",
                pack_hash=pack_hash,
                scenarios=json.dumps(
                    ["reschedule_family_emergency", "denied_claim", "walk_in_chest_pain"]
                ),
                mode="practice",  # `packs test --keep` plays are practice attempts
                created_at=datetime(2026, 1, 5),
            )
        )
        for login, name, sortable in PEOPLE:
            session.add(
                Student(login=login, name=name, sortable_name=sortable, added_at=datetime.now())
            )
    inbox.mkdir(parents=True, exist_ok=True)
    plays = sorted(p for p in kept.glob("*.db") if "bad-day-promised" not in p.name)
    for i, play in enumerate(plays):
        if "still" in play.name:
            continue
        login, name, _ = PEOPLE[i % len(PEOPLE)]
        try:
            export_result(play, inbox / f"{login}-{i}.ehrsim-result", name)
        except ValueError as refused:
            print("skipped", play.name, refused)
    for line in import_folder(class_db, inbox):
        print(line.line())
    window = GradebookWindow(class_db)
    window.resize(*SCREEN)
    window.show()
    settle(app)
    save(window, "gradebook_grid")
    window.tabs.setCurrentIndex(1)
    save(window, "gradebook_heatmap")
    window.tabs.setCurrentIndex(2)
    window.review_list.selectRow(1)
    save(window, "gradebook_review")
    window.regrade_all()
    save(window, "gradebook_regrade")
    class_db.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[2]) / "inbox")
