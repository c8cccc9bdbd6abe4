"""`article-five simulate`: play many terms headlessly and report on balance."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from game.cli.common import UsageError, add_content_option, content_folder, load_or_report

DEFAULT_RUNS = 1000
DEFAULT_SEED = 1


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "simulate",
        help="Monte-Carlo balance report: endings, term length, meters, event coverage",
        description=(
            "Play N whole terms headlessly and report which endings they reach, how long "
            "they last, where the meters end, which events are never offered and which "
            "choices the strategy picks. The same content, seed, runs and strategy always "
            "give the same report, whatever --jobs is."
        ),
    )
    add_content_option(parser)
    parser.add_argument(
        "--runs",
        type=int,
        default=DEFAULT_RUNS,
        metavar="N",
        help=f"terms to play (default: {DEFAULT_RUNS})",
    )
    choose = parser.add_mutually_exclusive_group()
    choose.add_argument(
        "--strategy",
        default=None,
        metavar="S",
        help="how choices are picked: random (default) or prefer:TAG, e.g. prefer:reassure",
    )
    choose.add_argument(
        "--compare",
        nargs="+",
        metavar="S",
        help="run several strategies and print their ending tables side by side",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="N",
        help=f"seed of the whole run (default: {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="J",
        help="worker processes (default: one per CPU); never changes the results",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from game.sim.report import build_report, render_compare, render_report, timing
    from game.sim.runner import MAX_JOBS, MAX_RUNS, default_jobs, simulate
    from game.sim.strategies import StrategyError, resolve

    if not 0 < args.runs <= MAX_RUNS:
        raise UsageError(f"--runs {args.runs}: give a number of terms from 1 to {MAX_RUNS:,}")
    jobs = default_jobs() if args.jobs is None else args.jobs
    if not 0 < jobs <= MAX_JOBS:
        raise UsageError(f"--jobs {jobs}: give a number of processes from 1 to {MAX_JOBS}")
    strategies: list[str] = list(dict.fromkeys(args.compare or [args.strategy or "random"]))
    for name in strategies:
        try:
            resolve(name)
        except StrategyError as error:
            raise UsageError(str(error)) from None

    content = load_or_report(content_folder(args.content))
    if content is None or content.scenario is None:
        return 1
    for name in strategies:
        try:
            resolve(name, content.scenario)
        except StrategyError as error:
            raise UsageError(str(error)) from None

    reports = []
    for name in strategies:
        bar = _ProgressBar(name) if sys.stderr.isatty() else None
        started = time.perf_counter()
        try:
            tally = simulate(content, args.runs, name, args.seed, jobs, bar)
        finally:
            if bar is not None:
                bar.close()
        seconds = time.perf_counter() - started
        reports.append(
            build_report(
                content.scenario,
                tally,
                strategy=name,
                seed=args.seed,
                fingerprint=content.fingerprint,
                timing=timing(seconds, args.runs, min(jobs, args.runs)),
            )
        )

    if args.compare:
        if args.json:
            print(
                json.dumps(
                    {
                        "runs": args.runs,
                        "seed": args.seed,
                        "strategies": strategies,
                        "reports": {r["strategy"]: r for r in reports},
                    },
                    indent=2,
                )
            )
        else:
            print(render_compare(reports), end="")
    elif args.json:
        print(json.dumps(reports[0], indent=2))
    else:
        print(render_report(reports[0]), end="")
    return 0


class _ProgressBar:
    """A one-line bar on stderr, redrawn at most every tenth of a second."""

    WIDTH = 30

    def __init__(self, label: str) -> None:
        self.label = label
        self.shown = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.shown < 0.1:
            return
        self.shown = now
        filled = self.WIDTH * done // total
        bar = "█" * filled + "·" * (self.WIDTH - filled)
        sys.stderr.write(f"\r{self.label}  {bar}  {done:,}/{total:,} terms")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\r\x1b[2K")
        sys.stderr.flush()
