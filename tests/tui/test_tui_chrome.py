"""The chrome around the story (issue 17): keys that follow the context, the status line,
the layout at 80×24, 200×50 and below 80×24, the quit dialog, the theme, the seed dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from tuikit import BEACON, decide, flat, keys, make_app, screen_text, shown

from game.content.load import Content
from game.engine.session import Session
from game.saves import write_save
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.end import EndScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.replay import ReplayScreen
from game.tui.screens.seed import SeedScreen
from game.tui.screens.too_small import TooSmallScreen
from game.tui.settings import load_settings
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.key_bar import KeyBar


def footer(app: object) -> str:
    return shown(app, "KeyBar")  # type: ignore[arg-type]


async def test_the_choose_hint_counts_the_choices_on_screen(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        count = len(app.screen.query_one(ChoiceList).shown)
        assert f"1-{count} Choose" in footer(app)
        assert "1-9" not in footer(app)


async def test_redo_shows_only_when_there_is_one_and_survives_an_undo_from_the_end(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, BEACON)
        assert isinstance(app.screen, EndScreen)
        ended = app.screen.session.state
        await keys(pilot, "u")
        screen = app.screen
        assert isinstance(screen, GameScreen)
        app.clear_notifications()  # the note "Took back…" has the start of the line
        await pilot.pause()
        assert "^y Redo" in footer(app)
        await keys(pilot, "ctrl+y", "enter")
        assert isinstance(app.screen, EndScreen)
        assert app.screen.session.state == ended
        await keys(pilot, "n")  # a new term: nothing to redo
        assert "Redo" not in footer(app)


async def test_notes_go_to_the_status_line_not_over_the_story(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n", "1", "u")
        assert "Took back: Trim the wick" in footer(app)
        assert not app.screen.query("Toast")
        assert "Took back" not in shown(app, ".main")


async def test_80x24_gives_the_story_the_width_and_the_log_comes_back_with_d(
    campaign: Content, tmp_path: Path
) -> None:
    app = make_app(campaign, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        screen = app.screen
        assert screen.query_one("#event-scroll").region.width == 80
        assert not screen.query_one("#log").region  # no Decisions panel taking rows
        assert "US credibility" in shown(app, "#meter-strip")
        await keys(pilot, "d")
        await pilot.pause()
        assert screen.query_one("#log").region


@pytest.mark.parametrize("before", [(), ("1", "enter")], ids=["first", "second"])
async def test_the_opening_events_fit_80x24_without_scrolling(
    campaign: Content, tmp_path: Path, before: tuple[str, ...]
) -> None:
    app = make_app(campaign, tmp_path, seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n", *before)
        await pilot.pause()
        scroll = app.screen.query_one("#event-scroll", VerticalScroll)
        assert scroll.max_scroll_y == 0
        assert "PgDn" not in flat(app)


async def test_at_200x50_the_choices_follow_the_text_and_the_measure_is_capped(
    campaign: Content, tmp_path: Path
) -> None:
    app = make_app(campaign, tmp_path, seed=3)
    async with app.run_test(size=(200, 50)) as pilot:
        await keys(pilot, "n", "1", "enter")
        await pilot.pause()
        screen = app.screen
        text = screen.query_one("#event-scroll").region
        choices = screen.query_one(ChoiceList).region
        assert choices.y == text.bottom
        assert text.width <= 92


async def test_below_80x24_the_game_says_so_and_recovers(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "Make the terminal at least 80×24" in flat(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)


async def test_quitting_a_fresh_term_promises_nothing(lighthouse: Content, tmp_path: Path) -> None:
    app = make_app(lighthouse, tmp_path, autosaves=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n", "q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "picks up from here" not in flat(app)
        assert "not been saved" in flat(app)
        await keys(pilot, "n", "1", "q")
        assert "picks up from here" in flat(app)


async def test_the_theme_is_remembered_in_the_settings_file(
    lighthouse: Content, tmp_path: Path
) -> None:
    settings = tmp_path / "config" / "settings.json"
    app = make_app(lighthouse, tmp_path, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "article-five-light"
        await pilot.pause()
    assert load_settings(settings)[0].theme == "article-five-light"
    again = make_app(lighthouse, tmp_path, settings=settings)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "article-five-light"


async def test_a_bad_settings_file_is_named_and_ignored(
    lighthouse: Content, tmp_path: Path
) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text("{\n  theme: 3\n}\n")
    app = make_app(lighthouse, tmp_path, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "article-five"
        assert any(f"{settings}: line 2" in note.message for note in app.notes)


async def test_the_seed_dialog_refuses_letters_with_a_word(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path, seed=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "s", "x")
        assert isinstance(app.screen, SeedScreen)
        assert "Digits only" in flat(app)
        await keys(pilot, "enter")
        assert isinstance(app.screen, SeedScreen)  # not taken


async def test_the_palette_has_no_generic_keys_panel(lighthouse: Content, tmp_path: Path) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Keys" not in titles
        assert "Theme" in titles


async def test_end_jumps_at_once(campaign: Content, tmp_path: Path) -> None:
    app = make_app(campaign, tmp_path, seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n", "d", "end")  # with the sidebar the story is narrow and scrolls
        scroll = app.screen.query_one("#event-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 0
        assert scroll.scroll_y == scroll.max_scroll_y  # no animation still under way
        await keys(pilot, "home")
        assert scroll.scroll_y == 0


async def test_the_replay_header_names_the_quarter_of_the_decision_shown(
    lighthouse: Content, tmp_path: Path
) -> None:
    assert lighthouse.scenario is not None
    session = Session.replay(lighthouse.scenario, 1, ["trim", "horn", "horn", "horn", "horn"])
    write_save(tmp_path, "beacon", session, lighthouse, label="a whole term")
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await keys(pilot, "r", "enter")
        assert isinstance(app.screen, ReplayScreen)
        for _ in range(len(session.state.decisions)):
            await keys(pilot, "right")
            position = shown(app, "#replay-position")
            quarter = position.split("·")[-1].strip()
            assert quarter in shown(app, "#header"), (position, shown(app, "#header"))
        assert isinstance(app.screen.query_one(KeyBar), KeyBar)


async def test_end_screen_entries_keep_the_choice_and_the_event_apart(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, BEACON)
        assert isinstance(app.screen, EndScreen)
        lines = screen_text(app).splitlines()
        choice = next(line for line in lines if "Trim the wick and light it [now]" in line)
        assert "first" not in choice  # the event's title is on the next line, not run on


async def test_scroll_bars_have_a_solid_thumb_on_a_visible_track(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        for name in ("#event-scroll", "#consequences-view", "#log"):
            styles = app.screen.query_one(name).styles
            thumb, track = styles.scrollbar_color, styles.scrollbar_background
            assert thumb.a == 1 and track.a == 1
            assert abs(thumb.brightness - track.brightness) >= 0.3  # Textual's own: 0.2
