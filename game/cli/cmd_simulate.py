"""`article-five simulate`: play many games headlessly and report on balance."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from game.cli.common import (
    UsageError,
    add_content_option,
    content_folder,
    load_or_report,
    progress_bar,
)

DEFAULT_RUNS = 1000
DEFAULT_SEED = 1


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "simulate",
        help="Monte-Carlo balance report: endings, game length, meters, event coverage",
        description=(
            "Play N whole games headlessly and report which endings they reach, how long "
            "they last, where the meters end, which events are never offered and which "
            "choices the strategy picks. The same content, seed, runs and strategy always "
            "give the same report, whatever --jobs is."
        ),
    )
    add_content_option(parser)
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        metavar="N",
        help=f"games to play (default: {DEFAULT_RUNS}; for --targets, each target's own)",
    )
    choose = parser.add_mutually_exclusive_group()
    choose.add_argument(
        "--strategy",
        default=None,
        metavar="S",
        help=(
            "how choices are picked: random (default), prefer:TAG, greedy[:PERSONA], "
            "expert[:N] (N rollouts per decision), persona:ID (declared in personas.toml)"
        ),
    )
    choose.add_argument(
        "--compare",
        nargs="+",
        metavar="S",
        help=(
            "run several strategies on the same dice (common random numbers) and print their "
            "ending tables side by side, with each one's paired difference from the first"
        ),
    )
    choose.add_argument(
        "--targets",
        action="store_true",
        help=(
            "run the content's balance targets (targets.toml): one line each, exit 1 if any "
            "fails; --runs overrides their run counts (ARTICLE_FIVE_LONG=1: full size)"
        ),
    )
    parser.add_argument(
        "--force",
        action="append",
        default=[],
        metavar="EVENT=CHOICE",
        help="take CHOICE whenever EVENT is offered, the strategy everywhere else (repeatable)",
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
    from game.content.balance import SpecError, parse_spec
    from game.sim.report import (
        build_report,
        paired,
        render_compare,
        render_paired,
        render_report,
        timing,
    )
    from game.sim.runner import MAX_JOBS, MAX_RUNS, default_jobs, simulate
    from game.sim.strategies import resolve

    if args.runs is not None and not 0 < args.runs <= MAX_RUNS:
        raise UsageError(f"--runs {args.runs}: give a number of games from 1 to {MAX_RUNS:,}")
    runs = DEFAULT_RUNS if args.runs is None else args.runs
    jobs = default_jobs() if args.jobs is None else args.jobs
    if not 0 < jobs <= MAX_JOBS:
        raise UsageError(f"--jobs {jobs}: give a number of processes from 1 to {MAX_JOBS}")
    forces = "".join(f" --force {force}" for force in args.force)
    if args.targets and forces:
        raise UsageError("--force applies to --strategy or --compare; a target names its own")
    names = list(dict.fromkeys(args.compare or [args.strategy or "random"]))
    strategies = [f"{name}{forces}" for name in names]
    for name in strategies:
        try:
            parse_spec(name)
        except SpecError as error:
            raise UsageError(str(error)) from None

    content = load_or_report(content_folder(args.content))
    if content is None or content.scenario is None:
        return 1
    if args.targets:
        return _targets(args, content, jobs)
    for name in strategies:
        try:
            resolve(name, content.scenario, content.balance)
        except SpecError as error:
            raise UsageError(str(error)) from None

    reports = []
    tallies = []
    for name in strategies:
        started = time.perf_counter()
        with progress_bar(name, runs, content.scenario.words.terms) as bar:
            tally = simulate(content, runs, name, args.seed, jobs, bar)
        seconds = time.perf_counter() - started
        tallies.append(tally)
        reports.append(
            build_report(
                content.scenario,
                tally,
                strategy=name,
                seed=args.seed,
                fingerprint=content.fingerprint,
                timing=timing(seconds, runs, min(jobs, runs)),
                war=content.balance.war,
            )
        )

    if args.compare:
        differences = {
            name: paired(content.scenario, tallies[0], tally, content.balance.war)
            for name, tally in zip(strategies[1:], tallies[1:], strict=True)
        }
        if args.json:
            print(
                json.dumps(
                    {
                        "runs": runs,
                        "seed": args.seed,
                        "strategies": strategies,
                        "reports": {r["strategy"]: r for r in reports},
                        "paired": {"against": strategies[0], "differences": differences},
                    },
                    indent=2,
                )
            )
        else:
            print(render_compare(reports, content.scenario.words), end="")
            if differences:
                print()
                print(render_paired(strategies[0], differences, content.scenario.words), end="")
    elif args.json:
        print(json.dumps(reports[0], indent=2))
    else:
        print(render_report(reports[0], content.scenario.words), end="")
    return 0


def _targets(args: argparse.Namespace, content: Any, jobs: int) -> int:
    from game.sim.targets import render, run_targets

    if not content.balance.targets:
        print(f"{content.folder}: no [[target]] declared (targets.toml)", file=sys.stderr)
        return 1

    def starting(strategy: str, count: int) -> None:
        if sys.stderr.isatty():
            terms = content.scenario.words.terms
            print(f"simulating {strategy} ({count:,} {terms})…", file=sys.stderr)

    verdicts = run_targets(content, runs=args.runs, seed=args.seed, jobs=jobs, on_start=starting)
    if args.json:
        print(json.dumps({"targets": [v.as_json() for v in verdicts]}, indent=2))
    else:
        print(render(verdicts, content.scenario.words), end="")
    return 0 if all(v.passed for v in verdicts) else 1
