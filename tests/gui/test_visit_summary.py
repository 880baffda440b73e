"""The visit summary from the front desk: only for a patient who has been seen; printing is
logged, then the PDF is saved where the trainee chooses."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from ehr_sim.app.queries.frontdesk import arrivals
from ehr_sim.domain.actions import CheckInPatient
from ehr_sim.records import ActionRecord
from ehr_sim.ui.frontdesk.view import FrontDeskView
from ehr_sim.ui.services import Services
from tests.conftest import TODAY
from tests.gui.conftest import OnScreen


def test_a_checked_in_patients_summary_is_printed_and_saved_as_a_pdf(
    services: Services, on_screen: OnScreen, qtbot: QtBot, tmp_path: Path
) -> None:
    visit = next(a for a in arrivals(services.db, TODAY) if a.appointment.status.is_open)
    desk = on_screen(FrontDeskView(services))
    desk.select(visit.id)
    assert not desk.summary_button.isEnabled()  # not seen yet
    done = services.perform(
        CheckInPatient(
            appointment_id=visit.id,
            identifiers=("name", "dob"),
            photo_id_seen=True,
            privacy_notice="on_file",
        )
    )
    assert done.done, done.message
    desk.select(visit.id)
    assert desk.summary_button.isEnabled()
    qtbot.mouseClick(desk.summary_button, Qt.MouseButton.LeftButton)
    with services.db.reading() as s:
        last = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
        assert last is not None
        assert (last.action_type, last.outcome) == ("PrintVisitSummary", "done")
    chooser = desk.file_dialog
    assert chooser is not None and chooser.isVisible()
    target = tmp_path / "summary.pdf"
    chooser.selectFile(str(target))
    chooser.accept()
    QApplication.processEvents()
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and visit.appointment.provider_name.encode() in data
