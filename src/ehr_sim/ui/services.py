"""What every view gets: the gateway (to act), the database handle (for queries), the clock.

`changed` fires after every performed action, so views refresh what they show;
`chart_opened` fires when a chart is opened through the gateway (an audited access).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ehr_sim.app.clinic import Database
from ehr_sim.app.clock import SimClock
from ehr_sim.app.gateway import Gateway, Outcome
from ehr_sim.domain.actions import Action, ViewChart

if TYPE_CHECKING:
    from ehr_sim.app.living_clinic import LivingClinic


class Services(QObject):
    changed = Signal(object)
    chart_opened = Signal(int)
    chart_closed = Signal()

    def __init__(self, db: Database, gateway: Gateway, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.gateway = gateway
        self.open_patient_id: int | None = None
        # Assessed attempts give no hints: refusals that would tell the next step say less.
        self.hints = True
        # Free practice: colleagues play the rest of the day (a scenario run ticks its own).
        self.living: LivingClinic | None = None
        gateway.subscribe(self.changed.emit)

    @property
    def clock(self) -> SimClock:
        return self.gateway.clock

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.clock.now().date()

    def tick(self) -> None:
        """Let the rest of the clinic's day catch up with the clock (free practice)."""
        if self.living is not None:
            self.living.tick()

    def perform(self, action: Action) -> Outcome:
        return self.gateway.perform(action)

    def open_chart(self, patient_id: int, purpose: str = "") -> Outcome:
        """Open a chart through the gateway (logged as ViewChart) and tell the window."""
        outcome = self.perform(ViewChart(patient_id=patient_id, purpose=purpose))
        if outcome.done:
            self.open_patient_id = patient_id
            self.chart_opened.emit(patient_id)
        return outcome

    def close_chart(self) -> None:
        self.open_patient_id = None
        self.chart_closed.emit()
