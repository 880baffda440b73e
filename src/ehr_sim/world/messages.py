"""The seeded clinic's in-basket and fax tray on the reference day: tasks between staff in
every state (open, in progress, done), patients' portal messages waiting for an answer, and
incoming faxes to file, two of them misdirected (meant for another practice), with a few
faxes sent the day before in the fax log.

Rows are plain dicts for `build_world`, deterministic for a seed and day.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from ehr_sim.domain.inbasket import CLINIC_FAX, FAX_DIRECTORY, STAFF
from ehr_sim.records import Fax, StaffMessage

Rows = list[tuple[type[Any], list[dict[str, Any]]]]
DOCTORS = ("Dr. Okafor", "Dr. Patel", "Dr. Nguyen", "Maria Lopez, NP")
NURSES = tuple(STAFF)[:4]  # in the order of DOCTORS


def message_rows(*, seed: int, today: date, patients: list[dict[str, Any]]) -> Rows:
    rng = random.Random(f"{seed}-messages")
    adults = [p for p in patients if (today - p["dob"]).days > 18 * 365]
    chosen = rng.sample(adults, 16)
    yesterday = today - timedelta(days=1)

    def at(day: date, hour: int, minute: int) -> datetime:
        return datetime.combine(day, time(hour, minute))

    def name(p: dict[str, Any]) -> str:
        return f"{p['first_name']} {p['last_name']}"

    def pcp(p: dict[str, Any]) -> int:
        return int(p["pcp_id"] or 1) - 1

    def task(
        p: dict[str, Any] | None,
        *,
        to: str,
        sender: str,
        kind: str,
        subject: str,
        text: str,
        written: datetime,
        priority: str = "routine",
        status: str = "open",
        due: datetime | None = None,
        channel: str = "task",
        reply: str = "",
    ) -> dict[str, Any]:
        done = written + timedelta(minutes=40) if status == "done" else None
        return {
            "for_staff": to,
            "text": text,
            "callback": p["phone"] if p and kind == "call-back" else "",
            "urgent": priority == "urgent",
            "patient_id": p["id"] if p else None,
            "conversation_id": None,
            "written_at": written,
            "channel": channel,
            "subject": subject,
            "sender": sender,
            "kind": kind,
            "priority": priority,
            "due_at": due,
            "status": status,
            "done_at": done,
            "reply": reply,
            "replied_at": done if reply else None,
            "origin": "world",
        }

    a, b, c, d, e, f, g, h = chosen[:8]
    messages = [
        task(
            a,
            to=NURSES[pcp(a)],
            sender="front desk",
            kind="refill request",
            subject=f"Refill request: {name(a)}",
            text=f"Lakeview Pharmacy asks to refill a maintenance medicine for {name(a)} "
            f"(DOB {a['dob']:%m/%d/%Y}). Please review with {DOCTORS[pcp(a)]}.",
            written=at(today, 7, 40),
            due=at(today + timedelta(days=2), 17, 0),
        ),
        task(
            b,
            to="front desk",
            sender=NURSES[pcp(b)],
            kind="call-back",
            subject=f"Call back {name(b)} to book a follow-up",
            text=f"{DOCTORS[pcp(b)]} wants {name(b)} seen in 2 weeks. Please call to book.",
            written=at(yesterday, 16, 5),
            priority="same day",
            due=at(today, 17, 0),
        ),
        task(
            c,
            to=DOCTORS[pcp(c)],
            sender="Central Ohio Reference Lab",
            kind="results to review",
            subject=f"Lipid panel resulted: {name(c)}",
            text=f"Lipid panel for {name(c)} resulted; waiting for provider review.",
            written=at(yesterday, 14, 30),
            status="in progress",
        ),
        task(
            d,
            to=DOCTORS[pcp(d)],
            sender="front desk",
            kind="form to sign",
            subject=f"School/work form to sign: {name(d)}",
            text=f"{name(d)} dropped off a work physical form; needs the provider's signature.",
            written=at(yesterday, 10, 15),
            due=at(today + timedelta(days=3), 12, 0),
        ),
        task(
            e,
            to="billing office",
            sender="front desk",
            kind="billing",
            subject=f"Statement question: {name(e)}",
            text=f"{name(e)} asked why the last statement shows a balance. Please review.",
            written=at(yesterday, 11, 50),
            status="done",
        ),
        task(
            f,
            to="front desk",
            sender=NURSES[pcp(f)],
            kind="call-back",
            subject=f"Urgent: call {name(f)} about a missed visit",
            text=f"{name(f)} missed a follow-up after an abnormal result. Call today.",
            written=at(today, 7, 55),
            priority="urgent",
            due=at(today, 12, 0),
        ),
        task(
            None,
            to="medical records",
            sender="Angela Ruiz",
            kind="records",
            subject="Scan yesterday's signed privacy notices",
            text="Scan the signed privacy notices from yesterday's new patients into charts.",
            written=at(yesterday, 17, 0),
            status="in progress",
        ),
        task(
            g,
            to="front desk",
            sender=name(g),
            kind="other",
            subject="Can I move my appointment?",
            text="Hi, I have a work trip next week. Can I come in the week after instead?",
            written=at(today, 6, 48),
            channel="portal",
        ),
        task(
            h,
            to="front desk",
            sender=name(h),
            kind="billing",
            subject="Question about my bill",
            text="I got a statement but I thought my insurance paid everything. Can you check?",
            written=at(yesterday, 21, 15),
            channel="portal",
        ),
        task(
            chosen[8],
            to="front desk",
            sender=name(chosen[8]),
            kind="other",
            subject="Directions to the office",
            text="Is there parking near the office? It's my first visit.",
            written=at(yesterday, 9, 2),
            channel="portal",
            status="done",
            reply="Yes: free parking is behind the building; enter from Riverside Drive.",
        ),
    ]

    lab = _contact("Central Ohio Reference Lab")
    ortho = _contact("North Columbus Orthopaedic Associates")
    cardio = _contact("Columbus Cardiology Group")
    pharmacy = _contact("Lakeview Pharmacy")
    eastside = _contact("Eastside Internal Medicine")
    i, j, k, lost = chosen[9], chosen[10], chosen[11], chosen[12]
    stranger_dob = lost["dob"] - timedelta(days=rng.randint(400, 4000))

    def fax(
        p: dict[str, Any] | None,
        sender: Any,
        subject: str,
        body: str,
        pages: int,
        received: datetime,
        *,
        addressed_to: str = "Riverside Family Practice",
        addressed_number: str = CLINIC_FAX,
        about: tuple[str, date] | None = None,
        status: str = "new",
    ) -> dict[str, Any]:
        about_name, about_dob = about or ((name(p), p["dob"]) if p else ("", None))
        return {
            "direction": "in",
            "party": sender.name,
            "number": sender.number,
            "addressed_to": addressed_to,
            "addressed_number": addressed_number,
            "subject": subject,
            "body": body,
            "pages": pages,
            "about_name": about_name,
            "about_dob": about_dob,
            "at": received,
            "status": status,
            "patient_id": p["id"] if p and status == "filed" else None,
            "handled_at": received + timedelta(minutes=30) if status != "new" else None,
            "note": "",
            "reportable": False,
            "problem": "",
        }

    faxes = [
        fax(
            i,
            lab,
            f"Lab results: {name(i)}",
            "Comprehensive metabolic panel, final.",
            2,
            at(today, 6, 12),
        ),
        fax(
            j,
            pharmacy,
            f"Refill request: {name(j)}",
            "Pharmacy refill authorisation request, 90-day supply.",
            1,
            at(today, 7, 5),
        ),
        fax(
            k,
            cardio,
            f"Consult note: {name(k)}",
            f"Cardiology consultation note for {name(k)}; copy to the primary care provider.",
            3,
            at(yesterday, 15, 20),
        ),
        fax(
            None,
            ortho,
            "Operative note and MRI report",
            "Operative note and MRI report.",
            6,
            at(today, 7, 12),
            addressed_to="Dr. R. Patil, Eastside Internal Medicine",
            addressed_number=eastside.number,
            about=(name(lost), stranger_dob),
        ),
        fax(
            None,
            cardio,
            "Echocardiogram report",
            "Echocardiogram report for a patient of another practice.",
            2,
            at(yesterday, 16, 40),
            addressed_to="Westgate Family Medicine",
            addressed_number="(614) 555-0139",
            about=("Gerald Ostrowski", date(1957, 6, 2)),
        ),
        fax(
            chosen[13],
            lab,
            f"Lab results: {name(chosen[13])}",
            "Hemoglobin A1c, final.",
            1,
            at(yesterday, 9, 30),
            status="filed",
        ),
    ]
    faxes.append(
        {
            "direction": "out",
            "party": pharmacy.name,
            "number": pharmacy.number,
            "addressed_to": pharmacy.name,
            "addressed_number": pharmacy.number,
            "subject": f"Refill response: {name(chosen[14])}",
            "body": "The provider's response to your refill request is attached.",
            "pages": 2,
            "about_name": "",
            "about_dob": None,
            "at": at(yesterday, 13, 10),
            "status": "sent",
            "patient_id": chosen[14]["id"],
            "handled_at": at(yesterday, 13, 10),
            "note": "",
            "reportable": False,
            "problem": "",
        }
    )
    return [(StaffMessage, messages), (Fax, faxes)]


def _contact(name: str) -> Any:
    return next(c for c in FAX_DIRECTORY if c.name == name)
