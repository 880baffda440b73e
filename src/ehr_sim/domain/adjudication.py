"""The simulated payer's decision on a claim: what it allows, pays, and adjusts, and why.

A pure function of the claim, the plan's rules and the member's accumulators (deductible
met this plan year): no clock, no randomness, so a seed and a claim always give the same
remittance. Claim-level edits run first (duplicate, timely filing, coverage dates,
coordination of benefits, referral); then each line (prior authorization, modifiers,
bundling, medical necessity); then what is left is priced from the fee schedule (CO-45) and
shared with the patient (co-pay PR-3, deductible PR-1, coinsurance PR-2). Every decision
balances: charge = paid + adjustments, on each line and on the claim.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

# Codes whose modifiers we check, and which modifiers fit them.
EM_CODES = frozenset(
    {"99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215"}
)
PREVENTIVE_CODES = frozenset(
    {"99381", "99382", "99383", "99384", "99385", "99386", "99387"}
    | {"99391", "99392", "99393", "99394", "99395", "99396", "99397"}
)
# Minor procedures an E/M visit on the same day is bundled into, unless modifier 25 says
# the visit was significant and separate.
MINOR_PROCEDURES = frozenset({"17110", "20610", "96372", "11102", "69210"})
# Modifiers each kind of code may carry; any other modifier is inconsistent (CO-4).
MODIFIERS_ALLOWED: dict[str, frozenset[str]] = {
    "em": frozenset({"25", "GA"}),
    "lab": frozenset({"QW", "59", "GA", "91"}),
    "other": frozenset({"59", "GA", "RT", "LT", "76"}),
}
LAB_CODES = frozenset({"87880", "81002", "36415", "82962", "85018", "87804"})
# Services this payer pays only for some diagnoses (the first letters of ICD-10-CM codes,
# claim form without dots), as a local coverage rule would say.
NECESSITY: dict[str, tuple[str, ...]] = {
    "87880": ("J02", "J03", "J06", "R50", "R07", "J39"),
    "93000": ("I", "R00", "R01", "R07", "R06", "R42", "R55", "E11", "Z0181"),
    "J0897": ("M80", "M81"),
}
# Services that need a prior authorization on plans that require them.
PRIOR_AUTH_CODES = frozenset({"J0897", "20610", "72148", "73721"})
DEFAULT_TIMELY_FILING_DAYS = 180


@dataclass(frozen=True, slots=True)
class PlanRules:
    """What the plan says about paying a claim."""

    fee_schedule: Mapping[str, int]  # CPT/HCPCS -> allowed cents per unit
    deductible_cents: int = 0
    coinsurance_percent: int = 0
    copay_cents: int = 0  # per office visit (E/M line)
    requires_referral: bool = False
    requires_prior_auth: bool = False
    timely_filing_days: int = DEFAULT_TIMELY_FILING_DAYS
    necessity: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: NECESSITY)
    prior_auth_codes: frozenset[str] = PRIOR_AUTH_CODES


@dataclass(frozen=True, slots=True)
class ServiceLine:
    """One line as billed: code, modifiers, units, charge and the diagnoses it points to."""

    line_no: int
    cpt: str
    charge_cents: int
    units: int = 1
    modifiers: tuple[str, ...] = ()
    diagnoses: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PriorPayer:
    """What the primary payer decided, carried on a secondary claim (837P loop 2320)."""

    paid_cents: int
    contractual_cents: int  # CO and PI: nobody may collect it
    patient_cents: int  # PR: what the primary left to the patient


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """A claim as the payer receives it, with what the payer knows about the member."""

    member_id: str
    service_date: date
    received_on: date
    lines: tuple[ServiceLine, ...]
    coverage_start: date
    coverage_end: date | None = None
    prior_auth_number: str = ""
    referral_on_file: bool = True
    specialist: bool = False  # the visit is with a specialist, not the member's PCP
    other_payer_primary: bool = False  # the payer's COB file names another payer first
    prior_payer: PriorPayer | None = None  # set on a secondary claim


@dataclass(frozen=True, slots=True)
class Accumulator:
    """A member's running totals for one plan year."""

    deductible_met_cents: int = 0


@dataclass(frozen=True, slots=True)
class Adjustment:
    group: str  # CO, PR, OA, PI
    carc: str
    amount_cents: int
    rarcs: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return f"{self.group}-{self.carc}"


@dataclass(frozen=True, slots=True)
class LineDecision:
    line_no: int
    cpt: str
    charge_cents: int
    allowed_cents: int
    paid_cents: int
    adjustments: tuple[Adjustment, ...]

    @property
    def balanced(self) -> bool:
        return self.paid_cents + sum(a.amount_cents for a in self.adjustments) == (
            self.charge_cents
        )


@dataclass(frozen=True, slots=True)
class Decision:
    """The remittance for one claim: its lines, what it paid, and the member's new totals."""

    lines: tuple[LineDecision, ...]
    accumulator: Accumulator

    @property
    def charge_cents(self) -> int:
        return sum(line.charge_cents for line in self.lines)

    @property
    def paid_cents(self) -> int:
        return sum(line.paid_cents for line in self.lines)

    @property
    def adjustments(self) -> tuple[Adjustment, ...]:
        """The claim's adjustments, same group and reason added up (the ERA's claim CAS)."""
        totals: dict[tuple[str, str, tuple[str, ...]], int] = {}
        for line in self.lines:
            for a in line.adjustments:
                key = (a.group, a.carc, a.rarcs)
                totals[key] = totals.get(key, 0) + a.amount_cents
        return tuple(Adjustment(g, c, amount, r) for (g, c, r), amount in totals.items())

    @property
    def patient_cents(self) -> int:
        return sum(a.amount_cents for a in self.adjustments if a.group == "PR")

    @property
    def denied(self) -> bool:
        """Nothing paid and nothing left to the patient: a denial to work."""
        return self.paid_cents == 0 and self.patient_cents == 0

    @property
    def balanced(self) -> bool:
        return all(line.balanced for line in self.lines)


def duplicate_key(claim: ClaimFacts) -> tuple[str, date, tuple[tuple[str, int, int], ...]]:
    """What makes two claims the same service to the payer (member, date, codes, charges)."""
    return (
        claim.member_id.strip().upper(),
        claim.service_date,
        tuple(sorted((line.cpt, line.units, line.charge_cents) for line in claim.lines)),
    )


def adjudicate(
    claim: ClaimFacts,
    plan: PlanRules,
    accumulator: Accumulator = Accumulator(),
    *,
    duplicate: bool = False,
) -> Decision:
    """Decide one claim. `duplicate`: the payer already holds a claim with the same
    `duplicate_key` (the caller keeps that history)."""
    denial = _claim_denial(claim, plan, duplicate=duplicate)
    if denial is not None:
        group, carc, rarcs = denial
        lines = tuple(_denied(line, group, carc, rarcs) for line in claim.lines)
        return Decision(lines, accumulator)
    codes = {line.cpt for line in claim.lines}
    decided: list[LineDecision] = []
    copay_left = plan.copay_cents
    deductible_left = max(plan.deductible_cents - accumulator.deductible_met_cents, 0)
    met = accumulator.deductible_met_cents
    for line in claim.lines:
        line_denial = _line_denial(line, claim, plan, codes)
        if line_denial is not None:
            decided.append(_denied(line, *line_denial))
            continue
        allowed = _allowed(line, plan)
        adjustments: list[Adjustment] = []
        if line.charge_cents > allowed:
            adjustments.append(Adjustment("CO", "45", line.charge_cents - allowed))
        left = allowed
        if line.cpt not in PREVENTIVE_CODES:  # preventive care has no cost sharing
            copay = min(copay_left, left) if line.cpt in EM_CODES else 0
            copay_left -= copay
            left -= copay
            deductible = min(deductible_left, left)
            deductible_left -= deductible
            met += deductible
            left -= deductible
            coinsurance = _percent(left, plan.coinsurance_percent)
            left -= coinsurance
            adjustments += [
                Adjustment("PR", carc, cents)
                for carc, cents in (("3", copay), ("1", deductible), ("2", coinsurance))
                if cents
            ]
        decided.append(
            LineDecision(
                line.line_no, line.cpt, line.charge_cents, allowed, left, tuple(adjustments)
            )
        )
    result = Decision(tuple(decided), Accumulator(deductible_met_cents=met))
    if claim.prior_payer is not None:
        return _as_secondary(result, claim.prior_payer)
    return result


def _claim_denial(
    claim: ClaimFacts, plan: PlanRules, *, duplicate: bool
) -> tuple[str, str, tuple[str, ...]] | None:
    if duplicate:
        return "CO", "18", ()
    if (claim.received_on - claim.service_date).days > plan.timely_filing_days:
        return "CO", "29", ()
    if claim.service_date < claim.coverage_start or (
        claim.coverage_end is not None and claim.service_date > claim.coverage_end
    ):
        return "CO", "27", ()
    if claim.other_payer_primary and claim.prior_payer is None:
        return "CO", "22", ("MA04",)
    if plan.requires_referral and claim.specialist and not claim.referral_on_file:
        return "CO", "242", ("N286",)
    return None


def _line_denial(
    line: ServiceLine, claim: ClaimFacts, plan: PlanRules, codes: set[str]
) -> tuple[str, str, tuple[str, ...]] | None:
    if (
        plan.requires_prior_auth
        and line.cpt in plan.prior_auth_codes
        and not claim.prior_auth_number.strip()
    ):
        return "CO", "197", ()
    kind = "em" if line.cpt in EM_CODES else "lab" if line.cpt in LAB_CODES else "other"
    if any(m not in MODIFIERS_ALLOWED[kind] for m in line.modifiers):
        return "CO", "4", ()
    if line.cpt in EM_CODES and codes & MINOR_PROCEDURES and "25" not in line.modifiers:
        return "CO", "97", ("N20",)
    needed = plan.necessity.get(line.cpt)
    if needed is not None:
        pointed = [d.replace(".", "").upper() for d in line.diagnoses]
        if not any(d.startswith(needed) for d in pointed):
            return "CO", "50", ("N115",)
    return None


def _denied(line: ServiceLine, group: str, carc: str, rarcs: tuple[str, ...]) -> LineDecision:
    adjustment = Adjustment(group, carc, line.charge_cents, rarcs)
    return LineDecision(line.line_no, line.cpt, line.charge_cents, 0, 0, (adjustment,))


def _allowed(line: ServiceLine, plan: PlanRules) -> int:
    rate = plan.fee_schedule.get(line.cpt)
    if rate is None:
        return line.charge_cents  # no contracted rate: the charge is allowed
    return min(line.charge_cents, rate * line.units)


def _percent(cents: int, percent: int) -> int:
    """`percent` of `cents`, half a cent rounded up, in integers."""
    return (cents * percent + 50) // 100


def _as_secondary(own: Decision, prior: PriorPayer) -> Decision:
    """A secondary payer's answer: what the primary settled is OA-23; of what the primary
    left to the patient, the secondary pays up to what it would have paid as primary."""
    charge = own.charge_cents
    settled = min(prior.paid_cents + prior.contractual_cents, charge)
    owed = min(prior.patient_cents, charge - settled)
    pays = min(own.paid_cents, owed)
    lines: list[LineDecision] = []
    left_settled, left_pays, left_owed = settled, pays, owed - pays
    for line in own.lines:
        share = line.charge_cents
        settled_here = min(left_settled, share)
        pays_here = min(left_pays, share - settled_here)
        patient_here = min(left_owed, share - settled_here - pays_here)
        rest = share - settled_here - pays_here - patient_here
        left_settled -= settled_here
        left_pays -= pays_here
        left_owed -= patient_here
        adjustments = [
            Adjustment(group, carc, cents)
            for group, carc, cents in (
                ("OA", "23", settled_here),
                ("PR", "2", patient_here),
                ("CO", "45", rest),
            )
            if cents
        ]
        lines.append(replace(line, paid_cents=pays_here, adjustments=tuple(adjustments)))
    return Decision(tuple(lines), own.accumulator)
