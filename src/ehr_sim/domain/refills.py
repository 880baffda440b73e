"""Refill requests: who may receive one and who may approve one. The front desk routes a
request to clinical staff with the medication and pharmacy; it never approves one."""

from __future__ import annotations

from collections.abc import Iterable

VIA = ("phone", "fax", "portal")
NURSE_POOL = "Clinical team (nurse pool)"
# Actors of the living clinic and scripts who are clinical staff (the trainee is the front desk).
CLINICAL_ROLES = frozenset({"MA", "nurse", "provider", "clinical staff"})


def clinical_recipients(provider_names: Iterable[str]) -> list[str]:
    """Whom a refill request may go to: each provider, each provider's nurse, the nurse pool."""
    names = list(provider_names)
    return [*names, *(f"{name}'s nurse" for name in names), NURSE_POOL]


def may_approve(actor: str, provider_names: Iterable[str]) -> bool:
    """Only clinical staff approve refills: a provider, a nurse or an MA, never the front desk."""
    return actor in CLINICAL_ROLES or actor in set(provider_names)


def refill_message(medication: str, pharmacy: str, via: str, note: str) -> str:
    """The text of the task the clinical staff receive."""
    text = f"Refill request by {via}: {medication}. Pharmacy: {pharmacy}."
    return f"{text} {note}" if note else text
