"""Play steps and `where` filters checked as the gateway will see them.

A play step is a trainee action written in YAML: every argument the action needs must be
there, each value must become the argument's type, references must name something the
scenario creates (of the right kind, before the step), and ids of records made for each
attempt must be references, never numbers copied from one run's database.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from ehr_sim.domain.actions import Action, field_types
from ehr_sim.packs.when import parse_when
from ehr_sim.world import catalog

Path = tuple[str | int, ...]
Found = tuple[Path, str, str]

# Ids of records made for each attempt, and what a reference given for them must name.
REFERENCED: dict[str, tuple[str, ...]] = {
    "patient_id": ("patients",),
    "appointment_id": ("appointments",),
    "coverage_id": ("coverages",),
    "claim_id": ("claims",),
    "conversation_id": ("phone_call", "walk_in", "calls"),
    "remittance_id": ("remittance",),
    "waitlist_id": ("waitlist",),
    "contact_id": ("people",),
    "request_id": ("records_requests",),
    "fax_id": ("fax",),
    "referral_id": ("referrals",),
    "prior_auth_id": ("prior_auths",),
    "expected_document_id": ("expected_documents",),
    "payment_id": ("payments",),
    "item_id": ("stock",),
    "order_line_id": ("order_lines",),
}
# Ids every generated clinic has, numbered in catalogue order (docs/packs.md §5).
CATALOGUE: dict[str, tuple[str, int]] = {
    "provider_id": ("provider", len(catalog.PROVIDERS)),
    "pcp_id": ("provider", len(catalog.PROVIDERS)),
    "type_id": ("visit type", len(catalog.APPOINTMENT_TYPES)),
    "room_id": ("room", len(catalog.ROOMS)),
    "plan_id": ("plan", sum(len(payer[5]) for payer in catalog.PAYERS)),
}
# Event kinds whose id stands for the record the event creates.
CREATES = {"phone_call", "walk_in", "remittance", "fax"}
_NAMES = {
    "patients": "patient",
    "appointments": "appointment",
    "coverages": "coverage",
    "claims": "claim",
    "prior_auths": "prior authorisation request",
    "phone_call": "phone call",
    "walk_in": "walk-in",
    "remittance": "remittance",
    "fax": "fax",
    "message": "message",
    "update": "update",
    "waitlist": "waitlist entry",
    "messages": "staff message",
    "notes": "note",
    "calls": "call the trainee placed",
    "payments": "receipt",
    "people": "person",
    "records_requests": "records request",
    "disclosures": "disclosure",
    "referrals": "referral",
    "expected_documents": "expected document",
    "stock": "inventory item",
    "purchase_orders": "purchase order",
    "order_lines": "purchase order line",
}
_SAMPLE_DAY = date(2026, 1, 5)


def event_makes(event: Any) -> str:
    """What an event stands for in references: its kind, or "fax" for a fax message (which
    arrives in the fax log and can be filed or reported)."""
    if event.kind == "message" and getattr(event, "channel", "") == "fax":
        return "fax"
    return str(event.kind)


@dataclasses.dataclass(frozen=True)
class Known:
    """What a scenario declares that steps and filters may point at."""

    records: Mapping[str, str]  # setup reference -> "patients", "claims", ...
    events: Mapping[str, tuple[str, timedelta, str]]  # event id -> (kind, offset, as written)


@dataclasses.dataclass(frozen=True)
class Argument:
    """One argument of an action: its type in a pack's words, and whether it may be left out."""

    kind: str  # "number", "text", "true/false", "date", "date and time", "list", "map"
    required: bool
    optional_none: bool


def arguments_of(action: type[Action]) -> dict[str, Argument]:
    """The action's arguments by name, read from its dataclass fields and type hints."""
    cached = _ARGUMENTS.get(action.__name__)
    if cached is not None:
        return cached
    hints = field_types(action)
    result = {}
    for f in dataclasses.fields(action):
        hint, optional = hints[f.name], False
        if typing.get_origin(hint) in (types.UnionType, typing.Union):
            inner = [a for a in typing.get_args(hint) if a is not type(None)]
            optional, hint = len(inner) < len(typing.get_args(hint)), inner[0]
        origin = typing.get_origin(hint)
        if origin is tuple or origin is list:
            kind = "list"
        elif origin is dict:
            kind = "map"
        else:
            kind = {
                bool: "true/false",
                int: "number",
                str: "text",
                datetime: "date and time",
                date: "date",
            }.get(hint, "text")
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        result[f.name] = Argument(kind, required, optional)
    _ARGUMENTS[action.__name__] = result
    return result


_ARGUMENTS: dict[str, dict[str, Argument]] = {}


def check_step(
    action_name: str,
    action: type[Action],
    args: dict[str, Any],
    at: timedelta,
    path: Path,
    known: Known,
) -> Iterator[Found]:
    """Every reason `args` cannot become this action at time `at` (PLY002, PLY006-8, REF00x)."""
    arguments = arguments_of(action)
    for name, value in args.items():
        argument = arguments.get(name)
        if argument is None:
            yield (
                (*path, "args", name),
                "PLY002",
                f"{action_name} has no argument '{name}' (it has: {', '.join(sorted(arguments))})",
            )
            continue
        where = (*path, "args", name)
        problem = _type_problem(name, argument, value)
        if problem is not None:
            yield (where, "PLY007", problem)
            continue
        for item, item_path in each_item(value, where):
            yield from check_id(name, item, item_path, known, at=at)
    missing = [n for n, a in arguments.items() if a.required and n not in args]
    if missing:
        yield (
            (*path, "args") if args else path,
            "PLY006",
            f"{action_name} needs {_listed(missing)}; add {'it' if len(missing) == 1 else 'them'} "
            "under args",
        )


def check_id(
    name: str, value: Any, path: Path, known: Known, *, at: timedelta | None = None
) -> Iterator[Found]:
    """A reference or an id given for argument `name`: it exists, is of the right kind, and
    (in a play step at `at`) already exists when the step runs."""
    if isinstance(value, str) and value.startswith("@"):
        ref = value[1:]
        event = known.events.get(ref)
        kind = event[0] if event is not None else known.records.get(ref)
        if kind is None:
            yield (path, "REF001", f"no setup record or event '{ref}'")
        elif event is not None and kind not in CREATES:
            yield (
                path,
                "REF004",
                f"'{ref}' is {_a(_NAMES.get(kind, kind))} event; it creates no record an "
                "action could use",
            )
        elif name in CATALOGUE:
            what, count = CATALOGUE[name]
            yield (
                path,
                "REF004",
                f"{name} is a {what}'s number (1-{count}), not a reference to "
                f"{_a(_NAMES.get(kind, kind))}",
            )
        elif name in REFERENCED and kind not in REFERENCED[name]:
            wanted = " or ".join(_NAMES[k] for k in REFERENCED[name])
            yield (
                path,
                "REF004",
                f"'{ref}' is {_a(_NAMES.get(kind, kind))}, but {name} needs {_a(wanted)}",
            )
        elif event is not None and at is not None and at < event[1]:
            yield (
                path,
                "PLY008",
                f"'{ref}' only happens at {event[2]}; this step comes before it",
            )
    elif isinstance(value, int) and not isinstance(value, bool):
        if name in REFERENCED:
            wanted = " or ".join(_NAMES[k] for k in REFERENCED[name])
            yield (
                path,
                "REF003",
                f"{name}: {value} is a literal database id; ids differ from attempt to attempt, "
                f'so name the {wanted} with a reference like "@name"',
            )
        elif name in CATALOGUE and not 1 <= value <= CATALOGUE[name][1]:
            what, count = CATALOGUE[name]
            yield (path, "REF001", f"no {what} {value}: the clinic's {what}s are 1-{count}")


def each_item(value: Any, path: Path) -> Iterator[tuple[Any, Path]]:
    """A value with its path, or each item of a list with its own path (its own line)."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield item, (*path, index)
    else:
        yield value, path


def _type_problem(name: str, argument: Argument, value: Any) -> str | None:
    """Why `value`, as written in the pack, cannot become the argument, or None."""
    kind = argument.kind
    if value is None:
        return None if argument.optional_none else f"'{name}' may not be empty"
    if kind == "number":
        if isinstance(value, int) and not isinstance(value, bool):
            return None
        if isinstance(value, str) and value.startswith("@"):
            return None if name.endswith("_id") else f"'{name}' is a number, not a record"
        return f"'{name}' is a number; {value!r} is not"
    if kind == "true/false":
        return None if isinstance(value, bool) else f"'{name}' is true or false; {value!r} is not"
    if kind == "text":
        if not isinstance(value, str):
            return f"'{name}' is text; put {value!r} in quotes"
        if value.startswith("@"):
            return f"'{name}' is text; a reference ({value}) would become a number"
        return None
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"'{name}' is a list of text, like [name, dob]"
        return None
    if kind == "map":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            return f"'{name}' is a map of field: text, with every value in quotes"
        return None
    return _time_problem(name, kind, value)


def _time_problem(name: str, kind: str, value: Any) -> str | None:
    wanted = "'+3bd 14:00'" if kind == "date and time" else "'+3bd'"
    if not isinstance(value, str):
        return f"'{name}' is a {kind}; write it like {wanted}"
    if value[:1] in ("+", "-"):
        try:
            when = parse_when(value)
            when.on(_SAMPLE_DAY)
        except ValueError as exc:
            return f"'{name}': {exc}"
        if kind == "date" and when.clock is not None:
            return f"'{name}' is a date; leave out the clock time ({wanted})"
        if kind == "date and time" and when.clock is None:
            return f"'{name}' is a date and time; add a clock time ({wanted})"
        return None
    try:
        (datetime if kind == "date and time" else date).fromisoformat(value)
    except ValueError:
        return f"'{name}' is a {kind}; write it like {wanted}"
    return None


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _listed(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
