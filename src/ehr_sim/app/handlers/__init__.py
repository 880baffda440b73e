"""Action handlers, one module per capability; importing the package registers them all."""

from ehr_sim.app.handlers import (
    accounts,
    charges,
    charts,
    checkin,
    claims,
    conversations,
    emergencies,
    inbasket,
    notes,
    outgoing,
    phone,
    privacy,
    referrals,
    registration,
    scheduling,
)
from ehr_sim.app.handlers.base import HANDLERS, Applied, Change, Context, handles, require

__all__ = [
    "HANDLERS",
    "Applied",
    "Change",
    "Context",
    "accounts",
    "charges",
    "charts",
    "checkin",
    "claims",
    "conversations",
    "emergencies",
    "handles",
    "inbasket",
    "notes",
    "outgoing",
    "phone",
    "privacy",
    "referrals",
    "registration",
    "require",
    "scheduling",
]
