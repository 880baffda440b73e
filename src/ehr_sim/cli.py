"""The `ehr-sim` command: launch the app (default), build a clinic with `world`, describe
the generated clinic (or a provider's openings) with `clinic describe`, check, test and add
packs with `packs`, re-grade with `grade`, check an attempt file is as logged with
`attempt verify`,
export claims (X12 837P) and remittances (X12 835) with `claims export-837|export-835`,
and the classroom's commands (`class …`, `grades …`, `reset`: see docs/classroom.md).

Every error is one plain line on stderr: exit 2 for bad input (arguments, files refused),
exit 1 for a pack that fails its checks or a play that fails."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ehr_sim import __version__

if TYPE_CHECKING:
    from ehr_sim.packs.loader import Problem

# The clinic's "today" must leave room for a century of birth dates and months of bookings.
EARLIEST_TODAY = date(1900, 1, 1)
LATEST_TODAY = date(2199, 12, 31)


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (no usage block above them)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def clinic_today(text: str) -> date:
    """An argparse type: a YYYY-MM-DD date the world generator can build a clinic around."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None
    if not EARLIEST_TODAY <= day <= LATEST_TODAY:
        raise argparse.ArgumentTypeError(
            f"{text} is out of range: the clinic's today must be between "
            f"{EARLIEST_TODAY} and {LATEST_TODAY}"
        )
    return day


def fail(command: str, message: object, code: int = 2) -> int:
    """Print one plain line for `ehr-sim COMMAND` on stderr and return its exit code."""
    print(f"ehr-sim {command}: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    """The `ehr-sim` command; its exit code."""
    try:
        code = _command(argv)
        sys.stdout.flush()  # a reader that went away shows up here, not at exit
    except BrokenPipeError:
        # `ehr-sim grade x.db | head`: the reader stopped reading, which is not an error to
        # report. Python's own recipe: point stdout at devnull so the exit flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code


def _command(argv: list[str] | None) -> int:
    parser = _Parser(prog="ehr-sim", description=__doc__)
    parser.add_argument("--version", action="version", version=f"ehr-sim {__version__}")
    parser.add_argument("--db", help="clinic database file or URL (default: your data folder)")
    commands = parser.add_subparsers(dest="command")
    world = commands.add_parser("world", help="build a fake clinic from a seed")
    world.add_argument("--seed", type=int, default=7)
    world.add_argument("--patients", type=int, default=2000)
    world.add_argument(
        "--today",
        type=clinic_today,
        default=None,
        help="the clinic's 'today' as YYYY-MM-DD (default: the real date)",
    )
    world.add_argument("--out", type=Path, required=True, help="new database file to write")
    world.add_argument("--force", action="store_true", help="replace --out if it exists")
    clinic = commands.add_parser("clinic", help="what the generated clinic holds, for authors")
    clinic_commands = clinic.add_subparsers(dest="clinic_command", required=True)
    describe = clinic_commands.add_parser(
        "describe",
        help="providers and their hours, rooms, visit types, payers and plans, with pack ids",
    )
    describe.add_argument("--seed", type=int, default=7, help="the world's seed (default 7)")
    describe.add_argument(
        "--patients", type=int, default=300, help="how many patients (default 300, as a pack)"
    )
    describe.add_argument(
        "--today",
        type=clinic_today,
        default=None,
        help="the clinic's 'today' as YYYY-MM-DD (default: the real date)",
    )
    describe.add_argument("--json", action="store_true", help="print it as JSON (stable keys)")
    describe.add_argument(
        "--openings",
        metavar="PROVIDER",
        help="instead, list this provider's open slots (pack name: okafor, patel, ...)",
    )
    describe.add_argument(
        "--date",
        type=clinic_today,
        default=None,
        help="with --openings: the play date (default: a fixed Monday, 2026-01-05, as packs test)",
    )
    describe.add_argument(
        "--type",
        dest="visit_type",
        default="FU",
        help="with --openings: the visit type code (default FU)",
    )
    packs = commands.add_parser("packs", help="check and inspect scenario packs")
    pack_commands = packs.add_subparsers(dest="pack_command", required=True)
    validate = pack_commands.add_parser("validate", help="report every problem as file:line")
    validate.add_argument("paths", nargs="+", type=Path, help="pack folders or .zip files")
    add = pack_commands.add_parser(
        "add", help="validate a pack and add it to your packs, as the app's 'Add a pack…' does"
    )
    add.add_argument("path", type=Path, help="a pack folder or .zip file")
    pack_commands.add_parser("schema", help="print the pack format as JSON Schema")
    pack_commands.add_parser(
        "list", help="every pack the app can see: id, version, scenarios, where it is"
    )
    test = pack_commands.add_parser("test", help="play every recorded play and check its score")
    test.add_argument("paths", nargs="+", type=Path, help="pack folders or .zip files")
    test.add_argument(
        "--date",
        type=clinic_today,
        default=None,
        help="the play date (default: a fixed Monday, 2026-01-05)",
    )
    test.add_argument(
        "--transcript",
        action="store_true",
        help="print every line said and heard in each play, with its clock time",
    )
    test.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep each play's attempt file in DIR (SCENARIO-PLAY.db) for `ehr-sim grade` "
        "and `ehr-sim attempt verify`",
    )
    test.add_argument(
        "--variants",
        type=_variant_count,
        default=0,
        metavar="N",
        help="also play each play in the per-student variants 1..N (other names, dates, "
        "amounts; the same rubric)",
    )
    regrade = commands.add_parser("grade", help="re-grade a saved attempt from its log")
    regrade.add_argument("attempt", type=Path, help="the attempt's clinic file")
    regrade.add_argument(
        "--pack", type=Path, help="grade with this pack (default: the one it was played from)"
    )
    regrade.add_argument("--json", action="store_true", help="print the report as JSON")
    attempt = commands.add_parser("attempt", help="check saved attempt files")
    attempt_commands = attempt.add_subparsers(dest="attempt_command", required=True)
    verify = attempt_commands.add_parser(
        "verify", help="check that an attempt file is as it was logged (exit 1 if not)"
    )
    verify.add_argument("attempt", type=Path, help="the attempt's clinic file")
    _add_claims_commands(commands)
    from ehr_sim import classcli

    classcli.register(commands)
    args = parser.parse_args(argv)
    if args.command == "world":
        return _world(args)
    if args.command == "packs":
        return _packs(args)
    if args.command == "clinic":
        return _describe_clinic(args)
    if args.command == "grade":
        return _grade(args)
    if args.command == "attempt":
        return _verify_attempt(args.attempt)
    if args.command == "claims":
        return _export_claims(args)
    classroom_command = getattr(args, "run", None)
    if classroom_command is not None:  # the classroom's commands (classcli/)
        return int(classroom_command(args))
    from ehr_sim.ui.application import run

    return run(args.db)


def _describe_clinic(args: argparse.Namespace) -> int:
    import json

    from ehr_sim.world import WorldSpec
    from ehr_sim.world.describe import as_text, describe

    if args.seed < 0:
        return fail("clinic describe", "--seed must be 0 or more")
    if args.patients < 1 or args.patients > 500_000:
        return fail("clinic describe", "--patients must be between 1 and 500000")
    if args.openings is not None:
        return _openings(args)
    spec = WorldSpec(seed=args.seed, patients=args.patients, today=args.today or date.today())
    clinic = describe(spec)
    print(json.dumps(clinic, indent=2) if args.json else as_text(clinic))
    return 0


def _openings(args: argparse.Namespace) -> int:
    import json

    from ehr_sim import config
    from ehr_sim.app.scenarios.attempts import worlds_folder
    from ehr_sim.app.scenarios.openings import UnknownName, openings
    from ehr_sim.app.scenarios.plays import DEFAULT_PLAY_DATE
    from ehr_sim.domain.times import clock
    from ehr_sim.packs.when import clinic_day
    from ehr_sim.world import WorldSpec
    from ehr_sim.world.cache import cached_world

    play_date = args.date or DEFAULT_PLAY_DATE
    spec = WorldSpec(seed=args.seed, patients=args.patients, today=clinic_day(play_date))
    world = cached_world(worlds_folder(config.data_dir()), spec)
    try:
        found = openings(
            world, provider_key=args.openings, type_code=args.visit_type, play_date=play_date
        )
    except UnknownName as unknown:
        return fail("clinic describe", unknown)
    if args.json:
        print(
            json.dumps(
                {
                    "describe_version": 1,
                    "seed": spec.seed,
                    "patients": spec.patients,
                    "play_date": play_date.isoformat(),
                    "day0": found.day0.isoformat(),
                    "provider": {"key": found.provider_key, "name": found.provider},
                    "visit_type": {
                        "code": found.visit_type,
                        "name": found.visit_name,
                        "minutes": found.minutes,
                    },
                    "days": [
                        {
                            "date": d.day.isoformat(),
                            "relative": d.relative,
                            "openings": [f"{t:%H:%M}" for t in d.starts],
                        }
                        for d in found.days
                    ],
                },
                indent=2,
            )
        )
        return 0
    print(
        f"Open slots for {found.provider} ({found.provider_key}), {found.visit_type} "
        f"{found.visit_name} ({found.minutes} min), seed {spec.seed}, {spec.patients} patients, "
        f"played on {play_date:%A} {play_date.isoformat()} (day 0 {found.day0.isoformat()}), "
        "before the pack's own setup:"
    )
    for d in found.days:
        times = ", ".join(clock(t) for t in d.starts) or "none"
        print(f"  {d.relative:<5} {d.day:%A} {d.day.month}/{d.day.day}: {times}")
    return 0


def _packs(args: argparse.Namespace) -> int:
    import json

    if args.pack_command == "schema":
        from ehr_sim.packs.schema import json_schema

        print(json.dumps(json_schema(), indent=2))
        return 0
    from ehr_sim.packs.loader import load_pack

    if args.pack_command == "test":
        return _test_packs(args)
    if args.pack_command == "list":
        return _list_packs()
    if args.pack_command == "add":
        return _add_pack(args.path)
    failed = missing = False
    for path in args.paths:
        if _is_missing(path):
            missing = True
            fail("packs validate", f"{path}: there is no such folder or .zip file")
            continue
        result = load_pack(path)
        for problem in result.problems:
            print(_located(path, problem))
        if result.ok and result.pack is not None:
            count = len(result.pack.scenarios)
            print(
                f"{path}: OK, {count} scenario{'s' if count != 1 else ''} "
                f"(content hash {result.pack.content_hash[:12]})"
            )
        else:
            failed = True
            print(f"{path}: {len(result.problems)} problem(s)")
    return 2 if missing else 1 if failed else 0


def _is_missing(path: Path) -> bool:
    """A path that names nothing at all (a link is something: the loader refuses it)."""
    return not path.exists() and not path.is_symlink()


def _add_pack(source: Path) -> int:
    """`ehr-sim packs add`: what the app's "Add a pack…" does, with the same checks and the
    same words; a refused pack leaves nothing behind."""
    from ehr_sim import config
    from ehr_sim.packs.install import REFUSED, install_pack, problem_lines
    from ehr_sim.packs.places import installed_packs_dir

    if _is_missing(source):
        return fail("packs add", f"{source}: there is no such folder or .zip file")
    packs_dir = installed_packs_dir(config.data_dir())
    result = install_pack(source, packs_dir)
    if not result.ok or result.pack is None:
        print("\n".join([REFUSED, *problem_lines(source, result)]))
        return 1
    manifest = result.pack.manifest
    count = len(result.pack.scenarios)
    print(
        f"Added {manifest.id} {manifest.version} · {count} scenario{'s' if count != 1 else ''} "
        f"· {packs_dir / manifest.id}"
    )
    return 0


def _list_packs() -> int:
    from ehr_sim import config
    from ehr_sim.bundled import builtin_packs_dir
    from ehr_sim.packs.loader import load_pack
    from ehr_sim.packs.places import find_packs, installed_packs_dir

    data_dir = config.data_dir()
    failed = False
    for found in find_packs(data_dir):
        where = f"{found.origin} · {found.path}"
        try:
            result = load_pack(found.path)
        except Exception as exc:  # one unreadable pack must not hide the others
            failed = True
            print(f"{found.path.name}: could not be loaded ({type(exc).__name__}) · {where}")
            continue
        if result.pack is None:
            failed = True
            first = result.problems[0] if result.problems else "unknown problem"
            print(f"{found.path.name}: could not be loaded ({first}) · {where}")
            continue
        manifest = result.pack.manifest
        count = len(result.pack.scenarios)
        line = f"{manifest.id} {manifest.version} · {count} scenario{'s' if count != 1 else ''}"
        if result.problems:
            line += f" · {len(result.problems)} problem(s): ehr-sim packs validate {found.path}"
        print(f"{line} · {where}")
    if builtin_packs_dir() is None:
        failed = True
        print("ehr-sim packs list: the built-in packs are missing from this installation")
    print(
        f"(packs added by an instructor live in {installed_packs_dir(data_dir)})", file=sys.stderr
    )
    return 1 if failed else 0


def _test_packs(args: argparse.Namespace) -> int:
    import tempfile

    from ehr_sim import config
    from ehr_sim.app.scenarios.attempts import worlds_folder
    from ehr_sim.app.scenarios.plays import DEFAULT_PLAY_DATE, PlayStepError, run_play
    from ehr_sim.packs.loader import load_pack

    worlds = worlds_folder(config.data_dir())
    keep: Path | None = args.keep
    if keep is not None:
        try:
            keep.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return fail("packs test", f"--keep {keep} cannot be used: {exc.strerror or exc}")
    passed = failed = missing = 0
    for path in args.paths:
        if _is_missing(path):
            missing = fail("packs test", f"{path}: there is no such folder or .zip file")
            continue
        # Kept attempts name their pack by a full path, so `grade` finds it from anywhere.
        result = load_pack(path.resolve() if keep is not None else path)
        if not result.ok or result.pack is None:
            for problem in result.problems:
                print(_located(path, problem))
            failed += 1
            continue
        with tempfile.TemporaryDirectory(prefix="ehr-sim-plays-") as temporary:
            folder = keep if keep is not None else Path(temporary)
            for loaded in result.pack.scenarios:
                plays = [
                    (play, variant)
                    for play in loaded.scenario.plays
                    for variant in range(args.variants + 1)
                ]
                for play, variant in plays:
                    named = f"{play.name} (variant {variant})" if variant else play.name
                    try:
                        outcome = run_play(
                            result.pack,
                            loaded.scenario,
                            play,
                            folder,
                            play_date=args.date or DEFAULT_PLAY_DATE,
                            world_cache=worlds,
                            variant=variant or None,
                        )
                    except Exception as exc:  # one broken play must not stop the others
                        reason = (
                            str(exc)
                            if isinstance(exc, PlayStepError)
                            else f"could not be played ({type(exc).__name__}: {exc})"
                        )
                        print(f"FAIL {loaded.file} · {named}: {' '.join(reason.split())}")
                        if args.transcript and isinstance(exc, PlayStepError):
                            _print_transcript(exc.transcript)
                        failed += 1
                        continue
                    mark = "ok  " if outcome.ok else "FAIL"
                    print(
                        f"{mark} {loaded.file} · {named}: score {outcome.report.score} "
                        f"(expected {play.expect_score}); critical "
                        f"{list(outcome.critical) or 'none'} (expected "
                        f"{list(play.expect_critical) or 'none'}); "
                        f"{_ending_words(outcome.ending)}"
                    )
                    if not outcome.ok:
                        for step in outcome.steps:
                            if not step.done:
                                print(f"       {step.at} {step.action} refused: {step.message}")
                        for c in outcome.report.criteria:
                            mark = _criterion_word(c.points, c.met)
                            print(f"       {mark:<9} {c.id}: {c.detail}")
                    if args.transcript:
                        _print_transcript(outcome.transcript)
                    passed, failed = (passed + 1, failed) if outcome.ok else (passed, failed + 1)
    if keep is not None:
        print(f"(attempt files kept in {keep}: ehr-sim grade {keep}/SCENARIO-PLAY.db)")
    print(f"{passed} passed, {failed} failed")
    return missing or (1 if failed else 0)


def _variant_count(text: str) -> int:
    """`--variants N`: how many per-student variants to play besides the pack as written."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 0 <= count <= 50:
        raise argparse.ArgumentTypeError(f"{count} is outside 0..50")
    return count


def _print_transcript(lines: tuple[str, ...]) -> None:
    print("       transcript:" if lines else "       transcript: nothing was said or heard")
    for line in lines:
        print(f"         {line}")


def _criterion_word(points: int, met: bool) -> str:
    """How `packs test` and `grade` mark a criterion, in the words of docs/packs.md §8: a
    harmful act (negative points) was `committed` or `avoided`; others are `met` or `missed`."""
    if points < 0:
        return "committed" if met else "avoided"
    return "met" if met else "missed"


def _ending_words(ending: str) -> str:
    """A play's ending as docs/packs.md names it: `ending completed|critical|out_of_time:
    message`, or `ending none` when the scenario was still running after the last step."""
    status, _, message = ending.partition(":")
    if status == "running":
        return "ending none: still running after the last step"
    return f"ending {status}: {message.strip()}".strip()


def _grade(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    from sqlalchemy.exc import SQLAlchemyError

    from ehr_sim.app.clinic import DatabaseProblem, clinic_file_url, open_clinic_database
    from ehr_sim.app.scenarios.attempts import saved_attempt
    from ehr_sim.app.scenarios.change_words import describe_changes
    from ehr_sim.app.scenarios.integrity import verify
    from ehr_sim.app.scenarios.record_changes import SnapshotMissing, changes_since, snapshot_path
    from ehr_sim.engine.variants import vary
    from ehr_sim.grading import grade
    from ehr_sim.packs.loader import load_pack

    if args.attempt.name.endswith(".start"):
        return fail(
            "grade",
            f"{args.attempt} is the clinic as an attempt started (its start snapshot), not an "
            f"attempt: grade {args.attempt.with_suffix('')} instead",
        )
    try:
        # Read-only: grading never changes the attempt (a read-only file grades too).
        db = open_clinic_database(clinic_file_url(args.attempt), create=False, read_only=True)
    except DatabaseProblem as refused:
        return fail("grade", refused)
    try:
        saved = saved_attempt(db)
        if saved is None:
            return fail("grade", f"{args.attempt} holds no scenario attempt")
        verdict = verify(db)
        if verdict.running and verdict.mode == "assessed":
            return fail(
                "grade",
                f"{args.attempt}: this assessed attempt is still running; "
                "its criteria are shown once it ends",
                1,
            )
        attempt = saved.attempt
        source, scenario_id, played_hash = saved.pack_source, saved.scenario_id, saved.content_hash
        changes_problem = ""
        try:
            changes = changes_since(db, snapshot_path(args.attempt))
        except SnapshotMissing as missing:
            changes, changes_problem = [], str(missing)
        changed_words = describe_changes(db, changes)
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc.__class__.__name__
        return fail("grade", f"{args.attempt} cannot be read: it is damaged ({reason})")
    finally:
        db.close()
    loaded = load_pack(args.pack or Path(source))
    if not loaded.ok or loaded.pack is None:
        for problem in loaded.problems:
            print(problem, file=sys.stderr)
        return 1
    scenario = next(
        (s.scenario for s in loaded.pack.scenarios if s.scenario.id == scenario_id), None
    )
    if scenario is None:
        return fail("grade", f"the pack has no scenario '{scenario_id}'", 1)
    # Same rubric in every variant; the feedback names what the trainee saw.
    report = grade(vary(scenario, saved.variant), attempt)
    if args.json:
        print(
            json.dumps(
                {
                    "verified": verdict.intact,
                    "verification": verdict.message,
                    "played_with": played_hash,
                    "graded_with": loaded.pack.content_hash,
                    **dataclasses.asdict(report),
                    "changes": None
                    if changes_problem
                    else [dataclasses.asdict(c) for c in changes],
                    "changes_problem": changes_problem or None,
                    "changed_words": changed_words,
                },
                indent=2,
                default=str,
            )
        )
    else:
        if not verdict.intact:
            print(f"NOT VERIFIED: {verdict.message}; this grade cannot be trusted")
        print(f"{scenario.title}: {report.score}/100")
        for c in report.critical:
            print(f"  CRITICAL {c.title}: {c.detail}")
        for r in report.criteria:
            mark = _criterion_word(r.points, r.met)
            print(f"  {mark:<9} {r.title} ({r.awarded}/{r.points}) {r.detail}")
        if changed_words:
            print("  What you changed:")
        for sentence in changed_words:
            print(f"    {sentence}")
        if changes_problem:
            print(f"  ({changes_problem})")
        if played_hash != loaded.pack.content_hash:
            print(
                "  (graded with a changed rubric: the pack's content differs from when it was played)"
            )
    if not verdict.intact:
        return fail("grade", f"{args.attempt} failed verification: {verdict.message}", 1)
    return 0


def _verify_attempt(path: Path) -> int:
    """`ehr-sim attempt verify FILE`: 0 and one line when the attempt is as it was logged,
    1 naming the first record that is not, 2 when the file cannot be read."""
    from sqlalchemy.exc import SQLAlchemyError

    from ehr_sim.app.clinic import DatabaseProblem, clinic_file_url, open_clinic_database
    from ehr_sim.app.scenarios.integrity import verify

    try:
        db = open_clinic_database(clinic_file_url(path), create=False, read_only=True)
    except DatabaseProblem as refused:
        return fail("attempt verify", refused)
    try:
        verdict = verify(db)
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc.__class__.__name__
        return fail("attempt verify", f"{path} cannot be read: it is damaged ({reason})")
    finally:
        db.close()
    if not verdict.intact:
        return fail("attempt verify", f"{path}: {verdict.message}", 1)
    print(f"{path}: {verdict.message}")
    return 0


def _located(pack: Path, problem: Problem) -> str:
    """`file:line: CODE message` with the file named from where the instructor stands: a file
    in the pack folder, a member of the archive, or the pack itself."""
    if problem.file == pack.name:  # the pack itself: a missing folder, an unreadable archive
        return f"{pack}:{problem.line}: {problem.code} {problem.message}"
    return f"{pack}/{problem}" if pack.is_dir() else f"{pack}:{problem}"


def _world(args: argparse.Namespace) -> int:
    from ehr_sim.app.clinic import (
        DatabaseProblem,
        build_clinic,
        clinic_file_url,
        open_clinic_database,
    )
    from ehr_sim.world import WorldSpec

    out: Path = args.out
    if args.patients < 1 or args.patients > 500_000:
        return fail("world", "--patients must be between 1 and 500000")
    if out.is_dir():
        return fail("world", f"{out} is a folder; give --out the path of a new clinic file")
    blocker = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        return fail("world", f"{out} cannot be created: {blocker} is a file, not a folder")
    if out.exists() and not args.force:
        return fail("world", f"{out} exists; add --force to replace it")
    try:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{out}{suffix}").unlink(missing_ok=True)
    except OSError as exc:
        return fail("world", f"{out} cannot be replaced: {exc.strerror or exc}")
    try:
        db = open_clinic_database(clinic_file_url(out))
    except DatabaseProblem as problem:
        return fail("world", problem)
    spec = WorldSpec(seed=args.seed, patients=args.patients, today=args.today or date.today())
    began = time.perf_counter()
    try:
        build_clinic(db, spec, lambda f, m: print(f"{f:4.0%}  {m}", file=sys.stderr))
    except Exception as exc:  # a full disk, a vanished folder: one line, never a traceback
        return fail("world", f"the clinic could not be built in {out}: {exc}", 1)
    finally:
        db.close()
    print(
        f"Built {out}: seed {spec.seed}, {spec.patients} patients, today {spec.today}, "
        f"in {time.perf_counter() - began:.1f} s"
    )
    return 0


def _add_claims_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    claims = commands.add_parser("claims", help="claim files: X12 837P claims, 835 remittances")
    claim_commands = claims.add_subparsers(dest="claims_command", required=True)
    for name, what, option, ids_help in (
        (
            "export-837",
            "write claims as an X12 837P batch (005010X222A1)",
            "--claim",
            "a claim to send (repeatable; default: every claim waiting to be sent)",
        ),
        (
            "export-835",
            "write remittances as an X12 835 (005010X221A1), one payment per payer and day",
            "--remittance",
            "a remittance to include (repeatable; default: all of them)",
        ),
    ):
        export = claim_commands.add_parser(name, help=what)
        export.add_argument(
            "--db", dest="clinic_db", type=Path, required=True, help="the clinic file"
        )
        export.add_argument("--out", type=Path, required=True, help="the X12 file to write")
        export.add_argument(option, dest="ids", type=int, action="append", help=ids_help)


def _export_claims(args: argparse.Namespace) -> int:
    from datetime import datetime

    from sqlalchemy.exc import SQLAlchemyError

    from ehr_sim.app.claim_files import ExportProblem, export_835, export_837
    from ehr_sim.app.clinic import DatabaseProblem, clinic_file_url, open_clinic_database

    command = f"claims {args.claims_command}"
    clinic: Path = args.clinic_db
    try:
        db = open_clinic_database(clinic_file_url(clinic), create=False, read_only=True)
    except DatabaseProblem as refused:
        return fail(command, refused)
    export = export_837 if args.claims_command == "export-837" else export_835
    try:
        done = export(db, args.out, args.ids, created_at=datetime.now().replace(microsecond=0))
    except ExportProblem as problem:
        return fail(command, problem, problem.exit_code)
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc.__class__.__name__
        return fail(command, f"{clinic} cannot be read: it is damaged ({reason})")
    finally:
        db.close()
    what = "claim" if args.claims_command == "export-837" else "remittance"
    print(
        f"Wrote {done.count} {what}{'s' if done.count != 1 else ''} to {args.out} ({done.size} bytes)"
    )
    return 0
