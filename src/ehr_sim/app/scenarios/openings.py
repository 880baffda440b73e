"""A provider's open slots in the clinic a scenario starts from, so a pack author can write a
time that is really free (`ehr-sim clinic describe --openings okafor --date 2026-01-05`).

The slots are those the booking dialog offers (the provider's hours and breaks, their other
visits, a free exam room) in the generated clinic for a seed, size and play date, before the
pack's own setup (which may clear more with `keep_free` or block some with `provider_blocks`).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from ehr_sim.app.handlers.scheduling import earliest_open_slots, provider_template
from ehr_sim.packs.when import clinic_day
from ehr_sim.records import AppointmentType, Provider
from ehr_sim.records.database import open_database, sqlite_url

DAYS_SHOWN = 5
"""How many clinic days (Monday to Friday) from day 0 the openings cover."""


class UnknownName(ValueError):
    """A provider or visit type the clinic does not have; the message lists those it has."""


@dataclass(frozen=True)
class DayOpenings:
    day: date
    relative: str  # how a pack writes the day: "+0d", "+2bd"
    starts: tuple[datetime, ...]


@dataclass(frozen=True)
class Openings:
    provider: str  # "Dr. Okafor"
    provider_key: str  # "okafor"
    visit_type: str  # "EST30"
    visit_name: str
    minutes: int
    day0: date
    days: tuple[DayOpenings, ...]


def openings(world_file: Path, *, provider_key: str, type_code: str, play_date: date) -> Openings:
    """Open slots for `provider_key` and `type_code` on each of DAYS_SHOWN clinic days from
    the play date's day 0, read from a copy of the built clinic `world_file` (never changed)."""
    day0 = clinic_day(play_date)
    with tempfile.TemporaryDirectory(prefix="ehr-sim-openings-") as folder:
        copy = Path(folder) / "world.db"
        shutil.copyfile(world_file, copy)
        db = open_database(sqlite_url(copy), create=False)
        try:
            with db.reading() as s:
                providers = {p.last_name.lower(): p for p in s.scalars(select(Provider))}
                types = {t.code: t for t in s.scalars(select(AppointmentType))}
                provider = providers.get(provider_key.lower())
                if provider is None:
                    raise UnknownName(
                        f"no provider '{provider_key}'; use one of {', '.join(sorted(providers))}"
                    )
                visit_type = types.get(type_code.upper())
                if visit_type is None:
                    raise UnknownName(
                        f"no visit type '{type_code}'; use one of {', '.join(sorted(types))}"
                    )
                template = provider_template(provider)
                days = []
                for number, day in enumerate(_clinic_days(day0, DAYS_SHOWN)):
                    found = earliest_open_slots(
                        s,
                        provider_id=provider.id,
                        template=template,
                        visit_type=visit_type,
                        after=datetime.combine(day, time()),
                        count=200,
                        days=0,
                    )
                    starts = tuple(slot.start for slot in found if slot.start.date() == day)
                    days.append(DayOpenings(day, f"+{number}{'bd' if number else 'd'}", starts))
                return Openings(
                    provider.display_name,
                    provider.last_name.lower(),
                    visit_type.code,
                    visit_type.name,
                    visit_type.minutes,
                    day0,
                    tuple(days),
                )
        finally:
            db.close()


def _clinic_days(day0: date, count: int) -> list[date]:
    days: list[date] = []
    day = day0
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days
