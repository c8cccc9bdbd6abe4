"""Digests of simulated terms, to pin the engine's results across rewrites for speed.

`digest(pack, strategy, seed, runs)` hashes every term's ending, quarter, final
meters (by exact repr), offered events and decisions, and every change of every
step (by repr), so a faster engine must reproduce the old one bit for bit.
Run this file to print the digests for tests/data/pinned_terms.json.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
CASES = (
    ("tests/data/campaign-8ee8e5e", "random", 1, 150),
    ("tests/data/campaign-8ee8e5e", "prefer:reassure", 2, 150),
    ("tests/data/campaign-8ee8e5e", "prefer:transactional", 3, 100),
    ("tests/packs/harbour", "random", 4, 150),
    ("tests/packs/clockwork", "random", 5, 150),
)


def _plain(change: object) -> object:
    """A change as plain data; of its cause only kind, source and text (Cause may grow)."""
    fields = attrs.asdict(change, recurse=False)  # type: ignore[arg-type]
    cause = fields.pop("cause", None)
    if cause is not None:
        fields["cause"] = (cause.kind, cause.source, cause.explain)
    return (type(change).__name__, sorted(fields.items()))


def report_digest(pack: str, strategy: str, seed: int, runs: int) -> str:
    """The hash of `simulate --json` for one case, its timing left out."""
    from game.content.load import load_content
    from game.sim.report import build_report
    from game.sim.runner import simulate

    content = load_content(ROOT / pack)
    assert content.scenario is not None
    tally = simulate(content, runs, strategy, seed)
    report = build_report(content.scenario, tally, strategy=strategy, seed=seed)
    report.pop("measures", None)  # added after the base commit; every other key as it was
    return hashlib.sha256(json.dumps(report, sort_keys=True).encode()).hexdigest()


def digest(pack: str, strategy: str, seed: int, runs: int) -> str:
    from game.content.load import load_content
    from game.engine import new_game, options
    from game.engine.step import step
    from game.sim.runner import term_seeds
    from game.sim.strategies import resolve

    scenario = load_content(ROOT / pack).scenario
    assert scenario is not None
    play = resolve(strategy)
    hasher = hashlib.sha256()
    for index in range(runs):
        engine_seed, strategy_seed = term_seeds(seed, index)
        rng = random.Random(strategy_seed)
        current = new_game(scenario, engine_seed)
        while True:
            hasher.update(repr([_plain(change) for change in current.changes]).encode())
            state = current.state
            if state.current_event is None:
                break
            available = [o.choice for o in options(scenario, state) if o.available]
            if not available:
                break
            choice = play(state, available, rng)
            current = step(scenario, state, choice.id)
        final = current.state
        hasher.update(repr((final.ending, final.turn, final.meters, final.quarter_starts)).encode())
        hasher.update(repr(final.decisions).encode())
    return hasher.hexdigest()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    pins = {
        "terms": {"|".join(map(str, case)): digest(*case) for case in CASES},
        "reports": {"|".join(map(str, case)): report_digest(*case) for case in CASES},
    }
    print(json.dumps(pins, indent=2))
