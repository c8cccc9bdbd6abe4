"""`article-five replay FILE --whatif`: every decision of a save, along each road not taken.

    replay FILE --whatif [--runs N] [--strategy S] [--seed N] [--jobs J] [--json]

The report (docs/whatif.md) is cached beside the save; a second run with the
same save, content and options prints it at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from game.cli.common import UsageError, progress_bar, seed_number

# Options that only --whatif reads, with the value that means "not given".
_ONLY_WITH_WHATIF = ("runs", "strategy", "seed", "jobs")


def add_whatif_options(parser: argparse.ArgumentParser) -> None:
    from game.sim.whatif import DEFAULT_RUNS, DEFAULT_SEED, DEFAULT_STRATEGY

    parser.add_argument(
        "--whatif",
        action="store_true",
        help="for every decision, play each choice available then onward to the term's end",
    )
    parser.add_argument(
        "--runs",
        type=int,
        metavar="N",
        help=f"with --whatif: continuations per choice (default: {DEFAULT_RUNS})",
    )
    parser.add_argument(
        "--strategy",
        metavar="S",
        help=f"with --whatif: who plays the rest of the term (default: {DEFAULT_STRATEGY}; "
        "also prefer:TAG, greedy, expert[:N], persona:ID)",
    )
    parser.add_argument(
        "--seed",
        type=seed_number,
        metavar="N",
        help=f"with --whatif: seed of the continuations (default: {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="J",
        help="with --whatif: worker processes (default: one per CPU); never changes the results",
    )


def check_whatif_usage(args: argparse.Namespace, files: int) -> None:
    """Refuse combinations that make no sense, before any content is loaded."""
    if not args.whatif:
        given = [f"--{name}" for name in _ONLY_WITH_WHATIF if getattr(args, name) is not None]
        if given:
            raise UsageError(f"{', '.join(given)} only applies to --whatif")
        return
    if args.verify or args.tui:
        raise UsageError("--whatif cannot be combined with --verify or --tui")
    if files != 1:
        raise UsageError("--whatif looks at one save: give one file")


def run_whatif(args: argparse.Namespace, content: Any, path: Path) -> int:
    from game.content.balance import SpecError
    from game.saves import SaveError, load_recording
    from game.sim.runner import MAX_JOBS, default_jobs
    from game.sim.strategies import resolve
    from game.sim.whatif import DEFAULT_RUNS, DEFAULT_SEED, DEFAULT_STRATEGY, MAX_RUNS
    from game.sim.whatif_cache import cached_what_if
    from game.sim.whatif_text import as_json, render_lines

    runs = DEFAULT_RUNS if args.runs is None else args.runs
    if not 0 < runs <= MAX_RUNS:
        raise UsageError(f"--runs {runs}: give a number of continuations from 1 to {MAX_RUNS:,}")
    jobs = default_jobs() if args.jobs is None else args.jobs
    if not 0 < jobs <= MAX_JOBS:
        raise UsageError(f"--jobs {jobs}: give a number of processes from 1 to {MAX_JOBS}")
    strategy = args.strategy or DEFAULT_STRATEGY
    try:
        resolve(strategy, content.scenario, content.balance)
    except SpecError as error:
        raise UsageError(f"--strategy: {error}") from None
    seed = DEFAULT_SEED if args.seed is None else args.seed
    try:
        recording = load_recording(path, content)
    except SaveError as error:
        print(f"article-five: error: {error}", file=sys.stderr)
        return 1
    session = recording.session
    if not session.state.decisions:
        print(f"{path}: no decisions recorded yet; nothing to look back on", file=sys.stderr)
        return 1
    with progress_bar(f"what if? ({strategy})", 1, "continuations") as bar:
        result, _ = cached_what_if(
            content,
            session,
            path,
            runs=runs,
            strategy=strategy,
            seed=seed,
            jobs=jobs,
            progress=bar,
        )
    if args.json:
        report = {"file": str(path), "ok": True, **as_json(result)}
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for line in render_lines(result, content.scenario, str(path)):
            print(line)
    return 0
