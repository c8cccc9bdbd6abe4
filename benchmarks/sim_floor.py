"""How much of a simulated term the engine's contract fixes, whatever the engine does.

    python benchmarks/sim_floor.py [GAME_ROOT] [CONTENT] [--runs N]

Every meter change is a frozen `MeterChange` record with its cause and two
roundings (the value after, the delta asked for), and every draw is a SHA-256
of its coordinates seeding a fresh Mersenne Twister (game/engine/rng.py): the
reports, saves and the pinned results depend on both. This script counts
them per term (random strategy) and times making that many records and draws
alone, in the same process, against the time of a whole term: the part no
rewrite of the step function in Python can remove. Fastest of five.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path, nargs="?", default=ROOT)
    parser.add_argument(
        "content", type=Path, nargs="?", default=ROOT / "tests" / "data" / "campaign-8ee8e5e"
    )
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    sys.path.insert(0, str(args.root))
    import random

    import game.engine.step as engine_step
    import game.sim.term as term
    from game.content.load import load_content
    from game.engine.changes import Cause, MeterChange
    from game.engine.rng import draw
    from game.sim.runner import run_terms
    from game.sim.strategies import resolve
    from game.sim.term import play_term

    scenario = load_content(args.content).scenario
    if scenario is None:
        sys.exit(f"{args.content}: content has errors")

    draws = 0

    def counted(seed: int, turn: int, key: str, purpose: str) -> float:
        nonlocal draws
        draws += 1
        return draw(seed, turn, key, purpose)

    records = 0
    engine_step.draw = counted  # counting only; put back below
    real_step = engine_step.step

    def counting_step(*call: Any) -> Any:
        nonlocal records
        result = real_step(*call)
        records += sum(type(change) is MeterChange for change in result.changes)
        return result

    term.step = counting_step  # counting only; put back below
    play = resolve("random")
    for index in range(args.runs):
        play_term(scenario, index, play, random.Random(index))
    term.step = real_step
    engine_step.draw = draw
    per_term_records, per_term_draws = records / args.runs, draws / args.runs

    cause = Cause("rule", "a_rule", "Why it happened.")

    def fixed_part() -> None:
        for i in range(round(per_term_records)):
            before = 40.123456 + i
            MeterChange("meter", before, round(before + 0.7, 6), round(0.7 * i, 6), cause, False)
        for i in range(round(per_term_draws)):
            draw(1234567890123456, i, "0", "agenda")

    term_time = fixed_time = float("inf")
    for _ in range(5):
        started = time.process_time()
        run_terms(scenario, "random", 1, 0, args.runs)
        term_time = min(term_time, (time.process_time() - started) / args.runs)
        started = time.process_time()
        for _ in range(args.runs):
            fixed_part()
        fixed_time = min(fixed_time, (time.process_time() - started) / args.runs)
    print(
        f"per term: {per_term_records:.0f} meter changes, {per_term_draws:.1f} draws; "
        f"a term {term_time * 1e6:.0f} µs of CPU, records and draws alone "
        f"{fixed_time * 1e6:.0f} µs ({fixed_time / term_time:.0%})"
    )


if __name__ == "__main__":
    main()
