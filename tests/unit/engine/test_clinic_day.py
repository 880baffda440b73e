"""The living clinic's day rules: seeded, per visit, and moving forward only."""

from __future__ import annotations

from datetime import datetime, timedelta

from ehr_sim.engine.clinic_day import (
    NO_SHOW_AFTER,
    BookedVisit,
    Stage,
    Step,
    plan_day,
    plan_visit,
)

DAY = datetime(2026, 1, 5)


def visits(count: int = 200, *, in_person: bool = True) -> list[BookedVisit]:
    """`count` 15-minute visits through the day, four at a time."""
    return [
        BookedVisit(
            i,
            DAY.replace(hour=8) + timedelta(minutes=15 * (i // 4)),
            DAY.replace(hour=8) + timedelta(minutes=15 * (i // 4) + 15),
            in_person=in_person,
        )
        for i in range(1, count + 1)
    ]


def test_the_same_seed_gives_the_same_day_and_another_seed_another() -> None:
    assert plan_day(7, visits()) == plan_day(7, visits())
    assert plan_day(7, visits()) != plan_day(8, visits())


def test_a_visit_keeps_its_plan_whatever_else_is_on_the_schedule() -> None:
    day = visits()
    assert plan_day(7, day)[50] == plan_day(7, day[40:60])[50] == plan_visit(7, day[49])


def test_a_few_patients_come_late_and_a_few_never_come() -> None:
    plans = plan_day(7, visits(400)).values()
    late = sum(p.late for p in plans)
    no_shows = sum(p.no_show for p in plans)
    assert 0.05 * 400 < late < 0.25 * 400
    assert 0.01 * 400 < no_shows < 0.12 * 400


def test_a_patient_arrives_is_roomed_and_leaves_in_that_order() -> None:
    for plan in plan_day(7, visits()).values():
        assert plan.roomed is not None
        assert plan.arrives < plan.roomed < plan.leaves
        assert plan.roomed >= plan.start - timedelta(minutes=5)
        if plan.late:
            assert plan.arrives < plan.start + NO_SHOW_AFTER


def test_a_telehealth_patient_is_never_roomed() -> None:
    for plan in plan_day(7, visits(20, in_person=False)).values():
        assert plan.roomed is None
        assert [step for step, _ in plan.path()] == [Step.CHECK_IN, Step.CHECK_OUT]


def test_what_is_due_depends_on_the_clock_and_how_far_the_visit_got() -> None:
    plan = next(p for p in plan_day(7, visits()).values() if not p.no_show and not p.late)
    assert plan.roomed is not None
    assert plan.due(Stage.EXPECTED, plan.arrives - timedelta(seconds=1)) == []
    assert plan.due(Stage.EXPECTED, plan.roomed) == [
        (Step.CHECK_IN, plan.arrives),
        (Step.ROOM, plan.roomed),
    ]
    assert plan.due(Stage.ROOMED, plan.leaves) == [(Step.CHECK_OUT, plan.leaves)]
    assert plan.due(Stage.DONE, plan.leaves + timedelta(hours=2)) == []
    assert plan.due(Stage.GONE, plan.leaves + timedelta(hours=2)) == []


def test_a_no_show_is_marked_twenty_minutes_after_the_start() -> None:
    plan = next(p for p in plan_day(7, visits()).values() if p.no_show)
    assert plan.due(Stage.EXPECTED, plan.start + NO_SHOW_AFTER - timedelta(seconds=1)) == []
    assert plan.due(Stage.EXPECTED, plan.start + NO_SHOW_AFTER) == [
        (Step.NO_SHOW, plan.start + NO_SHOW_AFTER)
    ]


def test_a_patient_the_trainee_checked_in_late_moves_on_that_much_later() -> None:
    plan = next(p for p in plan_day(7, visits()).values() if not p.no_show)
    assert plan.roomed is not None
    late_by = timedelta(minutes=30)
    checked_in = plan.arrives + late_by
    assert plan.due(Stage.ARRIVED, plan.roomed, checked_in_at=checked_in) == []
    assert plan.next_after(Stage.ARRIVED, checked_in_at=checked_in) == plan.roomed + late_by
    assert plan.next_after(Stage.DONE) is None
