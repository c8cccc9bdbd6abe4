"""A pack in months with its own words: plain mode, simulate and replay never show
a word of the bundled campaign; `%` and set-effects work in real content."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from game.cli.main import main
from game.content.load import Content, load_content
from game.engine.changes import MeterChange
from game.engine.session import Session
from game.plain.run import PlainGame
from game.saves import latest_autosave
from tests.wordkit import ORCHARD, campaign_words

# Every command, then one choice per prompt until the season ends: the first
# choice each time (hives, sell, smudge pots), then a few spare lines.
SCRIPT = "help\nwhy\nwhy apples\nmeters\nbriefing\n" + "1\n" * 12 + "why frost\nundo\n"


@pytest.fixture(scope="module")
def orchard() -> Content:
    content = load_content(ORCHARD)
    assert content.scenario is not None, [p.render() for p in content.problems]
    assert not content.warnings, [p.render() for p in content.warnings]
    return content


def play(content: Content, script: str, folder: Path, seed: int = 3) -> str:
    out = io.StringIO()
    assert PlainGame(content, seed, folder, io.StringIO(script), out).run() == 0
    return out.getvalue()


def test_the_calendar_counts_months_from_march(orchard: Content) -> None:
    scenario = orchard.scenario
    assert scenario is not None
    assert [scenario.turn_label(t) for t in (1, 8)] == ["March 1887", "October 1887"]


def test_a_plain_season_speaks_the_packs_words_only(orchard: Content, tmp_path: Path) -> None:
    text = play(orchard, SCRIPT, tmp_path)
    assert "A season of 8 months" in text
    assert "March 1887, month 1 of 8." in text
    assert "why apples" in text  # help's example is a meter of this pack
    assert "The season is over" in text
    assert campaign_words(text) == []


def test_set_effect_and_remainder_show_as_changes_with_their_causes(
    orchard: Content, tmp_path: Path
) -> None:
    text = " ".join(play(orchard, SCRIPT, tmp_path).split())
    # `frost = { to = 1 }` from 4.0: told as the fall it makes
    assert "Frost fell by 3.0 to 1.0" in text
    # `turn % 2 == 0`: the nights grow colder at the end of every other month (the
    # month's drift line names the frost's move every other month only)
    assert text.count("Drift: Apples +4, Frost +1.5.") == 4
    assert text.count("Drift: Apples +4. ") == 4


def test_simulate_reports_in_seasons_and_months(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--runs", "60"], ["--runs", "30", "--compare", "random", "greedy"]):
        assert main(["simulate", "--content", str(ORCHARD), "--jobs", "1", *args]) == 0
        out = capsys.readouterr().out
        assert "seasons" in out
        assert campaign_words(out) == []


def test_simulate_targets_report_in_seasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = Path(shutil.copytree(ORCHARD, tmp_path / "orchard"))
    (pack / "targets.toml").write_text(
        '[[target]]\nid = "the_loft_fills"\nstrategy = "greedy"\n'
        'metric = "ending_full_loft"\nat_least = 0.0\nruns = 20\n'
    )
    assert main(["simulate", "--content", str(pack), "--targets", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "(greedy; 20 seasons; targets.toml:2)" in out
    assert campaign_words(out) == []


def test_replay_and_verify_speak_the_packs_words(
    orchard: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    play(orchard, "1\n" * 12, tmp_path)
    saved = latest_autosave(tmp_path)
    assert saved is not None
    for extra in ([], ["--verify"]):
        assert main(["replay", str(saved.path), "--content", str(ORCHARD), *extra]) == 0
        out = capsys.readouterr().out
        assert campaign_words(out) == []
    assert main(["replay", str(saved.path), "--content", str(ORCHARD)]) == 0
    assert "The Orchard: a recorded season" in capsys.readouterr().out


def test_every_set_effect_lands_on_its_value(orchard: Content) -> None:
    """Whatever the frost was, lighting the smudge pots leaves exactly 1.0."""
    scenario = orchard.scenario
    assert scenario is not None
    lit = 0
    for seed in range(30):
        session = Session.start(scenario, seed)
        while not session.state.over:
            event = session.state.current_event or ""
            first = scenario.event_by_id[event].choices[0].id
            session = session.choose("light" if event == "smudge" else first)
            if event == "smudge":
                lit += 1
                moved = [
                    c
                    for c in session.steps[-1].changes
                    if isinstance(c, MeterChange) and c.cause.source.endswith("light")
                ]
                assert [(c.meter, c.after) for c in moved if c.meter == "frost"] == [("frost", 1.0)]
    assert lit > 10
