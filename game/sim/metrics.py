"""Balance metrics over simulated terms, single and paired, with 95 % intervals.

A metric is named as in targets.toml (see `game.content.balance.METRIC_FORMS`):
`mean_grade` (grade points, A = 4 ... F = 0 for letter grades), `grade_A`,
`grade_DF` (share of terms graded D or F), `ending_ID`, `phase_ID` (terms that
were in the phase), `war` (terms in which the content's war marker happened),
`offered_EVENT` (terms in which the event was offered), `stuck` (terms that
stopped with no choice to make); averages per term: `turns` (the term's length)
and `meter_ID` (the meter at the end of the term); and over the whole content:
`offered_min` (the least-offered event's share of terms), `ending_min` and
`ending_max` (the rarest and the commonest ending's share), `events_offered_P`
(the share of events offered in at least P of the terms).

Two strategies run with the same seed meet the same dice term by term (common
random numbers, `runner.term_seeds`), so their difference is estimated from
the per-term differences, whose spread is far smaller than either's.
"""

from __future__ import annotations

import math
from statistics import fmean, stdev

import attrs

from game.engine.model import Scenario
from game.sim.objective import grade_points
from game.sim.stats import Z95, wilson
from game.sim.tally import Tally


@attrs.frozen
class Estimate:
    value: float
    low: float
    high: float


# Shares of terms are the other metrics; these are averages of a value per term.
AVERAGES = ("mean_grade", "turns")
OVER_THE_CONTENT = ("offered_min", "ending_min", "ending_max")


def is_average(metric: str) -> bool:
    return metric in AVERAGES or metric.startswith("meter_")


def per_term(metric: str, scenario: Scenario, tally: Tally) -> list[float] | None:
    """The metric's value in each term, in term order (None for `offered_`: counted only)."""
    kind, _, rest = metric.partition("_")
    if metric in OVER_THE_CONTENT or metric.startswith("events_offered_"):
        return None
    grades = [
        scenario.ending_by_id[ending].grade if ending is not None else None
        for ending in tally.term_endings
    ]
    if metric == "mean_grade":
        points = grade_points(scenario)
        return [points[g] if g is not None else 0.0 for g in grades]
    if metric == "war":
        return [float(war) for war in tally.term_wars]
    if metric == "stuck":
        return [float(ending is None) for ending in tally.term_endings]
    if metric == "turns":
        return [float(turns) for turns in tally.turns]
    if kind == "meter":
        index = scenario.meter_index[rest]
        return [meters[index] for meters in tally.meters]
    if kind == "grade":
        return [float(g is not None and g in rest) for g in grades]
    if kind == "ending":
        return [float(ending == rest) for ending in tally.term_endings]
    if kind == "phase":
        return [float(rest in phases) for phases in tally.term_phases]
    if kind == "offered":
        return None
    raise ValueError(f"unknown metric {metric!r}")


def estimate(metric: str, scenario: Scenario, tally: Tally) -> Estimate:
    """The metric over the tally's terms, with its 95 % interval."""
    values = per_term(metric, scenario, tally)
    if metric.startswith("events_offered_"):
        least = float(metric.removeprefix("events_offered_"))
        shares = [tally.terms_offered[e.id] / tally.runs for e in scenario.events]
        value = sum(share >= least for share in shares) / len(shares) if shares else 1.0
        return Estimate(value, value, value)  # a count over events, not a sample of terms
    if metric in OVER_THE_CONTENT:
        counts = (
            [tally.terms_offered[e.id] for e in scenario.events]
            if metric == "offered_min"
            else [tally.endings[e.id] for e in scenario.endings]
        )
        count = (max if metric == "ending_max" else min)(counts, default=0)
        low, high = wilson(count, tally.runs)
        return Estimate(count / tally.runs if tally.runs else 0.0, low, high)
    if values is None:
        count = tally.terms_offered[metric.partition("_")[2]]
        low, high = wilson(count, tally.runs)
        return Estimate(count / tally.runs if tally.runs else 0.0, low, high)
    if is_average(metric):
        return mean_interval(values)
    low, high = wilson(round(sum(values)), len(values))
    return Estimate(fmean(values) if values else 0.0, low, high)


def paired_difference(metric: str, scenario: Scenario, a: Tally, b: Tally) -> Estimate:
    """Mean of A − B over terms paired by index, with its 95 % interval."""
    left, right = per_term(metric, scenario, a), per_term(metric, scenario, b)
    if left is None or right is None:  # counted, not per term: two independent shares
        one, two = estimate(metric, scenario, a), estimate(metric, scenario, b)
        spread = math.hypot((one.high - one.low) / 2, (two.high - two.low) / 2)
        diff = one.value - two.value
        return Estimate(diff, diff - spread, diff + spread)
    if len(left) != len(right):
        raise ValueError("paired tallies must have the same number of terms")
    return mean_interval([x - y for x, y in zip(left, right, strict=True)])


def ratio(metric: str, scenario: Scenario, a: Tally, b: Tally) -> float:
    """Metric of A ÷ metric of B (infinite when B's is 0 and A's is not)."""
    top, bottom = estimate(metric, scenario, a).value, estimate(metric, scenario, b).value
    if bottom == 0:
        return math.inf if top > 0 else 1.0
    return top / bottom


def mean_interval(values: list[float]) -> Estimate:
    if not values:
        return Estimate(0.0, 0.0, 0.0)
    centre = fmean(values)
    half = Z95 * stdev(values) / math.sqrt(len(values)) if len(values) > 1 else 0.0
    return Estimate(centre, centre - half, centre + half)
