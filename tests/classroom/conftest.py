"""A real PostgreSQL server for the class tests, started by the tests themselves.

It uses Debian's server binaries (/usr/lib/postgresql/*/bin; packaging/bootstrap.sh --test
installs them when missing and it may), in a private temporary folder on a free port, and
stops it at the end of the run. initdb refuses to run as root, so as root the server runs
as the unprivileged account `nobody`, which owns that folder. The class tests are skipped,
with the reason, only when the binaries cannot be found."""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "ehrsim"
PASSWORD = "class-secret"
SERVER_ACCOUNT = "nobody"
MISSING = (
    "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: run "
    "packaging/bootstrap.sh --test as root, or `sudo apt-get install postgresql`"
)
_names = itertools.count(1)


@dataclass(frozen=True)
class ClassServer:
    """A running PostgreSQL server: user USER (password PASSWORD) on 127.0.0.1:port."""

    port: int

    def url(self, database: str, *, password: str = PASSWORD) -> str:
        return f"postgresql+psycopg://{USER}:{password}@127.0.0.1:{self.port}/{database}"


def server_binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian's layout, then PATH)."""

    def major(initdb: Path) -> int:
        name = initdb.parent.parent.name
        return int(name) if name.isdigit() else 0

    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=major)
    found = [path for path in found if (path.parent / "pg_ctl").exists()]
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresProcess:
    """A PostgreSQL server in a private temporary folder: initdb, then start/stop at will."""

    def __init__(self) -> None:
        binaries = server_binaries()
        if binaries is None:
            pytest.skip(MISSING)
        self.folder = Path(tempfile.mkdtemp(prefix="ehr-sim-pg-"))
        password_file = self.folder / "password"
        password_file.write_text(PASSWORD + "\n")
        self.as_server: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam(SERVER_ACCOUNT)
            for path in (self.folder, password_file):
                os.chown(path, account.pw_uid, account.pw_gid)
            self.as_server = ["runuser", "-u", SERVER_ACCOUNT, "--"]
        self.data, self.log, self.port = (
            self.folder / "data",
            self.folder / "server.log",
            free_port(),
        )
        self.pg_ctl = str(binaries / "pg_ctl")
        self.run(
            str(binaries / "initdb"),
            f"--pgdata={self.data}",
            f"--username={USER}",
            f"--pwfile={password_file}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )

    def run(self, *command: str) -> None:
        done = subprocess.run([*self.as_server, *command], capture_output=True, text=True)
        if done.returncode != 0:
            shown = (done.stderr or done.stdout).strip()[-2000:]
            pytest.fail(f"{Path(command[0]).name} failed ({done.returncode}): {shown}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            self.pg_ctl,
            f"--pgdata={self.data}",
            f"--log={self.log}",
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; `immediate` is what a crash or a pulled cable looks like to
        clients (no goodbye to open connections)."""
        self.run(self.pg_ctl, f"--pgdata={self.data}", "-m", mode, "-w", "stop")

    def remove(self) -> None:
        subprocess.run(
            [*self.as_server, self.pg_ctl, f"--pgdata={self.data}", "-m", "fast", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def class_server() -> Iterator[ClassServer]:
    server = PostgresProcess()
    server.start()
    try:
        yield ClassServer(server.port)
    finally:
        server.remove()


@pytest.fixture
def own_class_server() -> Iterator[PostgresProcess]:
    """A PostgreSQL server of this test's own, which the test may stop and start again
    (the class database `class_sync` on it is made, at the newest schema)."""
    from ehr_sim.app.classroom import init_class_database

    server = PostgresProcess()
    server.start()
    try:
        init_class_database(ClassServer(server.port).url("class_sync"))
        yield server
    finally:
        server.remove()


@pytest.fixture
def class_url(class_server: ClassServer) -> str:
    """The URL of a class database that does not exist yet on the test server."""
    return class_server.url(f"class_{os.getpid()}_{next(_names)}")


@pytest.fixture
def class_db(class_url: str) -> str:
    """The URL of a new, empty class database at the newest schema (as `class init` makes)."""
    from ehr_sim.app.classroom import init_class_database

    init_class_database(class_url)
    return class_url
