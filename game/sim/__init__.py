"""The Monte-Carlo simulator: play many whole terms headlessly and tally what happened.

- `strategies` — how a simulated player picks a choice, by name (random,
  prefer:TAG, greedy, expert, persona:ID, --force);
- `objective` — what a search player maximises (the scenario's grade, or a
  procedural persona's utility);
- `search` — the search players: greedy (one decision ahead) and expert;
- `metrics` — balance metrics per term, single and paired, with intervals;
- `targets` — the content's balance targets run and judged;
- `term` — one term, played by one strategy, boiled down to a `TermRecord`;
- `tally` — many terms folded into counts, in term order;
- `runner` — the terms spread over worker processes, seeds derived per term;
- `stats` — Wilson intervals, means, spreads, quantiles;
- `report` — the tally as a JSON-able report, and as text.
"""

from game.sim.report import build_report, render_compare, render_report
from game.sim.runner import Progress, simulate, term_seeds
from game.sim.strategies import Strategy, StrategyError, resolve, strategy_tags
from game.sim.tally import Tally
from game.sim.term import TermRecord, play_term

__all__ = [
    "Progress",
    "Strategy",
    "StrategyError",
    "Tally",
    "TermRecord",
    "build_report",
    "play_term",
    "render_compare",
    "render_report",
    "resolve",
    "simulate",
    "strategy_tags",
    "term_seeds",
]
