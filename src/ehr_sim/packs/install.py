"""Add an instructor's pack (a folder or a .zip) to the user's packs, after validating it."""

from __future__ import annotations

import shutil
from pathlib import Path

from ehr_sim.packs.loader import LoadResult, Problem, load_pack, read_pack_files

REFUSED = "Not added — fix these first:"
"""The line above a refused pack's problems, in the app and in `ehr-sim packs add`."""


def problem_lines(source: Path, result: LoadResult) -> list[str]:
    """Each problem as the app shows a refused pack: a file in the pack as `pack/file:line:`,
    the pack itself (an archive, a copy that failed) as `pack:line:`."""
    return [str(p) if p.file == source.name else f"{source.name}/{p}" for p in result.problems]


def install_pack(source: Path, packs_dir: Path) -> LoadResult:
    """Validate `source`; when it is sound, copy its files to packs_dir/<pack id>/.

    Only the files the loader read are written (never paths from an archive), and an
    installed pack with the same id is replaced. A pack with problems is not installed."""
    result = load_pack(source)
    if not result.ok or result.pack is None:
        return result
    files = read_pack_files(source)
    if isinstance(files, Problem):
        return LoadResult(None, [files])
    target = packs_dir / result.pack.manifest.id
    staging = packs_dir / f".{result.pack.manifest.id}.installing"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for name, data in files.files.items():
            (staging / Path(name).name).write_bytes(data)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    except OSError as exc:  # a full disk, a folder the trainee may not write to
        shutil.rmtree(staging, ignore_errors=True)
        reason = exc.strerror or str(exc)
        where = f"{packs_dir} ({reason})"
        return LoadResult(None, [Problem(source.name, 1, "ARC005", f"cannot be copied to {where}")])
    return load_pack(target)
