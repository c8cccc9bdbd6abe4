"""`article-five simulate` on the command line: output, errors and exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from game.cli.main import main

PACKS = Path(__file__).resolve().parent / "packs"
HARBOUR = str(PACKS / "harbour")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(["simulate", *args])
    except SystemExit as exit:  # argparse's own errors
        code = int(exit.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--content", HARBOUR, "--runs", "40", "--jobs", "1")
    assert code == 0
    assert out.startswith("Harbour Master (harbour): 40 simulated terms, strategy random, seed 1")
    for section in ("Endings", "Grades:", "Term length", "Meters at the end", "Event coverage"):
        assert section in out
    assert err == ""  # no progress bar when stderr is not a terminal


def test_json_report_has_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--content", HARBOUR, "--runs", "40", "--seed", "5", "--json")
    assert code == 0
    report = json.loads(out)
    assert {"runs", "seed", "strategy", "endings", "events", "turns", "meters", "timing"} <= set(
        report
    )
    assert (report["runs"], report["seed"], report["strategy"]) == (40, 5, "random")
    assert set(report["endings"]["bumper"]) >= {"count", "share", "grade", "ci95"}
    assert set(report["events"]["shoal"]) >= {"offered", "share"}
    assert set(report["timing"]) == {"seconds", "terms_per_second", "jobs"}


def test_progress_bar_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run(capsys, "--content", HARBOUR, "--runs", "30", "--jobs", "1", "--json")
    assert code == 0
    assert "30/30 terms" in err
    json.loads(out)  # the bar never reaches stdout


def test_compare_prints_one_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--content", HARBOUR, "--runs", "30", "--compare", "random", "prefer:careful"
    )
    assert code == 0
    assert "random" in out and "prefer:careful" in out
    assert "Event coverage" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--runs", "0"], "--runs 0: give a number of games from 1 to 1,000,000"),
        (["--runs", "-5"], "--runs -5: give a number of games"),
        (["--runs", "1000001"], "--runs 1000001: give a number of games from 1 to 1,000,000"),
        (["--jobs", "0"], "--jobs 0: give a number of processes from 1 to 256"),
        (["--jobs", "-1"], "--jobs -1"),
        (["--jobs", "100000"], "--jobs 100000"),
        (["--strategy", "cautious"], "unknown strategy 'cautious'"),
        (["--strategy", "persona:nobody"], "no persona 'nobody' is declared"),
        (["--force", "arrival=nothing"], "event 'arrival' has no choice 'nothing'"),
        (["--strategy", "prefer:"], "give a tag after 'prefer:'"),
        (["--strategy", "prefer:greedi"], "did you mean 'greedy'"),
        (["--compare", "random", "nonsense"], "unknown strategy 'nonsense'"),
        (["--runs", "many"], "invalid int value"),
        (["--strategy", "random", "--compare", "random"], "not allowed with argument"),
        (["--content", "/no/such/folder"], "no such folder"),
    ],
)
def test_bad_usage_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    if "--content" not in args:
        args = ["--content", HARBOUR, *args]
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err


def test_content_with_errors_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "scenario.toml").write_text('id = "x"\nturns = "many"\n')
    code, out, err = run(capsys, "--content", str(tmp_path), "--runs", "5")
    assert code == 1
    assert out == ""
    assert "error" in err


@pytest.mark.parametrize(
    ("content", "strategy"),
    [
        ("content", "expert:4"),
        ("content", "greedy"),
        ("content", "persona:steadfast"),
        ("content", "persona:transactional-smart"),
        ("tests/packs/quay", "expert"),
        ("tests/packs/quay", "persona:careful"),
    ],
)
def test_search_and_persona_strategies_on_the_campaign_and_a_pack(
    capsys: pytest.CaptureFixture[str], content: str, strategy: str
) -> None:
    folder = str(PACKS.parent.parent / content)
    code, out, _ = run(capsys, "--content", folder, "--strategy", strategy, "--runs", "6", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["strategy"] == strategy
    assert report["runs"] == 6
    assert set(report["measures"]) >= {"mean_grade", "war"}


def test_compare_reports_paired_differences_with_intervals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    quay = str(PACKS / "quay")
    args = ("--content", quay, "--runs", "60", "--compare", "random", "greedy")
    code, out, _ = run(capsys, *args, "--json")
    assert code == 0
    paired = json.loads(out)["paired"]
    assert paired["against"] == "random"
    gain = paired["differences"]["greedy"]["mean_grade"]
    assert gain["ci95"][0] <= gain["difference"] <= gain["ci95"][1]
    assert gain["ci95"][0] > 0
    code, text, _ = run(capsys, *args)
    assert "Paired differences against random (same dice term by term; 95 % intervals):" in text
