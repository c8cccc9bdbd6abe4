"""Balance declarations: personas (simulated players) and targets (claims about play).

They live in their own files beside the scenario — `personas.toml` and
`targets.toml`, both optional — because they describe how the game is
measured, not how it plays. `check` validates them like the rest of the
content (unknown tags, events, choices, meters, metrics: file:line errors);
`simulate --strategy persona:ID` and `simulate --targets` use them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from game.content.problems import suggest
from game.content.source import Source
from game.engine.expr import Expr, ExprError, Names, parse
from game.engine.model import Scenario

PERSONAS_FILE = "personas.toml"
TARGETS_FILE = "targets.toml"

# ── the files' shape (cattrs structures these) ───────────────────────────


@attrs.frozen
class PreferDoc:
    tag: str
    when: str | None = None


@attrs.frozen
class PersonaDoc:
    id: str
    description: str = ""
    prefer: tuple[PreferDoc, ...] = ()  # a rule persona
    # A procedural persona: weights that the search maximises.
    meters: dict[str, float] = attrs.Factory(dict)
    grades: dict[str, float] = attrs.Factory(dict)
    endings: dict[str, float] = attrs.Factory(dict)
    tags: dict[str, float] = attrs.Factory(dict)
    budget: int = 0  # rollouts per decision (0: the expert's default)


@attrs.frozen
class PersonasDoc:
    persona: tuple[PersonaDoc, ...] = ()


@attrs.frozen
class MetricsDoc:
    war: str = ""  # "flag.NAME" or "phase.NAME": the scenario's attack marker


@attrs.frozen
class TargetDoc:
    id: str
    metric: str
    strategy: str = ""
    compare: tuple[str, ...] = ()
    runs: int = 0  # 0: the run count given to `simulate --targets`
    at_least: float | None = None
    at_most: float | None = None
    ratio_at_least: float | None = None
    difference_at_least: float | None = None
    difference_at_most: float | None = None
    explain: str = ""


@attrs.frozen
class TargetsDoc:
    metrics: MetricsDoc = MetricsDoc()
    target: tuple[TargetDoc, ...] = ()


# ── compiled ─────────────────────────────────────────────────────────────


@attrs.frozen
class Preference:
    tag: str
    when: Expr | None = None


@attrs.frozen
class Persona:
    id: str
    description: str
    prefer: tuple[Preference, ...]
    meters: Mapping[str, float]
    grades: Mapping[str, float]
    endings: Mapping[str, float]
    tags: Mapping[str, float]
    budget: int

    @property
    def procedural(self) -> bool:
        return not self.prefer


BOUNDS = ("at_least", "at_most", "ratio_at_least", "difference_at_least", "difference_at_most")
PAIRED_BOUNDS = frozenset({"ratio_at_least", "difference_at_least", "difference_at_most"})


@attrs.frozen
class Target:
    id: str
    metric: str
    strategies: tuple[str, ...]  # one, or two for a paired comparison (A against B)
    bound: str  # one of BOUNDS
    threshold: float
    runs: int
    explain: str
    file: str
    line: int | None


@attrs.frozen
class Balance:
    personas: Mapping[str, Persona] = MappingProxyType({})
    targets: tuple[Target, ...] = ()
    war: str = ""  # "flag.NAME" or "phase.NAME", or "" when undeclared


NO_BALANCE = Balance()  # content without personas.toml or targets.toml


# ── compiling and checking ───────────────────────────────────────────────

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
METRIC_FORMS = (
    "mean_grade",
    "grade_X (X a grade or several, e.g. grade_A, grade_DF)",
    "ending_ID",
    "phase_ID (terms that reached the phase)",
    "war",
    "offered_EVENT (terms in which the event was offered)",
    "offered_min (the least-offered event's share of terms)",
    "ending_min (the rarest ending's share of terms)",
    "ending_max (the commonest ending's share of terms)",
    "stuck (terms that stopped with no choice to make)",
    "turns (how many turns a term lasted, on average)",
    "meter_ID (the meter's value at the end of a term, on average)",
    "events_offered_P (share of events offered in at least P of terms, e.g. events_offered_0.005)",
)


def metric_problem(metric: str, scenario: Scenario, war: str) -> str | None:
    """Why `metric` cannot be measured on `scenario`, or None when it can."""
    kind, _, rest = metric.partition("_")
    grades = {e.grade for e in scenario.endings}
    if metric in ("mean_grade", "offered_min", "ending_min", "ending_max", "stuck", "turns"):
        return None
    if kind == "meter":
        if rest in scenario.meter_index:
            return None
        return f"unknown meter '{rest}'{suggest(rest, scenario.meter_index)}"
    if metric.startswith("events_offered_"):
        share = metric.removeprefix("events_offered_")
        try:
            valid = 0 <= float(share) <= 1
        except ValueError:
            valid = False
        return None if valid else f"give a share from 0 to 1 after 'events_offered_', not '{share}'"
    if metric == "war":
        return None if war else "metric 'war' needs `war` declared under [metrics]"
    if kind == "grade" and rest and set(rest) <= grades:
        return None
    if kind == "ending" and rest in scenario.ending_by_id:
        return None
    if kind == "phase" and rest in scenario.phase_by_id:
        return None
    if kind == "offered" and rest in scenario.event_by_id:
        return None
    if kind == "ending":
        return f"unknown ending '{rest}'{suggest(rest, scenario.ending_by_id)}"
    if kind == "phase":
        return f"unknown phase '{rest}'{suggest(rest, scenario.phase_by_id)}"
    if kind == "offered":
        return f"unknown event '{rest}'{suggest(rest, scenario.event_by_id)}"
    if kind == "grade":
        return f"unknown grade in '{metric}' (grades: {', '.join(sorted(grades))})"
    return f"unknown metric '{metric}' (metrics: {'; '.join(METRIC_FORMS)})"


def compile_personas(source: Source, doc: PersonasDoc, scenario: Scenario) -> dict[str, Persona]:
    tags = {tag for e in scenario.events for c in e.choices for tag in c.tags}
    names = Names(
        frozenset(
            {"turn", "turns", *(m.id for m in scenario.meters), *(d.id for d in scenario.derived)}
        ),
        phases=frozenset(scenario.phase_by_id),
    )
    personas: dict[str, Persona] = {}
    for i, p in enumerate(doc.persona):
        path: tuple[str | int, ...] = ("persona", i)
        if not _ID.match(p.id):
            source.add(
                (*path, "id"), f"persona id '{p.id}' must start with a letter", fragment=p.id
            )
        if p.id in personas:
            source.add((*path, "id"), f"duplicate persona id '{p.id}'", fragment=p.id)
        weights = (p.meters, p.grades, p.endings, p.tags)
        if p.prefer and any(weights):
            source.add(
                path, "a persona has either `prefer` (rules) or weights (a utility), not both"
            )
        if not p.prefer and not any(weights):
            source.add(
                path, "a persona needs `prefer` rules or weights on meters, grades, endings or tags"
            )
        prefer = []
        for j, rule in enumerate(p.prefer):
            rule_path = (*path, "prefer", j)
            if rule.tag not in tags:
                source.add(
                    (*rule_path, "tag"),
                    f"no choice is tagged '{rule.tag}'{suggest(rule.tag, tags)}",
                    fragment=rule.tag,
                )
            when = None
            if rule.when is not None:
                try:
                    when = parse(rule.when, "bool", names)
                except ExprError as error:
                    source.add(
                        (*rule_path, "when"),
                        str(error),
                        fragment=rule.when,
                        offset=error.column - 1,
                    )
            prefer.append(Preference(rule.tag, when))
        _known(source, (*path, "meters"), p.meters, scenario.meter_index, "meter")
        _known(source, (*path, "grades"), p.grades, {e.grade for e in scenario.endings}, "grade")
        _known(source, (*path, "endings"), p.endings, scenario.ending_by_id, "ending")
        _known(source, (*path, "tags"), p.tags, tags, "tag")
        if not 0 <= p.budget <= 10_000:
            source.add((*path, "budget"), f"budget must be 0 to 10000 rollouts, got {p.budget}")
        personas[p.id] = Persona(
            p.id,
            p.description,
            tuple(prefer),
            MappingProxyType(dict(p.meters)),
            MappingProxyType(dict(p.grades)),
            MappingProxyType(dict(p.endings)),
            MappingProxyType(dict(p.tags)),
            p.budget,
        )
    return personas


def _known(
    source: Source, path: tuple[str | int, ...], table: Mapping[str, Any], known: Any, what: str
) -> None:
    for key in table:
        if key not in known:
            source.add(
                (*path, key), f"unknown {what} '{key}'{suggest(key, sorted(known))}", fragment=key
            )


def compile_targets(
    source: Source,
    doc: TargetsDoc,
    scenario: Scenario,
    check_strategy: Any,
) -> tuple[tuple[Target, ...], str]:
    """The targets and the war marker; `check_strategy(spec)` returns a problem or None."""
    war = doc.metrics.war
    if war:
        kind, _, name = war.partition(".")
        flags = {f for e in scenario.events for c in e.choices for f in _flags(c)} | {
            f for r in scenario.rules for f in r.consequence.set_flags
        }
        if kind == "phase" and name not in scenario.phase_by_id:
            source.add(
                ("metrics", "war"),
                f"unknown phase '{name}'{suggest(name, scenario.phase_by_id)}",
                fragment=war,
            )
        elif kind == "flag" and name not in flags:
            source.add(
                ("metrics", "war"),
                f"no rule, choice or outcome sets flag '{name}'{suggest(name, flags)}",
                fragment=war,
            )
        elif kind not in ("flag", "phase") or not name:
            source.add(
                ("metrics", "war"), f"write flag.NAME or phase.NAME, not '{war}'", fragment=war
            )
    targets = []
    seen: set[str] = set()
    for i, t in enumerate(doc.target):
        path: tuple[str | int, ...] = ("target", i)
        if t.id in seen:
            source.add((*path, "id"), f"duplicate target id '{t.id}'", fragment=t.id)
        seen.add(t.id)
        strategies = t.compare if t.compare else (t.strategy,) if t.strategy else ()
        if t.compare and t.strategy:
            source.add(path, "give either `strategy` or `compare`, not both")
        if t.compare and len(t.compare) != 2:
            source.add((*path, "compare"), f"compare names two strategies, got {len(t.compare)}")
        if not strategies:
            source.add(path, "a target needs `strategy` or `compare = [A, B]`")
        for j, spec in enumerate(strategies):
            problem = check_strategy(spec)
            if problem:
                key = (*path, "compare", j) if t.compare else (*path, "strategy")
                source.add(key, problem, fragment=spec)
        problem = metric_problem(t.metric, scenario, war)
        if problem:
            source.add((*path, "metric"), problem, fragment=t.metric)
        given = [(name, getattr(t, name)) for name in BOUNDS if getattr(t, name) is not None]
        if len(given) != 1:
            source.add(path, f"a target needs exactly one of {', '.join(BOUNDS)}")
            continue
        bound, threshold = given[0]
        if (bound in PAIRED_BOUNDS) != bool(t.compare):
            need = "a paired `compare`" if bound in PAIRED_BOUNDS else "one `strategy`"
            source.add((*path, bound), f"{bound} needs {need}")
        if not 0 <= t.runs <= 1_000_000:
            source.add((*path, "runs"), f"runs must be 0 to 1000000, got {t.runs}")
        line = source.locator.line_of((*path, "id"))
        targets.append(
            Target(
                t.id,
                t.metric,
                strategies,
                bound,
                float(threshold),
                t.runs,
                t.explain,
                source.name,
                line,
            )
        )
    return tuple(targets), war


def _flags(choice: Any) -> set[str]:
    found = set(choice.consequence.set_flags)
    for outcome in choice.outcomes:
        found |= set(outcome.consequence.set_flags)
    return found


# ── strategy names ───────────────────────────────────────────────────────

KINDS = ("random", "prefer:TAG", "greedy[:PERSONA]", "expert[:N]", "persona:ID")
MAX_BUDGET = 10_000


@attrs.frozen
class Spec:
    """A strategy as named: 'expert:50 --force EVENT=CHOICE', parsed."""

    kind: str  # random, prefer, greedy, expert, persona
    arg: str = ""
    forces: tuple[tuple[str, str], ...] = ()  # (event, choice)

    def __str__(self) -> str:
        head = f"{self.kind}:{self.arg}" if self.arg else self.kind
        return " ".join([head, *(f"--force {e}={c}" for e, c in self.forces)])


class SpecError(ValueError):
    """A strategy name that is malformed or names what the content lacks."""


def parse_spec(text: str) -> Spec:
    """The syntax only; `check_spec` checks it against the content."""
    words = text.split()
    if not words:
        raise SpecError("empty strategy name")
    head, rest = words[0], words[1:]
    kind, sep, arg = head.partition(":")
    forces = []
    while rest:
        if rest[0] != "--force" or len(rest) < 2 or "=" not in rest[1]:
            raise SpecError(
                f"strategy {text!r}: after the name only '--force EVENT=CHOICE' may follow"
            )
        event, _, choice = rest[1].partition("=")
        forces.append((event, choice))
        rest = rest[2:]
    known = f"known: {', '.join(KINDS)}"
    if kind == "random" and not sep:
        return Spec("random", "", tuple(forces))
    if kind in ("prefer", "persona"):
        if not sep or not _ID.match(arg):
            example = "a tag after 'prefer:', e.g. prefer:hawk"
            if kind == "persona":
                example = "a persona id after 'persona:', e.g. persona:steadfast"
            raise SpecError(f"strategy {text!r}: give {example}")
        return Spec(kind, arg, tuple(forces))
    if kind == "greedy":
        if sep and not _ID.match(arg):
            raise SpecError(f"strategy {text!r}: give a persona id after 'greedy:'")
        return Spec(kind, arg, tuple(forces))
    if kind == "expert":
        if sep and not (arg.isdigit() and 1 <= int(arg) <= MAX_BUDGET):
            raise SpecError(
                f"strategy {text!r}: give rollouts per decision, 1 to {MAX_BUDGET}, e.g. expert:50"
            )
        return Spec(kind, str(int(arg)) if sep else "", tuple(forces))
    raise SpecError(f"unknown strategy {text!r} ({known})")


def check_spec(text: str, scenario: Scenario, personas: Mapping[str, Persona]) -> Spec:
    """`text` parsed and checked against the content; raises SpecError."""
    spec = parse_spec(text)
    tags = sorted({tag for e in scenario.events for c in e.choices for tag in c.tags})
    if spec.kind == "prefer" and spec.arg not in tags:
        hint = suggest(spec.arg, tags) or (
            f" (tags: {', '.join(tags)})" if tags else " (no choice carries any tag)"
        )
        raise SpecError(f"strategy {text!r}: no choice in the content is tagged {spec.arg!r}{hint}")
    if spec.kind == "persona" and spec.arg not in personas:
        raise SpecError(
            f"strategy {text!r}: no persona '{spec.arg}' is declared{suggest(spec.arg, personas)}"
        )
    if spec.kind == "greedy" and spec.arg:
        persona = personas.get(spec.arg)
        if persona is None or not persona.procedural:
            hint = suggest(spec.arg, personas)
            raise SpecError(
                f"strategy {text!r}: greedy:ID needs a procedural persona (one with weights){hint}"
            )
    for event_id, choice_id in spec.forces:
        event = scenario.event_by_id.get(event_id)
        where = f"--force {event_id}={choice_id}"
        if event is None:
            hint = suggest(event_id, scenario.event_by_id)
            raise SpecError(f"{where}: unknown event '{event_id}'{hint}")
        choices = [c.id for c in event.choices]
        if choice_id not in choices:
            hint = suggest(choice_id, choices)
            raise SpecError(f"{where}: event '{event_id}' has no choice '{choice_id}'{hint}")
    return spec
