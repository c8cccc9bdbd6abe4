"""`article-five replay`: transcripts, JSON, --verify against current and edited content, --tui."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from game.cli.main import main
from game.content.load import load_content
from game.saves import load_save
from tests.savekit import (
    CAMPAIGN,
    EXAMPLES,
    HARBOUR,
    REGENERATE,
    ROOT,
    TEST_SAVES,
    copy_pack,
    harbour,
    snapshot,
)

GREEDY = TEST_SAVES / "harbour-greedy.json"
MIDSEASON = TEST_SAVES / "harbour-midseason.json"


def replay(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main(["replay", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def on_harbour(*argv: str | Path) -> tuple[str | Path, ...]:
    return (*argv, "--content", HARBOUR)


# --- the transcript ---------------------------------------------------------------------


def test_the_transcript_tells_each_quarter_choice_and_consequence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = replay(capsys, *on_harbour(GREEDY))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Harbour Master: a recorded term"
    assert "  content  harbour (fingerprint matches)" in lines
    assert "Q2 1890 · Fair weather" in lines
    assert "  1. The new harbour master" in lines
    assert "     You chose: Send the boats out" in lines
    assert "       Catch rose by 5 to 25: Boats at sea catch fish." in lines
    assert "  End of Q2 1890" in lines
    phase = "       The phase changed from Fair weather to Gale"
    assert any(line.startswith(phase) for line in lines)
    report = lines.index("After-action report")  # the end screen's report follows the term
    over = r"The term is over after 7 decisions: .+ \(grade [A-F]\)\."
    assert re.fullmatch(over, lines[report - 3])
    assert lines[report - 2].startswith("Meters: Catch ")
    assert lines[report + 2] == "What decided the grade"
    assert "The decisions that moved things most" in lines[report:]


def test_an_unfinished_recording_says_where_it_stops(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = replay(capsys, *on_harbour(MIDSEASON))
    assert code == 0
    assert "The recording stops after 3 decisions, in " in out


def test_the_json_transcript_has_every_decision_and_change(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = replay(capsys, *on_harbour(GREEDY, "--json"))
    assert code == 0
    report = json.loads(out)
    assert report["ok"] is True
    (save,) = report["files"]
    session = load_save(GREEDY, harbour())
    assert save["seed"] == session.seed
    assert [d["choice"] for d in save["decisions"]] == [d.choice for d in session.state.decisions]
    first = save["decisions"][0]
    assert first["event_title"] == "The new harbour master"
    assert first["changes"][0]["type"] == "MeterChange"
    assert first["changes"][0]["cause"]["kind"] == "choice"
    assert first["changes"][0]["text"] == "Catch rose by 5 to 25: Boats at sea catch fish."
    assert save["ending"]["id"] == session.state.ending
    assert set(save["final"]["meters"]) == {"catch", "storm", "wall"}


# --- verify -----------------------------------------------------------------------------


def test_verify_passes_on_every_harbour_recording(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = replay(capsys, *on_harbour(TEST_SAVES, "--verify"))
    files = sorted(TEST_SAVES.glob("*.json"))
    assert code == 0, err
    for path in files:
        assert re.search(rf"^{re.escape(str(path))}: ok \(\d+ decisions?\)$", out, re.M)
    assert out.splitlines()[-1] == f"{len(files)} saves: {len(files)} verified, 0 failed"


def example_saves() -> list[Path]:
    """The committed example sessions of the campaign (local autosaves are not examples)."""
    return sorted(p for p in EXAMPLES.glob("*.json") if not p.name.startswith("autosave-"))


def campaign_or_fail() -> None:
    content = load_content(CAMPAIGN)
    if content.scenario is None:
        pytest.fail("the bundled campaign has errors: " + content.errors[0].render())


def test_verify_passes_on_every_example_in_saves(capsys: pytest.CaptureFixture[str]) -> None:
    campaign_or_fail()
    examples = example_saves()
    assert len(examples) >= 3
    code, out, err = replay(capsys, *examples, "--verify")
    assert code == 0, (
        f"{err}\nThe campaign changed since these were recorded. If the change was meant, "
        f"regenerate them on purpose: {REGENERATE} --campaign"
    )
    assert out.count(": ok (") == len(examples)


def test_the_examples_end_differently(capsys: pytest.CaptureFixture[str]) -> None:
    campaign_or_fail()
    code, out, _ = replay(capsys, *example_saves(), "--json")
    assert code == 0
    endings = [f["ending"]["id"] for f in json.loads(out)["files"]]
    assert None not in endings and len(set(endings)) == len(endings) >= 3


def rename_choice(pack: Path, event: str, old: str, new: str) -> None:
    """Rename a choice id of one event in a content pack folder (its first definition there)."""
    for file in sorted((pack / "events").glob("*.toml")):
        text = file.read_text()
        start = text.find(f'id = "{event}"')
        if start < 0:
            continue
        at = text.find(f'id = "{old}"', start)
        assert at > 0, f"choice {old} of {event} not found in {file}"
        file.write_text(text[:at] + f'id = "{new}"' + text[at + len(f'id = "{old}"') :])
        return
    raise AssertionError(f"event {event} not found")


def test_verify_fails_naming_the_decision_after_a_choice_id_is_edited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = copy_pack(HARBOUR, tmp_path / "pack")
    rename_choice(pack, "market_day", "sell", "sell_all")
    before = snapshot(GREEDY)
    code, out, err = replay(capsys, GREEDY, "--verify", "--content", pack)
    assert code == 1 and out == ""
    assert err == (
        f"{GREEDY}: decision 3 (Q3 1890, event 'market_day', choice 'sell'): "
        "the choice is gone (event 'market_day' now offers: sell_all, hold)\n"
    )
    code, out, _ = replay(capsys, GREEDY, "--verify", "--json", "--content", pack)
    result = json.loads(out)["files"][0]
    assert code == 1 and result["ok"] is False
    assert (result["diverged_at"], result["kind"], result["matched"]) == (3, "choice", 2)
    assert snapshot(GREEDY) == before


def test_verify_fails_when_an_event_is_no_longer_offered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = copy_pack(HARBOUR, tmp_path / "pack")
    events = pack / "events" / "season.toml"
    text = events.read_text()
    assert 'when = "flag.mended or turn >= 3"' in text
    events.write_text(text.replace('when = "flag.mended or turn >= 3"', 'when = "catch > 99"'))
    code, _, err = replay(capsys, GREEDY, "--verify", "--content", pack)
    assert code == 1
    # The state after decision 4 holds the next quarter's agenda, so it differs first.
    assert (
        f"{GREEDY}: decision 4 (Q4 1890, event 'shoal', choice 'chase'): the state after it" in err
    )
    assert (
        "; then decision 5 (Q1 1891, event 'inspector', choice 'bribe'): "
        "the event is no longer offered at this point (now: 'storm_warning' in Q1 1891)"
    ) in err


def test_verify_fails_on_a_campaign_example_after_a_choice_id_is_edited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    campaign_or_fail()
    example = example_saves()[0]
    decisions = json.loads(example.read_text())["decisions"]
    target = next(d for d in decisions if d["event"] != decisions[0]["event"])
    index = next(
        i
        for i, d in enumerate(decisions, start=1)
        if (d["event"], d["choice"]) == (target["event"], target["choice"])
    )
    pack = copy_pack(CAMPAIGN, tmp_path / "campaign")
    rename_choice(pack, target["event"], target["choice"], "renamed_choice")
    code, _, err = replay(capsys, example, "--verify", "--content", pack)
    assert code == 1
    assert f"{example}: decision {index} (" in err
    assert f"event '{target['event']}', choice '{target['choice']}'): the choice is gone" in err


# --- errors and usage -------------------------------------------------------------------


def test_a_corrupt_save_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(GREEDY.read_bytes()[:300])
    for extra in ((), ("--verify",)):
        code, out, err = replay(capsys, *on_harbour(bad, *extra))
        assert code == 1 and out == ""
        assert (
            err
            == f"article-five: error: {bad}: truncated or incomplete JSON (it stops at byte 300)\n"
        )


def test_a_save_of_another_pack_says_to_use_content(capsys: pytest.CaptureFixture[str]) -> None:
    campaign_or_fail()
    code, _, err = replay(capsys, GREEDY, "--verify")
    assert code == 1
    assert "recorded with content pack 'harbour'" in err and "(use --content)" in err


def test_one_bad_file_fails_the_folder_but_every_file_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.json").write_bytes(GREEDY.read_bytes())
    (tmp_path / "b.json").write_text("[]")
    code, out, err = replay(capsys, *on_harbour(tmp_path, "--verify"))
    assert code == 1
    assert f"{tmp_path / 'a.json'}: ok (7 decisions)" in out
    assert f"{tmp_path / 'b.json'}: not an Article Five save" in err
    assert out.splitlines()[-1] == "2 saves: 1 verified, 1 failed"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.json"], "missing.json: no such file or folder"),
        ([str(HARBOUR / "events")], "no .json saves in this folder"),
        ([str(GREEDY), "--tui", "--verify"], "--tui cannot be combined with --verify or --json"),
        ([str(GREEDY), str(MIDSEASON), "--tui"], "--tui steps through one save"),
        (
            [str(GREEDY), "--content", "/nonexistent/pack"],
            "--content /nonexistent/pack: no such folder",
        ),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = replay(capsys, *argv)
    assert code == 2
    assert err.startswith("article-five: error: ") and message in err and err.count("\n") == 1


def test_broken_content_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = copy_pack(HARBOUR, tmp_path / "pack")
    (pack / "scenario.toml").write_text("id = ")
    code, _, err = replay(capsys, GREEDY, "--content", pack)
    assert code == 1 and "scenario.toml:1:" in err and "error" in err


def test_tui_replay_gets_the_content_and_the_loaded_session(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[tuple[Any, ...]] = []
    fake = types.ModuleType("game.tui.replay")

    def run_replay(*args: Any) -> int:
        calls.append(args)
        return 0

    fake.run_replay = run_replay  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "game.tui.replay", fake)
    code, _, _ = replay(capsys, *on_harbour(GREEDY, "--tui"))
    assert code == 0
    ((content, session, args),) = calls
    assert content.scenario.id == "harbour"
    assert session == load_save(GREEDY, harbour())
    assert args.tui is True


# --- as a whole process -----------------------------------------------------------------


def run_process(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", "replay", *map(str, argv)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_the_command_verifies_as_a_process() -> None:
    result = run_process(GREEDY, "--verify", "--content", HARBOUR)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{GREEDY}: ok (7 decisions)\n"


def test_the_command_never_shows_a_traceback_for_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x00" * 64)
    result = run_process(bad, "--content", HARBOUR)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


# --- issue 18: a folder of autosaves; what differs ----------------------------------------


def test_a_folder_holding_only_autosaves_replays_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "piped"
    folder.mkdir()
    (folder / "autosave-harbour.json").write_bytes(GREEDY.read_bytes())
    code, out, _ = replay(capsys, *on_harbour(folder, "--verify"))
    assert code == 0 and out.startswith(f"{folder / 'autosave-harbour.json'}: ok")


def test_verify_names_the_meters_that_differ(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = copy_pack(HARBOUR, tmp_path / "pack")
    events = pack / "events" / "season.toml"
    text = events.read_text()
    assert text.count("effects = { catch = 5 }") == 1
    events.write_text(text.replace("effects = { catch = 5 }", "effects = { catch = 6 }"))
    code, _, err = replay(capsys, GREEDY, "--verify", "--content", pack)
    assert code == 1
    assert err.startswith(
        f"{GREEDY}: decision 1 (Q2 1890, event 'arrival', choice 'fish'): "
        "the state after it differs: catch 26 (recorded 25)"
    )


def test_an_older_save_without_meters_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(GREEDY.read_text())
    for decision in document["decisions"]:
        del decision["meters"]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document))
    pack = copy_pack(HARBOUR, tmp_path / "pack")
    events = pack / "events" / "season.toml"
    events.write_text(
        events.read_text().replace("effects = { catch = 5 }", "effects = { catch = 6 }")
    )
    code, _, err = replay(capsys, older, "--verify", "--content", pack)
    assert code == 1 and "this save does not record meter values" in err
