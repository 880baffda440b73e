"""The seat's lock: while EHR Sim runs on a clinic file it holds a lock on
`<clinic file>.running`, so `ehr-sim reset` refuses to rebuild the file under it. Kept light
(standard library only): the window takes it before it shows, at every start."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

RUNNING_SUFFIX = ".running"


class SeatLock:
    """A lock held on `<clinic file>.running` while the app runs on that clinic file."""

    def __init__(self, handle: IO[bytes], path: Path) -> None:
        self._handle = handle
        self.path = path

    def release(self) -> None:
        if not self._handle.closed:
            self._handle.close()  # closing the file releases the lock

    def __del__(self) -> None:
        self.release()  # a lock nobody holds any more is let go, not left to the collector


def hold_clinic(clinic: Path) -> SeatLock | None:
    """Lock `clinic` as in use by this process; None when another process holds it."""
    path = Path(f"{clinic}{RUNNING_SUFFIX}")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+b")
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return SeatLock(handle, path)


def clinic_file(url: str) -> Path | None:
    """The clinic file a database URL names; None for a server database."""
    from sqlalchemy.engine import make_url  # only when asked: the lock itself needs none

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)
