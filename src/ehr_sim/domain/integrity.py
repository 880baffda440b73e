"""Tamper evidence for attempt files: canonical content, a SHA-256 hash chain, the seal code.

Each link of an attempt's chain hashes the link before it, its own number and kind, the digest
of the record it covers and the digest of the attempt's state (refs and variables) when it was
written. Editing, removing, inserting or reordering anything the chain covers changes a digest
or breaks a link. Plain SHA-256, no key: see docs/integrity.md for what that does and does not
prove."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

# The hash "before" the first link.
GENESIS = "0" * 64


def canonical(content: Mapping[str, Any]) -> bytes:
    """One byte string per content: keys sorted, no spaces, dates and times as ISO text."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain
    ).encode()


def content_digest(content: Mapping[str, Any]) -> str:
    """The SHA-256 of a record's canonical content, as hex."""
    return hashlib.sha256(canonical(content)).hexdigest()


def link_hash(previous: str, number: int, kind: str, ref: int, digest: str, state: str) -> str:
    """The hash of one link: everything it says, and the hash of the link before it."""
    text = f"{previous}\n{number}\n{kind}\n{ref}\n{digest}\n{state}"
    return hashlib.sha256(text.encode()).hexdigest()


def seal_code(final_hash: str) -> str:
    """The short form of a sealed attempt's final hash, for the trainee to hand in elsewhere
    (16 hex digits in groups of four: a later re-seal of an edited file cannot match it)."""
    head = final_hash[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))


def _plain(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
