"""Checking X12 files in tests: pyx12's verdict, and the checks pyx12 does not make.

The checks here read the text on their own (segments split on `~`, elements on `*`) and do not
use the writer's helpers, so a mistake in the writer cannot hide itself.
"""

from __future__ import annotations

import io
import logging
from decimal import Decimal

import pyx12.params
import pyx12.x12n_document

Segment = list[str]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def pyx12_verdict(text: str, *, ack: bool = True) -> tuple[bool, list[str]]:
    """pyx12's answer (True when valid) and the errors it logged. `ack=False` for an 835, whose
    999 pyx12 cannot write (EXPORTS.md §5)."""
    collect = _Collect()
    logger = logging.getLogger("pyx12")
    logger.addHandler(collect)
    try:
        ok = pyx12.x12n_document.x12n_document(
            param=pyx12.params.params(),
            src_file=io.StringIO(text),
            fd_997=io.StringIO() if ack else None,
            fd_html=None,
        )
    finally:
        logger.removeHandler(collect)
    return bool(ok), collect.messages


def segments(text: str) -> list[Segment]:
    return [s.strip().split("*") for s in text.split("~") if s.strip()]


def npi_ok(npi: str) -> bool:
    """CMS's check: Luhn over the NPI with the 80840 prefix (EXPORTS.md §4)."""
    if len(npi) != 10 or not npi.isdigit() or npi[0] not in "12":
        return False
    total = 24
    for i, ch in enumerate(reversed(npi[:9])):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10 == int(npi[9])


def envelope_problems(text: str) -> list[str]:
    """SE01 counts ST..SE, SE02 = ST02, GE01 counts STs, GE02 = GS06, IEA01 counts GSs,
    IEA02 = ISA13, and the ISA is 106 characters."""
    problems = []
    if len(text.split("~")[0]) + 1 != 106:
        problems.append("the ISA is not 106 characters")
    isa: Segment = []
    gs: Segment = []
    st: Segment = []
    groups = transactions = count = 0
    for seg in segments(text):
        count += 1
        tag = seg[0]
        if tag == "ISA":
            isa = seg
        elif tag == "GS":
            gs, groups, transactions = seg, groups + 1, 0
        elif tag == "ST":
            st, count, transactions = seg, 1, transactions + 1
        elif tag == "SE":
            if int(seg[1]) != count:
                problems.append(f"SE01 {seg[1]} but ST{st[2]} has {count} segments")
            if seg[2] != st[2]:
                problems.append(f"SE02 {seg[2]} is not ST02 {st[2]}")
        elif tag == "GE":
            if int(seg[1]) != transactions or seg[2] != gs[6]:
                problems.append(f"GE {seg[1:]} for {transactions} transactions of GS {gs[6]}")
        elif tag == "IEA" and (int(seg[1]) != groups or seg[2] != isa[13]):
            problems.append(f"IEA {seg[1:]} for {groups} groups of ISA {isa[13]}")
    return problems


def _claims(text: str) -> list[list[Segment]]:
    """Each 837 claim's segments, from CLM to the next HL, CLM or SE."""
    claims: list[list[Segment]] = []
    current: list[Segment] | None = None
    for seg in segments(text):
        if seg[0] == "CLM":
            current = [seg]
            claims.append(current)
        elif seg[0] in ("HL", "SE"):
            current = None
        elif current is not None:
            current.append(seg)
    return claims


def problems_837(text: str) -> list[str]:
    """What a payer would turn back that pyx12 lets through."""
    problems = envelope_problems(text)
    for seg in segments(text):
        if seg[0] == "NM1" and len(seg) > 9 and seg[8] == "XX" and not npi_ok(seg[9]):
            problems.append(f"NM1*{seg[1]} NPI {seg[9]} fails the check digit")
    for claim in _claims(text):
        clm = claim[0]
        frequency = clm[5].split(":")[2]
        if frequency not in ("1", "7", "8"):
            problems.append(f"{clm[1]}: frequency code {frequency}")
        f8 = [s for s in claim if s[0] == "REF" and s[1] == "F8"]
        if len(f8) != (1 if frequency in ("7", "8") else 0):
            problems.append(f"{clm[1]}: {len(f8)} REF*F8 with frequency {frequency}")
        codes = [c.split(":")[1] for s in claim if s[0] == "HI" for c in s[1:]]
        for code in codes:
            if "." in code or not code.isalnum() or code != code.upper():
                problems.append(f"{clm[1]}: diagnosis {code!r} is not as a claim carries it")
        lines = [s for s in claim if s[0] == "SV1"]
        if not lines or Decimal(clm[2]) != sum(Decimal(s[2]) for s in lines):
            problems.append(f"{clm[1]}: CLM02 {clm[2]} is not the sum of its SV102s")
        for line in lines:
            pointers = [int(p) for p in line[7].split(":")] if len(line) > 7 else []
            if not pointers or any(not 1 <= p <= len(codes) for p in pointers):
                problems.append(f"{clm[1]}: pointers {line[7:8]} for {len(codes)} diagnoses")
    return problems


def problems_835(text: str) -> list[str]:
    """The 835's balancing (EXPORTS.md §5): lines, claims, and the payment against BPR02."""
    problems = envelope_problems(text)
    bpr: Segment = []
    clp: Segment = []
    svc: Segment = []
    paid = plb = Decimal(0)
    claim_cas = line_cas = patient = Decimal(0)

    def close_line() -> None:
        nonlocal svc, line_cas
        if svc and Decimal(svc[2]) - line_cas != Decimal(svc[3]):
            problems.append(f"{clp[1]} {svc[1]}: {svc[2]} - {line_cas} != {svc[3]}")
        svc, line_cas = [], Decimal(0)

    def close_claim() -> None:
        nonlocal clp, claim_cas, patient
        close_line()
        if clp:
            if Decimal(clp[3]) - claim_cas != Decimal(clp[4]):
                problems.append(f"{clp[1]}: {clp[3]} - {claim_cas} != CLP04 {clp[4]}")
            if Decimal(clp[5]) != patient:
                problems.append(f"{clp[1]}: CLP05 {clp[5]} is not the PR total {patient}")
        clp, claim_cas, patient = [], Decimal(0), Decimal(0)

    for seg in segments(text):
        tag = seg[0]
        if tag == "BPR":
            bpr, paid, plb = seg, Decimal(0), Decimal(0)
        elif tag == "CLP":
            close_claim()
            clp = seg
            paid += Decimal(seg[4])
        elif tag == "SVC":
            close_line()
            svc = seg
        elif tag == "CAS":
            if seg[1] not in ("CO", "PR", "OA", "PI"):
                problems.append(f"CAS group {seg[1]}")
            amounts = [Decimal(seg[i]) for i in range(3, len(seg), 3) if seg[i]]
            claim_cas += sum(amounts, Decimal(0))
            if svc:
                line_cas += sum(amounts, Decimal(0))
            if seg[1] == "PR":
                patient += sum(amounts, Decimal(0))
        elif tag == "PLB":
            plb += sum((Decimal(seg[i]) for i in range(4, len(seg), 2)), Decimal(0))
        elif tag == "SE":
            close_claim()
            if Decimal(bpr[2]) != paid - plb:
                problems.append(f"BPR02 {bpr[2]} is not the claims' {paid} less PLB {plb}")
    return problems
