"""Action handlers, one module per capability; importing the package registers them all."""

from ehr_sim.app.handlers import (
    accounts,
    chart_prep,
    charts,
    checkin,
    claims,
    conversations,
    emergencies,
    inventory,
    notes,
    outgoing,
    refills,
    registration,
    scheduling,
    telehealth,
)
from ehr_sim.app.handlers.base import HANDLERS, Applied, Change, Context, handles, require

__all__ = [
    "HANDLERS",
    "Applied",
    "Change",
    "Context",
    "accounts",
    "chart_prep",
    "charts",
    "checkin",
    "claims",
    "conversations",
    "emergencies",
    "handles",
    "inventory",
    "notes",
    "outgoing",
    "refills",
    "registration",
    "require",
    "scheduling",
    "telehealth",
]
