"""The records a scenario can name: which fields checks and text may read, and which
actions create a record a name can stand for (`created:`, a play step's `as:`)."""

from __future__ import annotations

# Fields a `record_state` check may compare, by kind of record.
RECORD_FIELDS = {
    "patients": {
        "first_name",
        "last_name",
        "middle_name",
        "dob",
        "sex",
        "address1",
        "address2",
        "city",
        "state",
        "zip_code",
        "phone",
        "mobile",
        "email",
        "preferred_language",
        "privacy_notice",
        "photo_id_seen_on",
    },
    "coverages": {
        "member_id",
        "group_number",
        "subscriber_name",
        "subscriber_dob",
        "subscriber_relationship",
        "effective_on",
        "terminated_on",
        "rank",
    },
    "appointments": {
        "status",
        "start",
        "provider_id",
        "type_id",
        "room_id",
        "change_reason",
        "changed_by",
        "rescheduled_from_id",
        "checked_in_at",
        "confirmed_at",
    },
    "claims": {
        "status",
        "frequency_code",
        "member_id",
        "original_claim_number",
        "payer_claim_number",
        "prior_auth_number",
        "rejection_reason",
        "coverage_id",
    },
    "waitlist": {"provider_id", "type_id", "earliest", "latest", "notes", "status"},
    "messages": {
        "for_staff",
        "text",
        "callback",
        "urgent",
        "subject",
        "kind",
        "priority",
        "status",
        "reply",
    },
    "notes": {"kind", "text"},
    "results": {
        "name",
        "test",  # the same as name: "Hemoglobin A1c"
        "kind",
        "value",
        "unit",
        "reference_range",
        "flag",
        "resulted",
        "resulted_on",  # the same as resulted: the day the result came in
        "reviewed_by_id",
        "reviewed_at",
    },
    # People who are not patients (setup `people`); knows reads "date of birth; address".
    # A patient's account (setup `accounts`): what they owe, "$140.00".
    "accounts": {"balance"},
    # A receipt (setup `payments`): amount "$20.00", method cash/check/card, voided (the
    # void's reason, empty while it stands).
    "payments": {"method", "amount", "reference", "receipt_number", "voided"},
    # The trainee's drawer count (CountDrawer) and deposit (PrepareDeposit), amounts as
    # "$225.00"; a drawer's difference is "-$20.00" short, "$0.00" balanced.
    "drawer_counts": {"counted", "float", "taken", "expected", "difference"},
    "deposits": {"cash", "checks", "total"},
    # A provider's block on one day (setup `provider_blocks`).
    "provider_blocks": {"start", "end", "label"},
    # A call the trainee placed (CallPatient): status is active, voicemail (no one picked up),
    # on_hold or ended.
    "calls": {"status", "person", "answered_at", "ended_at"},
    # Privacy: a person's authorisation ("; "-joined topics), a records request the trainee
    # logged (status pending, on_hold or released) and a release (disclosure).
    "people": {
        "name",
        "knows",
        "authorised",
        "topics",
        "authorised_from",
        "authorised_until",
        "given",
        "revoked_on",
        "relation",
        "phone",
    },
    "records_requests": {"status", "requester", "requester_kind", "parts", "status_reason"},
    "disclosures": {"recipient", "parts", "purpose", "basis"},
    # A referral the trainee wrote (CreateReferral): status ordered, sent, scheduled, seen,
    # consult_received, closed or denied; number is the plan's (HMO), in_network true/false
    # (empty when the plan has no network on file).
    "referrals": {
        "status",
        "number",
        "in_network",
        "icd10",
        "reason",
        "visits",
        "valid_from",
        "valid_to",
        "documents",
        "specialist_id",
        "provider_id",
        "sent_at",
        "appointment_at",
        "follow_up_on",
        "notes",
    },
    # A prior authorisation request (RequestPriorAuth): status submitted, pended, approved or
    # denied; codes space-separated; number and dates once approved.
    "prior_auths": {
        "status",
        "codes",
        "icd10",
        "servicing",
        "attachments",
        "payer_message",
        "number",
        "valid_from",
        "valid_to",
        "provider_id",
    },
    # A document a visit waits for (setup `expected_documents`): received_on empty until it
    # is marked received.
    "expected_documents": {"kind", "name", "source", "requested_on", "received_on"},
    # Inventory (setup `stock`, `purchase_orders`, `order_lines`; CreatePurchaseOrder): an
    # item's units on hand now, an order's status and what is on it ("BAND: 2; SYR-1ML: 1",
    # by item code), a line's packs.
    "stock": {"code", "name", "on_hand", "reorder_point", "par", "location", "supplier"},
    "purchase_orders": {
        "number",
        "supplier",
        "status",
        "rush",
        "ordered_at",
        "expected_on",
        "note",
        "items",
        "total",
    },
    "order_lines": {
        "item",
        "packs_ordered",
        "packs_received",
        "packs_backordered",
        "backorder_due",
    },
}

# Fields read for text only (placeholders like {new_visit.provider}): names, not ids.
TEXT_FIELDS = {
    "patients": {"name"},
    "appointments": {
        "provider",
        "visit_type",
        "minutes",
        "end",
        "reason",
        "room",
        "later_opening",
        "later_openings",
    },
    "waitlist": {"provider", "visit_type"},
    "results": {"reviewed_by"},
    "people": {"patient"},
    "provider_blocks": {"provider"},
    "referrals": {"specialist", "practice", "specialist_phone", "specialist_fax", "provider"},
    "prior_auths": {"provider"},
}
# Fields holding a date or a date and time: only these take a format ({x.start:%-I:%M %p}).
DATE_FIELDS = {
    "dob",
    "photo_id_seen_on",
    "subscriber_dob",
    "effective_on",
    "terminated_on",
    "start",
    "end",
    "checked_in_at",
    "confirmed_at",
    "earliest",
    "latest",
    "reviewed_at",
    "resulted_on",
    "resulted",
    "answered_at",
    "ended_at",
    "later_opening",
    "authorised_from",
    "authorised_until",
    "revoked_on",
    "valid_from",
    "valid_to",
    "sent_at",
    "appointment_at",
    "follow_up_on",
    "requested_on",
    "received_on",
    "ordered_at",
    "expected_on",
    "backorder_due",
}
# Actions that create a record, and its kind (what their logged result's record id is).
CREATED_BY = {
    "RegisterPatient": "patients",
    "AddCoverage": "coverages",
    "BookAppointment": "appointments",
    "RescheduleAppointment": "appointments",
    "BookFromWaitlist": "appointments",
    "AddToWaitlist": "waitlist",
    "ResubmitClaim": "claims",
    "RequestPriorAuth": "prior_auths",
    "TakeMessage": "messages",
    "SendTask": "messages",
    "WriteNote": "notes",
    "CallPatient": "calls",
    "PlaceCall": "calls",
    "AddAuthorisedContact": "people",
    "LogRecordsRequest": "records_requests",
    "ReleaseRecords": "disclosures",
    "CreateReferral": "referrals",
    "CountDrawer": "drawer_counts",
    "PrepareDeposit": "deposits",
    "CreatePurchaseOrder": "purchase_orders",
}


def readable(kind: str) -> set[str]:
    """Every field of a `kind` of record that text may show."""
    return RECORD_FIELDS.get(kind, set()) | TEXT_FIELDS.get(kind, set())
