"""Named-record placeholders: safe date formats, plain fields, nothing evaluated."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ehr_sim.engine.dialogue import fill
from ehr_sim.packs.placeholders import fill_records, missing_names, render, spec_problem

VISIT = {"start": "2026-01-08T14:00:00", "provider": "Dr. Okafor", "minutes": 30}


def test_a_date_and_time_reads_in_the_format_written_without_leading_zeros() -> None:
    assert render(VISIT["start"], "%A %-m/%-d at %-I:%M %p") == "Thursday 1/8 at 2:00 PM"
    assert render("2026-11-26T09:05:00", "%a %m/%d %H:%M") == "Thu 11/26 09:05"
    assert render("1985-03-01", "%B %-d, %Y") == "March 1, 1985"


def test_without_a_format_times_read_as_a_us_clinic_says_them() -> None:
    assert render(VISIT["start"], None) == "Thursday 1/8 at 2:00 PM"
    assert render("2026-01-09", None) == "Friday 1/9"
    assert render(30, None) == "30" and render(None, None) == ""


def test_only_listed_directives_are_accepted() -> None:
    assert spec_problem("%A %-m/%-d at %-I:%M %p, 100%%") is None
    assert spec_problem("%c") == "'%c' is not a date format this app reads"
    assert spec_problem("%-A") == "'%-A' is not a date format this app reads"
    assert spec_problem("at 5%") == "a '%' must be followed by a format letter"


def test_text_fills_known_records_and_leaves_the_rest_as_written() -> None:
    text = "Moved to {new_visit.start:%-I:%M %p} with {new_visit.provider}; {other.start}"
    assert (
        fill_records(text, {"new_visit": VISIT})
        == "Moved to 2:00 PM with Dr. Okafor; {other.start}"
    )
    assert missing_names(text, {"new_visit": VISIT}) == ["other"]


def test_dialogue_fill_reads_named_records_beside_the_older_placeholders() -> None:
    from datetime import date

    said = fill(
        "{clinic}: {new_visit.start:%A} with {new_visit.provider}",
        trainee="Sam",
        clinic="Riverside",
        day0=date(2026, 1, 5),
        records={"new_visit": VISIT},
    )
    assert said == "Riverside: Thursday with Dr. Okafor"


@given(st.text(max_size=40))
def test_any_format_gives_text_or_a_reason_never_an_exception(spec: str) -> None:
    if spec_problem(spec) is None:
        assert isinstance(render(VISIT["start"], spec), str)
