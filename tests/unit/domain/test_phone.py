"""What a line's lamp shows, and what a voicemail must not say."""

from __future__ import annotations

from ehr_sim.domain.phone import (
    Concern,
    LineState,
    concern_warning,
    line_state,
    voicemail_concerns,
)


def test_a_line_shows_ringing_active_on_hold_parked_or_consulting() -> None:
    assert line_state("waiting", parked=False, consulting="") is LineState.RINGING
    assert line_state("active", parked=False, consulting="") is LineState.ACTIVE
    assert line_state("on_hold", parked=False, consulting="") is LineState.ON_HOLD
    assert line_state("on_hold", parked=True, consulting="") is LineState.PARKED
    assert line_state("on_hold", parked=False, consulting="nurse line") is LineState.CONSULTING
    assert line_state("voicemail", parked=False, consulting="") is LineState.VOICEMAIL
    assert line_state("ended", parked=False, consulting="") is LineState.IDLE


def test_a_voicemail_with_name_office_and_number_raises_no_concern() -> None:
    text = "Hi, this is Sam from Riverside Family Practice. Please call us at 614-555-0199."
    assert voicemail_concerns(text) == ()
    assert concern_warning(()) == ""


def test_results_diagnoses_and_visit_reasons_are_each_named() -> None:
    assert voicemail_concerns("Your lab results are in.") == (Concern.RESULTS,)
    assert voicemail_concerns("About your diabetes.") == (Concern.DIAGNOSIS,)
    assert voicemail_concerns("About your follow-up for the knee.") == (Concern.REASON,)


def test_words_from_the_patients_own_chart_count_as_a_diagnosis() -> None:
    text = "Calling about your gout, call us back."
    assert voicemail_concerns(text) == ()
    assert voicemail_concerns(text, chart_words=["Gout"]) == (Concern.DIAGNOSIS,)


def test_the_warning_lists_every_concern_in_plain_words() -> None:
    warning = concern_warning((Concern.RESULTS, Concern.DIAGNOSIS, Concern.REASON))
    assert "test results, a diagnosis or medicine and the reason for the visit" in warning
