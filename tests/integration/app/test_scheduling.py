"""Booking, rescheduling, cancelling, no-shows, confirmations and the waitlist, end to end."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from ehr_sim.app.gateway import Change
from ehr_sim.app.handlers.base import SCENARIO_KEY
from ehr_sim.app.queries.schedule import day_schedule, find_open_slots
from ehr_sim.domain.actions import (
    AddToWaitlist,
    BookFromWaitlist,
    CancelAppointment,
    ConfirmAppointment,
    MarkNoShow,
    RescheduleAppointment,
)
from ehr_sim.records import Appointment, Patient, WaitlistEntry

from ..seeded import FREE_FRIDAY, FREE_MONDAY, TODAY, Clinic, at


def name_of(clinic: Clinic, patient_id: int) -> str:
    with clinic.db.reading() as s:
        patient = s.get(Patient, patient_id)
        assert patient is not None
        return f"{patient.first_name} {patient.last_name}"


class TestBook:
    def test_a_booking_adds_a_scheduled_visit_in_a_free_room(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        outcome = clinic.book(patient, at(9), reason="Blood pressure check")

        assert outcome.done, outcome.message
        assert outcome.changes == {Change.APPOINTMENTS, Change.AUDIT}
        assert name_of(clinic, patient) in outcome.message
        assert "Dr. Okafor" in outcome.message and "01/04/2027" in outcome.message
        visit = clinic.appointment(outcome.record_id or 0)
        assert (visit.patient_id, visit.provider_id) == (patient, clinic.provider("Okafor"))
        assert (visit.start, visit.end) == (at(9), at(9, 15))
        assert visit.status == "scheduled"
        assert visit.reason == "Blood pressure check"
        assert visit.room_id == clinic.room("Room 1")
        assert visit.booked_at == clinic.clock.now()

    def test_the_visit_shows_on_that_days_schedule(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        visit_id = clinic.booked(patient, at(14, 30), code="PHYS")
        rows = {r.id: r for r in day_schedule(clinic.db, FREE_MONDAY).appointments}
        assert rows[visit_id].type_code == "PHYS"
        assert (rows[visit_id].start, rows[visit_id].end) == (at(14, 30), at(15))

    def test_a_second_visit_at_the_same_time_gets_the_next_room(self, clinic: Clinic) -> None:
        first, second = clinic.adults(2)
        clinic.booked(first, at(9))
        visit = clinic.appointment(clinic.booked(second, at(9), provider="Patel"))
        assert visit.room_id == clinic.room("Room 2")

    def test_a_telehealth_visit_needs_no_room(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        visit = clinic.appointment(clinic.booked(patient, at(9), code="TELE"))
        assert visit.room_id is None

    def test_booking_at_lunch_is_refused_with_the_lunch_hour(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        outcome = clinic.book(patient, at(12, 15))
        assert not outcome.done
        assert outcome.message == "Dr. Okafor is at lunch 12:00–1:00 PM."
        assert outcome.code == "provider_unavailable"

    def test_a_visit_running_into_lunch_is_refused(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        outcome = clinic.book(patient, at(11, 45), code="NEW")
        assert outcome.message == "Dr. Okafor is at lunch 12:00–1:00 PM."

    def test_booking_outside_hours_states_the_hours(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        outcome = clinic.book(patient, at(17))
        assert not outcome.done
        assert outcome.message == (
            "Dr. Okafor sees patients 8:00 AM–5:00 PM on Mondays; 5:00–5:15 PM is outside those hours."
        )

    def test_booking_on_a_day_the_provider_is_out_is_refused(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        outcome = clinic.book(patient, at(9, day=FREE_FRIDAY), provider="Patel")
        assert not outcome.done
        assert outcome.message == "Dr. Patel is not in clinic on Fridays."

    def test_booking_a_time_that_has_passed_is_refused(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        clinic.clock.set(at(10, day=FREE_MONDAY))
        outcome = clinic.book(patient, at(9, 45))
        assert not outcome.done
        assert outcome.code == "in_the_past"
        assert outcome.message == (
            "01/04/2027 9:45 AM has already passed (it is now 01/04/2027 10:00 AM)."
        )

    def test_double_booking_the_provider_names_who_is_already_there(self, clinic: Clinic) -> None:
        first, second = clinic.adults(2)
        clinic.booked(first, at(9))
        outcome = clinic.book(second, at(8, 45), code="PHYS")  # 8:45–9:15 AM overlaps 9:00 AM
        assert not outcome.done
        assert outcome.code == "double_booking"
        assert outcome.message == (
            f"Dr. Okafor already has {name_of(clinic, first)} 9:00–9:15 AM on 01/04/2027."
        )

    def test_back_to_back_visits_with_one_provider_are_fine(self, clinic: Clinic) -> None:
        first, second = clinic.adults(2)
        clinic.booked(first, at(9))
        assert clinic.book(second, at(9, 15)).done

    def test_the_same_patient_cannot_be_in_two_visits_at_once(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        clinic.booked(patient, at(9))
        outcome = clinic.book(patient, at(9), provider="Patel")
        assert not outcome.done
        assert outcome.code == "patient_overlap"
        assert outcome.message == "The patient already has a visit 9:00–9:15 AM on 01/04/2027."

    def test_a_chosen_room_still_being_cleaned_is_refused(self, clinic: Clinic) -> None:
        first, second = clinic.adults(2)
        clinic.booked(first, at(9), room="Room 3")  # a follow-up: 15 minutes, 5 to clean
        outcome = clinic.book(second, at(9, 15), provider="Patel", room="Room 3")
        assert not outcome.done
        assert outcome.code == "room_unavailable"
        assert outcome.message == "Room 3 is still being cleaned until 9:20 AM."

    def test_a_chosen_room_in_use_is_refused(self, clinic: Clinic) -> None:
        first, second = clinic.adults(2)
        clinic.booked(first, at(9), room="Room 3")
        outcome = clinic.book(second, at(9), provider="Patel", room="Room 3")
        assert outcome.message == "Room 3 is in use 9:00–9:15 AM."

    def test_without_a_chosen_room_the_visit_goes_to_a_clean_one(self, clinic: Clinic) -> None:
        first, second = clinic.adults(2)
        clinic.booked(first, at(9), room="Room 1")
        visit = clinic.appointment(clinic.booked(second, at(9, 15), provider="Patel"))
        assert visit.room_id == clinic.room("Room 2")

    def test_a_room_is_free_again_once_cleaned(self, clinic: Clinic) -> None:
        first, second = clinic.adults(2)
        clinic.booked(first, at(9), room="Room 3")
        assert clinic.book(second, at(9, 30), provider="Patel", room="Room 3").done

    def test_booking_for_a_patient_who_does_not_exist_is_refused(self, clinic: Clinic) -> None:
        outcome = clinic.book(999_999, at(9))
        assert not outcome.done
        assert outcome.message == "There is no patient with id 999999."

    def test_a_cancelled_visit_frees_its_time(self, clinic: Clinic) -> None:
        first, second = clinic.adults(2)
        visit_id = clinic.booked(first, at(9))
        assert clinic.perform(CancelAppointment(appointment_id=visit_id, reason="ill")).done
        assert clinic.book(second, at(9)).done


class TestReschedule:
    def test_the_old_visit_is_marked_and_linked_to_the_new_one(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        old_id = clinic.booked(patient, at(9), reason="Knee pain")
        outcome = clinic.perform(
            RescheduleAppointment(
                appointment_id=old_id,
                new_start=at(10, 30, day=FREE_MONDAY + timedelta(days=1)),
                reason="Work conflict",
                requested_by="patient",
            )
        )
        assert outcome.done, outcome.message
        assert outcome.details["previous_id"] == old_id
        old, new = clinic.appointment(old_id), clinic.appointment(outcome.record_id or 0)
        assert old.status == "rescheduled"
        assert (old.change_reason, old.changed_by) == ("Work conflict", "patient")
        assert (old.start, old.end) == (at(9), at(9, 15))
        assert new.rescheduled_from_id == old_id
        assert new.status == "scheduled"
        assert new.start == datetime(2027, 1, 5, 10, 30)
        assert (new.patient_id, new.type_id, new.reason) == (patient, old.type_id, "Knee pain")

    def test_a_visit_can_move_into_part_of_its_own_old_time(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        old_id = clinic.booked(patient, at(9), code="PHYS", room="Room 4")
        outcome = clinic.perform(
            RescheduleAppointment(
                appointment_id=old_id, new_start=at(9, 15), reason="running late", room_id=4
            )
        )
        assert outcome.done, outcome.message
        assert clinic.appointment(outcome.record_id or 0).start == at(9, 15)

    def test_a_visit_can_move_to_another_provider(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        old_id = clinic.booked(patient, at(9))
        outcome = clinic.perform(
            RescheduleAppointment(
                appointment_id=old_id,
                new_start=at(9),
                reason="Dr. Okafor called away",
                requested_by="office",
                provider_id=clinic.provider("Patel"),
            )
        )
        assert outcome.done, outcome.message
        new = clinic.appointment(outcome.record_id or 0)
        assert new.provider_id == clinic.provider("Patel")
        assert clinic.appointment(old_id).changed_by == "office"

    def test_rescheduling_needs_a_reason(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        old_id = clinic.booked(patient, at(9))
        outcome = clinic.perform(
            RescheduleAppointment(appointment_id=old_id, new_start=at(10), reason="  ")
        )
        assert not outcome.done
        assert outcome.code == "reason_required"
        assert outcome.message == (
            "Record the reason for rescheduling (for example 'family emergency')."
        )
        assert clinic.appointment(old_id).status == "scheduled"

    def test_a_completed_visit_cannot_be_rescheduled(self, clinic: Clinic) -> None:
        with clinic.db.reading() as s:
            done_id = s.scalars(
                select(Appointment.id).where(Appointment.status == "completed").limit(1)
            ).one()
        outcome = clinic.perform(
            RescheduleAppointment(appointment_id=done_id, new_start=at(10), reason="mix-up")
        )
        assert not outcome.done
        assert outcome.message == (
            "This visit is completed; only a scheduled or confirmed visit can be rescheduled."
        )
        assert clinic.appointment(done_id).status == "completed"

    def test_a_refused_new_time_leaves_the_visit_where_it_was(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        old_id = clinic.booked(patient, at(9))
        before = clinic.row_counts()
        outcome = clinic.perform(
            RescheduleAppointment(appointment_id=old_id, new_start=at(12), reason="later please")
        )
        assert outcome.message == "Dr. Okafor is at lunch 12:00–1:00 PM."
        assert clinic.appointment(old_id).status == "scheduled"
        assert clinic.row_counts()["appointments"] == before["appointments"]

    def test_who_asked_must_be_patient_office_or_provider(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        old_id = clinic.booked(patient, at(9))
        outcome = clinic.perform(
            RescheduleAppointment(
                appointment_id=old_id, new_start=at(10), reason="later", requested_by="cousin"
            )
        )
        assert outcome.message == "Who asked for the change? One of: patient, office, provider."


class TestCancel:
    def test_cancelling_keeps_the_visit_with_reason_and_who_asked(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        visit_id = clinic.booked(patient, at(9))
        outcome = clinic.perform(
            CancelAppointment(appointment_id=visit_id, reason=" Feeling better ")
        )
        assert outcome.done, outcome.message
        assert outcome.message.startswith("Cancelled ")
        visit = clinic.appointment(visit_id)
        assert (visit.status, visit.change_reason, visit.changed_by) == (
            "cancelled",
            "Feeling better",
            "patient",
        )
        assert all(r.id != visit_id for r in day_schedule(clinic.db, FREE_MONDAY).appointments)

    def test_cancelling_needs_a_reason(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        visit_id = clinic.booked(patient, at(9))
        outcome = clinic.perform(CancelAppointment(appointment_id=visit_id, reason=""))
        assert (
            outcome.message == "Record the reason for cancelling (for example 'family emergency')."
        )
        assert clinic.appointment(visit_id).status == "scheduled"

    def test_a_cancelled_visit_cannot_be_cancelled_again(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        visit_id = clinic.booked(patient, at(9))
        clinic.perform(CancelAppointment(appointment_id=visit_id, reason="ill"))
        outcome = clinic.perform(CancelAppointment(appointment_id=visit_id, reason="ill"))
        assert outcome.message == (
            "This visit is cancelled; only a scheduled or confirmed visit can be cancelled."
        )

    def test_cancelling_warns_when_the_waitlist_could_use_the_slot(self, clinic: Clinic) -> None:
        first, second = clinic.adults(2)
        visit_id = clinic.booked(first, at(9))
        clinic.perform(
            AddToWaitlist(
                patient_id=second,
                type_id=clinic.visit_type("FU"),
                earliest=FREE_MONDAY,
                latest=FREE_FRIDAY,
            )
        )
        outcome = clinic.perform(CancelAppointment(appointment_id=visit_id, reason="ill"))
        assert outcome.warnings == ("Someone on the waitlist could take this slot.",)


class TestNoShow:
    def test_a_patient_is_not_a_no_show_before_the_visit_starts(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        visit_id = clinic.booked(patient, at(9))
        clinic.clock.set(at(8, 59))
        outcome = clinic.perform(MarkNoShow(appointment_id=visit_id))
        assert not outcome.done
        assert outcome.code == "too_early"
        assert outcome.message == (
            "The visit starts at 9:00 AM on 01/04/2027; "
            "a patient can only be a no-show once the time has passed."
        )
        assert clinic.appointment(visit_id).status == "scheduled"

    def test_once_the_time_has_passed_the_visit_is_a_no_show(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        visit_id = clinic.booked(patient, at(9))
        clinic.clock.set(at(9, 20))
        outcome = clinic.perform(MarkNoShow(appointment_id=visit_id))
        assert outcome.done, outcome.message
        assert outcome.message.startswith("Marked as a no-show: ")
        assert clinic.appointment(visit_id).status == "no_show"


class TestConfirm:
    def test_confirming_records_when_and_how(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        visit_id = clinic.booked(patient, at(9))
        clinic.clock.advance(minutes=30)
        outcome = clinic.perform(ConfirmAppointment(appointment_id=visit_id, via="text"))
        assert outcome.done, outcome.message
        assert outcome.message.endswith(" by text.")
        visit = clinic.appointment(visit_id)
        assert (visit.status, visit.confirmed_via) == ("confirmed", "text")
        assert visit.confirmed_at == datetime(2026, 11, 23, 8, 30)

    def test_a_confirmed_visit_can_still_be_rescheduled(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        visit_id = clinic.booked(patient, at(9))
        clinic.perform(ConfirmAppointment(appointment_id=visit_id))
        moved = RescheduleAppointment(appointment_id=visit_id, new_start=at(10), reason="later")
        assert clinic.perform(moved).done

    def test_confirming_twice_is_refused(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        visit_id = clinic.booked(patient, at(9))
        clinic.perform(ConfirmAppointment(appointment_id=visit_id))
        outcome = clinic.perform(ConfirmAppointment(appointment_id=visit_id))
        assert outcome.message == "Only a scheduled visit can be confirmed."

    def test_confirming_needs_a_known_way(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        visit_id = clinic.booked(patient, at(9))
        outcome = clinic.perform(ConfirmAppointment(appointment_id=visit_id, via="pigeon"))
        assert outcome.message == "Confirmed how? One of: phone, text, email, portal, in person."
        assert clinic.appointment(visit_id).status == "scheduled"


def waitlist_entry(clinic: Clinic, entry_id: int) -> WaitlistEntry:
    with clinic.db.reading() as s:
        entry = s.get(WaitlistEntry, entry_id)
    assert entry is not None
    return entry


def add_to_waitlist(clinic: Clinic, patient: int, **kwargs: object) -> int:
    values: dict[str, object] = {
        "patient_id": patient,
        "type_id": clinic.visit_type("PHYS"),
        "earliest": FREE_MONDAY,
        "latest": FREE_FRIDAY,
        "notes": "Mornings only",
        **kwargs,
    }
    outcome = clinic.perform(AddToWaitlist(**values))  # type: ignore[arg-type]
    assert outcome.done, outcome.message
    return outcome.record_id or 0


class TestWaitlist:
    def test_adding_keeps_the_wanted_dates_and_notes(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        entry = waitlist_entry(clinic, add_to_waitlist(clinic, patient))
        assert (entry.patient_id, entry.status, entry.notes) == (
            patient,
            "waiting",
            "Mornings only",
        )
        assert (entry.earliest, entry.latest) == (FREE_MONDAY, FREE_FRIDAY)
        assert entry.added_at == clinic.clock.now()

    def test_the_latest_date_cannot_come_before_the_earliest(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        outcome = clinic.perform(
            AddToWaitlist(patient_id=patient, type_id=1, earliest=FREE_FRIDAY, latest=FREE_MONDAY)
        )
        assert outcome.message == "The latest date on the waitlist is before the earliest."

    def test_a_date_range_that_has_passed_is_refused(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        outcome = clinic.perform(
            AddToWaitlist(
                patient_id=patient,
                type_id=1,
                earliest=TODAY - timedelta(days=10),
                latest=TODAY - timedelta(days=1),
            )
        )
        assert outcome.message == "That date range has already passed."

    def test_booking_from_the_waitlist_links_the_entry_to_the_visit(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        entry_id = add_to_waitlist(clinic, patient)
        outcome = clinic.perform(
            BookFromWaitlist(
                waitlist_id=entry_id, provider_id=clinic.provider("Okafor"), start=at(9)
            )
        )
        assert outcome.done, outcome.message
        assert outcome.changes >= {Change.APPOINTMENTS, Change.WAITLIST}
        visit = clinic.appointment(outcome.record_id or 0)
        assert (visit.patient_id, visit.type_id) == (patient, clinic.visit_type("PHYS"))
        assert (visit.end - visit.start) == timedelta(minutes=30)
        assert visit.reason == "Mornings only"
        entry = waitlist_entry(clinic, entry_id)
        assert (entry.status, entry.appointment_id) == ("booked", visit.id)

    @pytest.mark.parametrize("day", [FREE_MONDAY - timedelta(days=1), date(2027, 1, 11)])
    def test_a_visit_outside_the_wanted_dates_is_refused(self, clinic: Clinic, day: date) -> None:
        (patient,) = clinic.adults(1)
        entry_id = add_to_waitlist(clinic, patient)
        outcome = clinic.perform(
            BookFromWaitlist(waitlist_id=entry_id, provider_id=1, start=at(9, day=day))
        )
        assert outcome.message == (
            "The patient asked for a visit between 01/04 and 01/08; "
            f"{day:%m/%d} is outside that range."
        )
        assert waitlist_entry(clinic, entry_id).status == "waiting"

    def test_the_first_and_last_wanted_days_can_be_booked(self, clinic: Clinic) -> None:
        first, second = clinic.adults(2)
        for patient, day in ((first, FREE_MONDAY), (second, FREE_FRIDAY)):
            entry_id = add_to_waitlist(clinic, patient)
            action = BookFromWaitlist(waitlist_id=entry_id, provider_id=1, start=at(9, day=day))
            assert clinic.perform(action).done

    def test_a_patient_waiting_for_one_provider_is_not_booked_with_another(
        self, clinic: Clinic
    ) -> None:
        (patient,) = clinic.adults(1)
        entry_id = add_to_waitlist(clinic, patient, provider_id=clinic.provider("Patel"))
        outcome = clinic.perform(
            BookFromWaitlist(
                waitlist_id=entry_id, provider_id=clinic.provider("Okafor"), start=at(9)
            )
        )
        assert outcome.message == "The patient is waiting for a different provider."

    def test_an_entry_already_booked_cannot_be_booked_again(self, clinic: Clinic) -> None:
        (patient,) = clinic.adults(1)
        entry_id = add_to_waitlist(clinic, patient)
        clinic.perform(BookFromWaitlist(waitlist_id=entry_id, provider_id=1, start=at(9)))
        outcome = clinic.perform(
            BookFromWaitlist(waitlist_id=entry_id, provider_id=1, start=at(10))
        )
        assert outcome.message == "This waitlist entry has already been booked or removed."


class TestEarliestFit:
    """In a scenario attempt a booking logs whether it took the earliest open slot the booking
    dialog would offer (free practice skips the search: no rubric asks there)."""

    @pytest.fixture
    def clinic(self, clinic: Clinic) -> Clinic:
        clinic.gateway.cache[SCENARIO_KEY] = "an attempt's scenario"
        return clinic

    def test_free_practice_logs_no_earliest_fit(self, clinic: Clinic) -> None:
        del clinic.gateway.cache[SCENARIO_KEY]
        clinic.clock.set(at(7))
        (patient,) = clinic.adults(1)
        outcome = clinic.book(patient, at(9))
        assert outcome.done, outcome.message
        assert "earliest_fit" not in outcome.details

    def test_booking_the_first_slot_the_dialog_offers_is_the_earliest_fit(
        self, clinic: Clinic
    ) -> None:
        clinic.clock.set(at(7))
        (patient,) = clinic.adults(1)
        first = find_open_slots(
            clinic.db,
            provider_id=clinic.provider("Okafor"),
            type_id=clinic.visit_type("FU"),
            after=clinic.clock.now(),
            count=1,
        )[0]
        assert first.start.date() == FREE_MONDAY
        outcome = clinic.book(patient, first.start)
        assert outcome.done, outcome.message
        assert outcome.details["earliest_fit"] is True
        assert outcome.details["earliest_fit_start"] == first.start.isoformat()

    def test_a_later_slot_is_not_the_earliest_fit_and_names_the_earlier_one(
        self, clinic: Clinic
    ) -> None:
        clinic.clock.set(at(7))
        (patient,) = clinic.adults(1)
        first = find_open_slots(
            clinic.db,
            provider_id=clinic.provider("Okafor"),
            type_id=clinic.visit_type("FU"),
            after=clinic.clock.now(),
            count=1,
        )[0]
        outcome = clinic.book(patient, first.start + timedelta(hours=1))
        assert outcome.done, outcome.message
        assert outcome.details["earliest_fit"] is False
        assert outcome.details["earliest_fit_start"] == first.start.isoformat()

    def test_once_the_first_slot_is_taken_the_next_one_is_the_earliest_fit(
        self, clinic: Clinic
    ) -> None:
        clinic.clock.set(at(7))
        first, second = clinic.adults(2)
        taken = clinic.book(first, at(8))
        assert taken.done and taken.details["earliest_fit"] is True
        outcome = clinic.book(second, at(8, 15))
        assert outcome.done, outcome.message
        assert outcome.details["earliest_fit"] is True

    def test_moving_a_visit_to_the_earliest_slot_is_the_earliest_fit(self, clinic: Clinic) -> None:
        clinic.clock.set(at(7))
        (patient,) = clinic.adults(1)
        old_id = clinic.booked(patient, at(10))
        later = clinic.perform(
            RescheduleAppointment(
                appointment_id=old_id,
                new_start=at(11),
                reason="Work conflict",
                requested_by="patient",
            )
        )
        assert later.done and later.details["earliest_fit"] is False
        earliest = clinic.perform(
            RescheduleAppointment(
                appointment_id=later.record_id or 0,
                new_start=at(8),
                reason="Wants it sooner",
                requested_by="patient",
            )
        )
        assert earliest.done, earliest.message
        assert earliest.details["earliest_fit"] is True
        assert earliest.details["previous_id"] == later.record_id
