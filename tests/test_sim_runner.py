"""The runner: results depend on content, seed, runs and strategy — never on jobs."""

from __future__ import annotations

import itertools
import json
import signal
from pathlib import Path
from typing import Any

import attrs
import pytest

from game.cli.main import main
from game.content.load import Content
from game.sim import Tally, simulate, term_seeds
from game.sim import runner as runner_module
from game.sim.runner import ContentChanged, chunks, run_terms

PACKS = Path(__file__).resolve().parent / "packs"


def simulate_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["simulate", "--json", *args]) == 0
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


@pytest.mark.parametrize("pack", ["harbour", "clockwork"])
def test_one_job_and_two_jobs_give_identical_json(
    capsys: pytest.CaptureFixture[str], pack: str
) -> None:
    common = ("--content", str(PACKS / pack), "--runs", "300", "--seed", "11")
    one = simulate_json(capsys, *common, "--jobs", "1")
    two = simulate_json(capsys, *common, "--jobs", "2")
    assert one.pop("timing")["jobs"] == 1
    assert two.pop("timing")["jobs"] == 2
    assert one == two
    assert json.dumps(one) == json.dumps(two)  # same keys in the same order, too


def test_compare_json_is_independent_of_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    common = ("--content", str(PACKS / "harbour"), "--runs", "100", "--compare", "random")
    one = simulate_json(capsys, *common, "prefer:greedy", "--jobs", "1")
    two = simulate_json(capsys, *common, "prefer:greedy", "--jobs", "2")
    for result in (one, two):
        for report in result["reports"].values():
            report.pop("timing")
    assert one == two


def test_the_same_seed_gives_the_same_tally_and_another_seed_does_not(harbour: Content) -> None:
    first = simulate(harbour, 200, "random", seed=3)
    again = simulate(harbour, 200, "random", seed=3)
    other = simulate(harbour, 200, "random", seed=4)
    assert attrs.asdict(first) == attrs.asdict(again)
    assert first.meters != other.meters


def test_splitting_the_terms_does_not_change_the_tally(harbour: Content) -> None:
    assert harbour.scenario is not None
    whole = run_terms(harbour.scenario, "random", 5, 0, 90)
    parts = Tally()
    for start, stop in [(0, 1), (1, 37), (37, 90)]:
        parts.merge(run_terms(harbour.scenario, "random", 5, start, stop))
    assert attrs.asdict(whole) == attrs.asdict(parts)


def test_chunks_cover_every_term_once() -> None:
    for runs, jobs in [(1, 1), (7, 2), (1000, 2), (10_000, 2), (999, 64)]:
        ranges = chunks(runs, jobs)
        assert ranges[0][0] == 0 and ranges[-1][1] == runs
        assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))


def test_term_seeds_depend_on_seed_and_index_only() -> None:
    assert term_seeds(1, 0) == term_seeds(1, 0)
    seeds = {term_seeds(seed, index) for seed in range(5) for index in range(200)}
    assert len(seeds) == 1000
    engine, strategy = term_seeds(1, 0)
    assert 0 <= engine < 2**56 and engine != strategy


def test_progress_reports_every_term_in_the_end(harbour: Content) -> None:
    seen: list[tuple[int, int]] = []
    simulate(harbour, 50, "random", seed=1, jobs=2, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (50, 50)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_worker_with_other_content_refuses_to_run(
    harbour: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # keep our Ctrl-C
    runner_module._init_worker(str(harbour.folder), "not-the-fingerprint")
    with pytest.raises(ContentChanged, match="changed during the run"):
        runner_module._call(("not-the-fingerprint", runner_module._run_range, ("random", 1, 0, 1)))
