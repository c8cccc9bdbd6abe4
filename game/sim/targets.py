"""Running the content's balance targets: one verdict per `[[target]]`.

Each strategy (or pair) is simulated once per run count and shared by every
target that names it. Runs: the `--runs` given, else the target's own `runs`
(small enough for CI, large enough to be meaningful), times `LONG_FACTOR`
when the environment sets ARTICLE_FIVE_LONG=1.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import attrs

from game.content.balance import Target
from game.content.load import Content
from game.engine.model import Words
from game.sim.metrics import Estimate, estimate, paired_difference, ratio
from game.sim.runner import simulate
from game.sim.tally import Tally

DEFAULT_RUNS = 200
LONG_FACTOR = 10


@attrs.frozen
class Verdict:
    target: Target
    runs: int
    value: float  # the metric, the paired difference, or the ratio (see target.bound)
    interval: tuple[float, float] | None  # 95 %; None for a ratio
    passed: bool

    def as_json(self) -> dict[str, Any]:
        t = self.target
        return {
            "id": t.id,
            "metric": t.metric,
            "strategies": list(t.strategies),
            "bound": t.bound,
            "threshold": t.threshold,
            "runs": self.runs,
            "value": round(self.value, 6),
            "ci95": None if self.interval is None else [round(x, 6) for x in self.interval],
            "passed": self.passed,
            "where": f"{t.file}:{t.line}",
        }


def runs_for(target: Target, runs: int | None) -> int:
    if runs is not None:
        return runs
    base = target.runs or DEFAULT_RUNS
    return base * LONG_FACTOR if os.environ.get("ARTICLE_FIVE_LONG") == "1" else base


def run_targets(
    content: Content,
    *,
    runs: int | None = None,
    seed: int = 1,
    jobs: int = 1,
    on_start: Callable[[str, int], None] | None = None,
) -> list[Verdict]:
    scenario = content.scenario
    assert scenario is not None
    tallies: dict[tuple[str, int], Tally] = {}

    def tally(strategy: str, count: int) -> Tally:
        key = (strategy, count)
        if key not in tallies:
            if on_start is not None:
                on_start(strategy, count)
            tallies[key] = simulate(content, count, strategy, seed, jobs)
        return tallies[key]

    verdicts = []
    for target in content.balance.targets:
        count = runs_for(target, runs)
        first = tally(target.strategies[0], count)
        interval: tuple[float, float] | None
        if len(target.strategies) == 1:
            found: Estimate = estimate(target.metric, scenario, first)
            value, interval = found.value, (found.low, found.high)
        else:
            second = tally(target.strategies[1], count)
            if target.bound == "ratio_at_least":
                value, interval = ratio(target.metric, scenario, first, second), None
            else:
                found = paired_difference(target.metric, scenario, first, second)
                value, interval = found.value, (found.low, found.high)
        verdicts.append(Verdict(target, count, value, interval, _passes(target, value)))
    return verdicts


def _passes(target: Target, value: float) -> bool:
    if target.bound in ("at_most", "difference_at_most"):
        return value <= target.threshold
    return value >= target.threshold


def render(verdicts: list[Verdict], words: Words) -> str:
    """One line per target, in the content's own words for a term."""
    lines = []
    for v in verdicts:
        t = v.target
        what = " vs ".join(t.strategies)
        shown = f"{v.value:.3f}" if v.value != float("inf") else "inf"
        around = "" if v.interval is None else f" [{v.interval[0]:.3f}, {v.interval[1]:.3f}]"
        bound = t.bound.replace("_", " ")
        mark = "pass" if v.passed else "FAIL"
        lines.append(
            f"{mark}  {t.id}: {t.metric} = {shown}{around}, {bound} {t.threshold:g}"
            f"  ({what}; {v.runs:,} {words.term if v.runs == 1 else words.terms}; "
            f"{t.file}:{t.line})"
        )
    passed = sum(v.passed for v in verdicts)
    lines.append(f"{passed} of {len(verdicts)} targets met")
    return "\n".join(lines) + "\n"
