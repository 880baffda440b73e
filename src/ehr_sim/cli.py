"""The `ehr-sim` command: launch the app (default) or build a clinic with `world`."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from ehr_sim import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ehr-sim", description=__doc__)
    parser.add_argument("--version", action="version", version=f"ehr-sim {__version__}")
    parser.add_argument("--db", help="clinic database file or URL (default: your data folder)")
    commands = parser.add_subparsers(dest="command")
    world = commands.add_parser("world", help="build a fake clinic from a seed")
    world.add_argument("--seed", type=int, default=7)
    world.add_argument("--patients", type=int, default=2000)
    world.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="the clinic's 'today' as YYYY-MM-DD (default: the real date)",
    )
    world.add_argument("--out", type=Path, required=True, help="new database file to write")
    world.add_argument("--force", action="store_true", help="replace --out if it exists")
    packs = commands.add_parser("packs", help="check and inspect scenario packs")
    pack_commands = packs.add_subparsers(dest="pack_command", required=True)
    validate = pack_commands.add_parser("validate", help="report every problem as file:line")
    validate.add_argument("paths", nargs="+", type=Path, help="pack folders or .zip files")
    pack_commands.add_parser("schema", help="print the pack format as JSON Schema")
    args = parser.parse_args(argv)
    if args.command == "world":
        return _world(args)
    if args.command == "packs":
        return _packs(args)
    from ehr_sim.ui.application import run

    return run(args.db)


def _packs(args: argparse.Namespace) -> int:
    import json

    if args.pack_command == "schema":
        from ehr_sim.packs.schema import json_schema

        print(json.dumps(json_schema(), indent=2))
        return 0
    from ehr_sim.packs.loader import load_pack

    failed = False
    for path in args.paths:
        result = load_pack(path)
        for problem in result.problems:
            print(f"{path}/{problem}" if path.is_dir() else f"{path}:{problem}")
        if result.ok and result.pack is not None:
            count = len(result.pack.scenarios)
            print(
                f"{path}: OK, {count} scenario{'s' if count != 1 else ''} "
                f"(content hash {result.pack.content_hash[:12]})",
                file=sys.stderr,
            )
        else:
            failed = True
            print(f"{path}: {len(result.problems)} problem(s)", file=sys.stderr)
    return 1 if failed else 0


def _world(args: argparse.Namespace) -> int:
    from ehr_sim.domain.errors import DatabaseProblem
    from ehr_sim.records.database import open_database, sqlite_url
    from ehr_sim.world import WorldSpec, build_world

    out: Path = args.out
    if args.patients < 1 or args.patients > 500_000:
        print("ehr-sim world: --patients must be between 1 and 500000", file=sys.stderr)
        return 2
    if out.exists() and not args.force:
        print(f"ehr-sim world: {out} exists; add --force to replace it", file=sys.stderr)
        return 2
    for suffix in ("", "-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    try:
        db = open_database(sqlite_url(out))
    except DatabaseProblem as problem:
        print(f"ehr-sim world: {problem}", file=sys.stderr)
        return 1
    spec = WorldSpec(seed=args.seed, patients=args.patients, today=args.today or date.today())
    began = time.perf_counter()
    build_world(db, spec, lambda f, m: print(f"{f:4.0%}  {m}", file=sys.stderr))
    db.close()
    print(
        f"Built {out}: seed {spec.seed}, {spec.patients} patients, today {spec.today}, "
        f"in {time.perf_counter() - began:.1f} s"
    )
    return 0
