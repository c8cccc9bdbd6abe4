"""Plain mode as a script tool: `printf '1\\n2\\n…' | article-five --plain --seed 7` plays a term.

Each test runs the real command in a subprocess with a piped script. The
script is worked out beforehand by walking the same term in-process, so the
transcript can be checked against the engine: every event decided, every
explanation of every change, and the ending.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.content.load import Content
from game.engine.changes import OutcomeDrawn, PhaseChanged
from game.engine.model import Scenario
from game.engine.session import Session
from game.engine.step import options
from game.narrate import describe, grouped, meter_sentence, together
from game.plain.text import one_line, paragraphs
from game.report.after_action import margin_lines
from game.report.ledger import is_drift, steady_rules
from game.saves import latest_autosave

ROOT = Path(__file__).resolve().parent.parent
HARBOUR = ROOT / "tests" / "packs" / "harbour"
SEED = 7

# Escape sequences, other C0/C1 controls, box drawing and block elements.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2500-\u259f]")


def run_game(
    args: list[str], script: str | bytes, *, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "FORCE_COLOR": "1"}
    env.pop("NO_COLOR", None)
    data = script.encode() if isinstance(script, str) else script
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=data,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=False,
    )


def walk(scenario: Scenario, seed: int) -> tuple[Session, list[str]]:
    """Play a whole term in-process, varying the choices; return it and the numbers typed."""
    session = Session.start(scenario, seed)
    typed: list[str] = []
    while not session.state.over:
        shown = options(scenario, session.state)
        available = [i for i, option in enumerate(shown) if option.available]
        index = available[len(typed) % len(available)]
        typed.append(str(index + 1))
        session = session.choose(shown[index].choice.id)
    return session, typed


def flat(text: str) -> str:
    return " ".join(text.split())


def check_transcript(scenario: Scenario, session: Session, transcript: str) -> None:
    text = flat(transcript)
    steady = steady_rules(scenario)
    position = 0
    for decision, step in zip(session.state.decisions, session.steps[1:], strict=True):
        title = one_line(scenario.event_by_id[decision.event].title)
        found = text.find(title, position)
        assert found >= 0, f"event {decision.event!r} ({title!r}) missing or out of order"
        position = found
        for item in grouped(step.changes):
            if isinstance(item, tuple) and is_drift(steady, item[0]):
                continue  # a steady rule: in the quarter's one drift line, in full on `why`
            if isinstance(item, tuple) and item[0].cause.kind == "chance":
                for change in item:  # under the outcome's text, said once above them
                    assert flat(meter_sentence(scenario, change)) in text, f"not told: {change}"
                continue
            if isinstance(item, tuple):  # meter changes of one cause: its reason said once
                sentence = flat(together(scenario, item))
                assert text.count(flat(item[0].cause.explain)) >= 1
            elif isinstance(item, OutcomeDrawn | PhaseChanged):
                sentence = flat(describe(scenario, item) or "")
            else:
                continue
            assert sentence and sentence in text, f"not told: {item}"
    ending = scenario.ending_by_id[session.state.ending or ""]
    assert f"The term is over: {flat(ending.title)}. Grade: {ending.grade}." in text
    assert flat(paragraphs(ending.epilogue)[0]) in text
    # the after-action report, as the Textual game's end screen shows it
    report = text[text.find("After-action report") :]
    assert report.startswith("After-action report What decided the grade")
    assert flat(" ".join(margin_lines(scenario, session.state))) in report
    for part in ("The meters over the term", "The decisions that moved things most"):
        assert part in report
    assert "How this ending ranks" in report
    # percentage points where a meter in % moved; no line wrapped before its unit
    assert not any(line.lstrip().startswith("%") for line in transcript.splitlines())


def assert_plain(output: bytes) -> str:
    text = output.decode("utf-8")  # strict: the transcript is valid UTF-8
    bad = sorted({f"U+{ord(ch):04X}" for ch in FORBIDDEN.findall(text.replace("\n", " "))})
    assert not bad, f"escape, control or box-drawing characters in plain output: {bad}"
    return text


# ── whole terms from a piped script ──────────────────────────────────────


def test_a_piped_script_plays_a_whole_harbour_season(harbour: Content, tmp_path: Path) -> None:
    scenario = harbour.scenario
    assert scenario is not None
    session, typed = walk(scenario, SEED)
    args = ["--plain", "--seed", str(SEED), "--content", str(HARBOUR), "--saves", str(tmp_path)]
    result = run_game(args, "\n".join(typed) + "\n")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    transcript = assert_plain(result.stdout)
    check_transcript(scenario, session, transcript)
    assert "Could not save" not in transcript
    saved = latest_autosave(tmp_path)
    assert saved is not None and saved.ending == session.state.ending


def test_a_piped_script_plays_a_whole_campaign_term(campaign: Content, tmp_path: Path) -> None:
    scenario = campaign.scenario
    assert scenario is not None
    session, typed = walk(scenario, SEED)
    result = run_game(
        ["--plain", "--seed", str(SEED), "--saves", str(tmp_path)], "\n".join(typed) + "\n"
    )
    assert result.returncode == 0, result.stderr.decode()
    transcript = assert_plain(result.stdout)
    check_transcript(scenario, session, transcript)
    assert "Could not save" not in transcript
    quarters = re.findall(r"^(Q[1-4] \d{4}), quarter (\d+) of (\d+)\.", transcript, re.MULTILINE)
    assert quarters[0] == (scenario.turn_label(1), "1", str(scenario.turns))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_campaign_transcripts_are_plain_text_for_other_seeds(
    campaign: Content, tmp_path: Path, seed: int
) -> None:
    scenario = campaign.scenario
    assert scenario is not None
    session, typed = walk(scenario, seed)
    script = "\n".join(["help", "meters", "briefing", *typed]) + "\n"
    result = run_game(["--plain", "--seed", str(seed), "--saves", str(tmp_path)], script)
    assert result.returncode == 0, result.stderr.decode()
    check_transcript(scenario, session, assert_plain(result.stdout))


def test_plain_mode_is_automatic_when_stdout_is_not_a_terminal(tmp_path: Path) -> None:
    args = ["--seed", str(SEED), "--content", str(HARBOUR), "--saves", str(tmp_path)]
    result = run_game(args, "1\n")
    assert result.returncode == 0, result.stderr.decode()
    text = assert_plain(result.stdout)
    assert text.startswith("Harbour Master\n")
    assert "Catch rose by 5 to 25: Boats at sea catch fish." in text


def test_the_same_seed_and_script_give_the_same_transcript(tmp_path: Path) -> None:
    args = ["--plain", "--seed", "11", "--content", str(HARBOUR)]
    first = run_game([*args, "--saves", str(tmp_path / "a")], "1\n2\n1\nwhy\n2\n")
    second = run_game([*args, "--saves", str(tmp_path / "b")], "1\n2\n1\nwhy\n2\n")
    assert first.stdout == second.stdout


# ── end of input, interruption, bad input ────────────────────────────────


def test_end_of_input_autosaves_and_exits_0(tmp_path: Path) -> None:
    args = ["--plain", "--seed", str(SEED), "--content", str(HARBOUR), "--saves", str(tmp_path)]
    result = run_game(args, "1\n2")  # the last line has no newline
    assert result.returncode == 0
    assert result.stderr == b""
    text = assert_plain(result.stdout)
    assert text.rstrip().endswith("run the game again and type continue to resume it.")
    info = latest_autosave(tmp_path)
    assert info is not None and info.decisions == 2 and info.ending is None

    again = run_game(args, "continue\n")
    assert again.returncode == 0
    assert "Continuing the term saved at Q3 1890." in again.stdout.decode()


def test_empty_input_exits_0_without_saving(tmp_path: Path) -> None:
    args = ["--plain", "--content", str(HARBOUR), "--saves", str(tmp_path)]
    result = run_game(args, "")
    assert result.returncode == 0
    assert "End of input." in result.stdout.decode()
    assert latest_autosave(tmp_path) is None


def test_bad_input_bytes_are_hints_not_tracebacks(tmp_path: Path) -> None:
    script = b"\xff\xfe garbage\n\x1b[2J\n" + b"x" * 100_000 + b"\n\x00\n-5\n1\n"
    args = ["--plain", "--seed", str(SEED), "--content", str(HARBOUR), "--saves", str(tmp_path)]
    result = run_game(args, script)
    assert result.returncode == 0
    assert result.stderr == b""
    text = assert_plain(result.stdout)
    assert sum("help lists them" in line for line in text.splitlines()) == 5
    assert "Catch rose by 5 to 25" in text


def test_ctrl_c_saves_and_exits_130(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = ["--plain", "--seed", str(SEED), "--content", str(HARBOUR), "--saves", str(tmp_path)]
    process = subprocess.Popen(
        [sys.executable, "-m", "game", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"1\n")
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while latest_autosave(tmp_path) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err.decode()
    assert b"Traceback" not in err
    assert "Interrupted. Your term is saved" in assert_plain(out)
    info = latest_autosave(tmp_path)
    assert info is not None and info.decisions == 1


def test_a_file_given_as_saves_folder_is_a_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    result = run_game(["--plain", "--content", str(HARBOUR), "--saves", str(blocker)], "1\n")
    assert result.returncode == 2
    assert result.stdout == b""
    (line,) = result.stderr.decode().splitlines()
    assert line.startswith("article-five: error: --saves ")
