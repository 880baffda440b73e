"""The in-basket, fax and letters through the gateway: each action done, and each refusal
said plainly and logged."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ehr_sim.app.queries.inbasket import (
    fax_cover_pdf,
    faxes,
    inbasket,
    letter_pdf_bytes,
    letter_preview,
    recipients,
)
from ehr_sim.domain.actions import (
    CompleteTask,
    FileFax,
    PrintLetter,
    RecordMessagePreferences,
    ReplyToPortalMessage,
    ReportMisdirectedFax,
    RouteTask,
    SendFax,
    SendTask,
    StartTask,
)
from ehr_sim.records import ActionRecord, Fax, LedgerEntry, Letter, Patient, StaffMessage

from ..seeded import Clinic


def _last_log(clinic: Clinic) -> ActionRecord:
    with clinic.db.reading() as s:
        record = s.scalars(select(ActionRecord).order_by(ActionRecord.seq.desc())).first()
        assert record is not None
        s.expunge(record)
        return record


def test_the_seeded_in_basket_has_tasks_in_every_state_portal_messages_and_misdirected_faxes(
    clinic: Clinic,
) -> None:
    items = inbasket(clinic.db)
    assert {r.status for r in items if r.channel == "task"} == {"open", "in progress", "done"}
    assert any(r.channel == "portal" and r.status == "open" for r in items)
    assert any(r.for_staff == "front desk" for r in items)
    tray = faxes(clinic.db, direction="in")
    assert sum(f.misdirected for f in tray if f.status == "new") == 2
    assert any(not f.misdirected and f.status == "new" for f in tray)


def test_a_task_is_sent_routed_started_and_completed(clinic: Clinic) -> None:
    (patient,) = clinic.adults(1)
    due = clinic.clock.now() + timedelta(hours=4)
    sent = clinic.perform(
        SendTask(
            to="dr. okafor's clinical pool",
            subject="Refill: metformin 500 mg",
            text="Pharmacy asks for a refill; last visit 13 months ago, overdue.",
            kind="refill request",
            priority="same day",
            due=due,
            patient_id=patient,
        )
    )
    assert sent.done, sent.message
    task_id = sent.record_id
    assert task_id is not None
    (row,) = [r for r in inbasket(clinic.db) if r.id == task_id]
    assert (row.for_staff, row.priority, row.status, row.due_at) == (
        "Dr. Okafor's clinical pool",
        "same day",
        "open",
        due,
    )
    routed = clinic.perform(
        RouteTask(message_id=task_id, to="Carlos Mendes, RN", note="for Carlos")
    )
    assert routed.done, routed.message
    assert clinic.perform(StartTask(message_id=task_id)).done
    again = clinic.perform(StartTask(message_id=task_id))
    assert (again.done, again.code) == (False, "not_open")
    done = clinic.perform(CompleteTask(message_id=task_id, note="Sent to Dr. Okafor to decide."))
    assert done.done, done.message
    with clinic.db.reading() as s:
        task = s.get(StaffMessage, task_id)
        assert task is not None
        assert (task.for_staff, task.status) == ("Carlos Mendes, RN", "done")
        assert task.done_at == clinic.clock.now()
        assert "for Carlos" in task.text
    late = clinic.perform(RouteTask(message_id=task_id, to="front desk"))
    assert (late.done, late.code) == (False, "done")


def test_a_task_for_someone_not_in_the_directory_is_refused_plainly_and_logged(
    clinic: Clinic,
) -> None:
    refused = clinic.perform(
        SendTask(to="Dr. Smith", subject="Results", text="Please review these lab results today.")
    )
    assert (refused.done, refused.code) == (False, "unknown_recipient")
    assert "no one called “Dr. Smith”" in refused.message
    record = _last_log(clinic)
    assert (record.action_type, record.outcome) == ("SendTask", "refused")
    (item,) = inbasket(clinic.db)[:1]
    routed = clinic.perform(RouteTask(message_id=item.id, to="Nurse Nobody"))
    assert (routed.done, routed.code) == (False, "unknown_recipient")
    assert "Dr. Smith" not in recipients(clinic.db) and "front desk" in recipients(clinic.db)


def test_a_task_with_a_past_due_time_or_an_unknown_priority_is_refused(clinic: Clinic) -> None:
    past = clinic.perform(
        SendTask(
            to="front desk",
            subject="Call back",
            text="Call the patient back about the form.",
            due=clinic.clock.now() - timedelta(minutes=1),
        )
    )
    assert (past.done, past.code) == (False, "invalid")
    odd = clinic.perform(
        SendTask(
            to="front desk",
            subject="Call back",
            text="Call the patient back about the form.",
            priority="whenever",
        )
    )
    assert (odd.done, odd.code) == (False, "invalid")


def test_a_portal_message_is_answered_once_and_only_a_portal_message(clinic: Clinic) -> None:
    items = inbasket(clinic.db)
    portal = next(r for r in items if r.channel == "portal" and r.status == "open")
    task = next(r for r in items if r.channel == "task" and r.status == "open")
    empty = clinic.perform(CompleteTask(message_id=portal.id))
    assert (empty.done, empty.code) == (False, "no_reply")
    wrong = clinic.perform(
        ReplyToPortalMessage(message_id=task.id, body="We will call you back today about it.")
    )
    assert (wrong.done, wrong.code) == (False, "not_portal")
    short = clinic.perform(ReplyToPortalMessage(message_id=portal.id, body="OK"))
    assert (short.done, short.code) == (False, "invalid")
    reply = "Thank you for your message; we will call you today to find a new time."
    done = clinic.perform(ReplyToPortalMessage(message_id=portal.id, body=reply))
    assert done.done, done.message
    with clinic.db.reading() as s:
        row = s.get(StaffMessage, portal.id)
        assert row is not None and (row.reply, row.status) == (reply, "done")
    twice = clinic.perform(ReplyToPortalMessage(message_id=portal.id, body=reply))
    assert (twice.done, twice.code) == (False, "done")


def test_an_incoming_fax_is_filed_to_the_chart_it_names(clinic: Clinic) -> None:
    fax = next(
        f
        for f in faxes(clinic.db, direction="in")
        if f.status == "new" and not f.misdirected and f.about_dob
    )
    with clinic.db.reading() as s:
        patient = s.scalars(select(Patient).where(Patient.dob == fax.about_dob)).all()
        (match,) = [p for p in patient if f"{p.first_name} {p.last_name}" == fax.about_name]
        patient_id = match.id
    filed = clinic.perform(FileFax(fax_id=fax.id, patient_id=patient_id))
    assert filed.done and not filed.warnings, filed.message
    with clinic.db.reading() as s:
        row = s.get(Fax, fax.id)
        assert row is not None and (row.status, row.patient_id) == ("filed", patient_id)
    again = clinic.perform(FileFax(fax_id=fax.id, patient_id=patient_id))
    assert (again.done, again.code) == (False, "already_filed")


def test_filing_a_misdirected_fax_is_done_but_warned_and_reporting_it_keeps_it_out_of_charts(
    clinic: Clinic,
) -> None:
    first, second = [f for f in faxes(clinic.db, direction="in") if f.misdirected]
    (patient,) = clinic.adults(1)
    filed = clinic.perform(FileFax(fax_id=first.id, patient_id=patient))
    assert filed.done
    assert any("meant for someone else" in w for w in filed.warnings)
    assert _last_log(clinic).result is not None
    bare = clinic.perform(ReportMisdirectedFax(fax_id=second.id, note=""))
    assert (bare.done, bare.code) == (False, "reason_required")
    note = "Called the sender at their cover-sheet number; pages shredded as asked."
    reported = clinic.perform(ReportMisdirectedFax(fax_id=second.id, note=note))
    assert reported.done, reported.message
    with clinic.db.reading() as s:
        row = s.get(Fax, second.id)
        assert row is not None and (row.status, row.patient_id, row.note) == (
            "misdirected",
            None,
            note,
        )


def test_a_fax_to_nowhere_is_refused_and_nothing_is_logged_as_sent(clinic: Clinic) -> None:
    before = len(faxes(clinic.db))
    for number in ("", "555-01", "(614) 555-01430"):
        refused = clinic.perform(
            SendFax(to="Lakeview Pharmacy", number=number, subject="Refill response")
        )
        assert (refused.done, refused.code) == (False, "invalid_number"), number
        assert "not a fax number" in refused.message
    assert len(faxes(clinic.db)) == before
    assert _last_log(clinic).outcome == "refused"


def test_a_fax_to_the_directory_number_is_clean_and_has_a_cover_sheet(clinic: Clinic) -> None:
    sent = clinic.perform(
        SendFax(to="Lakeview Pharmacy", number="614-555-0178", subject="Refill response", pages=2)
    )
    assert sent.done and not sent.warnings, sent.message
    assert sent.record_id is not None
    (row,) = [f for f in faxes(clinic.db) if f.id == sent.record_id]
    assert (row.direction, row.number, row.pages, row.reportable) == (
        "out",
        "(614) 555-0178",
        3,
        False,
    )
    pdf = fax_cover_pdf(clinic.db, sent.record_id)
    assert pdf.startswith(b"%PDF")


def test_a_fax_to_the_wrong_or_an_unlisted_number_is_a_reportable_event(clinic: Clinic) -> None:
    wrong = clinic.perform(
        SendFax(to="Lakeview Pharmacy", number="(614) 555-0164", subject="Refill response")
    )
    assert wrong.done
    assert "Northgate Pharmacy's" in wrong.warnings[0]
    unlisted = clinic.perform(SendFax(to="Dr. Green", number="(614) 555-0999", subject="Records"))
    assert unlisted.done and "not in the fax directory" in unlisted.warnings[0]
    with clinic.db.reading() as s:
        rows = s.scalars(select(Fax).where(Fax.reportable)).all()
        assert {r.id for r in rows} == {wrong.record_id, unlisted.record_id}
        assert all(r.problem for r in rows)


def _patient_with(clinic: Clinic, *, owing: bool) -> int:
    with clinic.db.reading() as s:
        ids = s.scalars(select(Patient.id).where(Patient.pcp_id.is_not(None)).order_by(Patient.id))
        for pid in ids:
            total = sum(
                s.scalars(select(LedgerEntry.amount_cents).where(LedgerEntry.patient_id == pid))
            )
            if (total > 0) == owing:
                return int(pid)
    raise AssertionError("no such patient")


def test_a_letter_is_previewed_then_printed_and_kept_as_merged(clinic: Clinic) -> None:
    patient = _patient_with(clinic, owing=True)
    now: datetime = clinic.clock.now()
    preview = letter_preview(clinic.db, patient, "balance reminder", {}, now)
    assert preview.problem == "" and "balance of $" in preview.text
    printed = clinic.perform(PrintLetter(patient_id=patient, template="balance reminder"))
    assert printed.done, printed.message
    assert printed.record_id is not None
    with clinic.db.reading() as s:
        letter = s.get(Letter, printed.record_id)
        assert letter is not None and letter.text == preview.text
    assert letter_pdf_bytes(clinic.db, printed.record_id).startswith(b"%PDF")


def test_a_letter_for_a_patient_who_asked_for_the_portal_warns_to_tell_them_there_too(
    clinic: Clinic,
) -> None:
    patient = _patient_with(clinic, owing=True)
    plain = clinic.perform(PrintLetter(patient_id=patient, template="balance reminder"))
    assert plain.done and plain.warnings == ()
    asked = clinic.perform(
        RecordMessagePreferences(
            patient_id=patient, voicemail=False, with_someone=False, portal=True, preferred="portal"
        )
    )
    assert asked.done, asked.message
    printed = clinic.perform(PrintLetter(patient_id=patient, template="balance reminder"))
    assert printed.done
    assert printed.warnings == (
        "The patient asked to be reached by the patient portal: tell them there too, or note "
        "why only a letter was sent.",
    )


def test_a_letter_with_a_missing_field_is_refused_naming_the_field(clinic: Clinic) -> None:
    patient = _patient_with(clinic, owing=False)
    refused = clinic.perform(PrintLetter(patient_id=patient, template="balance reminder"))
    assert (refused.done, refused.code) == (False, "missing_field")
    assert "“balance”" in refused.message
    referral = clinic.perform(
        PrintLetter(patient_id=patient, template="referral", fields={"referred_to": "Dr. Lee"})
    )
    assert (referral.done, referral.code) == (False, "missing_field")
    assert "“reason for referral”" in referral.message
    full = clinic.perform(
        PrintLetter(
            patient_id=patient,
            template="referral",
            fields={"referred_to": "Columbus Cardiology Group", "referral_reason": "chest pain"},
        )
    )
    assert full.done, full.message
    unknown = clinic.perform(PrintLetter(patient_id=patient, template="birthday"))
    assert (unknown.done, unknown.code) == (False, "invalid")
    with clinic.db.reading() as s:
        assert s.scalars(select(Letter.template)).all() == ["referral"]


def test_what_you_changed_says_a_task_a_fax_and_a_letter_in_plain_words(clinic: Clinic) -> None:
    from ehr_sim.app.scenarios.change_words import describe_change
    from ehr_sim.app.scenarios.record_changes import RecordChange

    patient = _patient_with(clinic, owing=True)
    task = clinic.perform(
        SendTask(to="billing office", subject="Statement review", text="Please review the bill.")
    )
    fax = clinic.perform(SendFax(to="Dr. Green", number="(614) 555-0999", subject="Records"))
    letter = clinic.perform(PrintLetter(patient_id=patient, template="balance reminder"))
    said = [
        describe_change(clinic.db, RecordChange(table, outcome.record_id or 0, "created", ()))
        for table, outcome in (("staff_messages", task), ("faxes", fax), ("letters", letter))
    ]
    assert said[0] == "Sent a routine task to billing office: “Statement review”"
    assert said[1].startswith("Faxed Dr. Green at (614) 555-0999: “Records” (reportable:")
    assert said[2].startswith("Printed a balance reminder letter for ")
