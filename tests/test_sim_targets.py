"""Balance declarations: `simulate --targets` verdicts and exit codes, `check` on bad ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.cli.main import main
from tests.conftest import BUNDLED

QUAY = Path(__file__).resolve().parent / "packs" / "quay"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit:
        code = int(exit.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "quay"
    shutil.copytree(QUAY, folder)
    return folder


def test_targets_that_hold_exit_0_with_one_line_each(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "simulate", "--content", str(QUAY), "--targets", "--jobs", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[-1] == "4 of 4 targets met"
    assert lines[0].startswith("pass  expert_beats_random: mean_grade = ")
    assert "(expert:6 vs random; 100 terms; targets.toml:5)" in lines[0]


def test_a_failing_target_exits_1_and_json_says_which(
    capsys: pytest.CaptureFixture[str], pack: Path
) -> None:
    targets = pack / "targets.toml"
    targets.write_text(targets.read_text().replace("at_most = 0.4", "at_most = 0.01"))
    code, out, _ = run(
        capsys, "simulate", "--content", str(pack), "--targets", "--runs", "50", "--json"
    )
    assert code == 1
    verdicts = {v["id"]: v for v in json.loads(out)["targets"]}
    assert verdicts["netter_rarely_excels"]["passed"] is False
    assert verdicts["netter_rarely_excels"]["runs"] == 50
    assert verdicts["netter_rarely_excels"]["where"] == "targets.toml:12"
    assert verdicts["squalls_come"]["passed"] is True
    low, high = verdicts["squalls_come"]["ci95"]
    assert low <= verdicts["squalls_come"]["value"] <= high


def test_long_runs_are_ten_times_the_ci_count(monkeypatch: pytest.MonkeyPatch) -> None:
    from game.content.load import load_content
    from game.sim.targets import runs_for

    target = load_content(QUAY).balance.targets[0]
    assert runs_for(target, None) == 100
    assert runs_for(target, 7) == 7
    monkeypatch.setenv("ARTICLE_FIVE_LONG", "1")
    assert runs_for(target, None) == 1000


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "message"),
    [
        (
            "personas.toml",
            'tag = "greedy" }]',
            'tag = "greedi" }]',
            6,
            "no choice is tagged 'greedi' (did you mean 'greedy'?)",
        ),
        ("personas.toml", 'when = "catch >= 20"', 'when = "catc >= 20"', 6, "unknown name 'catc'"),
        ("personas.toml", "meters = { catch", "meters = { cash", 16, "unknown meter 'cash'"),
        ("personas.toml", "grades = { A = 2.0", "grades = { Z = 2.0", 17, "unknown grade 'Z'"),
        ("targets.toml", 'metric = "grade_A"', 'metric = "grade_Q"', 14, "unknown grade"),
        ("targets.toml", 'metric = "war"', 'metric = "fun"', 28, "unknown metric 'fun'"),
        (
            "targets.toml",
            'metric = "war"',
            'metric = "meter_wal"',
            28,
            "unknown meter 'wal' (did you mean 'wall'?)",
        ),
        (
            "targets.toml",
            'metric = "war"',
            'metric = "events_offered_lots"',
            28,
            "give a share from 0 to 1 after 'events_offered_', not 'lots'",
        ),
        (
            "targets.toml",
            'strategy = "persona:netter"',
            'strategy = "persona:nettr"',
            13,
            "no persona 'nettr' is declared (did you mean 'netter'?)",
        ),
        (
            "targets.toml",
            'compare = ["expert:6", "random"]',
            'compare = ["expert:6 --force shoal=nap", "random"]',
            6,
            "event 'shoal' has no choice 'nap'",
        ),
        (
            "targets.toml",
            'war = "flag.squall_hit"',
            'war = "flag.squall"',
            2,
            "no rule, choice or outcome sets flag 'squall' (did you mean 'squall_hit'?)",
        ),
        (
            "targets.toml",
            "at_most = 0.4",
            "at_most = 0.4\nat_least = 0.1",
            11,
            "a target needs exactly one of",
        ),
        (
            "targets.toml",
            "at_most = 0.4",
            "ratio_at_least = 2",
            15,
            "ratio_at_least needs a paired `compare`",
        ),
        (
            "personas.toml",
            'id = "netter"',
            'id = "netter"\nbudget = "many"',
            10,
            "expected a whole number, got text",
        ),
    ],
)
def test_check_names_file_and_line_of_a_bad_declaration(
    capsys: pytest.CaptureFixture[str],
    pack: Path,
    file: str,
    old: str,
    new: str,
    line: int,
    message: str,
) -> None:
    path = pack / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    code, out, _ = run(capsys, "check", "--content", str(pack), "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert any(
        p["file"] == file and message in p["message"] and p["line"] == line for p in problems
    ), problems


@pytest.mark.slow
def test_the_bundled_campaign_meets_its_targets(capsys: pytest.CaptureFixture[str]) -> None:
    """CI runs the campaign's targets at their declared size (300 terms each);
    ARTICLE_FIVE_LONG=1 runs them at ten times that."""
    code, out, _ = run(capsys, "simulate", "--content", str(BUNDLED), "--targets", "--jobs", "2")
    assert code == 0, out
    assert out.splitlines()[-1].endswith("targets met")
