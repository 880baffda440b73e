"""Telehealth check-in: the link, the patient in the virtual waiting room, identity on video,
where the patient is (for emergencies, licensing and the claim), consent, then ready.

Pure rules; the handlers keep the steps in a `telehealth_checkins` row per visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# The office sends the link on the day, at most an hour ahead (office rule: 15 minutes).
LINK_WINDOW = timedelta(hours=1)
# The providers' licences (all in Ohio in the simulated clinic).
LICENSED_STATES = frozenset({"OH"})
IDENTIFIERS = frozenset({"name", "dob", "address", "phone"})


def link_problem(now: datetime, start: datetime) -> str | None:
    """Why a link cannot go now, or None: only on the day, within the hour before the visit."""
    if now.date() != start.date() or now < start - LINK_WINDOW:
        return (
            f"Send the link on the day of the visit, within the hour before {start:%I:%M %p} "
            "(the patient joins the virtual waiting room when it arrives)."
        )
    if now > start + timedelta(minutes=30):
        return "This visit's time has passed: reschedule it instead of sending a link."
    return None


def location_warning(state: str, provider: str) -> str | None:
    """A patient outside the provider's licensed states: the provider decides before the visit."""
    if state.upper() in LICENSED_STATES:
        return None
    return (
        f"The patient is in {state.upper()}; {provider} is licensed in "
        f"{', '.join(sorted(LICENSED_STATES))} only. Alert {provider} before the visit starts."
    )


@dataclass(frozen=True)
class Steps:
    """What a telehealth check-in has done so far."""

    link_sent: bool = False
    joined: bool = False
    identity: bool = False
    location_state: str = ""
    consent: bool = False
    ready: bool = False


def missing_before_ready(steps: Steps) -> list[str]:
    """The steps still missing before the provider may start, in the order they are done."""
    missing = []
    if not steps.link_sent:
        missing.append("send the link")
    elif not steps.joined:
        missing.append("wait for the patient to join")
    if not steps.identity:
        missing.append("verify identity on video")
    if not steps.location_state:
        missing.append("record where the patient is")
    if not steps.consent:
        missing.append("record telehealth consent")
    return missing


def stage(steps: Steps) -> str:
    """The visit's place in the schedule: link sent, in the virtual waiting room, ready."""
    if steps.ready:
        return "ready for provider"
    if steps.joined:
        return "waiting in the virtual room"
    if steps.link_sent:
        return "link sent"
    return ""
