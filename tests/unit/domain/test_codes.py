"""Billing codes in plain words, and ICD-10-CM lookups from the packaged table."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ehr_sim.domain import codes
from ehr_sim.domain.claims import ClaimStatus, Frequency, split_codes
from ehr_sim.world import catalog

# The denials DOMAIN.md's table lists, and the remark codes a biller meets every week.
DOMAIN_CARCS = ["16", "31", "27", "22", "109", "197", "4", "11", "18", "29", "45", "50", "97"]
DOMAIN_CARCS += ["15", "242", "1", "2", "3"]
COMMON_RARCS = ["N382", "MA130", "N290", "M51", "N130"]


class TestAdjustmentCodes:
    @pytest.mark.parametrize("carc", DOMAIN_CARCS)
    def test_every_denial_in_the_domain_table_has_a_meaning_and_a_fix(self, carc: str) -> None:
        meaning, fix = codes.describe_carc(carc), codes.carc_fix(carc)

        assert meaning.endswith(".") and "not in EHR Sim's list" not in meaning
        assert fix.endswith(".")

    def test_a_reason_code_reads_the_same_with_or_without_its_group(self) -> None:
        assert codes.describe_carc("CO-16") == codes.describe_carc("16")
        assert "remark code" in codes.describe_carc("co-16")
        assert "member ID" in codes.describe_carc("31") or "insured" in codes.describe_carc("31")

    @pytest.mark.parametrize("rarc", COMMON_RARCS)
    def test_common_remark_codes_are_explained(self, rarc: str) -> None:
        assert "not in EHR Sim's list" not in codes.describe_rarc(rarc)

    def test_n382_says_the_patient_identifier_is_wrong(self) -> None:
        assert "patient identifier" in codes.describe_rarc(" n382 ")

    def test_unknown_codes_say_where_to_look_instead_of_failing(self) -> None:
        assert "payer's code list" in codes.describe_carc("B99")
        assert "payer's code list" in codes.describe_rarc("ZZ9")
        assert codes.carc_fix("B99") == ""
        assert "not one EHR Sim knows" in codes.describe_group("XX")

    def test_a_co_adjustment_may_not_be_billed_to_the_patient_and_a_pr_may(self) -> None:
        assert "may not be billed" in codes.describe_group("CO")
        assert "patient owes" in codes.describe_group("pr")
        assert set(codes.GROUP_CODES) == {"CO", "PR", "OA", "PI"}

    @given(st.text(max_size=12))
    def test_any_text_gets_a_meaning_and_never_an_error(self, text: str) -> None:
        for describe in (codes.describe_carc, codes.describe_rarc, codes.describe_group):
            assert describe(text)


class TestFrequencyAndProcedures:
    def test_each_frequency_code_is_named_and_explained(self) -> None:
        assert [codes.describe_frequency(f) for f in Frequency] == [
            "1 — Original",
            "7 — Replacement of a prior claim",
            "8 — Void/cancel of a prior claim",
        ]
        assert "CO-18" in codes.FREQUENCIES[Frequency.ORIGINAL][1]
        assert "claim number" in codes.FREQUENCIES[Frequency.REPLACEMENT][1]

    def test_the_primary_care_procedure_set_is_described(self) -> None:
        wanted = [f"9920{n}" for n in range(2, 6)] + [f"9921{n}" for n in range(2, 6)]
        wanted += ["93000", "36415", "81002", "87880", "90471"]

        assert all(codes.describe_cpt(code) for code in wanted)

    def test_the_fee_schedule_uses_the_same_descriptions(self) -> None:
        for code, (description, cents) in catalog.FEES.items():
            assert description == codes.describe_cpt(code) and cents > 0


class TestIcd10:
    @pytest.mark.parametrize("code", ["I10", "E11.9", "E119", "z00.00", " M54.50 ", "R07.89"])
    def test_a_billable_code_is_valid_with_or_without_the_dot(self, code: str) -> None:
        assert codes.is_valid_icd10(code)
        assert codes.icd10_problem(code) is None

    def test_descriptions_come_from_the_table(self) -> None:
        assert codes.icd10_description("I10") == "Essential (primary) hypertension"
        assert codes.icd10_description("e119") == codes.icd10_description("E11.9")
        assert "Low back pain" in (codes.icd10_description("M54.50") or "")

    def test_m54_5_is_a_heading_since_2021_and_points_to_m54_50(self) -> None:
        assert not codes.is_valid_icd10("M54.5")
        assert codes.icd10_description("M54.5") is not None
        problem = codes.icd10_problem("M54.5") or ""
        assert "not a billable code" in problem and "M54.50" in problem

    @pytest.mark.parametrize("code", ["", "XX", "Q99.99", "A00-B99", "12345", "I10X"])
    def test_text_that_is_not_a_code_has_no_description(self, code: str) -> None:
        assert codes.icd10_description(code) is None
        assert not codes.is_valid_icd10(code)

    def test_claims_carry_codes_without_the_dot_and_people_read_them_with_it(self) -> None:
        assert codes.icd10_for_claim(" e11.9 ") == "E119"
        assert codes.icd10_with_dot("E119") == "E11.9"
        assert codes.icd10_with_dot("I10") == "I10"

    @given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789. -", max_size=9))
    def test_any_typed_code_gets_an_answer_and_never_an_error(self, text: str) -> None:
        problem = codes.icd10_problem(text)
        assert (problem is None) == codes.is_valid_icd10(text)
        assert re.fullmatch(r"[A-Z0-9]*", codes.icd10_for_claim(text.replace("-", "")))


class TestClaimValues:
    def test_the_work_list_states_read_as_words(self) -> None:
        assert ClaimStatus.DENIED.label == "Denied"
        assert ClaimStatus.DENIED.adjudicated and ClaimStatus.PAID.adjudicated
        assert ClaimStatus.REPLACED.closed and not ClaimStatus.SUBMITTED.closed

    def test_stored_code_lists_are_read_back_without_blanks(self) -> None:
        assert split_codes("N382, MA130,,") == ["N382", "MA130"]
        assert split_codes("") == []
