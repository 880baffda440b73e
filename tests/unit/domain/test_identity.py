"""Patient identity: names compared the way a front desk would, phones as digits, duplicates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ehr_sim.domain.identity import (
    age_on,
    format_phone,
    is_likely_duplicate,
    is_valid_phone,
    name_similarity,
    normalise_name,
    phone_digits,
)

BORN = date(1984, 3, 9)


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Smith", "smith"),
        ("O'Brien-Núñez", "obriennunez"),
        ("  Mary Ann  ", "maryann"),
        ("ZOË", "zoe"),
        ("St. John", "stjohn"),
        ("", ""),
    ],
)
def test_normalised_names_ignore_case_accents_spaces_and_punctuation(
    name: str, normalised: str
) -> None:
    assert normalise_name(name) == normalised


@given(st.text())
def test_normalising_any_text_gives_lower_case_ascii_letters_and_digits(text: str) -> None:
    result = normalise_name(text)
    assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789" for c in result)
    assert normalise_name(result) == result


@pytest.mark.parametrize(
    ("phone", "digits"),
    [
        ("(614) 555-0142", "6145550142"),
        ("614.555.0142", "6145550142"),
        ("+1 614 555 0142", "6145550142"),
        ("1-614-555-0142", "6145550142"),
        ("555-0142", "5550142"),
        ("", ""),
    ],
)
def test_phone_digits_drop_punctuation_and_the_country_code(phone: str, digits: str) -> None:
    assert phone_digits(phone) == digits


def test_a_us_phone_needs_ten_digits() -> None:
    assert is_valid_phone("(614) 555-0142")
    assert is_valid_phone("+1 614 555 0142")
    assert not is_valid_phone("555-0142")
    assert not is_valid_phone("614 555 01429")
    assert not is_valid_phone("call me")


def test_phones_are_shown_in_one_format_and_odd_ones_as_typed() -> None:
    assert format_phone("614.555.0142") == "(614) 555-0142"
    assert format_phone("555-0142") == "555-0142"


class TestLikelyDuplicate:
    def test_same_birth_date_and_a_typo_in_the_first_name(self) -> None:
        assert is_likely_duplicate("Jon", "Smith", BORN, "John", "Smith", BORN)

    def test_accents_and_case_do_not_hide_a_duplicate(self) -> None:
        assert is_likely_duplicate("jose", "NUNEZ", BORN, "José", "Núñez", BORN)

    def test_first_and_last_name_swapped(self) -> None:
        assert is_likely_duplicate("Smith", "John", BORN, "John", "Smith", BORN)

    def test_a_different_birth_date_is_a_different_person(self) -> None:
        assert not is_likely_duplicate("John", "Smith", BORN, "John", "Smith", date(1984, 3, 10))

    def test_a_different_name_on_the_same_day_is_a_different_person(self) -> None:
        assert not is_likely_duplicate("Maria", "Garcia", BORN, "John", "Smith", BORN)

    def test_similarity_is_one_for_the_same_name_and_lower_for_others(self) -> None:
        assert name_similarity("Ann", "Lee", "Ann", "Lee") == 1.0
        assert name_similarity("Ann", "Lee", "Lee", "Ann") == 1.0
        assert name_similarity("Ann", "Lee", "Bob", "Stone") < 0.5


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (date(2026, 3, 8), 41),
        (date(2026, 3, 9), 42),
        (date(2026, 12, 31), 42),
        (BORN, 0),
    ],
)
def test_age_goes_up_on_the_birthday(day: date, age: int) -> None:
    assert age_on(BORN, day) == age


def test_a_leap_day_baby_turns_a_year_older_on_march_first() -> None:
    leap = date(2004, 2, 29)
    assert age_on(leap, date(2023, 2, 28)) == 18
    assert age_on(leap, date(2023, 3, 1)) == 19
