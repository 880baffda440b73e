"""`ehr-sim class loadtest` as a real subprocess: simulated lab machines send their attempts
to a real PostgreSQL, and the server ends up holding every link once, also when it is
killed and restarted while they act."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from sqlalchemy import func, select

from ehr_sim.app.classroom.store import open_class
from ehr_sim.records.classroom import ClassAttempt, ClassLogEntry

from .conftest import ClassServer, PostgresProcess

COMMAND = [sys.executable, "-m", "ehr_sim", "class", "loadtest"]


def result_of(done: subprocess.CompletedProcess[str]) -> dict[str, float]:
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout + done.stderr
    result: dict[str, float] = json.loads(lines[0])
    return result


def left_on_the_server(url: str) -> tuple[int, int]:
    """(attempt rows, log rows) the class database holds."""
    server = open_class(url)
    try:
        with server.session() as session:
            attempts = session.scalar(select(func.count()).select_from(ClassAttempt)) or 0
            log = session.scalar(select(func.count()).select_from(ClassLogEntry)) or 0
    finally:
        server.close()
    return attempts, log


def test_the_loadtest_prints_one_json_line_with_nothing_lost_or_duplicated(
    own_class_server: PostgresProcess,
) -> None:
    url = ClassServer(own_class_server.port).url("class_sync")
    done = subprocess.run(
        [*COMMAND, "--url", url, "--clients", "4", "--seconds", "3"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    result = result_of(done)
    assert {"clients", "actions", "p50_ms", "p99_ms", "lost", "duplicated"} <= set(result)
    assert result["clients"] == 4 and result["actions"] >= 4
    assert (result["lost"], result["duplicated"], result["unsent_files"]) == (0, 0, 0)
    # start + every action + the seal, for each client
    assert result["links"] == result["actions"] + 2 * 4
    # and it took its forty (here four) "Load Test" attempts away again
    assert left_on_the_server(url) == (0, 0)


def test_the_loadtest_leaves_its_attempts_on_the_server_only_when_asked_to_keep_them(
    own_class_server: PostgresProcess,
) -> None:
    url = ClassServer(own_class_server.port).url("class_sync")
    done = subprocess.run(
        [*COMMAND, "--url", url, "--clients", "2", "--seconds", "1", "--keep"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    result = result_of(done)
    assert left_on_the_server(url) == (2, result["links"])


def test_the_loadtest_loses_nothing_when_the_server_is_killed_and_restarted_mid_run(
    own_class_server: PostgresProcess,
) -> None:
    url = ClassServer(own_class_server.port).url("class_sync")
    child = subprocess.Popen(
        [*COMMAND, "--url", url, "--clients", "4", "--seconds", "10"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        server = open_class(url)
        try:
            for _ in range(1200):
                with server.session() as session:
                    sent = session.scalar(
                        select(func.count()).where(ClassLogEntry.kind == "action")
                    )
                if (sent and sent >= 8) or child.poll() is not None:
                    break
                time.sleep(0.1)
        finally:
            server.close()
        assert child.poll() is None, "the clients stopped before the server could be killed"
        own_class_server.stop("immediate")
        time.sleep(1.5)  # the clients act on while the server is away
        own_class_server.start()
        out, err = child.communicate(timeout=600)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    result = result_of(subprocess.CompletedProcess(child.args, 0, out, err))
    assert result["offline_spells"] >= 4  # every client found the server gone
    assert result["queued"] >= 1
    assert (result["lost"], result["duplicated"], result["unsent_files"]) == (0, 0, 0)
    assert result["links"] == result["actions"] + 2 * 4
    assert left_on_the_server(url) == (0, 0)
