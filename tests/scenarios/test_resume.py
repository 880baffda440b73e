"""A killed attempt (power cut, kill -9) resumes exactly where it was, clock included."""

from __future__ import annotations

import textwrap
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from ehr_sim.app.scenarios.attempts import ScenarioRun
from ehr_sim.domain.actions import ChooseResponse, VerifyCallerIdentity, ViewChart
from ehr_sim.packs.loader import LoadedPack
from ehr_sim.records.engine import Conversation

from .conftest import killed_child, scenario_in

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import date, timedelta
    from pathlib import Path
    from ehr_sim.domain.actions import AnswerCall, ChooseResponse
    from ehr_sim.app.scenarios.attempts import ScenarioRun
    from ehr_sim.packs.loader import load_pack

    pack = load_pack(Path(sys.argv[1])).pack
    scenario = next(s.scenario for s in pack.scenarios if s.scenario.id.startswith("reschedule"))
    run = ScenarioRun.start(Path(sys.argv[2]), pack, scenario, play_date=date(2026, 11, 23),
                            running=False)
    run.gateway.clock.set(run.started_at + timedelta(minutes=1, seconds=20))
    run.tick()
    call = run.refs()["dana_calls"]
    print(run.perform(AnswerCall(conversation_id=call)).seq, flush=True)
    print(run.perform(ChooseResponse(conversation_id=call, choice="greet_office")).seq, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_killed_attempt_resumes_with_its_log_call_and_clock(
    pack: LoadedPack, tmp_path: Path
) -> None:
    attempt_file = tmp_path / "attempt.db"
    printed = killed_child(CHILD, attempt_file)
    seqs = [int(line) for line in printed.split()]
    assert len(seqs) == 2

    scenario = scenario_in(pack, "reschedule")
    run = ScenarioRun.resume(attempt_file, scenario, running=False)
    try:
        attempt = run.read()
        assert [a.seq for a in attempt.actions] == seqs
        assert [a.action for a in attempt.actions] == ["AnswerCall", "ChooseResponse"]
        assert set(attempt.events) == {"dana_calls"}
        assert run.gateway.clock.now() - run.started_at == timedelta(minutes=1, seconds=20)
        with run.db.reading() as s:
            call = s.scalars(select(Conversation)).one()
            assert (call.status, call.node) == ("active", "gives_identity")
        # The trainee carries on where they were.
        dana = attempt.refs["dana"]
        assert run.perform(ViewChart(patient_id=dana)).done
        verify = VerifyCallerIdentity(
            conversation_id=call.id, patient_id=dana, identifiers=("name", "dob")
        )
        assert run.perform(verify).done
        assert run.perform(ChooseResponse(conversation_id=call.id, choice="verified_reply")).done
    finally:
        run.close()
