"""Privacy rules a front desk applies, in plain words: may we leave a message, may we discuss
this with that person, may these records go out on this authorisation.

Pure functions of plain values: the handlers (voicemail, calls, letters, release of
information) read the chart into these values and ask. Every answer is a `Verdict` whose
reasons a trainee can read.

Sources (45 CFR, HIPAA Privacy Rule): an authorisation is valid only with every core element
and statement (164.508(c)): what may be disclosed, who may disclose it, to whom, for what
purpose, an expiration date or event, the signature and its date (and, when a representative
signs, their authority); it is defective when an element is missing, it has expired or was
revoked (164.508(b)(2)). No authorisation is needed to give patients their own records
(164.524) or to disclose for treatment, payment or health care operations (164.506(c)).
Voicemail: leave only what the patient agreed to and the minimum (HHS FAQ 198).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ehr_sim.domain.identity import format_phone, normalise_name, phone_digits

# What the office can tell an authorised contact about; "everything" covers them all.
TOPICS: dict[str, str] = {
    "appointments": "appointments (times, booking, cancelling)",
    "billing": "bills and payments",
    "results": "test results",
    "medications": "medications and refills",
    "care": "the patient's care and conditions",
    "everything": "everything in the chart",
}
# How a patient prefers to be reached.
CONTACT_METHODS: dict[str, str] = {
    "phone": "home phone",
    "mobile": "mobile phone",
    "email": "e-mail",
    "portal": "patient portal",
    "letter": "letter by mail",
}
# The parts of a chart a release of information can name; "complete record" covers them all.
RECORD_PARTS: dict[str, str] = {
    "visit notes": "visit notes",
    "lab results": "lab results",
    "imaging": "imaging reports",
    "medications": "medication list",
    "problems": "problem list",
    "immunizations": "immunizations",
    "billing": "billing records",
    "complete record": "the complete medical record",
}
# Who asks for records, and whether that request needs the patient's authorisation.
REQUESTERS: dict[str, str] = {
    "patient": "the patient (own records)",
    "provider": "another practice or hospital (treatment)",
    "health_plan": "the patient's health plan (payment)",
    "lawyer": "a lawyer or law firm",
    "insurer": "an insurer (life, disability, claims)",
    "employer": "an employer",
    "other": "someone else",
}
# Purposes that need no authorisation when the requester is the one named (164.506(c)).
TPO_REQUESTERS: dict[str, str] = {
    "provider": "treatment",
    "health_plan": "payment",
}
# Why a chart was opened: the work reasons a view gives ViewChart (free text is allowed too).
CHART_PURPOSES: dict[str, str] = {
    "schedule": "scheduling",
    "front desk": "check-in or check-out",
    "waitlist": "waitlist",
    "phone call": "a call about the patient",
    "billing": "billing",
    "records request": "a records request",
    "message": "a message or task",
}


@dataclass(frozen=True)
class Verdict:
    """Yes or no, with the reasons a trainee reads; `warnings` may come with a yes."""

    allowed: bool
    reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """All the reasons as one plain sentence or paragraph."""
        return " ".join(self.reasons or self.warnings)


@dataclass(frozen=True)
class MessagePreferences:
    """What the patient told us about messages, and when.

    `voicemail` / `with_someone`: may we leave a message on an answering machine / with
    whoever answers (None: never asked). `numbers`: the numbers a message may be left on
    (none listed: any number on file)."""

    voicemail: bool | None = None
    with_someone: bool | None = None
    numbers: tuple[str, ...] = ()
    email: bool = False
    portal: bool = False
    preferred: str = ""
    recorded_on: date | None = None


@dataclass(frozen=True)
class ContactPermission:
    """Someone the patient allows us to talk to, what about, and for how long."""

    name: str
    relation: str = ""
    authorised: bool = True
    topics: tuple[str, ...] = ()
    start: date | None = None
    until: date | None = None
    revoked_on: date | None = None


def may_leave_message(
    preferences: MessagePreferences | None,
    number: str,
    on: date,
    *,
    how: str = "voicemail",
) -> Verdict:
    """May a message be left at `number` on day `on`, on a machine (`how="voicemail"`) or with
    the person who answers (`how="with_someone"`)?

    No preference on file: yes, with a warning to leave only name, office and number.
    """
    shown = format_phone(number) or "that number"
    if preferences is None or (preferences.voicemail is None and preferences.with_someone is None):
        return Verdict(
            True,
            warnings=(
                "The chart has no message preference: leave only your name, the office and "
                "the number to call back, nothing about the visit.",
            ),
        )
    if preferences.recorded_on is not None and preferences.recorded_on > on:
        return Verdict(
            True,
            warnings=(
                f"The message preference is dated {preferences.recorded_on:%m/%d/%Y}, after "
                "today: check it with the patient.",
            ),
        )
    allowed = preferences.voicemail if how == "voicemail" else preferences.with_someone
    where = "on voicemail" if how == "voicemail" else "with someone who answers"
    dated = f" on {preferences.recorded_on:%m/%d/%Y}" if preferences.recorded_on is not None else ""
    if allowed is False:
        return Verdict(False, (f"The patient asked{dated} that we not leave messages {where}.",))
    if allowed is None:
        return Verdict(
            True,
            warnings=(
                f"The patient was not asked about messages {where}: leave only your name, the "
                "office and the number to call back.",
            ),
        )
    listed = [phone_digits(n) for n in preferences.numbers if phone_digits(n)]
    if listed and phone_digits(number) not in listed:
        allowed_numbers = ", ".join(format_phone(n) for n in listed)
        return Verdict(
            False,
            (f"The patient allowed messages only at {allowed_numbers}{dated}, not at {shown}.",),
        )
    return Verdict(True)


WRITTEN_WAYS = {"email": "e-mail", "portal": "the patient portal"}
"""Written ways a patient may ask to be reached instead of by mail."""


def letter_warnings(preferences: MessagePreferences | None) -> tuple[str, ...]:
    """What to tell the trainee who prints a letter for a patient: a letter still goes out by
    mail, but a patient who asked to be reached another way should hear that way too."""
    way = WRITTEN_WAYS.get(preferences.preferred) if preferences is not None else None
    if way is None:
        return ()
    return (
        f"The patient asked to be reached by {way}: tell them there too, or note why only a "
        "letter was sent.",
    )


def may_discuss_with(contact: ContactPermission, topic: str, on: date) -> Verdict:
    """May the office discuss `topic` (a key of TOPICS) with `contact` on day `on`?"""
    who = f"{contact.name} ({contact.relation})" if contact.relation else contact.name
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}")
    if not contact.authorised:
        return Verdict(False, (f"{who} is not listed as an authorised contact.",))
    if contact.revoked_on is not None and contact.revoked_on <= on:
        return Verdict(
            False,
            (f"The patient withdrew {who}'s authorisation on {contact.revoked_on:%m/%d/%Y}.",),
        )
    if contact.start is not None and on < contact.start:
        return Verdict(False, (f"{who} is authorised only from {contact.start:%m/%d/%Y}.",))
    if contact.until is not None and on > contact.until:
        return Verdict(False, (f"{who}'s authorisation ended on {contact.until:%m/%d/%Y}.",))
    if "everything" in contact.topics or topic in contact.topics:
        return Verdict(True)
    allowed = ", ".join(TOPICS[t] for t in contact.topics if t in TOPICS) or "nothing"
    return Verdict(
        False,
        (f"{who} may be told only about {allowed}, not about {TOPICS[topic]}.",),
    )


@dataclass(frozen=True)
class Authorisation:
    """A signed HIPAA authorisation as the office received it (a field left blank is "")."""

    signed: bool = False
    signed_on: date | None = None
    signed_by: str = ""  # who signed: the patient's name, or a representative's
    representative_authority: str = ""  # when someone else signed: their legal authority
    discloser: str = ""  # the practice named as allowed to disclose
    information: tuple[str, ...] = ()  # keys of RECORD_PARTS
    recipient: str = ""
    purpose: str = ""
    expires_on: date | None = None
    expiry_event: str = ""
    revoked_on: date | None = None


@dataclass(frozen=True)
class RecordsRequest:
    """Someone asking for a patient's records: who, what kind of requester, what for."""

    requester: str
    requester_kind: str  # a key of REQUESTERS
    purpose: str = ""
    authorisation: Authorisation | None = None
    patient_name: str = ""  # the patient's name, to tell a signature by them from another's


@dataclass(frozen=True)
class Release:
    """What is about to go out: which parts, to whom, on which day."""

    parts: tuple[str, ...]
    recipient: str
    on: date
    clinic_names: tuple[str, ...] = ()  # the names the practice goes by


def needs_authorisation(request: RecordsRequest) -> str | None:
    """None when the request needs an authorisation; otherwise why it needs none."""
    if request.requester_kind == "patient":
        return "Patients may have their own records without an authorisation (right of access)."
    if request.requester_kind in TPO_REQUESTERS:
        use = TPO_REQUESTERS[request.requester_kind]
        return f"A disclosure for {use} needs no authorisation."
    return None


def authorisation_problems(auth: Authorisation, release: Release) -> list[str]:
    """Every reason `auth` does not allow `release`, in plain words (empty: it is valid)."""
    problems: list[str] = []
    if not auth.signed:
        problems.append("It is not signed.")
    if auth.signed_on is None:
        problems.append("The signature is not dated.")
    elif auth.signed_on > release.on:
        problems.append(f"It is dated {auth.signed_on:%m/%d/%Y}, in the future.")
    if auth.signed and auth.signed_by.strip() == "":
        problems.append("It does not say who signed it.")
    if not auth.information:
        problems.append("It does not say what information may be released.")
    if not auth.discloser.strip():
        problems.append("It does not name our practice as allowed to release the records.")
    elif release.clinic_names and not any(
        _same_name(auth.discloser, name) for name in release.clinic_names
    ):
        problems.append(f"It names {auth.discloser}, not our practice, as the one to release.")
    if not auth.recipient.strip():
        problems.append("It does not name who may receive the records.")
    elif not _same_name(auth.recipient, release.recipient):
        problems.append(
            f"It allows release to {auth.recipient}, not to {release.recipient or 'this recipient'}."
        )
    if not auth.purpose.strip():
        problems.append("It does not state the purpose.")
    if auth.expires_on is None and not auth.expiry_event.strip():
        problems.append("It has no expiration date or event.")
    elif auth.expires_on is not None and auth.expires_on < release.on:
        problems.append(f"It expired on {auth.expires_on:%m/%d/%Y}.")
    if auth.revoked_on is not None and auth.revoked_on <= release.on:
        problems.append(f"The patient revoked it on {auth.revoked_on:%m/%d/%Y}.")
    if auth.information and "complete record" not in auth.information:
        outside = [p for p in release.parts if p not in auth.information]
        if outside:
            names = ", ".join(RECORD_PARTS.get(p, p) for p in outside)
            problems.append(f"It does not cover {names}.")
    return problems


def release_problems(request: RecordsRequest, release: Release) -> list[str]:
    """Every reason the records may not go out as `release` says (empty: release them).

    No authorisation is needed for the patient's own request or for treatment and payment,
    but the parts must be named; otherwise the authorisation must be valid, and when someone
    other than the patient signed it, their authority must be stated."""
    problems: list[str] = []
    if not release.parts:
        problems.append("Choose which records to release.")
    unknown = [p for p in release.parts if p not in RECORD_PARTS]
    if unknown:
        problems.append(f"Unknown record part: {', '.join(unknown)}.")
    if needs_authorisation(request) is not None:
        return problems
    auth = request.authorisation
    if auth is None:
        problems.append(
            f"A request from {REQUESTERS.get(request.requester_kind, request.requester_kind)} "
            "needs the patient's signed authorisation, and there is none."
        )
        return problems
    problems += authorisation_problems(auth, release)
    name = request.patient_name
    if (
        auth.signed
        and auth.signed_by.strip()
        and name
        and not _same_name(auth.signed_by, name)
        and not auth.representative_authority.strip()
    ):
        problems.append(
            f"It was signed by {auth.signed_by}, not the patient, and does not say what "
            "authority they have to sign."
        )
    return problems


def _same_name(a: str, b: str) -> bool:
    return bool(normalise_name(a)) and normalise_name(a) == normalise_name(b)


def parts_text(parts: Sequence[str]) -> str:
    """Record parts in words: 'visit notes, lab results'."""
    return ", ".join(RECORD_PARTS.get(p, p) for p in parts)
