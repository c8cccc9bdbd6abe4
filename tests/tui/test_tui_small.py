"""Small things seen in the browser: About names no server path; the palette's Quit is once."""

from __future__ import annotations

from pathlib import Path

import pytest
from tuikit import flat, keys, make_app

from game.content.load import Content
from game.tui.app import ArticleFiveApp
from game.tui.commands import screen_commands
from game.tui.screens.info import InfoScreen
from game.tui.widgets.choice_list import ChoiceList


@pytest.mark.parametrize("served", [False, True])
async def test_about_names_the_pack_and_shows_a_folder_only_in_a_terminal(
    lighthouse: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: bool
) -> None:
    monkeypatch.setattr(ArticleFiveApp, "is_web", property(lambda self: served))
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        await keys(pilot, "i")
        assert isinstance(app.screen, InfoScreen)
        text = flat(app)
        assert f"pack id: {lighthouse.scenario.id}" in text  # type: ignore[union-attr]
        assert f"fingerprint: {lighthouse.fingerprint[:16]}" in text
        assert ("folder:" in text) is not served
        assert (str(lighthouse.folder) in text.replace(" ", "")) is not served


async def test_the_palette_offers_quit_once(lighthouse: Content, tmp_path: Path) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await keys(pilot, "n")
        screen = app.screen
        titles = [title for title, _, _ in screen_commands(screen, app.scenario.words)]
        titles += [command.title for command in app.get_system_commands(screen)]
        assert titles.count("Quit") == 1


async def test_the_choice_list_fits_its_choices_after_every_resize(
    campaign: Content, tmp_path: Path
) -> None:
    """Long choices (the campaign's) wrap to many lines when narrow, one when wide."""
    app = make_app(campaign, tmp_path)
    async with app.run_test(size=(142, 44)) as pilot:
        await keys(pilot, "n")
        choices = app.screen.query_one(ChoiceList)
        for size in [(46, 44), (142, 44), (44, 50), (155, 38), (60, 30)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            lines = sum(len(str(option.prompt).split("\n")) for option in choices.options)
            assert choices.size.height == lines, size  # no blank rows left from the last size
