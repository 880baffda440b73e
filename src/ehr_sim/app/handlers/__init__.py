"""Action handlers, one module per capability; importing the package registers them all."""

from ehr_sim.app.handlers import (
    accounts,
    charts,
    checkin,
    claims,
    conversations,
    emergencies,
    notes,
    outgoing,
    payer,
    posting,
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
    "charts",
    "checkin",
    "claims",
    "conversations",
    "emergencies",
    "handles",
    "notes",
    "outgoing",
    "payer",
    "posting",
    "registration",
    "require",
    "scheduling",
]
