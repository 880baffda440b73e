"""Every action has the trainee's words, and code names never reach the trainee."""

from __future__ import annotations

from ehr_sim.domain.action_words import ACTION_DONE, ACTION_WORDS, action_words, plain_words
from ehr_sim.domain.actions import ACTIONS


def test_every_action_has_words_in_the_one_table() -> None:
    assert set(ACTIONS) <= set(ACTION_WORDS)
    assert set(ACTIONS) <= set(ACTION_DONE)  # the past tense the grading evidence uses
    assert action_words("VerifyCallerIdentity") == "Verify the caller's identity"


def test_evidence_text_loses_action_code_names_and_quoted_event_ids() -> None:
    text = "AlertClinician never done after 'robert_walks_in'; target ≤ 2 minutes"
    assert plain_words(text, {"robert_walks_in": "Robert Kowalski arriving at the desk"}) == (
        "Alert a clinician never done after “Robert Kowalski arriving at the desk”; "
        "target ≤ 2 minutes"
    )
    assert plain_words("RescheduleAppointment at 2:20 came before VerifyCallerIdentity") == (
        "Reschedule the visit at 2:20 came before verify the caller's identity"
    )
