"""Regenerate the Messages & phone screenshots: `python docs/screenshots/make_messages.py`."""

from __future__ import annotations

from datetime import timedelta

from common import TODAY, main_window, save, seeded_clinic, start_app
from sqlalchemy import select

from ehr_sim.app.office_phone import OfficePhone
from ehr_sim.app.queries.phone import lines
from ehr_sim.domain.actions import (
    AnswerCall,
    CompleteTransfer,
    EndCall,
    HoldCall,
    ParkCall,
    PlaceCall,
    TakeMessage,
    TransferCall,
)
from ehr_sim.engine.phone_day import Reach, plan_calls, reach
from ehr_sim.records import Patient
from ehr_sim.ui.messages.view import MessagesView

SEED = 7


def main() -> None:
    app = start_app()
    calls = plan_calls(SEED, TODAY)
    clinic = seeded_clinic(calls[0].at)
    db, clock, perform = clinic.db, clinic.clock, clinic.gateway.perform

    def ring(n: int, *, answer: bool = True) -> int:
        clock.set(calls[n].at)
        OfficePhone(db, seed=SEED).tick(calls[n].at)
        ringing = [r for r in lines(db) if r.conversation_id and r.state.value == "ringing"]
        call = ringing[-1].conversation_id or 0
        if answer:
            perform(AnswerCall(conversation_id=call))
        return call

    # The morning so far, in the call log: a message taken, a missed call, two transfers.
    first = ring(0)
    perform(TakeMessage(conversation_id=first, for_staff="Nurse Jasmine", text="Refill request."))
    perform(EndCall(conversation_id=first))
    ring(1, answer=False)
    OfficePhone(db, seed=SEED).tick(calls[1].at + timedelta(minutes=2))  # rang out
    third = ring(2)
    perform(TransferCall(conversation_id=third, to="billing office"))
    fourth = ring(3)
    perform(TransferCall(conversation_id=fourth, to="nurse line", warm=True))
    clock.set(calls[3].at + timedelta(seconds=35))
    perform(CompleteTransfer(conversation_id=fourth))
    # Now: five lines busy.
    held, parked, _talking = (ring(n) for n in (5, 6, 7))
    now = calls[9].at + timedelta(seconds=15)
    clock.set(now - timedelta(seconds=75))
    perform(HoldCall(conversation_id=held))
    clock.set(now - timedelta(seconds=40))
    perform(ParkCall(conversation_id=parked))
    with db.reading() as s:
        callee = next(
            p for p in s.scalars(select(Patient)) if reach(SEED, p.id, TODAY) is Reach.VOICEMAIL
        )
    perform(PlaceCall(number=callee.phone, patient_id=callee.id))
    words = perform(AnswerCall(conversation_id=ring(8, answer=False)))
    ring(9, answer=False)
    clock.set(now)

    window = main_window(clinic, "Messages & phone")
    view = window.area("Messages & phone")
    assert isinstance(view, MessagesView)
    view.phone.refresh()
    view.phone.show_outcome(words)
    view.phone.select_line(6)
    save(window, "messages_phone")

    view.setCurrentWidget(view.voicemail)
    box = view.voicemail
    box.table.selectRow(0)
    box.listen_button.click()
    box.note.setText("Cancelled the visit; offered Thursday 9:30.")
    box.save_button.click()
    box.table.selectRow(1)
    box.listen_button.click()
    app.processEvents()
    save(window, "messages_voicemail")


if __name__ == "__main__":
    main()
