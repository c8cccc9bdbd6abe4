"""The command line under bad arguments: exit 2 (usage) or 1 (bad data), no traceback.

Every subcommand that exists (check, graph, simulate, replay, serve; the
play command too) is given missing files, folders where files are
expected, files where folders are expected, unreadable files, bad numbers
and unknown options. Most cases run `main()` in-process (fast); a few run
`python -m game` to pin the real process exit code.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import resource
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from game.cli.common import seed_number
from game.cli.main import main
from game.engine.rng import SEED_DIGITS, SEEDS
from tests.hostilekit import HARBOUR, ROOT, printable_line
from tests.unprivileged import python_game, unprivileged_game

GOOD_SAVE = ROOT / "tests" / "saves" / "harbour-greedy.json"


def run(argv: list[str]) -> tuple[int, str, str]:
    """main() as the process would run it: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit:  # argparse's usage errors
            code = exit.code if isinstance(exit.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def assert_usage_error(argv: list[str], *fragments: str) -> str:
    code, out, err = run(argv)
    assert code == 2, (argv, code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("article-five"), lines[0]
    assert printable_line(lines[0])
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert "Traceback" not in out + err
    return lines[0]


def assert_bad_data(argv: list[str], *fragments: str, max_lines: int = 3) -> str:
    """Exit 1; stderr holds a few printable lines (the problem(s) and, for content, a count)."""
    code, out, err = run(argv)
    assert code == 1, (argv, code, out, err)
    lines = err.strip().splitlines()
    assert 1 <= len(lines) <= max_lines, err
    assert all(printable_line(line) for line in lines), err
    for fragment in fragments:
        assert fragment in err, err
    assert "Traceback" not in out + err
    return err


# --- content folders: missing, a file, empty, broken -------------------------------------

CONTENT_COMMANDS = ["check", "graph", "simulate", "serve"]


def play_argv(saves: Path) -> list[str]:
    return ["--plain", "--saves", str(saves)]


def with_content(command: str | None, folder: str, saves: Path) -> list[str]:
    if command is None:
        return [*play_argv(saves), "--content", folder]
    return [command, "--content", folder]


COMMAND_OR_PLAY = [*CONTENT_COMMANDS, None]


@pytest.mark.parametrize("command", COMMAND_OR_PLAY, ids=str)
def test_a_missing_content_folder_is_a_usage_error(command: str | None, tmp_path: Path) -> None:
    assert_usage_error(with_content(command, str(tmp_path / "nope"), tmp_path), "no such folder")


@pytest.mark.parametrize("command", COMMAND_OR_PLAY, ids=str)
def test_a_file_given_as_the_content_folder_is_a_usage_error(
    command: str | None, tmp_path: Path
) -> None:
    assert_usage_error(
        with_content(command, str(HARBOUR / "scenario.toml"), tmp_path), "not a folder"
    )


@pytest.mark.parametrize("command", COMMAND_OR_PLAY, ids=str)
def test_an_empty_content_folder_is_bad_data(command: str | None, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    argv = with_content(command, str(tmp_path / "empty"), tmp_path)
    if command == "check":
        code, out, _ = run(argv)
        assert code == 1 and "scenario.toml: error: file not found" in out
    else:
        assert_bad_data(argv, "scenario.toml: error: file not found")


@pytest.mark.parametrize("command", COMMAND_OR_PLAY, ids=str)
def test_a_folder_where_the_scenario_file_should_be_is_bad_data(
    command: str | None, tmp_path: Path
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(HARBOUR, pack)
    (pack / "scenario.toml").unlink()
    (pack / "scenario.toml").mkdir()
    (pack / "events" / "folder.toml").mkdir()
    argv = with_content(command, str(pack), tmp_path)
    stream = 1 if command == "check" else 2
    code, out, err = run(argv)
    assert code == 1, (out, err)
    text = (out, err)[stream - 1]
    assert "scenario.toml: error: is a folder, expected a TOML file" in text
    assert "events/folder.toml: error: is a folder" in text
    assert "Traceback" not in out + err


@pytest.mark.parametrize("command", COMMAND_OR_PLAY, ids=str)
def test_an_unreadable_content_file_is_bad_data(command: str | None, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(HARBOUR, pack)
    (pack / "events" / "season.toml").chmod(0)
    done = unprivileged_game(*with_content(command, str(pack), tmp_path))
    assert done.returncode == 1, done.stderr
    assert "events/season.toml: error: cannot read: Permission denied" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_content_problems_print_safely_even_when_names_hold_escapes(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(HARBOUR, pack)
    bad = pack / "events" / "\x1b[2Jwipe.toml"
    bad.write_text('"\\u001b]0;owned\\u0007" = 1\n"\\u202eevil" = 2\n')
    code, out, _ = run(["check", "--content", str(pack)])
    assert code == 1
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "events/\\x1b[2Jwipe.toml:1" in out
    assert "unknown key '\\x1b]0;owned\\x07'" in out


# --- bad numbers and unknown options ----------------------------------------------------

USAGE_CASES: list[tuple[str | None, list[str], str]] = [
    (None, ["--seed", "abc"], "--seed"),
    (None, ["--seed", "1.5"], "--seed"),
    (None, ["--seed", "9" * 41], "at most 40 digits"),
    (None, ["--seed", "-1"], "0 or more"),
    (None, ["--seed"], "--seed"),
    (None, ["--bogus"], "unrecognized arguments"),
    (None, ["bogus"], "invalid choice"),
    ("check", ["--bogus"], "unrecognized arguments"),
    ("check", ["--content"], "--content"),
    ("graph", ["--format", "png"], "invalid choice"),
    ("graph", ["--format"], "--format"),
    ("simulate", ["--runs", "abc"], "--runs"),
    ("simulate", ["--runs", "0"], "--runs 0"),
    ("simulate", ["--runs", "-5"], "--runs -5"),
    ("simulate", ["--runs", "9" * 5000], "--runs"),
    ("simulate", ["--runs", "1000001"], "--runs 1000001"),
    ("simulate", ["--jobs", "0"], "--jobs 0"),
    ("simulate", ["--jobs", "100000"], "--jobs 100000"),
    ("simulate", ["--seed", "x"], "--seed"),
    ("simulate", ["--strategy", "nonsense"], "nonsense"),
    ("simulate", ["--strategy", "prefer:"], "prefer:"),
    ("simulate", ["--strategy", "random", "--compare", "random"], "not allowed"),
    ("replay", [], "FILE"),
    ("replay", ["--bogus", str(GOOD_SAVE)], "unrecognized arguments"),
    ("replay", [str(GOOD_SAVE), "--tui", "--verify"], "--tui"),
    ("serve", ["--port", "0"], "--port"),
    ("serve", ["--port", "65536"], "--port"),
    ("serve", ["--port", "http"], "--port"),
    ("serve", ["--host", ""], "--host"),
    ("serve", ["--public-url", "ftp://example.org"], "--public-url"),
    ("serve", ["--public-url", "not a url"], "--public-url"),
]


@pytest.mark.parametrize(
    ("command", "args", "fragment"),
    USAGE_CASES,
    ids=[f"{c}-{' '.join(a)[:30]}" for c, a, _ in USAGE_CASES],
)
def test_bad_arguments_are_usage_errors(
    command: str | None, args: list[str], fragment: str, tmp_path: Path
) -> None:
    argv = [command, *args] if command else args
    if command in ("serve", "simulate"):
        argv += ["--content", str(HARBOUR)]
    if command is None and args[:1] != ["bogus"]:
        argv += ["--plain", "--saves", str(tmp_path), "--content", str(HARBOUR)]
    assert_usage_error(argv, fragment)


def test_serve_on_a_port_in_use_is_a_usage_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert_usage_error(["serve", "--content", str(HARBOUR), "--port", str(port)], str(port))


def test_the_cli_takes_the_seeds_a_term_takes() -> None:
    assert seed_number("9" * SEED_DIGITS) == int("9" * SEED_DIGITS) == SEEDS[-1]
    for bad in ("-1", "1" + "0" * SEED_DIGITS):
        with pytest.raises(argparse.ArgumentTypeError, match="0 or more"):
            seed_number(bad)


def test_simulate_refuses_an_absurd_number_of_runs() -> None:
    """Under a 1 GiB memory limit: once, 10**12 runs built a list of chunks until memory ran out."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "simulate",
            "--content",
            str(HARBOUR),
            "--runs",
            str(10**12),
            "--jobs",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=limit_memory,
    )
    assert done.returncode == 2, done.stderr[-500:]
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


# --- save files on the replay command ---------------------------------------------------


def test_replay_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    assert_usage_error(["replay", str(tmp_path / "none.json")], "no such file")


def test_replay_of_a_folder_without_saves_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "sub.json").mkdir()  # a folder named like a save is not one
    assert_usage_error(["replay", str(tmp_path)], str(tmp_path))


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("empty.json", b"", "empty file"),
        ("noise.json", b"\xff\xfe\x00", "not UTF-8"),
        ("list.json", b"[]", "not an Article Five save"),
        ("scenario.toml", (HARBOUR / "scenario.toml").read_bytes(), "not valid JSON"),
    ],
    ids=["empty", "noise", "list", "toml"],
)
def test_replay_of_a_file_that_is_not_a_save_is_bad_data(
    tmp_path: Path, name: str, data: bytes, fragment: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    for extra in ([], ["--verify"]):
        message = assert_bad_data(
            ["replay", str(path), *extra, "--content", str(HARBOUR)], fragment
        )
        assert message.count("\n") == 1 and str(path) in message


def test_replay_with_a_content_pack_of_errors_is_bad_data(tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    assert_bad_data(
        ["replay", str(GOOD_SAVE), "--content", str(tmp_path / "pack")], "file not found"
    )


def test_replay_of_an_unreadable_save_is_bad_data(tmp_path: Path) -> None:
    path = tmp_path / "locked.json"
    shutil.copyfile(GOOD_SAVE, path)
    path.chmod(0)
    done = unprivileged_game("replay", str(path), "--content", str(HARBOUR))
    assert done.returncode == 1, done.stderr
    assert "cannot read" in done.stderr and "Traceback" not in done.stderr


# --- the process, not just main() -------------------------------------------------------


CHECKS: list[tuple[list[str], int, Callable[[str], bool]]] = [
    (["--bogus"], 2, lambda err: "unrecognized arguments" in err),
    (["check", "--content", "/nonexistent/pack"], 2, lambda err: "no such folder" in err),
    (
        ["replay", str(HARBOUR / "scenario.toml"), "--content", str(HARBOUR)],
        1,
        lambda err: "not valid JSON" in err,
    ),
]


@pytest.mark.parametrize(("argv", "code", "says"), CHECKS, ids=["usage", "content", "save"])
def test_the_process_exits_with_the_code_and_no_traceback(
    argv: list[str], code: int, says: Callable[[str], bool]
) -> None:
    done = python_game(*argv)
    assert done.returncode == code, done.stderr
    assert says(done.stderr) and "Traceback" not in done.stderr
