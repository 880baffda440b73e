"""The X12 writers on their own: hand-made claims and payments, checked by pyx12 and by the
checks pyx12 does not make."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ehr_sim.documents.x12 import (
    Address,
    Adjustment,
    BillingProvider,
    ClaimBatch,
    Envelope,
    PaidClaim,
    PaidLine,
    Payee,
    Payer,
    Payment,
    Person,
    ProfessionalClaim,
    ProviderAdjustment,
    Receiver,
    RemittanceFile,
    RenderingProvider,
    ServiceLine,
    Submitter,
    Subscriber,
    X12Problem,
    amount,
    clean,
    npi_ok,
    write_835,
    write_837,
)
from tests.x12_support import problems_835, problems_837, pyx12_verdict, segments

DAY = date(2025, 1, 10)
HOME = Address("42 Elm Street", "Springfield", "IL", "62704")
JANE = Person("Doe", "Jane", "A", date(1980, 1, 15), "F", HOME)
TIM = Person("Doe", "Tim", "", date(2015, 3, 2), "M", HOME)
PLAN = Subscriber(JANE, "XYZ123456789", "Simulated Health Plan", "SIMPAYER01", "GRP001", "12")
VISIT = ServiceLine("99213", 13500, DAY, (1, 2), modifiers=("25",))
STREP = ServiceLine("87880", 5000, DAY, (1,), modifiers=("QW",))
SMITH = RenderingProvider("Smith", "John", "1999999992", "207Q00000X")
CLAIM = ProfessionalClaim(
    "PATACCT001", JANE, PLAN, ("J06.9", "R05.1"), (VISIT, STREP), rendering=SMITH
)


def batch(*claims: ProfessionalClaim) -> ClaimBatch:
    return ClaimBatch(
        Envelope("EHRSIM01", "SIMCLEAR01", 1, datetime(2025, 1, 15, 10, 30)),
        Submitter("EHR Sim Family Practice", "EHRSIM01", "Billing office", "555-555-0100"),
        Receiver("Simulated clearinghouse", "SIMCLEAR01"),
        BillingProvider(
            "EHR Sim Family Practice",
            "1234567893",
            "12-3456789",
            Address("100 Main Street", "Springfield", "IL", "62701-0001"),
            "207Q00000X",
        ),
        claims or (CLAIM,),
    )


def test_a_claim_with_two_lines_passes_pyx12_and_the_checks_it_does_not_make() -> None:
    text = write_837(batch())
    assert pyx12_verdict(text) == (True, [])
    assert problems_837(text) == []
    assert "CLM*PATACCT001*185***11:B:1*Y*A*Y*Y~" in text
    assert "HI*ABK:J069*ABF:R051~" in text
    assert "SV1*HC:99213:25*135*UN*1***1:2~" in text


def test_a_dependent_patient_gets_a_patient_loop_under_the_subscriber() -> None:
    child = dataclasses.replace(
        CLAIM,
        patient=TIM,
        subscriber=dataclasses.replace(PLAN, patient_relationship="19"),
        lines=(STREP,),
        diagnoses=("J02.0",),
    )
    text = write_837(batch(child))
    assert pyx12_verdict(text) == (True, [])
    tags = [s[:5] for s in segments(text) if s[0] in ("HL", "SBR", "PAT")]
    assert tags == [
        ["HL", "1", "", "20", "1"],
        ["HL", "2", "1", "22", "1"],
        ["SBR", "P", "", "GRP001", ""],
        ["HL", "3", "2", "23", "0"],
        ["PAT", "19"],
    ]


@pytest.mark.parametrize("frequency", [7, 8])
def test_a_replacement_or_void_carries_the_original_claim_number_after_the_claim(
    frequency: int,
) -> None:
    corrected = dataclasses.replace(
        CLAIM, frequency=frequency, original_claim_number="PAYERICN0001"
    )
    text = write_837(batch(corrected))
    assert pyx12_verdict(text) == (True, [])
    assert problems_837(text) == []
    assert f"CLM*PATACCT001*185***11:B:{frequency}*Y*A*Y*Y~\nREF*F8*PAYERICN0001~" in text


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"frequency": 9}, "frequency code 9"),
        ({"frequency": 7}, "needs the original claim number"),
        ({"original_claim_number": "X1"}, "carries no original claim number"),
        ({"lines": (dataclasses.replace(STREP, pointers=(3,)),)}, "diagnosis pointers [3]"),
        ({"diagnoses": ()}, "1 to 12 diagnoses"),
        ({"rendering": dataclasses.replace(SMITH, npi="1999999991")}, "NPI '1999999991'"),
        ({"patient_control_number": "X" * 21}, "1 to 20 characters"),
    ],
)
def test_a_claim_a_payer_would_turn_back_is_refused_with_the_reason(
    change: dict[str, object], says: str
) -> None:
    with pytest.raises(X12Problem, match=r"PATACCT001|X{21}") as refused:
        write_837(batch(dataclasses.replace(CLAIM, **change)))  # type: ignore[arg-type]
    assert says in str(refused.value)


def test_the_checks_pyx12_does_not_make_catch_what_it_lets_through() -> None:
    text = write_837(batch())
    tampered = (
        text.replace("1234567893", "1234567890")
        .replace("ABK:J069", "ABK:J06.9")
        .replace("11:B:1", "11:B:9")
        .replace("CLM*PATACCT001*185", "CLM*PATACCT001*186")
    )
    assert pyx12_verdict(tampered)[0] is True  # pyx12 accepts every one of these
    problems = problems_837(tampered)
    assert any("NPI 1234567890" in p for p in problems)
    assert any("'J06.9'" in p for p in problems)
    assert any("frequency code 9" in p for p in problems)
    assert any("CLM02 186" in p for p in problems)


def test_a_wrong_segment_count_fails_both_pyx12_and_our_check() -> None:
    text = write_837(batch())
    count = int(next(s for s in segments(text) if s[0] == "SE")[1])
    tampered = text.replace(f"SE*{count}*0001", f"SE*{count - 1}*0001")
    ok, errors = pyx12_verdict(tampered)
    assert not ok and errors
    assert problems_837(tampered) == [f"SE01 {count - 1} but ST0001 has {count} segments"]


def test_amounts_are_plain_decimals_and_text_loses_the_delimiters() -> None:
    assert [amount(c) for c in (13500, 2960, 10540, 5, -2500, 0)] == [
        "135",
        "29.6",
        "105.4",
        "0.05",
        "-25",
        "0",
    ]
    assert clean(" O'Brien*Zoë:~ ^ jr ") == "O'BRIEN ZOE JR"


def test_the_npi_check_digit_follows_the_cms_example() -> None:
    assert npi_ok("1234567893") and npi_ok("1999999992")
    assert not npi_ok("1234567890") and not npi_ok("123456789")


# -- 835 -------------------------------------------------------------------------------------
PAYER = Payer(
    "Simulated Health Plan",
    "SIMPAYER01",
    Address("PO Box 1000", "Springfield", "IL", "62701"),
    "5555550199",
    "999999999",
)
PAID = PaidClaim(
    "PATACCT001",
    "1",
    18500,
    10540,
    "12",
    "PAYERICN0001",
    JANE,
    "XYZ123456789",
    lines=(
        PaidLine(
            "99213",
            13500,
            8540,
            DAY,
            adjustments=(Adjustment("CO", "45", 2960), Adjustment("PR", "3", 2000)),
        ),
        PaidLine("87880", 5000, 2000, DAY, adjustments=(Adjustment("CO", "45", 3000),)),
    ),
)


def remittance(*payments: Payment) -> RemittanceFile:
    return RemittanceFile(Envelope("SIMCLEAR01", "EHRSIM01", 2, datetime(2025, 2, 1, 8)), payments)


def payment(*claims: PaidClaim, recoup: int = 0) -> Payment:
    plb = (ProviderAdjustment("WO", "PAYERICN0009", recoup),) if recoup else ()
    return Payment(
        PAYER,
        Payee("EHR Sim Family Practice", "1234567893"),
        date(2025, 2, 1),
        "CHK01",
        claims,
        plb,
    )


def test_a_paid_claim_with_a_recoupment_balances_and_passes_pyx12() -> None:
    text = write_835(remittance(payment(PAID, recoup=2500)))
    assert pyx12_verdict(text, ack=False) == (True, [])
    assert problems_835(text) == []
    assert "BPR*I*80.4*C*CHK************20250201~" in text
    assert "CLP*PATACCT001*1*185*105.4*20*12*PAYERICN0001*11*1~" in text
    assert "PLB*1234567893*20250201*WO:PAYERICN0009*25~" in text


def test_a_denied_claim_alone_is_a_notice_with_no_payment() -> None:
    denied = dataclasses.replace(
        PAID,
        paid_cents=0,
        lines=(
            PaidLine("99213", 18500, 0, DAY, adjustments=(Adjustment("CO", "16", 18500),),
                     remarks=("N382",)),
        ),
    )  # fmt: skip
    text = write_835(remittance(payment(denied)))
    assert pyx12_verdict(text, ack=False) == (True, [])
    assert problems_835(text) == []
    assert "BPR*H*0*C*NON" in text and "LQ*HE*N382~" in text


def test_a_claim_that_does_not_balance_is_refused() -> None:
    short = dataclasses.replace(PAID, paid_cents=10000)
    with pytest.raises(X12Problem, match=r"less adjustments 79\.6 is not the payment 100"):
        write_835(remittance(payment(short)))


def test_the_balance_check_catches_a_bpr_that_does_not_match_the_claims() -> None:
    text = write_835(remittance(payment(PAID))).replace("BPR*I*105.4", "BPR*I*105.5")
    assert pyx12_verdict(text, ack=False)[0] is True  # pyx12 checks no sums
    assert problems_835(text) == ["BPR02 105.5 is not the claims' 105.4 less PLB 0"]


@given(st.text())
def test_any_name_becomes_element_text_with_no_delimiters_or_edge_spaces(text: str) -> None:
    cleaned = clean(text)
    assert cleaned.isascii() and cleaned == cleaned.upper().strip()
    assert not set(cleaned) & set("*^:~\n\r") and "  " not in cleaned


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_every_amount_reads_back_as_the_same_cents(cents: int) -> None:
    assert Decimal(amount(cents)) * 100 == cents


@settings(max_examples=8, deadline=None)
@given(
    st.lists(
        st.sampled_from(["O'Brien", "Zoë", "a*b", "x:y~z", "Ñandú^", " van  der "]),
        min_size=3,
        max_size=3,
    )
)
def test_a_claim_with_awkward_names_still_passes_pyx12(names: list[str]) -> None:
    last, first, middle = names
    odd = dataclasses.replace(JANE, last_name=last, first_name=first, middle_name=middle)
    claim = dataclasses.replace(
        CLAIM, patient=odd, subscriber=dataclasses.replace(PLAN, person=odd)
    )
    text = write_837(batch(claim))
    assert pyx12_verdict(text) == (True, [])
    assert problems_837(text) == []


def test_a_claim_without_the_patients_last_name_is_refused() -> None:
    nameless = dataclasses.replace(JANE, last_name=" * ")
    with pytest.raises(X12Problem, match="the patient's last name is missing"):
        write_837(batch(dataclasses.replace(CLAIM, patient=nameless)))
