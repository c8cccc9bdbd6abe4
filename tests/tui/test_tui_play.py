"""Playing the game by pressing keys, and checking what the screen shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList
from tuikit import (
    BEACON,
    DIM,
    SHIPWRECK,
    decide,
    flat,
    keys,
    make_app,
    settle,
    shown,
)

from game.content.load import Content
from game.engine.step import options
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.end import EndScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.title import TitleScreen
from game.tui.screens.why import WhyScreen
from game.tui.widgets.term_header import FLASH_SECONDS, TermHeader


async def test_title_shows_the_pack_and_the_menu(lighthouse: Content, tmp_path: Path) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen, TitleScreen)
        text = flat(app)
        assert "THE LIGHTHOUSE" in text
        assert "Four quarters. One [b]light[/b]." in text  # markup in content shown as written
        for item in ("New term", "Continue", "no autosave yet", "Load a save", "Replay a save"):
            assert item in text


async def test_a_new_term_shows_quarter_phase_meters_event_and_choices(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        assert isinstance(app.screen, GameScreen)
        assert "Q1 1901 · quarter 1 of 4" in shown(app, "#header")
        assert "● CALM" in shown(app, "#header")
        text = shown(app, ".main")
        assert "The [red]first[/red] night" in text  # an event title is never markup
        assert "hundred steps" in text
        meters = shown(app, "#meter-strip")
        for meter in ("Light 50", "Storm 20", "Keeper 50", "Oil 10.0%", "Reach 40"):
            assert meter in meters
        assert "1 Trim the wick and light it [now]" in text
        assert "4 Install an electric lamp" in text
        assert "Needs 15 % oil in store to trade for the dynamo." in text


async def test_a_number_key_shows_the_consequences_with_their_causes(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:  # wide enough for the sidebar
        await keys(pilot, "n", "1")
        screen = app.screen
        assert isinstance(screen, GameScreen) and screen.view == "consequences"
        text = shown(app, ".main")
        assert "Your decision: Trim the wick and light it [now]" in text
        assert "A trimmed wick burns bright." in text
        assert "Light rose by 20 to 70" in text
        assert "Oil fell by 1.0 percentage" in text  # points, not per cent
        assert "This decision: Light 50→70 ▲20" in text  # the headline summary, labelled
        assert "Storm 20, no change" in text  # a meter that did not move: no stray "·"
        assert "·  ·" not in text
        assert not any(line.lstrip("│ ").startswith("%") for line in text.splitlines())
        # the meters panel measures from the same point, and says so
        meters = shown(app, "#meters")
        assert "70 ▲20" in meters
        assert "last decision" in meters


async def test_the_end_of_a_quarter_shows_rules_delayed_effects_and_the_phase(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, "1")
        await keys(pilot, "1")  # sound the horn: its rum arrives a quarter later
        text = shown(app, "#consequences")
        assert "End of Q1 1901" in text
        # the quarter's steady rules as one line; the ledger (w) has each of them
        assert "Drift: Storm ▲5 (w: why)" in text
        assert "The season turns rougher" not in text
        assert "Q2 1901 begins" in text
        await keys(pilot, "enter", "1")
        text = shown(app, "#consequences")
        rum = "The captains send a barrel of rum. (delayed: your decision of Q1 1901: Sound the"
        assert rum in text
        # the phase change comes first, a banner above the decision itself
        banner = text.find("The phase changed: Calm → Gale")
        assert 0 <= banner < text.find("Your decision")
        assert "The phase changed from Calm to Gale: The glass falls: a gale is coming." in text
        assert "● GALE" in shown(app, "#header")
        header = app.screen.query_one(TermHeader)
        assert header.has_class("-flash")  # lit for a moment: hard to miss
        await keys(pilot, "enter", "1")  # no phase change this time
        await pilot.pause(FLASH_SECONDS + 0.2)
        assert not header.has_class("-flash")


async def test_a_chance_outcome_is_shown_with_what_it_did(
    lighthouse: Content, tmp_path: Path
) -> None:
    scenario = lighthouse.scenario
    assert scenario is not None
    app = make_app(lighthouse, tmp_path, seed=seed_with_collision(lighthouse))
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, "1")
        await keys(pilot, "2")  # sleep through the fog
        text = shown(app, ".main")
        assert "◆ Chance: Two boats collide in the murk." in text
        assert "Keeper fell by 10" in text


def seed_with_collision(content: Content) -> int:
    from game.engine.session import Session

    assert content.scenario is not None
    for seed in range(100):
        session = Session.start(content.scenario, seed).choose("trim").choose("sleep")
        if session.state.decisions[-1].outcome == "collision":
            return seed
    raise AssertionError("no seed draws the collision")


@pytest.mark.parametrize(
    ("run", "title", "grade", "epilogue"),
    [
        (BEACON, "A Beacon on the Coast", "A", "Nothing happened, which was the point."),
        (DIM, "A Dim Year", "C", "The light flickered, the ships were lucky."),
        (SHIPWRECK, "Ships on the Rocks", "F", "The lamp went out and a ship found the rocks."),
    ],
)
async def test_whole_terms_reach_their_endings(
    lighthouse: Content, tmp_path: Path, run: str, title: str, grade: str, epilogue: str
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, run)
        await settle(pilot)
        assert isinstance(app.screen, EndScreen)
        text = flat(app)
        assert title in text
        assert f"┃ {grade} ┃" in text
        assert epilogue in text
        assert "After-action report" in text
        assert "the term is over" in text


async def test_the_end_screen_reports_meters_decisions_and_the_ranking(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path, rank_endings=True)
    async with app.run_test(size=(120, 60)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, BEACON)
        await settle(pilot)
        text = flat(app)
        assert "Light 50 → 90 ▲40" in text
        assert "Oil 10.0% → 8.8% ▼1.2pt" in text
        assert "What decided the grade A: A Beacon on the Coast. No ending gives a better" in text
        assert "The decisions that moved things most" in text
        assert "Trim the wick and light it [now]" in text
        assert "Out of 200 terms from the same seed" in text
        assert "▶ A A Beacon on the Coast" in text
        assert "None of them earned a better grade than yours." in text


async def test_a_disabled_choice_cannot_be_picked(lighthouse: Content, tmp_path: Path) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n", "4")
        screen = app.screen
        assert isinstance(screen, GameScreen)
        assert screen.view == "event"
        assert not screen.session.state.decisions
        assert "Not available" in [n.title for n in app.notes]


async def test_arrows_and_enter_pick_a_choice(lighthouse: Content, tmp_path: Path) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n", "down", "down", "up", "enter")
        screen = app.screen
        assert isinstance(screen, GameScreen)
        assert [d.choice for d in screen.session.state.decisions] == ["wait"]
        assert "Your decision: Wait for the inspector" in shown(app, ".main")


async def test_the_cursor_skips_the_disabled_choice(lighthouse: Content, tmp_path: Path) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n", "up")  # from the first choice up: round past the disabled fourth
        screen = app.screen
        assert isinstance(screen, GameScreen)
        assert screen.query_one("#choices", OptionList).highlighted == 2
        await keys(pilot, "down", "enter")
        assert [d.choice for d in screen.session.state.decisions] == ["trim"]


async def test_undo_takes_decisions_back_and_redo_makes_them_again(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, "11")
        screen = app.screen
        assert isinstance(screen, GameScreen)
        after_two = screen.session.state
        await keys(pilot, "u")
        assert len(screen.session.state.decisions) == 1
        assert screen.view == "event"
        assert "Took back: Sound the horn all night" in [n.message for n in app.notes]
        await keys(pilot, "u")
        assert not screen.session.state.decisions
        assert "Light 50" in shown(app, "#meter-strip")
        assert "The [red]first[/red] night" in shown(app, ".main")
        await keys(pilot, "ctrl+y", "enter", "ctrl+y")
        assert screen.session.state == after_two


async def test_undo_right_after_a_choice_returns_to_that_event(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n", "1", "u")
        screen = app.screen
        assert isinstance(screen, GameScreen)
        assert screen.view == "event"
        assert not screen.session.state.decisions


async def test_the_why_ledger_accounts_for_every_move_of_a_quarter(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, "11")
        await keys(pilot, "w")
        assert isinstance(app.screen, WhyScreen)
        text = flat(app)
        assert "Why: Q1 1901 · quarter 1 of 2 played" in text
        assert "start choices chance delayed rules end" in text
        assert "Storm 20 · · · +5 25" in text
        assert "Light 50 +25 · · · 75" in text
        await keys(pilot, "right")
        text = flat(app)
        assert "Why: Q2 1901 (in progress)" in text
        assert "Nothing has happened yet this quarter." in text
        await keys(pilot, "escape")
        assert isinstance(app.screen, GameScreen)


async def test_the_briefing_shows_its_facts_and_sources(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n", "b")
        assert isinstance(app.screen, BriefingScreen)
        text = flat(app)
        assert "Briefing: The [red]first[/red] night" in text
        assert "colza oil" in text
        assert "• The Keeper's Manual [1898]" in text
        await keys(pilot, "escape")
        assert isinstance(app.screen, GameScreen)


async def test_help_lists_keys_meters_and_what_moves_them(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 60)) as pilot:
        await keys(pilot, "n", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = flat(app)
        assert "Ctrl+S save the term under a name" in text
        assert "Storm lower is better" in text
        assert "↻ The season turns rougher." in text
        assert "Gale Every ship is looking for the light." in text


async def test_quitting_mid_term_asks_first(lighthouse: Content, tmp_path: Path) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n", "q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Quit in the middle of the term?" in flat(app)
        await keys(pilot, "n")
        assert isinstance(app.screen, GameScreen)
        await keys(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await keys(pilot, "y")
    assert app.return_code == 0


async def test_ctrl_c_leaves_at_once(lighthouse: Content, tmp_path: Path) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n", "ctrl+c")
    assert app.return_code == 130


async def test_the_command_palette_offers_the_game_commands(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await keys(pilot, "n", "ctrl+p")
        await pilot.press(*"why")
        await pilot.pause(0.3)
        assert "Why: this quarter's ledger" in flat(app)
        await keys(pilot, "enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, WhyScreen)


async def test_the_three_themes_are_available(lighthouse: Content, tmp_path: Path) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        for theme in ("article-five-light", "article-five-contrast", "article-five"):
            assert theme in app.available_themes
            app.theme = theme
            await pilot.pause()
            assert "The [red]first[/red] night" in shown(app, ".main")


async def test_a_campaign_term_plays_to_its_ending(campaign: Content, tmp_path: Path) -> None:
    app = make_app(campaign, tmp_path, seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        scenario = campaign.scenario
        assert scenario is not None
        while isinstance(app.screen, GameScreen):
            screen = app.screen
            offered = options(scenario, screen.session.state)
            number = next(i for i, o in enumerate(offered, start=1) if o.available)
            await keys(pilot, str(number))
            assert "Your decision:" in shown(app, ".main")
            await keys(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, EndScreen)
        ending = app.screen.session.state.ending
        assert ending is not None
        assert scenario.ending_by_id[ending].title in flat(app)


async def test_notifications_never_read_content_as_markup(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n", "1", "u", "4")  # "Took back: …[now]", then the disabled choice
        notes = list(app.notes)
        assert "Took back: Trim the wick and light it [now]" in [n.message for n in notes]
        assert all(not n.markup for n in notes)


async def test_sigterm_leaves_like_a_quit(lighthouse: Content, tmp_path: Path) -> None:
    import signal

    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        app.terminated(signal.SIGTERM)  # what the handler run_app installs does
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM
