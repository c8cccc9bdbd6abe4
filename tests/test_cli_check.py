"""`article-five check` and `graph` as a user runs them."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli.main import main
from tests.conftest import HARBOUR, ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_clean_pack_exits_0_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", str(HARBOUR)]) == 0
    out = capsys.readouterr().out
    *warnings, summary = out.strip().splitlines()
    assert summary == "5 events, 10 choices, 3 endings, 1 arcs, 3 meters: 0 errors, 1 warning"
    # The harbour's hidden bribe costs fish and buys nothing the meters count.
    assert warnings == [
        "events/season.toml:107:7: warning: event[5].choice[1].id: choice 'show' is at least as"
        " good as 'bribe' on every meter (direct, scheduled and chance-weighted effects):"
        " no player would ever take 'bribe'"
    ]


def test_the_collector_runs_again_after_a_command() -> None:
    """main() pauses the garbage collector for start-up; a subcommand must not inherit that."""
    gc.enable()
    assert main(["check", "--content", str(HARBOUR)]) == 0
    assert gc.isenabled()


def test_errors_exit_1_and_json_names_file_line_and_key(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(HARBOUR, pack)
    events = pack / "events" / "season.toml"
    events.write_text(
        events.read_text().replace("effects = { catch = 5 }", "effects = { cach = 5 }")
    )
    out = run("check", "--content", str(pack), "--json")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report["counts"] == {"events": 5, "choices": 10, "endings": 3, "arcs": 1, "meters": 3}
    (problem,) = report["problems"]
    assert problem == {
        "file": "events/season.toml",
        "line": 16,
        "column": 13,
        "severity": "error",
        "key": "event[1].choice[1].effects.cach",
        "message": "unknown meter 'cach' (did you mean 'catch'?)",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--content", "/no/such/folder"], "no such folder"),
        (["check", "--content", "README.md"], "not a folder"),
        (["check", "--bogus"], "unrecognized arguments"),
        (["graph", "--format", "png"], "invalid choice"),
        (["--seed", "5", "check"], "--seed is not an option of the check command"),
        (
            ["--saves", "a", "replay", "x.json", "--saves", "b"],
            "--saves given both before and after",
        ),
    ],
)
def test_bad_usage_exits_2_with_one_line(args: list[str], message: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_an_option_the_command_takes_may_stand_before_it(tmp_path: Path) -> None:
    out = run("--content", str(tmp_path), "check")
    assert out.returncode == 1  # the folder was checked: the option reached the command
    assert "scenario.toml: error: file not found" in out.stdout


def test_missing_scenario_is_bad_content(tmp_path: Path) -> None:
    out = run("check", "--content", str(tmp_path))
    assert out.returncode == 1
    assert "scenario.toml: error: file not found" in out.stdout


@pytest.mark.parametrize("fmt", ["dot", "mermaid"])
def test_graph_shows_follow_ups_flags_and_endings(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["graph", "--content", str(HARBOUR), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "The new harbour master" in out and "Market day" in out
    assert "A Bumper Season (A)" in out
    assert "fish +1q" in out  # the follow-up from arrival to market day
    assert "squall_hit" in out  # the flag from the squall rule to the storm warning
    if fmt == "dot":
        assert out.startswith('digraph "harbour" {')
    else:
        assert out.startswith("flowchart LR")
