"""The generated clinic as a pack author builds on it: providers and their hours, rooms,
visit types, payers and plans, with the names and ids a pack may use.

Read from the generator's own rows (`clinic_rows`), so it always says what a world holds.
`as_json` is the documented, stable form (`ehr-sim clinic describe --json`); `as_text`
is for reading.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from typing import Any

from ehr_sim.world import catalog
from ehr_sim.world.generator import WorldSpec, clinic_rows

DESCRIBE_VERSION = 1
"""Bumped when a key of the JSON form is renamed or removed (adding keys keeps it)."""

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def describe(spec: WorldSpec) -> dict[str, Any]:
    """The clinic `spec` generates, as plain data (the `--json` form)."""
    rows = clinic_rows(spec)
    hours = rows["provider_hours"]
    breaks = rows["provider_breaks"]
    providers = []
    for p in rows["providers"]:
        own_hours = [h for h in hours if h["provider_id"] == p["id"]]
        worked = {h["weekday"] for h in own_hours}
        providers.append(
            {
                "id": p["id"],
                "key": p["last_name"].lower(),
                "name": _display_name(p),
                "first_name": p["first_name"],
                "last_name": p["last_name"],
                "credentials": p["credentials"],
                "specialty": p["specialty"],
                "npi": p["npi"],
                "hours": [
                    {"day": DAYS[h["weekday"]], "start": _hhmm(h["start"]), "end": _hhmm(h["end"])}
                    for h in sorted(own_hours, key=lambda h: h["weekday"])
                ],
                "days_off": [DAYS[d] for d in range(7) if d not in worked],
                "breaks": [
                    {
                        "day": None if b["weekday"] is None else DAYS[b["weekday"]],
                        "start": _hhmm(b["start"]),
                        "end": _hhmm(b["end"]),
                        "label": b["label"],
                    }
                    for b in breaks
                    if b["provider_id"] == p["id"]
                ],
            }
        )
    return {
        "describe_version": DESCRIBE_VERSION,
        "seed": spec.seed,
        "patients": spec.patients,
        "today": spec.today.isoformat(),
        "clinic": {
            "name": catalog.CLINIC["clinic_name"],
            "address": catalog.CLINIC["clinic_address"],
            "phone": catalog.CLINIC["clinic_phone"],
        },
        "providers": providers,
        "rooms": [{"id": r["id"], "name": r["name"], "kind": r["kind"]} for r in rows["rooms"]],
        "visit_types": [
            {
                "id": t["id"],
                "code": t["code"],
                "name": t["name"],
                "minutes": t["minutes"],
                "turnover_minutes": t["turnover_minutes"],
                "new_patient": t["new_patient"],
                "telehealth": t["telehealth"],
            }
            for t in rows["appointment_types"]
        ],
        "payers": [
            {
                "id": payer["id"],
                "code": payer["payer_code"],
                "name": payer["name"],
                "phone": payer["phone"],
                "member_id_example": payer["member_id_example"],
                "plans": [
                    {
                        "id": plan["id"],
                        "name": plan["name"],
                        "kind": plan["kind"],
                        "copay_cents": {
                            "primary_care": plan["copay_primary_cents"],
                            "specialist": plan["copay_specialist_cents"],
                            "preventive": plan["copay_preventive_cents"],
                            "telehealth": plan["copay_telehealth_cents"],
                        },
                        "deductible_cents": plan["deductible_cents"],
                        "coinsurance_percent": plan["coinsurance_percent"],
                        "requires_referral": plan["requires_referral"],
                        "requires_prior_auth": plan["requires_prior_auth"],
                    }
                    for plan in rows["plans"]
                    if plan["payer_id"] == payer["id"]
                ],
            }
            for payer in rows["payers"]
        ],
    }


def as_text(clinic: dict[str, Any]) -> str:
    """The description for an instructor to read, with the names a pack uses first."""
    c = clinic["clinic"]
    lines = [
        f"{c['name']} · {c['address']} · {c['phone']}",
        f"World: seed {clinic['seed']}, {clinic['patients']} patients, today {clinic['today']}.",
        "The providers, rooms, visit types, payers and plans are the same in every world;",
        "the seed and size change only the patients, their visits and the NPIs.",
        "",
        "PROVIDERS   pack name (setup: provider, pcp) · provider_id (actions) · who",
    ]
    for p in clinic["providers"]:
        full = f"{p['first_name']} {p['last_name']}, {p['credentials']}"
        who = p["name"] if p["name"] == full else f"{p['name']} ({full})"
        lines.append(f"  {p['key']:<8} id {p['id']}  {who}, {p['specialty']}")
        lines.append(f"      sees patients: {_hours_text(p['hours'])}")
        if p["days_off"]:
            lines.append(f"      never in on: {_days_text(p['days_off'])}")
        for b in p["breaks"]:
            when = "every day they work" if b["day"] is None else f"{b['day']}s"
            lines.append(f"      {b['label']}: {b['start']}–{b['end']}, {when}")
    lines += ["", "ROOMS   room_id · name · kind"]
    lines += [f"  {r['id']:>2}  {r['name']} ({r['kind']})" for r in clinic["rooms"]]
    lines += ["", "VISIT TYPES   pack code (setup: type) · type_id (actions) · length + turnover"]
    for t in clinic["visit_types"]:
        notes = [word for word, on in (("new patients", t["new_patient"]),) if on]
        notes += ["telehealth"] if t["telehealth"] else []
        extra = f" · {', '.join(notes)}" if notes else ""
        lines.append(
            f"  {t['code']:<6} id {t['id']}  {t['name']}: {t['minutes']} min "
            f"+ {t['turnover_minutes']} min turnover{extra}"
        )
    lines += ["", "PAYERS AND PLANS   payer code (setup: payer) · plan_id (actions)"]
    for payer in clinic["payers"]:
        lines.append(
            f"  {payer['code']}  {payer['name']} · {payer['phone']} · "
            f"member ID like {payer['member_id_example']}"
        )
        for plan in payer["plans"]:
            copays = plan["copay_cents"]
            rules = [
                word
                for word, on in (
                    ("referral needed", plan["requires_referral"]),
                    ("prior auth needed", plan["requires_prior_auth"]),
                )
                if on
            ]
            lines.append(
                f"      plan id {plan['id']}  {plan['name']} ({plan['kind']}): co-pay "
                f"{_money(copays['primary_care'])} primary care, "
                f"{_money(copays['specialist'])} specialist, "
                f"deductible {_money(plan['deductible_cents'])}, "
                f"coinsurance {plan['coinsurance_percent']} %"
                + (f", {', '.join(rules)}" if rules else "")
            )
    return "\n".join(lines)


def _display_name(provider: dict[str, Any]) -> str:
    if provider["credentials"] in ("MD", "DO"):
        return f"Dr. {provider['last_name']}"
    return f"{provider['first_name']} {provider['last_name']}, {provider['credentials']}"


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _hours_text(hours: list[dict[str, str]]) -> str:
    """'Monday–Friday 08:00–17:00', or days grouped by their hours."""
    groups: dict[tuple[str, str], list[str]] = {}
    for h in hours:
        groups.setdefault((h["start"], h["end"]), []).append(h["day"])
    return "; ".join(f"{_days_text(days)} {s}–{e}" for (s, e), days in groups.items())


def _days_text(days: Iterable[str]) -> str:
    """Consecutive days as a range ('Monday–Thursday'), the others listed."""
    numbers = sorted(DAYS.index(d) for d in days)
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [
        DAYS[r[0]] if len(r) == 1 else f"{DAYS[r[0]]}{'–' if len(r) > 2 else ', '}{DAYS[r[-1]]}"
        for r in runs
    ]
    return ", ".join(parts)


def _money(cents: int) -> str:
    return f"${cents / 100:,.2f}"
