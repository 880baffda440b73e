"""Money as integer cents, never floats."""

from __future__ import annotations

import re
from dataclasses import dataclass

_AMOUNT = re.compile(r"^\$?\s*(\d{1,7})(?:\.(\d{1,2}))?$")


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An amount in US cents."""

    cents: int

    @classmethod
    def parse(cls, text: str) -> Money:
        """Read '25', '25.5', '$25.50'; raise ValueError with a plain message otherwise."""
        match = _AMOUNT.match(text.strip().replace(",", ""))
        if not match:
            raise ValueError(f"'{text}' is not an amount of money (for example 25.00)")
        dollars, cents = match.groups()
        return cls(int(dollars) * 100 + int((cents or "0").ljust(2, "0")))

    def __add__(self, other: Money) -> Money:
        return Money(self.cents + other.cents)

    def __sub__(self, other: Money) -> Money:
        return Money(self.cents - other.cents)

    def __str__(self) -> str:
        sign = "-" if self.cents < 0 else ""
        return f"{sign}${abs(self.cents) // 100:,}.{abs(self.cents) % 100:02d}"


ZERO = Money(0)
