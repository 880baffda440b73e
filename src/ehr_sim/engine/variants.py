"""Per-student variants of a scenario: the same situation and rubric, other names, dates and
amounts, so neighbours' screens do not match.

`vary(scenario, variant)` rewrites the scenario's data (never its conditions) from a seed:
- the names of its setup patients and people, everywhere they are written (dialogue, caller
  lines, messages, tasks, briefing, plays), in Title, UPPER and spelled (R-E-Y-E-S) forms;
- their birth dates written as "-41y -57d": the days part moves, the age in years stays;
- the generated clinic around them (the world seed is derived from the variant);
- setup money (ledger lines, front-desk payments, claim charges), only when nothing graded
  and no play writes an amount, and every amount the scenario's text names is one of them.
Anything a condition (rubric, critical errors, complete_when, created, only_if, unless,
true_if, requires) writes literally is left as written, so a variant never changes a grade:
`grade(original, attempt) == grade(vary(original, n), attempt)`. Pure.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Iterator
from typing import Any

from faker.providers.person.en_US import Provider as UsNames

from ehr_sim.packs.schema import Scenario
from ehr_sim.world.catalog import PROVIDERS

# The clinic's own people keep their names in every variant.
_STAFF = frozenset(word for provider in PROVIDERS for word in provider[:2])

# Where an attempt keeps its variant (in the attempt's refs, beside the reply seed).
VARIANT_KEY = "__variant__"
# Keys whose values are graded or steer the timeline: their text is never rewritten, and a
# name, date or amount written in them keeps its literal everywhere in the scenario.
CONDITION_KEYS = frozenset(
    {"when", "complete_when", "created", "only_if", "unless", "true_if", "requires", "variables"}
)
# Keys that are identifiers or times, never text a trainee reads as a name.
_KEEP_KEYS = frozenset({"id", "at", "do", "choose", "next", "start", "kind", "as", "caller"})
_WHOLE_YEARS = re.compile(r"^-(\d{1,3})y -(\d{1,3})d$")
_MONEY_TEXT = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d{2})?(?!\d)")
_MONEY_LIKE = re.compile(r"\$\s?\d|\b\d+\.\d{2}\b")
_WORD = re.compile(r"^[A-Z][a-z]{2,11}$")
# A pattern and what replaces each of its matches (text, or a function of the match).
Replacement = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]


def vary(scenario: Scenario, variant: int | None) -> Scenario:
    """The scenario as variant `variant` plays it; None or 0 is the scenario as written."""
    if not variant:
        return scenario
    rng = random.Random(f"{scenario.id}:{variant}")
    data = scenario.model_dump(mode="json", by_alias=True)
    guarded = " ".join(_literals(list(_conditions(data))))
    everything = " ".join(_strings(data))
    replacements: list[Replacement] = []
    exact: dict[str, str] = {}
    taken = set(re.findall(r"[A-Za-z]+", everything)) | _STAFF
    for old, new in _name_map(data["setup"], rng, taken).items():
        if old in _STAFF:
            continue  # a patient who shares a provider's name: the provider's stays theirs
        if re.search(rf"\b{re.escape(old)}\b", guarded, re.IGNORECASE):
            continue  # a condition writes it: the literal is graded, so it stays
        replacements.extend(_name_forms(old, new))
    for old, new in _dob_map(data["setup"], rng).items():
        if old not in guarded:
            exact[old] = new
    money = _money_map(data, rng, guarded)
    if money:
        replacements.append((_MONEY_TEXT, _money_replacer(money)))
    # Rewritten as written (unset fields stay unset: some checks read what the author gave).
    written = scenario.model_dump(mode="json", by_alias=True, exclude_unset=True)
    varied = _rewrite(written, replacements, exact, money)
    varied.setdefault("world", {})["seed"] = derived_seed(variant)
    graded = ("rubric", "critical_errors", "complete_when", "created", "variables")
    return Scenario.model_validate(varied).model_copy(
        update={name: getattr(scenario, name) for name in graded}
    )


def derived_seed(variant: int) -> int:
    """The generated clinic's seed for a variant: other background patients, same catalogue.
    It depends on the variant alone, so one student's scenarios share one built clinic (the
    world cache keeps a few) instead of one per scenario."""
    digest = hashlib.sha256(f"variant:{variant}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 2**31


# -- what a variant rewrites -------------------------------------------------------------------
def _name_map(setup: dict[str, Any], rng: random.Random, taken: set[str]) -> dict[str, str]:
    """{old name word: new name word} for setup patients and people; one surname stays one
    surname (a family keeps sharing it), and no new word is already used in the scenario."""
    mapping: dict[str, str] = {}

    def pick(table: dict[str, float]) -> str:
        names = [n for n in table if _WORD.match(n)]
        while True:
            name = rng.choice(names)
            if name not in taken:
                taken.add(name)
                return name

    def first_table(sex: str) -> dict[str, float]:
        if sex == "F":
            return UsNames.first_names_female
        if sex == "M":
            return UsNames.first_names_male
        return UsNames.first_names_nonbinary

    for patient in setup["patients"].values():
        for old, table in (
            (patient["first_name"], first_table(patient["sex"])),
            (patient["last_name"], UsNames.last_names),
        ):
            if old not in mapping:
                mapping[old] = pick(table)
    people = [p["name"] for p in setup["people"].values()]
    for patient in setup["patients"].values():
        people += [c.partition("(")[0] for c in patient["authorised_contacts"]]
    for name in people:
        words = name.split()
        if len(words) < 2:
            continue
        first, last = words[0], words[-1]
        if first not in mapping and _WORD.match(_ascii(first)):
            sex = "F" if first in UsNames.first_names_female else "M"
            mapping[first] = pick(first_table(sex))
        if last not in mapping and _WORD.match(_ascii(last)):
            mapping[last] = pick(UsNames.last_names)
    return mapping


def _name_forms(old: str, new: str) -> list[Replacement]:
    """Dana -> Erin, DANA -> ERIN, D-A-N-A -> E-R-I-N (also spelled without accents)."""
    forms = [(old, new), (old.upper(), new.upper())]
    for spelled in {"-".join(old.upper()), "-".join(_ascii(old).upper())}:
        if len(old) > 1:
            forms.append((spelled, "-".join(new.upper())))
    return [(re.compile(rf"(?<![\w-]){re.escape(o)}(?![\w-])"), n) for o, n in forms]


def _dob_map(setup: dict[str, Any], rng: random.Random) -> dict[str, str]:
    """Birth dates written "-41y -57d": the days part moves, so the age in years stays."""
    mapping: dict[str, str] = {}
    for patient in setup["patients"].values():
        found = _WHOLE_YEARS.match(patient["dob"])
        if found is None or patient["dob"] in mapping:
            continue
        years, days = int(found.group(1)), int(found.group(2))
        new_days = days
        while new_days == days:
            new_days = rng.randint(5, 355)
        mapping[patient["dob"]] = f"-{years}y -{new_days}d"
    return mapping


def _money_map(data: dict[str, Any], rng: random.Random, guarded: str) -> dict[int, int]:
    """{old cents: new cents} for setup amounts, or {} when varying them could change a grade
    or an answer: a condition or a play writes an amount, a remittance pays from the charges,
    or the text names an amount (a total, say) that is not one of them."""
    setup = data["setup"]
    amounts = [line["amount"] for a in setup["accounts"].values() for line in a["lines"]]
    amounts += [p["amount"] for p in setup["payments"].values()]
    amounts += [ln["charge"] for c in setup["claims"].values() for ln in c["lines"]]
    if not amounts or _MONEY_LIKE.search(guarded):
        return {}
    if any(e["kind"] == "remittance" for e in data["events"]):
        return {}
    if any(_MONEY_LIKE.search(" ".join(_strings(play["steps"]))) for play in data["plays"]):
        return {}
    known = {_cents(a.lstrip("-")) for a in amounts}
    named = {_cents(m.group(0)) for m in _MONEY_TEXT.finditer(" ".join(_strings(data)))}
    if not named <= known:
        return {}
    mapping: dict[int, int] = {}
    for cents in sorted(known):
        new = cents
        while new == cents or new <= 0 or new in mapping.values():
            new = round(cents * rng.uniform(0.75, 1.3) / 100) * 100 + cents % 100
        mapping[cents] = new
    return mapping


def _money_replacer(money: dict[int, int]) -> Callable[[re.Match[str]], str]:
    def replace(m: re.Match[str]) -> str:
        new = money.get(_cents(m.group(0)))
        if new is None:
            return m.group(0)
        whole = f"{new // 100:,}" if "," in m.group(1) else str(new // 100)
        return f"${whole}{f'.{new % 100:02d}' if m.group(2) else ''}"

    return replace


def _rewrite(
    value: Any,
    replacements: list[Replacement],
    exact: dict[str, str],
    money: dict[int, int],
    key: str = "",
) -> Any:
    if key in CONDITION_KEYS or key in _KEEP_KEYS:
        return value
    if isinstance(value, dict):
        return {k: _rewrite(v, replacements, exact, money, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v, replacements, exact, money, key) for v in value]
    if not isinstance(value, str):
        return value
    if value in exact:
        return exact[value]
    if money and key in ("amount", "charge"):
        sign = "-" if value.startswith("-") else ""
        new = money.get(_cents(value.lstrip("-")))
        return value if new is None else f"{sign}{new // 100}.{new % 100:02d}"
    for pattern, new_text in replacements:
        value = pattern.sub(new_text, value)
    if key == "email":
        for pattern, new_text in replacements:
            if isinstance(new_text, str):
                value = re.sub(pattern.pattern.lower(), new_text.lower(), value)
    return value


# -- reading the scenario's data ---------------------------------------------------------------
def _conditions(value: Any, key: str = "") -> Iterator[Any]:
    """Every part of the data a condition holds (what grading and the timeline read)."""
    if key in CONDITION_KEYS:
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _conditions(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _conditions(v, key)


# Condition keys whose values name things of the scenario (refs, ids), never literals.
_NAMING_KEYS = frozenset({"record", "choice", "variable", "action", "kind", "field", "compare"})


def _literals(value: Any, key: str = "") -> Iterator[str]:
    """The literal text conditions compare with: not their keys, references or ids."""
    if key in _NAMING_KEYS:
        return
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _literals(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _literals(v, key)
    elif isinstance(value, str):
        if not value.startswith("@"):
            yield value
    elif value is not None and not isinstance(value, bool):
        yield str(value)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)
    elif value is not None:
        yield str(value)


def _cents(text: str) -> int:
    digits = text.replace("$", "").replace(",", "").strip()
    whole, _, part = digits.partition(".")
    return int(whole or 0) * 100 + int((part + "00")[:2])


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
