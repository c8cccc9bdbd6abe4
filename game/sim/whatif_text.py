"""A what-if result as JSON (docs/whatif.md) and as lines of plain text.

The text reads top to bottom without tables, so that a screen reader speaks
it as sentences: the assumptions first, then the turning points, then each
decision with its alternatives. A difference is called a difference only when
its 95 % interval excludes zero; otherwise the line says "no clear difference".
"""

from __future__ import annotations

from typing import Any

from game.engine.model import Scenario
from game.safe_text import clean
from game.sim.metrics import Estimate
from game.sim.whatif import Alternative, DecisionWhatIf, WhatIf, significant
from game.words import counted

_ENDINGS_NAMED = 3  # the likeliest endings named per alternative; the rest summed


def played_on_by(result: WhatIf) -> str:
    return f"played on by {result.strategy}"


def _estimate(e: Estimate) -> dict[str, float]:
    return {"value": e.value, "low": e.low, "high": e.high}


def _share(e: Estimate) -> dict[str, float]:
    return {"share": e.value, "low": e.low, "high": e.high}


def _difference(e: Estimate) -> dict[str, Any]:
    return {**_estimate(e), "finding": significant(e)}


def as_json(result: WhatIf) -> dict[str, Any]:
    """The shape documented in docs/whatif.md."""
    points = {g: len(result.grades) - 1 - i for i, g in enumerate(result.grades)}
    turning = [("better", d) for d in result.better] + [("worse", d) for d in result.worse]
    return {
        "content": {"id": result.content_id, "fingerprint": result.fingerprint},
        "strategy": result.strategy,
        "assumes": played_on_by(result),
        "runs": result.runs,
        "seed": result.seed,
        "grade_points": points,
        "war_marker": result.war_marker or None,
        "decisions": [
            {
                "index": d.index,
                "turn": d.turn,
                "event": d.event,
                "chosen": d.chosen,
                "effect": _difference(d.effect) if d.effect is not None else None,
                "alternatives": [_alternative_json(a) for a in d.alternatives],
            }
            for d in result.decisions
        ],
        "turning_points": [
            {
                "direction": direction,
                "index": d.index,
                "turn": d.turn,
                "event": d.event,
                "chosen": d.chosen,
                "effect": _difference(d.effect) if d.effect is not None else None,
            }
            for direction, d in turning
        ],
    }


def _alternative_json(a: Alternative) -> dict[str, Any]:
    return {
        "choice": a.choice,
        "taken": a.taken,
        "runs": a.runs,
        "mean_grade": _estimate(a.mean_grade),
        "grades": {g: _share(e) for g, e in a.grades.items()},
        "endings": {e: _share(s) for e, s in a.endings.items()},
        "war": _share(a.war) if a.war is not None else None,
        "delta_grade": _difference(a.delta_grade),
        "delta_war": _difference(a.delta_war) if a.delta_war is not None else None,
    }


# --- text -----------------------------------------------------------------------------------


def _points(value: float) -> str:
    return f"{value:.2f}"


def _interval(e: Estimate, form: str = "points") -> str:
    """'[0.12 to 0.48]'; signed: '[-0.12 to +0.48]'; percent: '[3 to 17 %]'."""
    if form == "percent":
        return f"[{_plain(e.low * 100, '.0f')} to {_plain(e.high * 100, '.0f')} %]"
    spec = "+.2f" if form == "signed" else ".2f"
    return f"[{_plain(e.low, spec)} to {_plain(e.high, spec)}]"


def _plain(value: float, spec: str) -> str:
    """A number as `spec` formats it, never as '-0' or '-0.00'."""
    text = format(value, spec)
    return text if text.strip("+-0.") else format(0.0, spec.lstrip("+"))


def event_title(scenario: Scenario, event: str) -> str:
    found = scenario.event_by_id.get(event)
    return clean(found.title) if found is not None else event


def choice_label(scenario: Scenario, event: str, choice: str) -> str:
    found = scenario.event_by_id.get(event)
    picked = found.choice(choice) if found is not None else None
    return clean(picked.label) if picked is not None else choice


def decision_heading(scenario: Scenario, d: DecisionWhatIf) -> str:
    return (
        f"Decision {d.index + 1}, {scenario.turn_label(d.turn)}, “{event_title(scenario, d.event)}”"
    )


def effect_sentence(d: DecisionWhatIf) -> str:
    """What the choice taken did to the expected grade, against the others on average."""
    if d.effect is None:
        return "It was the only choice available."
    e = d.effect
    if not significant(e):
        return (
            f"Against the other choices on average: {e.value:+.2f} grade points "
            f"{_interval(e, 'signed')}, no clear difference."
        )
    way = "raised" if e.value > 0 else "lowered"
    return (
        f"It {way} the expected grade by {abs(e.value):.2f} points "
        f"{_interval(e, 'signed')} against the other choices on average."
    )


def alternative_sentence(scenario: Scenario, d: DecisionWhatIf, a: Alternative) -> str:
    label = f"“{choice_label(scenario, d.event, a.choice)}”"
    head = f"{label} (taken)" if a.taken else label
    parts = [f"{head}: mean grade {_points(a.mean_grade.value)} {_interval(a.mean_grade)}"]
    if not a.taken:
        delta = a.delta_grade
        if significant(delta):
            way = "better" if delta.value > 0 else "worse"
            parts.append(
                f"{abs(delta.value):.2f} points {way} than the choice taken "
                f"{_interval(delta, 'signed')}"
            )
        else:
            parts.append(f"no clear difference from the choice taken {_interval(delta, 'signed')}")
    grades = [f"{g} {e.value * 100:.0f} %" for g, e in a.grades.items() if e.value > 0]
    parts.append("grades " + (", ".join(grades) if grades else "none (every run stuck)"))
    endings = sorted(a.endings.items(), key=lambda item: -item[1].value)
    named = [
        f"{clean(scenario.ending_by_id[e].title)} {s.value * 100:.0f} % {_interval(s, 'percent')}"
        for e, s in endings[:_ENDINGS_NAMED]
    ]
    rest = sum(s.value for _, s in endings[_ENDINGS_NAMED:])
    if rest:
        others = counted(len(endings) - _ENDINGS_NAMED, "other ending")
        named.append(f"{others} {rest * 100:.0f} %")
    parts.append("endings " + ", ".join(named) if named else "no ending (every run stuck)")
    if a.war is not None:
        war = f"war in {a.war.value * 100:.0f} % {_interval(a.war, 'percent')}"
        if not a.taken and a.delta_war is not None and significant(a.delta_war):
            dw = a.delta_war
            way = "more" if dw.value > 0 else "fewer"
            war += (
                f", {abs(dw.value) * 100:.0f} percentage points {way} than the choice taken "
                f"{_interval(dw, 'percent')}"
            )
        parts.append(war)
    return "; ".join(parts) + "."


def render_lines(result: WhatIf, scenario: Scenario, source: str = "") -> list[str]:
    """The whole report as plain lines (no tables, no colour)."""
    points = ", ".join(f"{g} {len(result.grades) - 1 - i}" for i, g in enumerate(result.grades))
    lines = [
        f"What if? {source}".rstrip(),
        f"{len(result.decisions)} decisions. At each, every choice available then was "
        f"{played_on_by(result)} {result.runs} times from the state just before it "
        f"(seed {result.seed}).",
        f"A continuation assumes the rest of the {scenario.words.term} is {played_on_by(result)}, "
        "not by you; "
        "the alternatives of one decision met the same dice.",
        f"Grades as points: {points}. Brackets hold 95 % intervals; "
        "a difference counts only when its interval excludes zero.",
    ]
    for heading, found, none in (
        ("Turning points for the better", result.better, "none found"),
        ("Turning points for the worse", result.worse, "none found"),
    ):
        lines.append("")
        lines.append(f"{heading}:" + ("" if found else f" {none}."))
        for d in found:
            chosen = choice_label(scenario, d.event, d.chosen)
            lines.append(
                f"  {decision_heading(scenario, d)}: you chose “{chosen}”. {effect_sentence(d)}"
            )
    for d in result.decisions:
        lines.append("")
        chosen = choice_label(scenario, d.event, d.chosen)
        lines.append(f"{decision_heading(scenario, d)}. You chose “{chosen}”. {effect_sentence(d)}")
        for a in d.alternatives:
            lines.append(f"  {alternative_sentence(scenario, d, a)}")
    return lines
