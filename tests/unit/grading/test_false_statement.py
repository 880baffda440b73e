"""The false_statement condition: replies logged as said while untrue, any or one by id."""

from __future__ import annotations

from datetime import timedelta

from ehr_sim.grading import LoggedAction
from ehr_sim.grading.conditions import Evaluator
from ehr_sim.packs.schema import FalseStatement

from .test_grade import START, attempt


def said(seq: int, choice: str, minute: float, claim: str | None = None) -> LoggedAction:
    details = {"false_statement": claim} if claim else {}
    return LoggedAction(
        seq,
        "ChooseResponse",
        {"choice": choice, "conversation_id": 1},
        "done",
        START + timedelta(minutes=minute),
        details=details,
    )


def test_a_reply_logged_as_untrue_makes_false_statement_hold_with_what_it_claimed() -> None:
    log = attempt(said(1, "greet", 0), said(2, "to_room", 2.5, "the ambulance is on its way"))
    verdict = Evaluator(log).evaluate(FalseStatement(kind="false_statement"))
    assert verdict.holds
    assert [e.seq for e in verdict.evidence] == [2]
    assert verdict.detail == "said “the ambulance is on its way” at 2:30, before it was true"


def test_false_statement_with_a_choice_looks_only_at_that_reply() -> None:
    log = attempt(said(1, "to_room", 1, "the ambulance is on its way"), said(2, "handed_over", 2))
    evaluator = Evaluator(log)
    assert evaluator.evaluate(FalseStatement(kind="false_statement", choice="to_room")).holds
    handover = evaluator.evaluate(FalseStatement(kind="false_statement", choice="handed_over"))
    assert not handover.holds and handover.detail == "no untrue statement"


def test_replies_said_when_true_and_refused_replies_are_not_false_statements() -> None:
    refused = LoggedAction(
        3,
        "ChooseResponse",
        {"choice": "to_room"},
        "refused",
        START,
        details={"false_statement": "the ambulance is on its way"},
    )
    log = attempt(said(1, "greet", 0), said(2, "to_room", 1), refused)
    assert not Evaluator(log).evaluate(FalseStatement(kind="false_statement")).holds
