"""Time slots, provider templates and open-slot search: the clinic's scheduling rules."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ehr_sim.domain.scheduling import (
    AppointmentStatus,
    BreakBlock,
    ProviderTemplate,
    RoomBooking,
    TimeSlot,
    WorkBlock,
    open_slots,
    room_problem,
)

MONDAY = date(2027, 1, 4)
WEDNESDAY = date(2027, 1, 6)
SATURDAY = date(2027, 1, 9)


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute))


def slot(hour: int, minute: int = 0, minutes: int = 15, day: date = MONDAY) -> TimeSlot:
    return TimeSlot.of(at(hour, minute, day), minutes)


# Dr. Okafor's week: Monday to Friday 8:00 AM–5:00 PM, lunch every day, admin time on Wednesdays.
OKAFOR = ProviderTemplate(
    display_name="Dr. Okafor",
    hours=tuple(WorkBlock(d, time(8), time(17)) for d in range(5)),
    breaks=(
        BreakBlock(None, time(12), time(13), "lunch"),
        BreakBlock(2, time(15), time(15, 30), "admin time"),
    ),
)
# A split day: mornings and late afternoons on Mondays only, no breaks.
SPLIT = ProviderTemplate(
    display_name="Maria Lopez, NP",
    hours=(WorkBlock(0, time(9), time(11)), WorkBlock(0, time(14), time(16))),
    breaks=(),
)


class TestTimeSlot:
    def test_a_slot_must_end_after_it_starts(self) -> None:
        with pytest.raises(ValueError, match="end after it starts"):
            TimeSlot(at(9), at(9))
        with pytest.raises(ValueError):
            TimeSlot(at(9, 15), at(9))

    def test_of_builds_a_slot_of_the_given_minutes(self) -> None:
        assert slot(9, 45, minutes=30) == TimeSlot(at(9, 45), at(10, 15))

    def test_back_to_back_slots_do_not_overlap(self) -> None:
        assert not slot(9).overlaps(slot(9, 15))
        assert not slot(9, 15).overlaps(slot(9))

    def test_a_one_minute_overlap_counts(self) -> None:
        assert slot(9, 0, 16).overlaps(slot(9, 15))
        assert slot(9, 15).overlaps(slot(9, 0, 16))

    def test_identical_and_containing_slots_overlap(self) -> None:
        assert slot(9).overlaps(slot(9))
        assert slot(9, 0, 60).overlaps(slot(9, 30))
        assert slot(9, 30).overlaps(slot(9, 0, 60))

    def test_slots_on_different_days_do_not_overlap(self) -> None:
        assert not slot(9).overlaps(slot(9, day=WEDNESDAY))

    def test_label_reads_as_clock_times(self) -> None:
        assert slot(9, 45, minutes=30).label() == "9:45–10:15 AM"

    @given(st.integers(0, 600), st.integers(1, 120), st.integers(0, 600), st.integers(1, 120))
    def test_overlap_is_symmetric_and_matches_shared_minutes(
        self, a_start: int, a_len: int, b_start: int, b_len: int
    ) -> None:
        a = TimeSlot.of(at(8) + timedelta(minutes=a_start), a_len)
        b = TimeSlot.of(at(8) + timedelta(minutes=b_start), b_len)
        shared = min(a_start + a_len, b_start + b_len) - max(a_start, b_start)
        assert a.overlaps(b) == b.overlaps(a) == (shared > 0)


class TestProblemWith:
    def test_a_slot_inside_working_hours_is_fine(self) -> None:
        assert OKAFOR.problem_with(slot(9)) is None
        assert OKAFOR.problem_with(slot(8)) is None
        assert OKAFOR.problem_with(slot(16, 45)) is None

    def test_a_day_the_provider_is_out_names_the_weekday(self) -> None:
        assert OKAFOR.problem_with(slot(9, day=SATURDAY)) == (
            "Dr. Okafor is not in clinic on Saturdays."
        )

    def test_before_opening_states_the_hours_of_that_day(self) -> None:
        assert OKAFOR.problem_with(slot(7, 45)) == (
            "Dr. Okafor sees patients 8:00 AM–5:00 PM on Mondays; 7:45–8:00 AM is outside those hours."
        )

    def test_a_visit_running_past_closing_is_outside_hours(self) -> None:
        problem = OKAFOR.problem_with(slot(16, 45, minutes=30))
        assert problem is not None
        assert "4:45–5:15 PM is outside those hours" in problem

    def test_lunch_is_named_with_its_times(self) -> None:
        assert OKAFOR.problem_with(slot(12)) == "Dr. Okafor is at lunch 12:00–1:00 PM."

    def test_a_visit_running_into_lunch_is_refused(self) -> None:
        assert OKAFOR.problem_with(slot(11, 45, minutes=30)) == (
            "Dr. Okafor is at lunch 12:00–1:00 PM."
        )

    def test_visits_just_before_and_just_after_lunch_are_fine(self) -> None:
        assert OKAFOR.problem_with(slot(11, 45)) is None
        assert OKAFOR.problem_with(slot(13)) is None

    def test_a_weekday_break_applies_only_on_that_weekday(self) -> None:
        assert OKAFOR.problem_with(slot(15, day=WEDNESDAY)) == (
            "Dr. Okafor is at admin time 3:00–3:30 PM."
        )
        assert OKAFOR.problem_with(slot(15)) is None

    def test_split_hours_list_every_block(self) -> None:
        assert SPLIT.problem_with(slot(9)) is None
        assert SPLIT.problem_with(slot(14)) is None
        assert SPLIT.problem_with(slot(12)) == (
            "Maria Lopez, NP sees patients 9:00–11:00 AM, 2:00–4:00 PM on Mondays; "
            "12:00–12:15 PM is outside those hours."
        )

    def test_a_visit_straddling_two_blocks_is_outside_hours(self) -> None:
        assert SPLIT.problem_with(slot(10, 45, minutes=210)) is not None

    def test_a_visit_cannot_run_past_midnight(self) -> None:
        overnight = ProviderTemplate("Dr. Night", (WorkBlock(0, time(0), time(23, 59)),), ())
        assert overnight.problem_with(slot(23, 30, minutes=60)) == (
            "A visit cannot run past midnight."
        )


class TestOpenSlots:
    def test_slots_come_earliest_first_from_opening_time(self) -> None:
        found = list(open_slots(OKAFOR, [], minutes=15, after=at(7), days=0))
        assert found[0] == slot(8)
        assert [s.start for s in found] == sorted(s.start for s in found)

    def test_a_full_day_has_every_step_except_lunch(self) -> None:
        found = list(open_slots(OKAFOR, [], minutes=15, after=at(0), days=0))
        assert len(found) == 8 * 4  # 9 hours of 15-minute slots minus the lunch hour
        assert all(OKAFOR.problem_with(s) is None for s in found)
        assert slot(12) not in found and slot(12, 45) not in found

    def test_busy_times_are_skipped(self) -> None:
        busy = [slot(8, 0, 30), slot(9)]
        found = list(open_slots(OKAFOR, busy, minutes=15, after=at(0), days=0))
        starts = {s.start for s in found}
        assert at(8) not in starts and at(8, 15) not in starts and at(9) not in starts
        assert at(8, 30) in starts and at(9, 15) in starts

    def test_a_long_visit_needs_the_whole_duration_free(self) -> None:
        busy = [slot(9)]
        found = list(open_slots(OKAFOR, busy, minutes=45, after=at(8), days=0))
        assert found[:2] == [slot(8, 0, 45), slot(8, 15, 45)]  # 8:30 AM would run into 9:00 AM
        assert slot(8, 30, 45) not in found
        assert all(not s.overlaps(busy[0]) for s in found)
        assert slot(11, 15, 45) in found and slot(11, 30, 45) not in found  # lunch at 12:00 PM

    def test_the_step_sets_the_spacing_of_starts(self) -> None:
        found = list(open_slots(OKAFOR, [], minutes=15, after=at(8), days=0, step=30))
        assert all(s.start.minute in (0, 30) for s in found)
        assert found[:2] == [slot(8), slot(8, 30)]

    def test_search_starts_at_the_next_step_after_the_given_time(self) -> None:
        found = next(open_slots(OKAFOR, [], minutes=15, after=at(10, 7)))
        assert found.start == at(10, 15)

    def test_seconds_past_a_step_never_give_a_slot_that_already_started(self) -> None:
        after = at(10) + timedelta(seconds=30)
        found = next(open_slots(OKAFOR, [], minutes=15, after=after))
        assert found.start >= after
        assert found.start == at(10, 15)

    def test_days_the_provider_is_out_are_skipped(self) -> None:
        friday_evening = at(17, day=date(2027, 1, 8))
        found = next(open_slots(OKAFOR, [], minutes=15, after=friday_evening, days=7))
        assert found == slot(8, day=date(2027, 1, 11))  # the next Monday

    def test_days_limits_how_far_ahead_to_look(self) -> None:
        found = list(open_slots(OKAFOR, [], minutes=15, after=at(8), days=2))
        assert {s.start.date() for s in found} == {MONDAY, MONDAY + timedelta(1), WEDNESDAY}

    def test_a_visit_longer_than_any_block_has_no_slot(self) -> None:
        assert list(open_slots(SPLIT, [], minutes=150, after=at(8), days=6)) == []


class TestRoomProblem:
    """Room 3 after a 9:00–9:15 AM visit that needs 5 minutes of cleaning."""

    BOOKED = (RoomBooking(slot(9), 5),)

    def test_a_room_in_use_names_the_visit_times(self) -> None:
        assert room_problem("Room 3", slot(9, 10), 5, self.BOOKED) == (
            "Room 3 is in use 9:00–9:15 AM."
        )

    def test_a_room_being_cleaned_says_until_when(self) -> None:
        assert room_problem("Room 3", slot(9, 15), 5, self.BOOKED) == (
            "Room 3 is still being cleaned until 9:20 AM."
        )

    def test_a_visit_whose_cleaning_runs_into_the_next_booking_is_refused(self) -> None:
        assert room_problem("Room 3", slot(8, 45), 10, self.BOOKED) == (
            "Room 3 is booked from 9:00 AM; this visit and its 10-minute cleaning would run into it."
        )

    def test_the_room_is_free_once_cleaned(self) -> None:
        assert room_problem("Room 3", slot(9, 20), 5, self.BOOKED) is None
        assert room_problem("Room 3", slot(8, 40), 5, self.BOOKED) is None
        assert room_problem("Room 3", slot(9), 5, []) is None

    def test_cleaning_until_adds_the_turnover(self) -> None:
        assert self.BOOKED[0].cleaning_until == at(9, 20)


@pytest.mark.parametrize(
    ("status", "active", "open_"),
    [
        (AppointmentStatus.SCHEDULED, True, True),
        (AppointmentStatus.CONFIRMED, True, True),
        (AppointmentStatus.CHECKED_IN, True, False),
        (AppointmentStatus.ROOMED, True, False),
        (AppointmentStatus.COMPLETED, True, False),
        (AppointmentStatus.CANCELLED, False, False),
        (AppointmentStatus.NO_SHOW, False, False),
        (AppointmentStatus.RESCHEDULED, False, False),
    ],
)
def test_only_cancelled_no_show_and_rescheduled_visits_free_their_time(
    status: AppointmentStatus, active: bool, open_: bool
) -> None:
    assert status.is_active is active
    assert status.is_open is open_
    assert status.label[0].isupper()
