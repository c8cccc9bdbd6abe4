"""Terms per CPU-second of one game tree on one content folder, in this process.

    python benchmarks/sim_rate.py GAME_ROOT CONTENT [--runs N] [--strategy S]

GAME_ROOT is a folder holding a `game` package (this checkout, or an older
commit unpacked by `run.py`), so two versions are measured the same way on the
same content. Prints one number. The API used (`load_content`,
`run_terms(scenario, strategy, seed, start, stop)`) is the same since 8ee8e5e.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("content", type=Path)
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--strategy", default="random")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root))
    from game.content.load import load_content
    from game.sim.runner import run_terms

    scenario = load_content(args.content).scenario
    if scenario is None:
        sys.exit(f"{args.content}: content has errors")
    run_terms(scenario, args.strategy, 99, 0, 20)  # warm up
    started = time.process_time()
    run_terms(scenario, args.strategy, 1, 0, args.runs)
    print(f"{args.runs / (time.process_time() - started):.1f}")


if __name__ == "__main__":
    main()
