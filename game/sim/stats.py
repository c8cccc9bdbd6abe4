"""Small statistics for the report, on the standard library's `statistics` (deterministic)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from statistics import NormalDist

Z95 = NormalDist().inv_cdf(0.975)  # 1.959963984540054


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a share (95 % by default); (0, 1) when there are no trials."""
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def stdev(values: Sequence[float]) -> float:
    """The sample standard deviation (0 for fewer than two values)."""
    return statistics.stdev(values) if len(values) >= 2 else 0.0


def deciles(ordered: Sequence[float]) -> list[float]:
    """The 10th, 20th ... 90th percentiles, interpolated linearly between ranks."""
    if len(ordered) < 2:
        return [ordered[0] if ordered else 0.0] * 9
    return statistics.quantiles(ordered, n=10, method="inclusive")


def summary(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    tenths = deciles(ordered)
    return {
        "mean": statistics.fmean(ordered) if ordered else 0.0,
        "stdev": stdev(ordered),
        "min": ordered[0] if ordered else 0.0,
        "p10": tenths[0],
        "median": statistics.median(ordered) if ordered else 0.0,
        "p90": tenths[8],
        "max": ordered[-1] if ordered else 0.0,
    }
