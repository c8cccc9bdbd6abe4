"""From structured documents to the engine's model, checking as it goes.

Every problem is recorded on the Source it belongs to, with its key path; the
compiler carries on past each one so that an author sees all of them at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from game.content.locate import KeyPath
from game.content.problems import suggest
from game.content.schema import (
    Amount,
    CalendarDoc,
    ChanceDoc,
    ChoiceDoc,
    EffectAmount,
    EventDoc,
    FollowDoc,
    LaterDoc,
    ScenarioDoc,
    SetTo,
)
from game.content.shadow import Shadow
from game.content.source import Source
from game.engine.expr import Expr, ExprError, Kind, Names, constant, parse
from game.engine.ids import ID, PACK_ID
from game.engine.model import (
    PER_YEAR,
    Calendar,
    Choice,
    Consequence,
    Delayed,
    Derived,
    Effect,
    Ending,
    Event,
    FollowUp,
    Meter,
    Outcome,
    Phase,
    Rule,
    Scenario,
    Transition,
    Words,
)

BUILTIN_NUMBERS = ("turn", "turns")
# The game's sidebar at 80 columns: 26 cells inside its border; a meter's line is its
# label, a space, the value (as wide as the widest of any meter) and a 5-cell move.
SIDEBAR_WIDTH = 26
MAX_HEADLINE = 3  # headline bars that fit the sidebar on an 80x24 terminal


def label_limit(doc: ScenarioDoc) -> int:
    """How many characters of a meter's label the sidebar shows."""
    values = max(len(f"{v:.{m.decimals}f}{m.unit}") for m in doc.meter for v in (m.min, m.max))
    return SIDEBAR_WIDTH - max(values, 3) - 6


_UNKNOWN_NAME = re.compile(r"unknown name '([^']*)'")

WORD = re.compile(r"[^\W\d_][\w' -]{0,19}")  # "month", "round", "fiscal year"


@attrs.define
class ExprUse:
    """Where an expression stands, for the cross-file checks."""

    expr: Expr
    source: Source
    path: KeyPath


@attrs.define
class FlagSet:
    flag: str
    source: Source
    path: KeyPath


@attrs.define
class EventRef:
    event: str
    source: Source
    path: KeyPath


@attrs.define
class Compiler:
    scenario_doc: ScenarioDoc
    scenario_source: Source
    event_ids: frozenset[str]  # every event id declared in any file, for follow-up checks
    shadow: Shadow = attrs.Factory(Shadow)  # what tables left out for their errors may define
    # Where each kept [[meter]], [[phase]], ... stood in the file, when some were left out.
    positions: dict[str, tuple[int, ...]] = attrs.Factory(dict)
    exprs: list[ExprUse] = attrs.Factory(list)
    parsed: dict[tuple[str, Kind, Names], Expr] = attrs.Factory(dict)  # a pack repeats conditions
    flags_set: list[FlagSet] = attrs.Factory(list)
    event_refs: list[EventRef] = attrs.Factory(list)
    names: Names = attrs.field(init=False)
    meter_ids: frozenset[str] = attrs.field(init=False)
    formulas: dict[str, str] = attrs.field(init=False)  # derived id -> formula

    def __attrs_post_init__(self) -> None:
        doc = self.scenario_doc
        self.meter_ids = frozenset(m.id for m in doc.meter)
        self.formulas = {d.id: d.formula for d in doc.derived}
        numbers = {*BUILTIN_NUMBERS, *self.meter_ids, *(d.id for d in doc.derived)}
        self.names = Names(frozenset(numbers), phases=frozenset(p.id for p in doc.phase))

    # ── helpers ──────────────────────────────────────────────────────────

    def at(self, table: str, index: int) -> KeyPath:
        """The key path of the `index`th kept [[table]] of scenario.toml."""
        kept = self.positions.get(table)
        return (table, kept[index] if kept is not None else index)

    def check_id(self, source: Source, path: KeyPath, value: str) -> None:
        if not ID.fullmatch(value):
            source.add(
                path,
                f"id '{value}' must start with a letter and use only letters, digits and _",
                fragment=value,
            )

    def check_unique(self, source: Source, items: Iterable[tuple[KeyPath, str]], what: str) -> None:
        seen: dict[str, KeyPath] = {}
        for path, value in items:
            if value in seen:
                line = source.locator.line_of(seen[value])
                source.add(path, f"duplicate {what} id '{value}' (first defined on line {line})")
            else:
                seen[value] = path

    def expr(
        self, source: Source, path: KeyPath, value: Amount, kind: Kind, names: Names | None = None
    ) -> Expr:
        if isinstance(value, float):
            if kind == "bool":
                source.add(path, "expected a condition in quotes, got a number")
            return constant(value)
        key = (value, kind, names or self.names)
        try:
            parsed = self.parsed.get(key) or self.parsed.setdefault(key, parse(*key))
        except ExprError as error:
            unknown = _UNKNOWN_NAME.match(error.message)
            if not (unknown and self.shadow.mentions(unknown.group(1))):
                source.add(path, str(error), fragment=value, offset=error.column - 1)
            return constant(0.0) if kind == "number" else parse("true", "bool", self.names)
        self.exprs.append(ExprUse(parsed, source, path))
        return parsed

    def condition(self, source: Source, path: KeyPath, text: str | None) -> Expr | None:
        return None if text is None else self.expr(source, path, text, "bool")

    def probability(self, source: Source, path: KeyPath, value: Amount) -> Expr:
        if isinstance(value, float) and not 0 <= value <= 1:
            source.add(path, f"a probability must be between 0 and 1, got {value:g}")
        return self.expr(source, path, value, "number")

    def effects(
        self, source: Source, path: KeyPath, table: dict[str, EffectAmount]
    ) -> tuple[Effect, ...]:
        result = []
        for meter, amount in table.items():
            known = meter in self.meter_ids
            if meter in self.formulas:
                formula = self.formulas[meter]
                inputs = sorted(set(re.findall(r"[A-Za-z_]\w*", formula)) & self.names.numbers)
                source.add(
                    (*path, meter),
                    f"'{meter}' is a derived value, computed as `{formula}`: it cannot be "
                    f"changed itself; change what it is computed from ({', '.join(inputs)})",
                    fragment=meter,
                )
            elif not known and not self.shadow.mentions(meter):
                source.add(
                    (*path, meter),
                    f"unknown meter '{meter}'{suggest(meter, self.meter_ids)}",
                    fragment=meter,
                )
            if isinstance(amount, SetTo):
                result.append(
                    Effect(meter, self.set_to(source, (*path, meter), meter, amount, known))
                )
            else:
                result.append(Effect(meter, self.expr(source, (*path, meter), amount, "number")))
        return tuple(result)

    def set_to(self, source: Source, path: KeyPath, meter: str, doc: SetTo, known: bool) -> Expr:
        """`{ to = X }` becomes the change `(X) - meter`: the engine adds it like any
        other effect, so causes and the ledger show it as the move it makes."""
        before = len(source.problems)
        self.expr(source, (*path, "to"), doc.to, "number")
        if len(source.problems) > before or not known:
            return constant(0.0)
        target = repr(doc.to) if isinstance(doc.to, float) else f"({doc.to})"
        return parse(f"{target} - {meter}", "number", self.names)

    def follow(
        self, source: Source, path: KeyPath, docs: tuple[FollowDoc, ...]
    ) -> tuple[FollowUp, ...]:
        result = []
        for i, doc in enumerate(docs):
            where = (*path, i)
            self.event_ref(source, (*where, "event"), doc.event)
            self.positive(source, (*where, "after"), doc.after)
            result.append(FollowUp(doc.event, doc.after))
        return tuple(result)

    def later(
        self, source: Source, path: KeyPath, docs: tuple[LaterDoc, ...]
    ) -> tuple[Delayed, ...]:
        result = []
        for i, doc in enumerate(docs):
            where = (*path, i)
            self.positive(source, (*where, "after"), doc.after)
            effects = self.effects(source, (*where, "effects"), doc.effects)
            if not doc.explain.strip():
                source.add((*where, "explain"), "a delayed effect needs an explain line")
            result.append(Delayed(doc.after, effects, doc.explain))
        return tuple(result)

    def positive(self, source: Source, path: KeyPath, value: int) -> None:
        words, turns = scenario_words(self.scenario_doc), self.scenario_doc.turns
        if value < 1:
            source.add(path, f"must be 1 or more {words.turns}, got {value}")
        elif value > turns:
            source.add(path, f"{value} {words.turns} is longer than the {words.term} ({turns})")

    def event_ref(self, source: Source, path: KeyPath, event: str) -> None:
        self.event_refs.append(EventRef(event, source, path))
        if event not in self.event_ids and not self.shadow.mentions(event):
            source.add(
                path, f"unknown event '{event}'{suggest(event, self.event_ids)}", fragment=event
            )

    def flags(self, source: Source, path: KeyPath, flags: tuple[str, ...]) -> tuple[str, ...]:
        for i, flag in enumerate(flags):
            self.check_id(source, (*path, i), flag)
            self.flags_set.append(FlagSet(flag, source, (*path, i)))
        return flags

    def consequence(
        self,
        source: Source,
        path: KeyPath,
        doc: ChoiceDoc | ChanceDoc,
    ) -> Consequence:
        return Consequence(
            effects=self.effects(source, (*path, "effects"), doc.effects),
            set_flags=self.flags(source, (*path, "set"), doc.set),
            clear_flags=doc.clear,
            follow=self.follow(source, (*path, "follow"), doc.follow),
            later=self.later(source, (*path, "later"), doc.later),
        )

    # ── the scenario ─────────────────────────────────────────────────────

    def scenario_parts(self) -> dict[str, object]:
        doc, src = self.scenario_doc, self.scenario_source
        if not PACK_ID.fullmatch(doc.id):
            src.add(("id",), "a pack id uses lower-case letters, digits, '-', '_' and '.'")
        if not 1 <= doc.turns <= 400:
            words = scenario_words(doc)
            src.add(("turns",), f"a {words.term} must last 1 to 400 {words.turns}, got {doc.turns}")
        if not 0 <= doc.events_per_turn <= 10:
            src.add(("events_per_turn",), f"must be 0 to 10, got {doc.events_per_turn}")

        meters = []
        for i, m in enumerate(doc.meter):
            path = self.at("meter", i)
            self.check_id(src, (*path, "id"), m.id)
            if m.id in BUILTIN_NUMBERS:
                src.add((*path, "id"), f"'{m.id}' is a built-in name; choose another id")
            if not m.min < m.max:
                src.add((*path, "max"), f"max ({m.max:g}) must be greater than min ({m.min:g})")
            elif not m.min <= m.initial <= m.max:
                src.add(
                    (*path, "initial"), f"initial {m.initial:g} is outside {m.min:g}..{m.max:g}"
                )
            if not 0 <= m.decimals <= 6:
                src.add((*path, "decimals"), f"must be 0 to 6, got {m.decimals}")
            meters.append(Meter(**attrs.asdict(m)))
        self.check_sidebar(src, doc)
        if not meters and "meter" not in self.shadow.kinds:
            src.add(("meter",), "a scenario needs at least one [[meter]]")

        derived = []
        known = {*BUILTIN_NUMBERS, *self.meter_ids}
        for i, d in enumerate(doc.derived):
            path = self.at("derived", i)
            self.check_id(src, (*path, "id"), d.id)
            names = attrs.evolve(self.names, numbers=frozenset(known))
            formula = self.expr(src, (*path, "formula"), d.formula, "number", names)
            derived.append(Derived(d.id, formula, d.label, d.description))
            known.add(d.id)
        self.check_unique(
            src,
            [((*self.at("meter", i), "id"), m.id) for i, m in enumerate(doc.meter)]
            + [((*self.at("derived", i), "id"), d.id) for i, d in enumerate(doc.derived)],
            "meter or derived value",
        )

        phases = []
        for i, p in enumerate(doc.phase):
            self.check_id(src, (*self.at("phase", i), "id"), p.id)
            phases.append(Phase(p.id, p.label, p.description, p.terminal))
        self.check_unique(
            src, [((*self.at("phase", i), "id"), p.id) for i, p in enumerate(doc.phase)], "phase"
        )
        phase_ids = {p.id for p in doc.phase}
        if doc.start_phase not in phase_ids and self.shadow.mentions(doc.start_phase):
            pass  # its [[phase]] was left out for an error of its own
        elif doc.start_phase not in phase_ids:
            src.add(
                ("start_phase",),
                f"unknown phase '{doc.start_phase}'{suggest(doc.start_phase, phase_ids)}",
                fragment=doc.start_phase,
            )
        elif any(p.terminal for p in doc.phase if p.id == doc.start_phase):
            src.add(("start_phase",), "the term cannot start in a terminal phase")

        transitions = []
        for i, t in enumerate(doc.transition):
            path = self.at("transition", i)
            for key, value in (("from", t.source), ("to", t.to)):
                if value not in phase_ids and not self.shadow.mentions(value):
                    src.add(
                        (*path, key),
                        f"unknown phase '{value}'{suggest(value, phase_ids)}",
                        fragment=value,
                    )
            when = self.expr(src, (*path, "when"), t.when, "bool")
            transitions.append(Transition(t.source, t.to, when, t.explain))

        rules = []
        for i, r in enumerate(doc.rule):
            path = self.at("rule", i)
            self.check_id(src, (*path, "id"), r.id)
            consequence = Consequence(
                effects=self.effects(src, (*path, "effects"), r.effects),
                set_flags=self.flags(src, (*path, "set"), r.set),
                clear_flags=r.clear,
            )
            if not r.explain.strip():
                src.add((*path, "explain"), "a rule needs an explain line: players see it")
            chance = (
                None if r.chance is None else self.probability(src, (*path, "chance"), r.chance)
            )
            rule_when = self.condition(src, (*path, "when"), r.when)
            rules.append(Rule(r.id, r.explain, consequence, rule_when, chance))
        self.check_unique(
            src, [((*self.at("rule", i), "id"), r.id) for i, r in enumerate(doc.rule)], "rule"
        )

        endings = []
        for i, e in enumerate(doc.ending):
            path = self.at("ending", i)
            self.check_id(src, (*path, "id"), e.id)
            ending_when = self.condition(src, (*path, "when"), e.when)
            endings.append(Ending(e.id, e.title, e.grade, e.epilogue, ending_when, e.at))
        self.check_unique(
            src, [((*self.at("ending", i), "id"), e.id) for i, e in enumerate(doc.ending)], "ending"
        )
        if "ending" in self.shadow.kinds:
            pass  # which ending is the last one is not known
        elif not endings:
            src.add(("ending",), "a scenario needs at least one [[ending]]")
        elif doc.ending[-1].when is not None:
            src.add(
                (*self.at("ending", len(endings) - 1), "when"),
                "the last ending is the fallback when the term ends: it must have no `when`",
            )

        for i, event in enumerate(doc.start):
            self.event_ref(src, ("start", i), event)

        return {
            "calendar": self.calendar(),
            "words": self.words(),
            "id": doc.id,
            "title": doc.title,
            "subtitle": doc.subtitle,
            "description": doc.description,
            "turns": doc.turns,
            "events_per_turn": doc.events_per_turn,
            "start_phase": doc.start_phase,
            "start": doc.start,
            "meters": tuple(meters),
            "derived": tuple(derived),
            "rules": tuple(rules),
            "phases": tuple(phases),
            "transitions": tuple(transitions),
            "endings": tuple(endings),
        }

    def check_sidebar(self, src: Source, doc: ScenarioDoc) -> None:
        """Labels that the game's sidebar would cut, and more headline bars than it shows."""
        if not doc.meter:
            return
        limit = label_limit(doc)
        for i, m in enumerate(doc.meter):
            if len(m.label) > limit:
                src.add(
                    (*self.at("meter", i), "label"),
                    f"label '{m.label}' is {len(m.label)} characters; the sidebar shows "
                    f"{limit} at 80 columns and cuts the rest",
                    "warning",
                    fragment=m.label,
                )
        headline = [i for i, m in enumerate(doc.meter) if m.headline]
        for i in headline[MAX_HEADLINE:]:
            src.add(
                (*self.at("meter", i), "headline"),
                f"more than {MAX_HEADLINE} headline meters: the sidebar shows "
                f"{MAX_HEADLINE} as bars at 80x24, and this one would push the others out",
                "warning",
            )

    def calendar(self) -> Calendar:
        """[calendar], or the older top-level `first_year` and `first_quarter` (quarters)."""
        doc, src = self.scenario_doc, self.scenario_source
        if doc.calendar is None:
            calendar = CalendarDoc(
                first_year=1 if doc.first_year is None else doc.first_year,
                start=1 if doc.first_quarter is None else doc.first_quarter,
            )
            start_key: KeyPath = ("first_quarter",)
        else:
            calendar = doc.calendar
            start_key = ("calendar", "start")
            moved = {"first_year": "calendar.first_year", "first_quarter": "calendar.start"}
            for key, new in moved.items():
                if getattr(doc, key) is not None:
                    src.add((key,), f"with a [calendar] table, write this as {new}", fragment=key)
        per_year = PER_YEAR.get(calendar.unit)
        if per_year is not None and not 1 <= calendar.start <= per_year:
            src.add(start_key, f"must be 1 to {per_year} for {calendar.unit}, got {calendar.start}")
        elif per_year is None and calendar.start < 1:
            src.add(start_key, f"must be 1 or more, got {calendar.start}")
        return Calendar(calendar.unit, calendar.first_year, calendar.start)

    def words(self) -> Words:
        """[words]: what the scenario calls a turn and the whole game, plurals defaulted."""
        words = scenario_words(self.scenario_doc)
        given = attrs.asdict(self.scenario_doc.words)  # a plural made from a bad word: no news
        for key, value in attrs.asdict(words).items():
            if given[key] is not None and not WORD.fullmatch(value):
                self.scenario_source.add(
                    ("words", key),
                    f"'{value}' must be a word or two (up to 20 letters, spaces, - or ')",
                    fragment=value,
                )
        return words

    # ── events ───────────────────────────────────────────────────────────

    def event(self, source: Source, index: int, doc: EventDoc, arc: str) -> Event:
        path: KeyPath = ("event", index)
        self.check_id(source, (*path, "id"), doc.id)
        phase_ids = self.names.phases or frozenset()
        for i, phase in enumerate(doc.phases):
            if phase not in phase_ids and not self.shadow.mentions(phase):
                source.add(
                    (*path, "phases", i),
                    f"unknown phase '{phase}'{suggest(phase, phase_ids)}",
                    fragment=phase,
                )
        if doc.cooldown < 0:
            source.add((*path, "cooldown"), f"must be 0 or more, got {doc.cooldown}")
        if isinstance(doc.weight, float) and doc.weight < 0:
            source.add((*path, "weight"), f"must be 0 or more, got {doc.weight:g}")
        if not doc.choice:
            source.add((*path, "choice"), "an event needs at least one [[event.choice]]")
        choices = tuple(
            self.choice(source, (*path, "choice", i), c) for i, c in enumerate(doc.choice)
        )
        self.check_unique(
            source, [((*path, "choice", i, "id"), c.id) for i, c in enumerate(doc.choice)], "choice"
        )
        labels: dict[str, int] = {}
        for i, c in enumerate(doc.choice):
            if c.label in labels:
                first = source.locator.line_of((*path, "choice", labels[c.label], "label"))
                source.add(
                    (*path, "choice", i, "label"),
                    f"two choices are labelled '{c.label}' (the other on line {first}): "
                    "the player cannot tell them apart",
                    fragment=c.label,
                )
            else:
                labels[c.label] = i
        return Event(
            id=doc.id,
            title=doc.title,
            text=doc.text,
            choices=choices,
            weight=self.expr(source, (*path, "weight"), doc.weight, "number"),
            arc=doc.arc if doc.arc is not None else arc,
            phases=doc.phases,
            when=self.condition(source, (*path, "when"), doc.when),
            once=doc.once,
            cooldown=doc.cooldown,
            followup_only=doc.followup_only,
            briefing=doc.briefing,
            sources=doc.sources,
            again=doc.again,
        )

    def choice(self, source: Source, path: KeyPath, doc: ChoiceDoc) -> Choice:
        self.check_id(source, (*path, "id"), doc.id)
        consequence = self.consequence(source, path, doc)
        if consequence.effects and not doc.explain.strip():
            source.add(
                (*path, "explain"),
                "a choice with effects needs an explain line: it is the why players see",
            )
        outcomes = []
        for i, chance in enumerate(doc.chance):
            where = (*path, "chance", i)
            self.check_id(source, (*where, "id"), chance.id)
            outcomes.append(
                Outcome(
                    chance.id,
                    self.probability(source, (*where, "p"), chance.p),
                    chance.text,
                    self.consequence(source, where, chance),
                )
            )
        constant_total = sum(c.p for c in doc.chance if isinstance(c.p, float))
        if constant_total > 1:
            source.add((*path, "chance"), f"the chances add up to {constant_total:g}, more than 1")
        self.check_unique(
            source, [((*path, "chance", i, "id"), c.id) for i, c in enumerate(doc.chance)], "chance"
        )
        return Choice(
            id=doc.id,
            label=doc.label,
            explain=doc.explain,
            consequence=consequence,
            outcomes=tuple(outcomes),
            tags=doc.tags,
            when=self.condition(source, (*path, "when"), doc.when),
            hidden=doc.hidden,
            unavailable=doc.unavailable,
        )


def scenario_words(doc: ScenarioDoc) -> Words:
    """[words] with the plurals left out made by adding an s."""
    words = doc.words
    return Words(
        words.turn, words.turns or f"{words.turn}s", words.term, words.terms or f"{words.term}s"
    )


def build_scenario(parts: dict[str, object], events: tuple[Event, ...]) -> Scenario:
    return Scenario(events=events, **parts)  # type: ignore[arg-type]
