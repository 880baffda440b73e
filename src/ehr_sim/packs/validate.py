"""Checks a scenario beyond its schema: references, dialogue graphs, times, rubric, plays.

Each problem is (path in the file, stable code, message); the loader turns the path
into a line. Codes are documented in docs/packs.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from ehr_sim.domain.actions import ACTIONS
from ehr_sim.domain.scheduling import (
    WEEKDAY_NAMES,
    BreakBlock,
    ProviderTemplate,
    TimeSlot,
    WorkBlock,
)
from ehr_sim.packs.combined import CombinedChecks, timed_field
from ehr_sim.packs.placeholders import placeholders, spec_problem
from ehr_sim.packs.records import CREATED_BY, DATE_FIELDS, readable
from ehr_sim.packs.schema import (
    ActionMatch,
    ChoiceMade,
    Dialogue,
    Done,
    DoneBefore,
    DoneWithin,
    FalseStatement,
    Late,
    MessageArrives,
    NotDone,
    PhoneCall,
    RecordCheck,
    RecordState,
    RemittanceArrives,
    Scenario,
    Update,
    VariableIs,
    WalkIn,
)
from ehr_sim.packs.setup_checks import SETUP_SECTIONS, SetupChecks, noun, one
from ehr_sim.packs.steps import CREATES, Known, check_id, check_step, each_item, event_makes
from ehr_sim.packs.when import When, parse_offset, parse_when
from ehr_sim.world import catalog

Path = tuple[str | int, ...]
Found = tuple[Path, str, str]

# Actions the engine adds for conversations: dialogue choices are checked by id instead.
ENGINE_ACTIONS = {"ChooseResponse"}
# Actions that book a visit and log whether it took the earliest open slot that fits.
BOOKINGS = ("BookAppointment", "RescheduleAppointment", "BookFromWaitlist")


def provider_keys() -> dict[str, ProviderTemplate]:
    """Providers as packs name them (last name, lower case) with their weekly templates."""
    result = {}
    for first, last, cred, _specialty, _colour, week, breaks in catalog.PROVIDERS:
        name = f"Dr. {last}" if cred in ("MD", "DO") else f"{first} {last}, {cred}"
        result[last.lower()] = ProviderTemplate(
            name,
            tuple(WorkBlock(d, s, e) for d, (s, e) in sorted(week.items())),
            tuple(BreakBlock(d, s, e, label) for d, s, e, label in breaks),
        )
    return result


VISIT_TYPES = {row[0]: row[2] for row in catalog.APPOINTMENT_TYPES}
PAYER_CODES = {row[1] for row in catalog.PAYERS}
PLAN_NAMES = {row[1]: [plan[0] for plan in row[5]] for row in catalog.PAYERS}


def check_scenario(scenario: Scenario) -> list[Found]:
    """Every semantic problem in one scenario."""
    return list(_Checker(scenario).run())


FAX_FIELDS = ("sender_fax", "to", "to_fax", "pages", "about_name", "about_dob")


class _Checker(CombinedChecks, SetupChecks):
    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        setup = scenario.setup
        self.records: dict[str, str] = {}
        for section, kind in SETUP_SECTIONS.items():
            for ref in getattr(setup, section):
                self.records.setdefault(ref, kind)
        # Names for what the trainee makes (`created:`), by the kind of record they stand for.
        self.created: dict[str, str] = {}
        for name, created in scenario.created.items():
            kinds = [CREATED_BY[a] for a in created.actions if a in CREATED_BY]
            if kinds and name not in self.records:
                self.created[name] = kinds[0]
        self.events = {e.id: e for e in scenario.events}
        events = {e.id: (event_makes(e), parse_offset(e.at), e.at) for e in scenario.events}
        for e in scenario.events:
            if e.as_ is not None:
                events.setdefault(e.as_, events[e.id])
        self.known = Known({**self.created, **self.records}, events)
        self.choices: dict[str, Path] = {}
        self.limit = timedelta(minutes=scenario.world.time_limit_minutes)
        # Choice conditions are checked once every dialogue has been read.
        self.pending_choices: list[tuple[str, Path]] = []
        # Replies with `true_if`, and false_statement conditions to check against them.
        self.checked_claims: set[str] = set()
        self.pending_claims: list[tuple[str | None, Path]] = []

    def named(self, name: str) -> str | None:
        """The kind of record a name stands for: a setup record or a `created:` name."""
        return self.records.get(name) or self.created.get(name)

    def run(self) -> Iterator[Found]:
        yield from self.duplicate_records()
        yield from self.created_names()
        yield from self.setup_references()
        yield from self.more_setup()
        yield from self.appointment_times()
        yield from self.event_checks()
        yield from self.variables()
        for i, c in enumerate(self.s.complete_when):
            yield from self.condition(c, ("complete_when", i))
        yield from self.rubric()
        yield from self.plays()
        for choice, path in self.pending_choices:
            if choice not in self.choices:
                yield (
                    path,
                    "RUB003",
                    f"no dialogue has a choice '{choice}', so this can never be met",
                )
        for claim, path in self.pending_claims:
            if claim is None and not self.checked_claims:
                yield (
                    path,
                    "RUB003",
                    "no reply has `true_if`, so no false statement can ever be made",
                )
            elif claim is not None and claim not in self.checked_claims:
                yield (
                    (*path, "choice"),
                    "RUB003",
                    f"the reply '{claim}' has no `true_if`, so it is never a false statement",
                )

    # -- setup ------------------------------------------------------------------------------
    def duplicate_records(self) -> Iterator[Found]:
        seen: dict[str, str] = {}
        for section, kind in SETUP_SECTIONS.items():
            for ref in getattr(self.s.setup, section):
                if ref in seen:
                    yield (
                        ("setup", section, ref),
                        "REF002",
                        f"'{ref}' names both {one(seen[ref])} and {one(kind)}",
                    )
                seen[ref] = kind

    def created_names(self) -> Iterator[Found]:
        taken = set(self.records) | {e.id for e in self.s.events}
        for name, created in self.s.created.items():
            path: Path = ("created", name)
            if name in taken:
                yield (path, "REF002", f"'{name}' already names a setup record or an event")
            kinds = set()
            for k, action in enumerate(created.actions):
                where = (*path, "by", k) if isinstance(created.by, list) else (*path, "by")
                if action not in ACTIONS:
                    yield (where, "RUB001", f"no action '{action}'; see section 11")
                elif action not in CREATED_BY:
                    yield (where, "REF005", _creates_nothing(action))
                else:
                    kinds.add(CREATED_BY[action])
                    yield from self.match(ActionMatch(action=action, where=created.where), path)
            if len(kinds) > 1:
                yield (
                    (*path, "by"),
                    "REF005",
                    f"'{name}' would stand for records of different kinds "
                    f"({', '.join(sorted(kinds))}); name each kind separately",
                )

    def setup_references(self) -> Iterator[Found]:
        setup = self.s.setup
        providers = provider_keys()
        for k, ref in enumerate(self.s.answers_calls):
            yield from self.need(ref, "patients", ("answers_calls", k))
        for ref, cov in setup.coverages.items():
            yield from self.need(cov.patient, "patients", ("setup", "coverages", ref, "patient"))
            if cov.payer not in PAYER_CODES:
                yield (
                    ("setup", "coverages", ref, "payer"),
                    "REF001",
                    f"unknown payer '{cov.payer}'; use one of {', '.join(sorted(PAYER_CODES))}",
                )
            elif cov.plan is not None and cov.plan not in PLAN_NAMES[cov.payer]:
                yield (
                    ("setup", "coverages", ref, "plan"),
                    "REF001",
                    f"{cov.payer} has no plan '{cov.plan}'; use one of "
                    f"{', '.join(PLAN_NAMES[cov.payer])}",
                )
        for ref, appt in setup.appointments.items():
            path = ("setup", "appointments", ref)
            yield from self.need(appt.patient, "patients", (*path, "patient"))
            if appt.provider not in providers:
                yield (
                    (*path, "provider"),
                    "REF001",
                    _unknown("provider", appt.provider, providers),
                )
            if appt.type not in VISIT_TYPES:
                yield ((*path, "type"), "REF001", _unknown("visit type", appt.type, VISIT_TYPES))
        for ref, claim in setup.claims.items():
            path = ("setup", "claims", ref)
            yield from self.need(claim.patient, "patients", (*path, "patient"))
            yield from self.need(claim.coverage, "coverages", (*path, "coverage"))
            if claim.provider not in providers:
                yield (
                    (*path, "provider"),
                    "REF001",
                    _unknown("provider", claim.provider, providers),
                )
            if parse_when(claim.submitted).on(date(2026, 1, 5)) < parse_when(claim.service_date).on(
                date(2026, 1, 5)
            ):
                yield ((*path, "submitted"), "TIM002", "the claim is submitted before the visit")
        for ref, patient in setup.patients.items():
            if parse_when(patient.dob).on(date(2026, 1, 5)) > date(2026, 1, 5):
                yield (("setup", "patients", ref, "dob"), "TIM002", "date of birth after day 0")
            if patient.pcp is not None and patient.pcp not in providers:
                yield (
                    ("setup", "patients", ref, "pcp"),
                    "REF001",
                    _unknown("provider", patient.pcp, providers),
                )

    def appointment_times(self) -> Iterator[Found]:
        """A visit must fit its provider's hours whatever weekday the scenario is played on."""
        providers = provider_keys()
        monday = date(2026, 1, 5)
        for ref, appt in self.s.setup.appointments.items():
            template = providers.get(appt.provider)
            minutes = VISIT_TYPES.get(appt.type)
            when = parse_when(appt.start)
            path = ("setup", "appointments", ref, "start")
            if when.clock is None:
                yield (path, "TIM002", "an appointment needs a clock time, like '+2bd 10:30'")
                continue
            if template is None or minutes is None:
                continue
            for offset in range(5):
                day0 = monday + timedelta(days=offset)
                start = when.at(day0)
                problem = template.problem_with(TimeSlot.of(start, minutes))
                if problem:
                    yield (
                        path,
                        "TIM002",
                        f"played on a {WEEKDAY_NAMES[offset][:-1]} this visit falls on "
                        f"{start:%A %H:%M}: {problem} "
                        f"{_time_hint(template, start, when, minutes, providers)}",
                    )
                    break

    # -- events and dialogue ------------------------------------------------------------------
    def event_checks(self) -> Iterator[Found]:
        seen: set[str] = set()
        for i, event in enumerate(self.s.events):
            path: Path = ("events", i)
            if event.id in seen or event.id in self.records:
                yield ((*path, "id"), "REF002", f"the id '{event.id}' is used twice")
            seen.add(event.id)
            if parse_offset(event.at) > self.limit:
                yield (
                    (*path, "at"),
                    "TIM003",
                    f"{event.at} is after the time limit of {self.s.world.time_limit_minutes} min",
                )
            for name in ("only_if", "unless"):
                condition = getattr(event, name)
                if condition is not None:
                    yield from self.condition(condition, (*path, name))
            yield from self.assignments(event.sets, (*path, "sets"))
            if event.as_ is not None:
                if event_makes(event) not in CREATES:
                    yield (
                        (*path, "as"),
                        "REF005",
                        f"{_a(event.kind.replace('_', ' '))} event creates nothing 'as' could name",
                    )
                elif (
                    event.as_ in self.records
                    or event.as_ in self.created
                    or any(e.id == event.as_ for e in self.s.events)
                ):
                    yield ((*path, "as"), "REF002", f"the name '{event.as_}' is already used")
            if isinstance(event, MessageArrives) and event.channel != "fax":
                for field in FAX_FIELDS:
                    if field in event.model_fields_set:
                        yield (
                            (*path, field),
                            "SCH002",
                            f"'{field}' is a fax's field: only a message with channel: fax has it",
                        )
            for field in ("complaint", "subject", "body", "text"):
                written = getattr(event, field, None)
                if isinstance(written, str):
                    yield from self.text(written, (*path, field))
            if isinstance(event, PhoneCall | WalkIn):
                who = event.caller if isinstance(event, PhoneCall) else event.patient
                if who is not None:
                    key = "caller" if isinstance(event, PhoneCall) else "patient"
                    if self.records.get(who) != "people":  # someone calling about a patient
                        yield from self.need(who, "patients", (*path, key))
                yield from self.dialogue(event.dialogue, (*path, "dialogue"))
            if isinstance(event, RemittanceArrives):
                if self.created.get(event.claim) == "claims":  # a claim the trainee sends
                    if event.only_if is None:
                        yield (
                            (*path, "claim"),
                            "REF001",
                            f"'{event.claim}' is a claim the trainee makes: give the remittance "
                            "`only_if` the action that makes it, so it waits for the claim",
                        )
                else:
                    yield from self.need(event.claim, "claims", (*path, "claim"))
            if isinstance(event, Update) and event.about not in self.events:
                yield ((*path, "about"), "REF001", f"no event '{event.about}' to update")
            elif (
                isinstance(event, Update)
                and event.hangs_up
                and not isinstance(self.events[event.about], PhoneCall)
            ):
                yield (
                    (*path, "hangs_up"),
                    "REF004",
                    f"'{event.about}' is not a phone call: only a caller can hang up",
                )

    def dialogue(self, dialogue: Dialogue, path: Path) -> Iterator[Found]:
        nodes = dialogue.nodes
        if dialogue.start not in nodes:
            yield ((*path, "start"), "DLG003", f"the start node '{dialogue.start}' does not exist")
            return
        for node_id, node in nodes.items():
            node_path = (*path, "nodes", node_id)
            yield from self.text(node.says, (*node_path, "says"))
            if not node.choices and not node.ends:
                yield (
                    node_path,
                    "DLG002",
                    f"node '{node_id}' has no choices and does not end the conversation "
                    "(add choices or 'ends: true')",
                )
            for j, choice in enumerate(node.choices):
                choice_path = (*node_path, "choices", j)
                if choice.id in self.choices:
                    yield ((*choice_path, "id"), "REF002", f"choice id '{choice.id}' is used twice")
                self.choices[choice.id] = choice_path
                yield from self.text(choice.say, (*choice_path, "say"))
                if choice.next != "end" and choice.next not in nodes:
                    yield (
                        (*choice_path, "next"),
                        "DLG003",
                        f"choice '{choice.id}' goes to '{choice.next}', which does not exist",
                    )
                for k, match in enumerate(choice.requires):
                    yield from self.match(match, (*choice_path, "requires", k))
                if choice.only_if is not None:
                    yield from self.condition(choice.only_if, (*choice_path, "only_if"))
                if choice.true_if is not None:
                    self.checked_claims.add(choice.id)
                    yield from self.condition(choice.true_if, (*choice_path, "true_if"))
                elif choice.claims:
                    yield (
                        (*choice_path, "claims"),
                        "DLG004",
                        f"reply '{choice.id}' claims something but has no `true_if` saying "
                        "when it is true",
                    )
                yield from self.assignments(choice.sets, (*choice_path, "sets"))
        reachable = {dialogue.start}
        frontier = [dialogue.start]
        while frontier:
            for choice in nodes[frontier.pop()].choices:
                if choice.next in nodes and choice.next not in reachable:
                    reachable.add(choice.next)
                    frontier.append(choice.next)
        for node_id in nodes:
            if node_id not in reachable:
                yield (
                    (*path, "nodes", node_id),
                    "DLG001",
                    f"node '{node_id}' cannot be reached from '{dialogue.start}'",
                )

    # -- variables, conditions, rubric ---------------------------------------------------------
    def variables(self) -> Iterator[Found]:
        for name, var in self.s.variables.items():
            if not _fits(var.type, var.initial):
                yield (
                    ("variables", name, "initial"),
                    "SCH003",
                    f"the initial value of '{name}' is not a {var.type}",
                )

    def assignments(self, sets: dict[str, Any], path: Path) -> Iterator[Found]:
        for name, value in sets.items():
            var = self.s.variables.get(name)
            if var is None:
                yield ((*path, name), "REF001", f"no variable '{name}' is declared")
            elif not _fits(var.type, value):
                yield ((*path, name), "SCH003", f"'{name}' is a {var.type}; {value!r} is not")

    def condition(self, condition: Any, path: Path) -> Iterator[Found]:
        if self.is_combined(condition):
            yield from self.combined(condition, path)
        elif isinstance(condition, Done | NotDone):
            yield from self.match(condition.match, (*path, "match"))
        elif isinstance(condition, DoneBefore):
            yield from self.match(condition.first, (*path, "first"))
            yield from self.match(condition.then, (*path, "then"))
        elif isinstance(condition, DoneWithin | Late):
            yield from self.match(condition.match, (*path, "match"))
            since = condition.since
            start: Path = (*path, "from") if condition.start is not None else path
            if since.event is not None and since.event not in self.events:
                where = (*start, "event") if condition.start is not None else (*path, "after")
                yield (where, "REF001", f"no event '{since.event}'")
            elif since.action is not None:
                yield from self.match(since.as_match(), start)
            elif since.choice is not None:
                self.pending_choices.append((since.choice, (*start, "choice")))
        elif isinstance(condition, ChoiceMade):
            self.pending_choices.append((condition.choice, (*path, "choice")))
        elif isinstance(condition, FalseStatement):
            self.pending_claims.append((condition.choice, path))
        elif isinstance(condition, RecordCheck):
            kind = self.named(condition.record)
            if kind is None:
                yield (
                    (*path, "record"),
                    "REF001",
                    f"no setup record or created: name '{condition.record}'",
                )
            elif condition.field not in readable(kind):
                yield (
                    (*path, "field"),
                    "RUB003",
                    f"{_a(kind_name(kind))} has no field '{condition.field}' a check could read"
                    f"{_fields_of(kind)}",
                )
            elif not condition.has_equals and not condition.has_value_test:
                yield (
                    path,
                    "SCH001",
                    f"'{'record_state' if isinstance(condition, RecordState) else 'record_value'}' "
                    "needs 'equals' or a value check (present, between, "
                    "before, after, contains, excludes)",
                )
            elif condition.has_value_test:
                yield from self.value_check(
                    condition, path, timed=timed_field(condition.field), name=condition.field
                )
        elif isinstance(condition, VariableIs):
            var = self.s.variables.get(condition.variable)
            if var is None:
                yield ((*path, "variable"), "REF001", f"no variable '{condition.variable}'")
            elif not _fits(var.type, condition.equals):
                yield (
                    (*path, "equals"),
                    "RUB003",
                    f"'{condition.variable}' is a {var.type}; it can never equal "
                    f"{condition.equals!r}",
                )

    def text(self, written: str, path: Path) -> Iterator[Found]:
        """Named-record placeholders in text: a known name, a field it has, a safe format."""
        for p in placeholders(written):
            kind = self.named(p.name)
            if kind is None:
                yield (
                    path,
                    "TXT001",
                    f"{p.text}: no setup record or created: name '{p.name}'",
                )
            elif p.field not in readable(kind):
                yield (
                    path,
                    "TXT002",
                    f"{p.text}: {_a(kind_name(kind))} has no field '{p.field}'{_fields_of(kind)}",
                )
            elif p.spec is not None:
                problem = (
                    spec_problem(p.spec)
                    if p.field in DATE_FIELDS
                    else f"only dates and times take a format; '{p.field}' is not one"
                )
                if problem:
                    yield (path, "TXT003", f"{p.text}: {problem}")

    def match(self, match: ActionMatch, path: Path) -> Iterator[Found]:
        if match.action in ENGINE_ACTIONS:
            return
        action = ACTIONS.get(match.action)
        if action is None:
            yield (
                (*path, "action"),
                "RUB001",
                f"no action '{match.action}' exists, so this can never match; see the "
                "catalogue of actions in docs/packs.md",
            )
            return
        if match.earliest_fit is not None and match.action not in BOOKINGS:
            yield (
                (*path, "earliest_fit"),
                "RUB005",
                f"{match.action} books no visit, so 'earliest_fit' can never be checked; "
                f"use it with {', '.join(BOOKINGS)}",
            )
        names = {f.name for f in dataclasses.fields(action)}
        for arg, value in match.where.items():
            if arg not in names:
                yield (
                    (*path, "where", arg),
                    "RUB002",
                    f"{match.action} has no argument '{arg}' (it has: {', '.join(sorted(names))})",
                )
            for item, item_path in each_item(value, (*path, "where", arg)):
                yield from check_id(arg, item, item_path, self.known)
            yield from self.where_value(match.action, action, arg, value, (*path, "where", arg))

    def rubric(self) -> Iterator[Found]:
        ids: set[str] = set()
        for i, criterion in enumerate(self.s.rubric):
            if criterion.id in ids:
                yield (
                    ("rubric", i, "id"),
                    "REF002",
                    f"criterion id '{criterion.id}' is used twice",
                )
            ids.add(criterion.id)
            yield from self.condition(criterion.when, ("rubric", i, "when"))
        for i, error in enumerate(self.s.critical_errors):
            if error.id in ids:
                yield (("critical_errors", i, "id"), "REF002", f"the id '{error.id}' is used twice")
            ids.add(error.id)
            yield from self.condition(error.when, ("critical_errors", i, "when"))
        total = sum(c.points for c in self.s.rubric if c.points > 0)
        if total != 100:
            yield (("rubric",), "RUB004", f"the positive points add up to {total}, not 100")

    def plays(self) -> Iterator[Found]:
        if not any(p.expect_score == 100 for p in self.s.plays):
            yield (("plays",), "PLY004", "no play is a reference solution expecting 100")
        if all(p.expect_score == 100 for p in self.s.plays):
            yield (("plays",), "PLY005", "add a 'bad day' play that expects a lower score")
        critical_ids = {c.id for c in self.s.critical_errors}
        for i, play in enumerate(self.s.plays):
            previous = timedelta(0)
            made = {
                step.as_: (j, CREATED_BY.get(step.do or "", ""))
                for j, step in enumerate(play.steps)
                if step.as_ is not None
            }
            named = {name: kind for name, (_, kind) in made.items() if kind}
            known = Known({**self.known.records, **named}, self.known.events)
            for ref in play.expect_critical:
                if ref not in critical_ids:
                    yield (("plays", i, "expect_critical"), "REF001", f"no critical error '{ref}'")
            for j, step in enumerate(play.steps):
                path: Path = ("plays", i, "steps", j)
                at = parse_offset(step.at)
                if at < previous:
                    yield ((*path, "at"), "PLY003", "steps must be in time order")
                if at > self.limit:
                    yield ((*path, "at"), "TIM003", f"{step.at} is after the time limit")
                previous = at
                if (step.do is None) == (step.choose is None):
                    yield (
                        path,
                        "PLY001",
                        "a step either does an action (do) or picks a choice (choose)",
                    )
                elif step.choose is not None:
                    yield from self.choose_step(step.choose, at, path)
                elif step.do is not None:
                    action = ACTIONS.get(step.do)
                    if action is None:
                        yield ((*path, "do"), "RUB001", f"no action '{step.do}'")
                        continue
                    yield from self.step_names(step.args, j, made, path)
                    yield from check_step(step.do, action, step.args, at, path, known)
                if step.as_ is not None:
                    yield from self.step_as(step.as_, step.do, made, j, path)

    def step_names(
        self, args: dict[str, Any], index: int, made: dict[str, tuple[int, str]], path: Path
    ) -> Iterator[Found]:
        """A step may use the name a step makes (`as:`) only after that step."""
        for name, value in args.items():
            for item, item_path in each_item(value, (*path, "args", name)):
                if isinstance(item, str) and item.startswith("@") and item[1:] in made:
                    maker = made[item[1:]][0]
                    if maker >= index:
                        yield (
                            item_path,
                            "PLY009",
                            f"'{item[1:]}' is made by step {maker + 1} of this play; this step "
                            "comes before it can use it",
                        )

    def step_as(
        self,
        name: str,
        action: str | None,
        made: dict[str, tuple[int, str]],
        index: int,
        path: Path,
    ) -> Iterator[Found]:
        if action is None or action not in CREATED_BY:
            yield ((*path, "as"), "REF005", _creates_nothing(action or "a reply"))
        elif name in self.records or name in self.created or name in self.known.events:
            yield (
                (*path, "as"),
                "REF002",
                f"'{name}' already names a setup record, a created: name or an event",
            )
        elif made[name][0] != index:
            yield ((*path, "as"), "REF002", f"two steps of this play are named '{name}'")

    def choose_step(self, choice: str, at: timedelta, path: Path) -> Iterator[Found]:
        if choice not in self.choices:
            yield ((*path, "choose"), "REF001", f"no dialogue choice '{choice}'")
            return
        event = self.s.events[int(self.choices[choice][1])]
        if at < parse_offset(event.at):
            yield (
                (*path, "choose"),
                "PLY008",
                f"'{choice}' is a reply in '{event.id}', which only happens at {event.at}; "
                "this step comes before it",
            )

    def need(self, ref: str, kind: str, path: Path) -> Iterator[Found]:
        if self.records.get(ref) != kind:
            yield (path, "REF001", f"no {noun(kind)} '{ref}' in setup.{kind}")


def _time_hint(
    template: ProviderTemplate,
    start: datetime,
    when: When,
    minutes: int,
    providers: dict[str, ProviderTemplate],
) -> str:
    """What to change when a setup visit does not fit its provider on some play date."""
    if template.hours_on(start.date()):
        return (
            "Pick a time inside their hours and outside their breaks on every weekday "
            "(`ehr-sim clinic describe` lists them)."
        )
    # A relative date lands on every weekday as the play date changes, so another offset
    # cannot help: only a provider who works that time on all five weekdays can.
    monday = date(2026, 1, 5)
    always = [
        key
        for key, other in providers.items()
        if all(
            other.problem_with(TimeSlot.of(when.at(monday + timedelta(days=d)), minutes)) is None
            for d in range(5)
        )
    ]
    suggestion = (
        f" ({', '.join(always)} can see this visit whatever day the scenario is played)"
        if always
        else ""
    )
    return (
        f"{template.display_name} does not work on {WEEKDAY_NAMES[start.weekday()]}, and a "
        "relative date falls on every weekday as the play date changes: pick another "
        f"provider{suggestion}."
    )


def _fits(kind: str, value: Any) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)


def _creates_nothing(action: str) -> str:
    return (
        f"{action} creates no record a name could stand for; actions that do: "
        f"{', '.join(sorted(CREATED_BY))}"
    )


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def kind_name(kind: str) -> str:
    return noun(kind)


def _fields_of(kind: str) -> str:
    """ " (it has: a, b)" for an unknown field's message; nothing when the kind has none."""
    fields = sorted(readable(kind))
    return f" (it has: {', '.join(fields)})" if fields else " (it has no fields to read)"


def _unknown(what: str, name: str, known: Any) -> str:
    return f"unknown {what} '{name}'; use one of {', '.join(sorted(known))}"
