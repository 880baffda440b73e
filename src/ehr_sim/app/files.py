"""Files the app reads and writes whole: an attempt file as one self-contained copy (its
write-ahead log folded in), and a file written all at once or not at all (exports)."""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from pathlib import Path


class WriteRefused(Exception):
    """A file could not be written; the message says why, and the old file is as it was."""


def attempt_bytes(path: Path) -> bytes:
    """The attempt file at `path` as one SQLite file, including what its write-ahead log
    holds (an attempt that just ended has its seal there, not yet in the main file).
    sqlite3.Error when it cannot be read as a database."""
    with tempfile.TemporaryDirectory(prefix="ehr-sim-attempt-") as folder:
        copy = Path(folder) / "attempt.db"
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
            source.close()
        return copy.read_bytes()


def write_whole(out: Path, data: bytes) -> None:
    """Write `data` to `out` through a temporary file beside it: `out` is either its old
    self or the whole new file. WriteRefused, leaving `out` as it was, when it cannot."""
    if out.is_dir():
        raise WriteRefused(f"{out} is a folder; give the path of a file")
    if out.exists():
        # Replacing is renaming over it: that would swap a device (/dev/full) or a pipe for
        # a plain file, and overwrite a file its owner made read-only, even as root.
        mode = out.stat().st_mode
        if not stat.S_ISREG(mode):
            raise WriteRefused(f"{out} is not a plain file (a device or a pipe); give a file")
        if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise WriteRefused(f"{out} is read-only; left as it was")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise WriteRefused(f"{out} cannot be written: the folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=folder)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, out)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise WriteRefused(f"{out} cannot be written: {exc.strerror or exc}") from None
