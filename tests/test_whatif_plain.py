"""`whatif` at the end of a plain term (game/plain/whatif.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from game.content.load import Content
from game.plain.run import PlainGame
from game.sim.whatif_cache import cache_path


def play(content: Content, script: str, folder: Path | None) -> tuple[int, str, PlainGame]:
    out = io.StringIO()
    game = PlainGame(content, 3, folder, io.StringIO(script), out)
    return game.run(), out.getvalue(), game


@pytest.fixture(autouse=True)
def few_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("game.plain.whatif.DEFAULT_RUNS", 4)


def test_whatif_at_the_end_of_a_term_prints_the_report(harbour: Content, tmp_path: Path) -> None:
    code, text, game = play(harbour, "1\n" * 12 + "banana\nwhatif\nquit\n", tmp_path)
    assert code == 0
    after = text.split("The term is over: ")[1]
    assert "Type whatif to see" in after
    assert "The term is over. Type whatif" in after  # "banana" answered with the offer
    assert "played on by random" in after and "Decision 1," in after
    assert "\x1b" not in text
    assert game.last_save is not None and cache_path(game.last_save).is_file()


def test_moves_left_over_in_a_script_get_the_offer_once(harbour: Content) -> None:
    code, text, _ = play(harbour, "1\n" * 30 + "whatif\n", None)
    assert code == 0
    assert text.count("The term is over. Type whatif") == 1
    assert "Decision 1," in text  # and whatif, after them, is still read


def test_enter_or_end_of_input_finishes(harbour: Content, tmp_path: Path) -> None:
    code, text, _ = play(harbour, "1\n" * 12 + "\nwhatif\n", tmp_path)
    assert code == 0 and "Decision 1," not in text
    code, text, _ = play(harbour, "1\n" * 12, None)  # no saves folder: nothing cached
    assert code == 0 and text.rstrip().endswith("Command:")


def test_whatif_without_a_saves_folder_still_works(harbour: Content) -> None:
    _, text, _ = play(harbour, "1\n" * 12 + "what if?\n", None)
    assert "Decision 1," in text
