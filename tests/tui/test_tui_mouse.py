"""The mouse does what the keys do: footer hints press their key; a choice takes two clicks."""

from __future__ import annotations

from pathlib import Path

from tuikit import keys, make_app

from game.content.load import Content
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.why import WhyScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.key_bar import KeyBar


def row_of(choices: ChoiceList, index: int) -> int:
    """The list's row (inside its border) on which option `index` starts."""
    rows = 0
    for i in range(index):
        rows += len(str(choices.get_option_at_index(i).prompt).split("\n"))
    return rows


def taken(screen: GameScreen) -> list[str]:
    return [decision.choice for decision in screen.session.state.decisions]


async def test_a_click_highlights_a_choice_and_a_second_click_takes_it(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await keys(pilot, "n")
        screen = app.screen
        assert isinstance(screen, GameScreen)
        choices = screen.query_one(ChoiceList)
        at = (4, choices.gutter.top + row_of(choices, 1))
        await pilot.click(choices, offset=at)
        await pilot.pause()
        assert taken(screen) == []  # not taken yet
        assert choices.highlighted == 1
        await pilot.click(choices, offset=at)
        await pilot.pause()
        assert taken(screen) == [choices.get_option_at_index(1).id]


async def test_a_click_on_a_key_hint_presses_its_key(lighthouse: Content, tmp_path: Path) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await keys(pilot, "n")
        bar = app.screen.query_one(KeyBar)
        spans = {key: start for start, _, key in bar.spans}
        assert "1" not in spans  # "1-4 Choose" stands for four keys: a click takes none
        await pilot.click(bar, offset=(spans["w"] + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, WhyScreen)
        await keys(pilot, "escape")
        bar = app.screen.query_one(KeyBar)
        quit_at = next(start for start, _, key in bar.spans if key == "q")
        await pilot.click(bar, offset=(quit_at + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # quitting still asks first
