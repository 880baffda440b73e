"""The pack format as pydantic models; `ehr-sim packs schema` exports them as JSON Schema.

Every model forbids unknown fields, so a misspelt key is an error with its line, not a
silently ignored setting. Times are relative strings (see when.py); references are
lower-case ids that name records, events, dialogue choices and criteria inside a scenario.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from ehr_sim.packs.formats import CURRENT_FORMAT
from ehr_sim.packs.when import parse_offset, parse_when


def _when(text: str) -> str:
    parse_when(text).on(_SAMPLE_DAY)  # '+99999w' parses but leaves the calendar
    return text


_SAMPLE_DAY = date(2026, 1, 5)


def _offset(text: str) -> str:
    parse_offset(text)
    return text


Ref = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
WhenText = Annotated[str, AfterValidator(_when)]
OffsetText = Annotated[str, AfterValidator(_offset)]
VersionText = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,9}\.[0-9]{1,9}(\.[0-9]{1,9})?$")]
Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Scalar = str | int | bool


class Strict(BaseModel):
    # Unquoted numbers (a version 1.0, a ZIP code) are read as the text they look like.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Skill(enum.StrEnum):
    """The certification exam's domains, so a debrief maps to what trainees are tested on."""

    FOUNDATIONAL = "foundational_knowledge"
    COMMUNICATION = "communication"
    COMPLIANCE = "law_ethics_compliance"
    SCHEDULING = "scheduling"
    PATIENT_ENCOUNTER = "patient_encounter"
    BILLING = "billing_revenue_cycle"
    ADMINISTRATIVE = "administrative"


# -- the manifest -------------------------------------------------------------------------
class Manifest(Strict):
    """pack.yaml: who made the pack and which scenario files it holds."""

    id: Ref
    title: str = Field(min_length=3, max_length=120)
    version: VersionText
    author: str = Field(min_length=2)
    licence: str = Field(min_length=2)
    min_app_version: VersionText
    format: int = Field(default=CURRENT_FORMAT, ge=1)
    description: str = ""
    scenarios: list[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_\-]+\.ya?ml$")]] = Field(
        min_length=1
    )


# -- matching actions and conditions ------------------------------------------------------
class ValueCheck(Strict):
    """A test on one value: present or absent, inside a window of days, before or after a
    time of day, containing or leaving out words. Every test given must hold; an absent value
    fails all but `present: false`."""

    present: bool | None = None
    between: tuple[WhenText, WhenText] | None = None
    before: Clock | None = None
    after: Clock | None = None
    contains: list[str] = []  # text: every one of these words or phrases is in it
    excludes: list[str] = []  # text: none of these words or phrases is in it


# What a `where` filter may give for one argument: a value, a list of acceptable values, or a
# value check.
WhereValue = Scalar | list[Scalar] | ValueCheck


class ActionMatch(Strict):
    """Actions in the log that count: by name, arguments and outcome.

    `where` values may name a setup record as "@ref" (its id in this play), or a list of
    acceptable values. `earliest_fit` (bookings only): the visit took, or did not take, the
    earliest open slot that fits its visit type with that provider at the time it was booked."""

    action: str
    where: dict[str, WhereValue] = {}
    outcome: Literal["done", "refused", "any"] = "done"
    earliest_fit: bool | None = None


class Done(Strict):
    kind: Literal["done"]
    match: ActionMatch


class NotDone(Strict):
    kind: Literal["not_done"]
    match: ActionMatch


class DoneBefore(Strict):
    """`first` happened, and before any `then`."""

    kind: Literal["done_before"]
    first: ActionMatch
    then: ActionMatch


class Since(Strict):
    """Where a timed condition's clock starts: when an event fired, or the first time the
    trainee did an action or gave a reply. `title` names that moment in the debrief."""

    event: Ref | None = None
    action: str | None = None
    where: dict[str, WhereValue] = {}
    outcome: Literal["done", "refused", "any"] = "done"
    choice: Ref | None = None
    title: str = ""

    @model_validator(mode="after")
    def _one_start(self) -> Since:
        given = [k for k in ("event", "action", "choice") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of event, action or choice")
        if self.where and self.action is None:
            raise ValueError("'where' filters an action: add 'action'")
        return self

    def as_match(self) -> ActionMatch:
        """The action this start is, as a match (only when `action` is given)."""
        return ActionMatch(action=self.action or "", where=self.where, outcome=self.outcome)


class _Timed(Strict):
    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, populate_by_name=True
    )

    match: ActionMatch
    after: Ref | None = None
    start: Since | None = Field(default=None, alias="from")
    minutes: float = Field(gt=0, le=240)

    @model_validator(mode="after")
    def _one_start(self) -> _Timed:
        if (self.after is None) == (self.start is None):
            raise ValueError("give either 'after: <event id>' or 'from: {...}', not both")
        return self

    @property
    def since(self) -> Since:
        """When the clock starts; `after: x` is short for `from: {event: x}`."""
        return self.start if self.start is not None else Since(event=self.after)


class DoneWithin(_Timed):
    """The action happened within `minutes` simulated minutes of the start (`after`/`from`)."""

    kind: Literal["done_within"]


class Late(_Timed):
    """The start happened and the action did not follow within `minutes` (critical errors)."""

    kind: Literal["late"]


class ChoiceMade(Strict):
    """A dialogue choice was made (or, with made: false, avoided)."""

    kind: Literal["choice"]
    choice: Ref
    made: bool = True


class RecordCheck(ValueCheck):
    """A named record's field at the end: equal to a value (tolerant compares like an office)
    and/or passing the value checks; every test given must hold.

    A list means any of these values; "@ref" a named record's id; "+3bd 14:00" that time.
    `equals: null` means the field is empty; leaving `equals` out means no equality test."""

    record: Ref
    field: str
    equals: Scalar | list[Scalar] | None = None
    compare: Literal["tolerant", "exact"] = "exact"

    @property
    def has_equals(self) -> bool:
        return "equals" in self.model_fields_set

    @property
    def has_value_test(self) -> bool:
        return (
            self.present is not None
            or self.between is not None
            or self.before is not None
            or self.after is not None
            or bool(self.contains or self.excludes)
        )


class RecordState(RecordCheck):
    """`record_state`: a named record's field equals a value and/or passes value checks."""

    kind: Literal["record_state"]


class VariableIs(Strict):
    kind: Literal["variable"]
    variable: Ref
    equals: Scalar


class FalseStatement(Strict):
    """A reply with `true_if` was given while it was not true (`choice`: that reply only)."""

    kind: Literal["false_statement"]
    choice: Ref | None = None


# -- combining, windows, presence and counts (docs/packs.md, section 7) ----------------------
class AnyOf(Strict):
    """At least one of the conditions holds."""

    kind: Literal["any_of"]
    conditions: list[Condition] = Field(min_length=1)


class AllOf(Strict):
    """Every one of the conditions holds."""

    kind: Literal["all_of"]
    conditions: list[Condition] = Field(min_length=1)


class Not(Strict):
    """The condition does not hold."""

    kind: Literal["not"]
    condition: Condition


class RecordValue(RecordCheck):
    """`record_value`: the older name of `record_state`, kept so packs using it still work."""

    kind: Literal["record_value"]


class Count(Strict):
    """How many log entries match: at least `min`, at most `max` (either may be left out)."""

    kind: Literal["count"]
    match: ActionMatch
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)


Condition = Annotated[
    Done
    | NotDone
    | DoneBefore
    | DoneWithin
    | Late
    | ChoiceMade
    | RecordState
    | VariableIs
    | FalseStatement
    | AnyOf
    | AllOf
    | Not
    | RecordValue
    | Count,
    Field(discriminator="kind"),
]


for _model in (AnyOf, AllOf, Not, ActionMatch):
    _model.model_rebuild()


class Feedback(Strict):
    """What the debrief says when the criterion is met, and when it is missed."""

    met: str = Field(min_length=3)
    missed: str = Field(min_length=3)


class Criterion(Strict):
    id: Ref
    title: str = Field(min_length=3)
    when: Condition
    points: int = Field(ge=-100, le=100)
    skill: Skill
    feedback: Feedback


class CriticalError(Strict):
    """A harmful act: caps the score and is listed first in the debrief."""

    id: Ref
    title: str = Field(min_length=3)
    when: Condition
    cap: int = Field(default=0, ge=0, le=100)
    ends_scenario: bool = True
    feedback: str = Field(min_length=3)


# -- dialogue and events ---------------------------------------------------------------------
class Choice(Strict):
    """Something the trainee can say; `requires` are EHR actions to do first.

    `label` is what the trainee does with the words ("Ask for two identifiers"), shown on
    the reply's button above `say`. A reply that states a fact names it in `claims` and
    when it is true in `true_if`: said while false, it is logged as a false statement."""

    id: Ref
    say: str = Field(min_length=1)
    label: str = Field(default="", max_length=60)
    true_if: Condition | None = None
    claims: str = Field(default="", max_length=120)
    next: Ref | Literal["end"]
    requires: list[ActionMatch] = []
    only_if: Condition | None = None
    hint: str = ""
    sets: dict[Ref, Scalar] = {}


class Node(Strict):
    """What the other person says, and the trainee's possible replies."""

    says: str = Field(min_length=1)
    choices: list[Choice] = []
    ends: bool = False


class Dialogue(Strict):
    start: Ref
    nodes: dict[Ref, Node] = Field(min_length=1)


class EventBase(Strict):
    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, populate_by_name=True
    )

    id: Ref
    at: OffsetText
    title: str = ""  # how the debrief names its moment: "1:30 after <title>"
    as_: Ref | None = Field(default=None, alias="as")  # another name for what it creates
    only_if: Condition | None = None
    unless: Condition | None = None
    sets: dict[Ref, Scalar] = {}


class PhoneCall(EventBase):
    kind: Literal["phone_call"]
    caller: Ref | None = None
    caller_name: str
    claims_to_be: str
    dialogue: Dialogue


class WalkIn(EventBase):
    kind: Literal["walk_in"]
    patient: Ref | None = None
    person: str
    complaint: str
    dialogue: Dialogue


class MessageArrives(EventBase):
    """A new item for the front desk. A fax (`channel: fax`) arrives in the fax log, with its
    cover sheet's fields; its event id stands for the fax (`fax_id: "@event"`)."""

    kind: Literal["message"]
    channel: Literal["message", "fax", "voicemail", "portal"] = "message"
    sender: str
    subject: str
    body: str
    # Fax only: the sender's fax number, who and which number the cover sheet addresses
    # (default: this office), the pages, and the patient the pages are about as they name them.
    sender_fax: str = ""
    to: str = ""
    to_fax: str = ""
    pages: int = Field(1, ge=1, le=200)
    about_name: str = ""
    about_dob: WhenText | None = None


class Adjustment(Strict):
    group: Literal["CO", "PR", "OA", "PI"]
    carc: Annotated[str, StringConstraints(pattern=r"^[A-Z]?\d{1,3}$")]
    rarc: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]{1,2}\d{1,4}$")]] = []
    amount: Annotated[str, StringConstraints(pattern=r"^\d{1,7}(\.\d{2})?$")]


class RemittanceArrives(EventBase):
    kind: Literal["remittance"]
    claim: Ref
    payer_claim_number: str = Field(min_length=3)
    paid: Annotated[str, StringConstraints(pattern=r"^\d{1,7}(\.\d{2})?$")] = "0.00"
    adjustments: list[Adjustment] = Field(min_length=1)
    auto_post: bool = True


class Update(EventBase):
    """A change in someone already on stage ("Robert looks grey and faint"); with `hangs_up`,
    the caller of the `about` phone call hangs up (a call still ringing, on hold or active)."""

    kind: Literal["update"]
    about: Ref
    text: str
    hangs_up: bool = False


Event = Annotated[
    PhoneCall | WalkIn | MessageArrives | RemittanceArrives | Update,
    Field(discriminator="kind"),
]


# -- setup records ---------------------------------------------------------------------------
class MedicationSetup(Strict):
    """A medicine on the patient's current medication list."""

    name: str = Field(min_length=2, max_length=80)
    dose: str = Field("", max_length=40)
    frequency: str = Field("", max_length=40)
    started: WhenText = "-1y"
    refills_left: int = Field(0, ge=0, le=12)


class ChartNoteSetup(Strict):
    """A note already in the chart: what a colleague wrote, and when."""

    text: str = Field(min_length=2)
    written: WhenText = "-1d"
    author: str = Field("Riverside Family Practice", min_length=2, max_length=60)


class PatientSetup(Strict):
    first_name: str
    last_name: str
    dob: WhenText
    sex: Literal["F", "M", "X"]
    phone: str
    address1: str
    city: str = "Columbus"
    state: str = "OH"
    zip_code: str = "43215"
    mobile: str = ""
    email: str = ""
    pcp: str | None = None
    privacy_notice: bool = True
    authorised_contacts: list[str] = []
    medications: list[MedicationSetup] = []
    chart_notes: list[ChartNoteSetup] = []


class CoverageSetup(Strict):
    patient: Ref
    payer: str
    plan: str | None = None
    member_id: str
    card_member_id: str | None = None
    group_number: str = ""
    effective: WhenText = "-1y"
    terminated: WhenText | None = None
    rank: Literal[1, 2] = 1
    # The insured when it is not the patient (a child on a parent's plan); default: the patient.
    subscriber_name: str | None = Field(default=None, min_length=3)
    subscriber_dob: WhenText | None = None
    subscriber_relationship: Literal["self", "spouse", "child", "other"] | None = None

    @model_validator(mode="after")
    def _whole_subscriber(self) -> CoverageSetup:
        given = (self.subscriber_name, self.subscriber_dob, self.subscriber_relationship)
        if any(v is not None for v in given) and any(v is None for v in given):
            raise ValueError(
                "give all of subscriber_name, subscriber_dob and subscriber_relationship, or "
                "none (the patient is the subscriber)"
            )
        return self


class AppointmentSetup(Strict):
    patient: Ref
    provider: str
    type: str
    start: WhenText
    status: Literal["scheduled", "confirmed", "checked_in", "completed"] = "scheduled"
    reason: str = ""


class ClaimLine(Strict):
    cpt: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{5}$")]
    modifiers: list[Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2}$")]] = []
    units: int = Field(default=1, ge=1, le=99)
    charge: Annotated[str, StringConstraints(pattern=r"^\d{1,7}(\.\d{2})?$")]
    pointers: list[Literal["A", "B", "C", "D"]] = ["A"]


class ClaimSetup(Strict):
    patient: Ref
    coverage: Ref
    provider: str
    service_date: WhenText
    submitted: WhenText
    diagnoses: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]\d{2}\.?[A-Z0-9]{0,4}$")]] = (
        Field(min_length=1, max_length=12)
    )
    lines: list[ClaimLine] = Field(min_length=1)
    # `rejected`: the clearinghouse sent it back before any payer saw it, with `rejection`
    # (what its acknowledgement report says); `accepted`: the payer took it in for processing;
    # default `submitted`: sent, waiting for an answer.
    status: Literal["submitted", "accepted", "rejected"] = "submitted"
    rejection: str = ""

    @model_validator(mode="after")
    def _rejection_given(self) -> ClaimSetup:
        if (self.status == "rejected") != bool(self.rejection.strip()):
            raise ValueError(
                "a rejected claim needs `rejection` (what the report says), and only a "
                "rejected claim has one"
            )
        return self


class FreeTime(Strict):
    """A stretch of a provider's day the scenario needs open (generated visits there go)."""

    provider: str
    start: WhenText
    minutes: int = Field(ge=15, le=480)


# -- more setup records: waitlist, results, in-basket, accounts, blocks, people ---------------
MoneyText = Annotated[str, StringConstraints(pattern=r"^-?\d{1,7}(\.\d{2})?$")]


class WaitlistSetup(Strict):
    """A patient already waiting for an earlier visit between two days."""

    patient: Ref
    type: str
    provider: str | None = None
    earliest: WhenText = "+0d"
    latest: WhenText = "+14d"
    notes: str = ""
    added: WhenText = "-7d 09:00"


class ResultSetup(Strict):
    """A lab or imaging result in the chart; without `reviewed_by` it still waits for the
    provider's review (and must not be released to the patient)."""

    patient: Ref
    kind: Literal["lab", "imaging"]
    name: str = Field(min_length=2)
    value: str
    unit: str = ""
    reference_range: str = ""
    flag: Literal["", "H", "L", "A", "critical"] = ""
    # `resulted_on` is the same field under the name checks and placeholders also accept.
    resulted: WhenText = Field("-1d", validation_alias=AliasChoices("resulted", "resulted_on"))
    reviewed_by: str | None = None
    reviewed: WhenText | None = None


class InboxSetup(Strict):
    """An in-basket item waiting at the start: a staff message, fax, voicemail or portal note."""

    channel: Literal["message", "fax", "voicemail", "portal"] = "message"
    sender: str = Field(min_length=2)
    subject: str = Field(min_length=2)
    body: str = ""
    patient: Ref | None = None
    for_staff: str = "front desk"
    urgent: bool = False
    callback: str = ""
    received: WhenText = "+0d 07:30"


class LedgerLineSetup(Strict):
    """A charge (positive), or a payment or adjustment (negative), on the patient's account."""

    kind: Literal["charge", "payment", "adjustment"]
    amount: MoneyText
    description: str = Field(min_length=2)
    posted: WhenText = "-30d"


class AccountSetup(Strict):
    """A patient's account balance, as the ledger lines that make it."""

    patient: Ref
    lines: list[LedgerLineSetup] = Field(min_length=1)


class PaymentSetup(Strict):
    """A receipt taken at the front desk, as it was posted (method as keyed, which may be
    wrong); `voided` gives the reason it was voided, and it stays on file."""

    patient: Ref
    amount: MoneyText
    method: Literal["cash", "check", "card"]
    received: WhenText = "+0d 09:00"
    receipt: str = Field(default="", max_length=12)
    reference: str = Field(default="", max_length=30)
    purpose: Literal["copay", "payment"] = "copay"
    voided: str = Field(default="", max_length=200)


class ProviderBlock(Strict):
    """Time a provider is not available on one day (a meeting, a procedure, a half day off)."""

    provider: str
    start: WhenText
    minutes: int = Field(ge=15, le=600)
    label: str = "unavailable"


class PersonSetup(Strict):
    """Someone who is not a patient but calls or comes in about one; `knows` lists what they
    can tell (their answers in the dialogue should agree)."""

    name: str = Field(min_length=2)
    relation: str = Field(min_length=2)
    about: Ref
    phone: str = ""
    knows: list[str] = []
    authorised: bool = False


class ExpectedDocumentSetup(Strict):
    """A document a visit waits for from elsewhere (an outside lab, imaging, hospital records)
    or a form to be signed; chart prep flags it until it is marked received."""

    patient: Ref
    appointment: Ref | None = None
    kind: Literal["lab", "imaging", "records", "form"]
    name: str = Field(min_length=2, max_length=80)
    source: str = Field(default="", max_length=80)
    requested: WhenText | None = None
    received: WhenText | None = None


class StockSetup(Strict):
    """An inventory item named for the scenario (by its code), and optionally its shelf count
    when the scenario starts (left out: the generated clinic's count)."""

    item: str
    on_hand: int | None = Field(default=None, ge=0, le=100_000)


class PurchaseOrderSetup(Strict):
    """A purchase order already placed and not yet received; its lines are `order_lines`."""

    supplier: str = Field(min_length=2)
    ordered: WhenText = "-5d 10:00"
    expected: WhenText = "+0d"
    rush: bool = False
    note: str = ""


class OrderLineSetup(Strict):
    """One item on a setup purchase order, in packs (boxes), none received yet."""

    order: Ref
    item: str
    packs: int = Field(ge=1, le=999)


class Setup(Strict):
    keep_free: list[FreeTime] = []
    patients: dict[Ref, PatientSetup] = {}
    coverages: dict[Ref, CoverageSetup] = {}
    appointments: dict[Ref, AppointmentSetup] = {}
    claims: dict[Ref, ClaimSetup] = {}
    waitlist: dict[Ref, WaitlistSetup] = {}
    results: dict[Ref, ResultSetup] = {}
    inbox: dict[Ref, InboxSetup] = {}
    accounts: dict[Ref, AccountSetup] = {}
    payments: dict[Ref, PaymentSetup] = {}
    provider_blocks: dict[Ref, ProviderBlock] = {}
    people: dict[Ref, PersonSetup] = {}
    expected_documents: dict[Ref, ExpectedDocumentSetup] = {}
    stock: dict[Ref, StockSetup] = {}
    purchase_orders: dict[Ref, PurchaseOrderSetup] = {}
    order_lines: dict[Ref, OrderLineSetup] = {}


# -- the scenario ----------------------------------------------------------------------------
class World(Strict):
    seed: int = Field(default=7, ge=0)
    patients: int = Field(default=300, ge=20, le=5000)
    start: Clock = "08:00"
    clock_speed: float = Field(default=1.0, ge=1.0, le=10.0)
    time_limit_minutes: int = Field(ge=1, le=480)
    # Colleagues play the rest of the day's booked visits on the clock (docs/packs.md).
    living_clinic: bool = True


class Variable(Strict):
    type: Literal["bool", "int", "text"]
    initial: Scalar


class Endings(Strict):
    completed: str = Field(min_length=3)
    critical: str = Field(min_length=3)
    out_of_time: str = Field(min_length=3)


class Step(Strict):
    """One step of a recorded play: an action with arguments, or a dialogue choice.

    `as` names the record the action creates, for later steps ("@new_visit")."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, populate_by_name=True
    )

    at: OffsetText
    do: str | None = None
    args: dict[str, Any] = {}
    choose: Ref | None = None
    as_: Ref | None = Field(default=None, alias="as")


class Created(Strict):
    """A record the trainee makes, named for criteria, dialogue, events and plays: the newest
    record made by one of the `by` actions whose arguments match `where`."""

    by: str | list[str]
    where: dict[str, WhereValue] = {}

    @property
    def actions(self) -> list[str]:
        return [self.by] if isinstance(self.by, str) else list(self.by)

    def matches(self) -> list[ActionMatch]:
        return [ActionMatch(action=a, where=self.where) for a in self.actions]


class Play(Strict):
    name: str
    expect_score: int = Field(ge=0, le=100)
    expect_critical: list[Ref] = []
    steps: list[Step] = Field(min_length=1)


class Scenario(Strict):
    id: Ref
    title: str = Field(min_length=3, max_length=120)
    briefing: str = Field(min_length=10)
    difficulty: Literal["beginner", "intermediate", "advanced"]
    duration_minutes: int = Field(ge=1, le=240)
    skills: list[Skill] = Field(min_length=1)
    world: World
    variables: dict[Ref, Variable] = {}
    setup: Setup = Setup()
    created: dict[Ref, Created] = {}
    # Setup patients who pick up when the trainee calls them; anyone else's call goes to voicemail.
    answers_calls: list[Ref] = []
    tasks: list[str] = []
    events: list[Event] = []
    complete_when: list[Condition] = Field(min_length=1)
    rubric: list[Criterion] = Field(min_length=1)
    critical_errors: list[CriticalError] = []
    endings: Endings
    plays: list[Play] = Field(min_length=2)


def json_schema() -> dict[str, Any]:
    """JSON Schema for scenario files and the manifest, for editors."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "EHR Sim scenario pack",
        "$defs": {
            "manifest": Manifest.model_json_schema(),
            "scenario": Scenario.model_json_schema(),
        },
    }
