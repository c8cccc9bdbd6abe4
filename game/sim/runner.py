"""Many terms, spread over worker processes; the result never depends on how many.

Term `i` of a run plays from seeds derived from (seed, i) alone, and the
terms are folded into the tally in term order, so the same content, seed,
runs and strategy give the same tally with one job or twenty.

Workers load the content themselves from its folder (compiled expressions do
not pickle); with the "fork" start method they inherit the parent's already
loaded scenario instead. A worker that finds different content on disk (an
author saved a file mid-run) stops the run rather than mix two versions.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import signal
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from game.content.balance import NO_BALANCE, Balance
from game.content.load import Content, load_content
from game.engine.model import Scenario
from game.sim.strategies import resolve
from game.sim.tally import Tally
from game.sim.term import play_term

Progress = Callable[[int, int], None]  # (terms done, terms in all)
Task = TypeVar("Task")
Result = TypeVar("Result")

MAX_JOBS = 256
MAX_RUNS = 1_000_000  # a tally keeps a few hundred bytes per term
_CHUNK = 200  # at most this many terms per task


class ContentChanged(RuntimeError):
    """A worker loaded content that differs from what the run started with."""


def term_seeds(seed: int, index: int) -> tuple[int, int]:
    """(engine seed, strategy seed) for term `index` of a run seeded `seed`."""
    digest = hashlib.sha256(f"article-five-sim\x1f{seed}\x1f{index}".encode()).digest()
    return int.from_bytes(digest[:7], "big"), int.from_bytes(digest[8:16], "big")


def run_terms(
    scenario: Scenario,
    strategy: str,
    seed: int,
    start: int,
    stop: int,
    balance: Balance = NO_BALANCE,
) -> Tally:
    """Terms `start` .. `stop - 1` of a run, in order, in this process.

    Term `i` gets the same seeds whatever the strategy (common random numbers):
    two strategies compared term by term met the same dice.
    """
    play = resolve(strategy, scenario, balance)
    tally = Tally()
    for index in range(start, stop):
        engine_seed, strategy_seed = term_seeds(seed, index)
        rng = random.Random(strategy_seed)
        tally.add(play_term(scenario, engine_seed, play, rng, balance.war))
    return tally


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def chunks(runs: int, jobs: int) -> list[tuple[int, int]]:
    """Term ranges for the workers: small enough to balance, large enough to be cheap."""
    size = max(1, min(_CHUNK, -(-runs // (jobs * 8))))
    return [(start, min(start + size, runs)) for start in range(0, runs, size)]


def simulate(
    content: Content,
    runs: int,
    strategy: str,
    seed: int,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Tally:
    """Play `runs` terms of `content` with `strategy` over `jobs` processes."""
    if content.scenario is None:
        raise ValueError("content has errors; nothing to simulate")
    if runs <= 0 or jobs <= 0:
        raise ValueError("runs and jobs must be positive")
    resolve(strategy, content.scenario, content.balance)  # fail here, not in a worker
    ranges = chunks(runs, jobs)
    total = Tally()
    done = 0
    for part in _parts(content, strategy, seed, ranges, min(jobs, len(ranges))):
        total.merge(part)
        done += part.runs
        if progress is not None:
            progress(done, runs)
    return total


def _parts(
    content: Content, strategy: str, seed: int, ranges: list[tuple[int, int]], jobs: int
) -> Iterator[Tally]:
    tasks = [(strategy, seed, start, stop) for start, stop in ranges]
    return in_workers(content, _run_range, tasks, jobs)


def _run_range(scenario: Scenario, balance: Balance, task: tuple[str, int, int, int]) -> Tally:
    strategy, seed, start, stop = task
    return run_terms(scenario, strategy, seed, start, stop, balance)


def in_workers(
    content: Content,
    work: Callable[[Scenario, Balance, Task], Result],
    tasks: Sequence[Task],
    jobs: int,
) -> Iterator[Result]:
    """`work(scenario, balance, task)` for every task, in task order, over `jobs` processes.

    `work` must be a module-level function (it is sent to the workers by name).
    Closing the iterator early (a cancelled run) stops the workers.
    """
    assert content.scenario is not None
    jobs = min(jobs, len(tasks))
    if jobs <= 1:
        for task in tasks:
            yield work(content.scenario, content.balance, task)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    if context.get_start_method() == "fork":
        _LOADED[content.fingerprint] = (content.scenario, content.balance)
    calls = [(content.fingerprint, work, task) for task in tasks]
    with context.Pool(
        jobs, initializer=_init_worker, initargs=(str(content.folder), content.fingerprint)
    ) as pool:
        yield from pool.imap(_call, calls)


# Scenarios by content fingerprint, in a worker (or inherited from the parent by fork).
_LOADED: dict[str, tuple[Scenario, Balance]] = {}
_FAILED: dict[str, str] = {}


def _init_worker(folder: str, fingerprint: str) -> None:
    # Ctrl-C is the parent's to handle (it stops the pool); a worker would only
    # print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Never raise here: a pool whose initializer fails respawns workers forever.
    if fingerprint in _LOADED:
        return
    content = load_content(Path(folder))
    if content.fingerprint != fingerprint or content.scenario is None:
        _FAILED[fingerprint] = f"the content in {folder} changed during the run; run it again"
    else:
        _LOADED[fingerprint] = (content.scenario, content.balance)


def _call(call: tuple[str, Callable[[Scenario, Balance, Task], Result], Task]) -> Result:
    fingerprint, work, task = call
    if fingerprint not in _LOADED:
        raise ContentChanged(_FAILED.get(fingerprint, "the worker has no content"))
    scenario, balance = _LOADED[fingerprint]
    return work(scenario, balance, task)
