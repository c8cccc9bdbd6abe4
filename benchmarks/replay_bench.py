"""Time `article-five replay FILE --verify` of a full-term save, as a whole process.

    PYTHONPATH=. python benchmarks/replay_bench.py [FILE] [--runs 20] [--content DIR]

Without FILE, the example save in saves/ with the most decisions. Each run
starts a fresh interpreter (`python -m game replay FILE --verify`), so the
figure includes start-up, imports, loading and checking the content, reading
the save and re-deriving every state. The budget is 0.5 s (issue 6). Prints
the minimum, median and maximum wall-clock time of the runs after one
warm-up run, and exits 1 if the save does not verify or the median is over
budget.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 0.5


def longest_example() -> Path:
    examples = [
        p for p in sorted((ROOT / "saves").glob("*.json")) if not p.name.startswith("autosave-")
    ]
    if not examples:
        raise SystemExit("no example saves in saves/ (run saves/regenerate.py)")
    return max(examples, key=lambda p: len(json.loads(p.read_text()).get("decisions", [])))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, help="a save (default: the longest example)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--content", help="content pack folder (default: the bundled campaign)")
    args = parser.parse_args()
    save = args.file or longest_example()
    decisions = len(json.loads(save.read_text())["decisions"])
    command = [sys.executable, "-m", "game", "replay", str(save), "--verify"]
    if args.content:
        command += ["--content", args.content]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    times = []
    for run in range(args.runs + 1):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            print(result.stdout + result.stderr, end="", file=sys.stderr)
            print(f"replay --verify exited {result.returncode}", file=sys.stderr)
            return 1
        if run:  # the first run warms the file cache and __pycache__
            times.append(elapsed)

    median = statistics.median(times)
    print(f"replay --verify of {save.relative_to(ROOT) if save.is_relative_to(ROOT) else save}")
    print(f"  {decisions} decisions, {args.runs} runs, each a fresh process")
    print(f"  min {min(times):.3f} s · median {median:.3f} s · max {max(times):.3f} s")
    verdict = "within" if median <= BUDGET else "OVER"
    print(f"  {verdict} the budget of {BUDGET} s")
    return 0 if median <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
