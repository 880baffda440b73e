"""The registration form's field rules: each one refuses in words a student can act on."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ehr_sim.domain.demographics import (
    LABELS,
    REQUIRED,
    field_problem,
    form_problems,
    parse_date,
)

TODAY = date(2026, 11, 23)


class TestParseDate:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("03/09/1984", date(1984, 3, 9)),
            ("3/9/1984", date(1984, 3, 9)),
            ("1984-03-09", date(1984, 3, 9)),
            ("  12/31/1999 ", date(1999, 12, 31)),
            ("02/29/2020", date(2020, 2, 29)),
        ],
    )
    def test_reads_us_and_iso_dates(self, text: str, expected: date) -> None:
        assert parse_date(text) == expected

    @pytest.mark.parametrize("text", ["02/30/2020", "02/29/2021", "13/01/2020", "2020-04-31"])
    def test_a_date_that_does_not_exist_is_named_as_such(self, text: str) -> None:
        with pytest.raises(ValueError, match=f"^{text} is not a real date$"):
            parse_date(text)

    @pytest.mark.parametrize("text", ["", "yesterday", "1984/03/09", "3-9-84", "03/09/84"])
    def test_other_text_asks_for_mm_dd_yyyy(self, text: str) -> None:
        with pytest.raises(ValueError, match="use MM/DD/YYYY"):
            parse_date(text)

    @given(st.text())
    def test_any_text_gives_a_date_or_a_value_error(self, text: str) -> None:
        try:
            result = parse_date(text)
        except ValueError as exc:
            assert str(exc)
        else:
            assert isinstance(result, date)

    @given(st.dates())
    def test_every_real_date_round_trips_in_both_formats(self, day: date) -> None:
        assert parse_date(day.isoformat()) == day
        assert parse_date(f"{day.month:02d}/{day.day:02d}/{day.year:04d}") == day


class TestFieldProblem:
    @pytest.mark.parametrize("name", REQUIRED)
    def test_required_fields_cannot_be_blank(self, name: str) -> None:
        assert field_problem(name, "   ", today=TODAY) == f"{LABELS[name]} is required."

    @pytest.mark.parametrize("name", ["middle_name", "mobile", "email", "address2"])
    def test_optional_fields_may_be_blank(self, name: str) -> None:
        assert field_problem(name, "", today=TODAY) is None

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("first_name", "Mary-Jo"),
            ("last_name", "O'Brien"),
            ("last_name", "Núñez"),
            ("middle_name", "St. Clair"),
            ("dob", "03/09/1984"),
            ("dob", "11/23/2026"),
            ("sex", "X"),
            ("state", "oh"),
            ("zip_code", "43215"),
            ("zip_code", "43215-1234"),
            ("phone", "(614) 555-0142"),
            ("mobile", "614.555.0142"),
            ("email", "pat.lee@example.com"),
            ("preferred_language", "Somali"),
        ],
    )
    def test_good_values_pass(self, name: str, value: str) -> None:
        assert field_problem(name, value, today=TODAY) is None

    def test_names_hold_only_letters_spaces_hyphens_and_apostrophes(self) -> None:
        assert field_problem("first_name", "J0hn", today=TODAY) == (
            "First name may hold only letters, spaces, hyphens and apostrophes."
        )
        assert field_problem("last_name", "-Smith", today=TODAY) is not None

    def test_a_birth_date_in_the_future_is_refused_with_the_date(self) -> None:
        assert field_problem("dob", "11/24/2026", today=TODAY) == (
            "Date of birth cannot be in the future (11/24/2026)."
        )

    def test_a_birth_date_that_does_not_exist_is_refused(self) -> None:
        assert field_problem("dob", "02/30/2020", today=TODAY) == (
            "Date of birth: 02/30/2020 is not a real date."
        )

    def test_a_birth_date_over_120_years_ago_is_refused(self) -> None:
        problem = field_problem("dob", "01/01/1900", today=TODAY)
        assert problem == "Date of birth 01/01/1900 would make the patient older than 120."

    def test_sex_must_be_one_of_the_codes(self) -> None:
        assert field_problem("sex", "female", today=TODAY) == "Sex must be F, M or X."

    def test_state_must_be_a_us_state_code(self) -> None:
        assert field_problem("state", "Ohio", today=TODAY) == (
            "'Ohio' is not a US state code (for example OH)."
        )

    @pytest.mark.parametrize("value", ["4321", "432155", "43215-12", "ABCDE"])
    def test_zip_codes_are_five_digits_or_zip_plus_four(self, value: str) -> None:
        assert field_problem("zip_code", value, today=TODAY) == (
            f"'{value}' is not a ZIP code (5 digits, or ZIP+4 like 43215-1234)."
        )

    @pytest.mark.parametrize("name", ["phone", "mobile", "emergency_contact_phone"])
    def test_phones_need_ten_digits(self, name: str) -> None:
        assert field_problem(name, "555-0142", today=TODAY) == (
            f"{LABELS[name]} '555-0142' is not a 10-digit US phone number."
        )

    def test_email_needs_an_at_sign_and_a_domain(self) -> None:
        assert field_problem("email", "pat.lee@example", today=TODAY) == (
            "'pat.lee@example' is not an email address."
        )

    @given(st.sampled_from(sorted(LABELS)), st.text())
    def test_any_text_in_any_field_gives_a_message_or_none(self, name: str, value: str) -> None:
        problem = field_problem(name, value, today=TODAY)
        assert problem is None or (isinstance(problem, str) and problem)


def test_a_blank_form_lists_every_required_field() -> None:
    problems = form_problems({}, today=TODAY)
    assert set(problems) == set(REQUIRED)
    assert problems["zip_code"] == "ZIP code is required."


def test_a_form_lists_only_the_fields_with_problems() -> None:
    fields = {
        "first_name": "Ana",
        "last_name": "Diaz",
        "dob": "07/04/1990",
        "sex": "F",
        "address1": "12 Elm Street",
        "city": "Columbus",
        "state": "OH",
        "zip_code": "4321",
        "phone": "(614) 555-0100",
        "email": "ana@",
    }
    assert set(form_problems(fields, today=TODAY)) == {"zip_code", "email"}
