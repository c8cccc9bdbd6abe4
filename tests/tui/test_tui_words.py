"""A pack in months with its own words, played through every screen of the game:
not one word of the bundled campaign on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from tuikit import keys, make_app, screen_text, settle

from game.content.load import Content, load_content
from game.tui.app import ArticleFiveApp
from game.tui.screens.end import EndScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.replay import ReplayScreen
from tests.wordkit import ORCHARD, campaign_words


@pytest.fixture(scope="module")
def orchard() -> Content:
    content = load_content(ORCHARD)
    assert content.scenario is not None
    return content


async def test_a_whole_season_and_its_replay_show_no_campaign_word(
    orchard: Content, tmp_path: Path
) -> None:
    app = make_app(orchard, tmp_path, rank_endings=True, autosaves=True)
    seen: list[str] = []

    def look(what: ArticleFiveApp) -> None:
        seen.append(screen_text(what))

    async with app.run_test(size=(110, 40)) as pilot:
        look(app)  # the title screen
        for dialog in ("i", "s", "l"):  # about this content, a seed, load (no saves yet)
            await keys(pilot, dialog)
            look(app)
            await keys(pilot, "escape")
        await keys(pilot, "n")
        assert isinstance(app.screen, GameScreen)
        look(app)
        for extra in ("question_mark", "w", "ctrl+p", "q", "ctrl+s"):  # ..., quit?, save as
            await keys(pilot, extra)
            look(app)
            await keys(pilot, "escape")
        while isinstance(app.screen, GameScreen):
            await keys(pilot, "1")
            look(app)
            await keys(pilot, "enter")
        assert isinstance(app.screen, EndScreen)
        await settle(pilot)
        look(app)
        await keys(pilot, "r")  # replay this season
        assert isinstance(app.screen, ReplayScreen)
        look(app)
        await keys(pilot, "right", "g")  # jump to a month
        look(app)
        await keys(pilot, "escape", "end")
        look(app)
    text = "\n".join(seen)
    assert "March 1887 · month 1 of 8" in text
    assert "Quit in the middle of the season?" in text
    assert "Out of 200 seasons" in text
    assert "Jump to a month" in text
    assert "why: every change this month" in text  # help
    assert "Save the season" in text  # the command palette
    assert "New season with a seed" in text
    assert "No saves yet: Ctrl+S saves a season" in text
    assert "Save this season" in text
    assert campaign_words(text) == []
