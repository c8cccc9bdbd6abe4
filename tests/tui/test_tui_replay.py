"""Replay in the game: step through a recording, jump to a quarter, branch off."""

from __future__ import annotations

from pathlib import Path

import pytest
from tuikit import BEACON, decide, keys, make_app, settle, shown

from game.content.load import Content
from game.engine.session import Session
from game.saves import write_save
from game.tui.screens.end import EndScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.replay import PickQuarterScreen, ReplayScreen
from game.tui.screens.title import TitleScreen
from game.tui.screens.why import WhyScreen

CHOICES = ["trim", "horn", "horn", "horn", "horn"]  # the beacon term, as choice ids


@pytest.fixture
def recorded(lighthouse: Content, tmp_path: Path) -> Session:
    assert lighthouse.scenario is not None
    session = Session.replay(lighthouse.scenario, 1, CHOICES)
    write_save(tmp_path, "beacon", session, lighthouse, label="a whole term")
    return session


async def open_replay(pilot: object, app: object) -> None:
    await keys(pilot, "r", "enter")  # type: ignore[arg-type]


async def test_a_save_replays_from_the_title_screen(
    lighthouse: Content, tmp_path: Path, recorded: Session
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_replay(pilot, app)
        assert isinstance(app.screen, ReplayScreen)
        assert "The opening of the term · 5 decisions recorded" in shown(app, "#replay-main")
        assert "Light 50" in shown(app, "#meter-strip")
        await keys(pilot, "right")
        main = shown(app, "#replay-main")
        assert "Decision 1 of 5 · Q1 1901" in main
        assert "The [red]first[/red] night" in main
        assert "▶ Trim the wick and light it [now]" in main
        assert "Light rose by 20 to 70" in main
        assert "Light 70" in shown(app, "#meter-strip")  # the meters as they were then
        assert "replay 1/5" in shown(app, "#header")


async def test_under_110_columns_a_strip_stands_in_for_the_sidebar_until_d(
    lighthouse: Content, tmp_path: Path, recorded: Session
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_replay(pilot, app)
        screen = app.screen
        strip, sidebar = screen.query_one("#meter-strip"), screen.query_one("#sidebar")
        assert strip.display and not sidebar.display
        await keys(pilot, "d")
        assert sidebar.display and not strip.display
        assert "Light 50" in shown(app, "#meters")
        await keys(pilot, "d")
        assert strip.display and not sidebar.display


async def test_a_one_decision_recording_says_decision_not_decisions(
    lighthouse: Content, tmp_path: Path
) -> None:
    assert lighthouse.scenario is not None
    session = Session.replay(lighthouse.scenario, 1, CHOICES[:1])
    write_save(tmp_path, "short", session, lighthouse)
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_replay(pilot, app)
        assert "The opening of the term · 1 decision recorded" in shown(app, "#replay-main")


async def test_stepping_back_and_forward_shows_each_state(
    lighthouse: Content, tmp_path: Path, recorded: Session
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_replay(pilot, app)
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        await keys(pilot, "end")
        assert screen.index == 5
        assert "The term is over: A Beacon on the Coast." in shown(app, "#replay-main")
        await keys(pilot, "right")  # past the end: stays
        assert screen.index == 5
        await keys(pilot, "left", "left")
        assert screen.index == 3
        assert "Decision 3 of 5 · Q2 1901" in shown(app, "#replay-main")
        await keys(pilot, "home", "left")
        assert screen.index == 0


async def test_jumping_to_a_quarter(lighthouse: Content, tmp_path: Path, recorded: Session) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_replay(pilot, app)
        await keys(pilot, "g")
        assert isinstance(app.screen, PickQuarterScreen)
        assert "Q1 1901 2 decisions" in shown(app, "#quarters")
        await keys(pilot, "down", "down", "enter")
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        assert screen.index == 4  # the first decision of Q3 1901
        assert "Decision 4 of 5 · Q3 1901" in shown(app, "#replay-main")


async def test_the_why_ledger_of_a_replayed_quarter(
    lighthouse: Content, tmp_path: Path, recorded: Session
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_replay(pilot, app)
        await keys(pilot, "right", "right", "right", "w")
        assert isinstance(app.screen, WhyScreen)
        assert "Why: Q2 1901 · quarter 2 of 3 played" in shown(app, "#why-title")


async def test_branching_plays_on_from_the_decision_shown(
    lighthouse: Content, tmp_path: Path, recorded: Session
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_replay(pilot, app)
        await keys(pilot, "right", "right", "b")
        screen = app.screen
        assert isinstance(screen, GameScreen)
        assert screen.session.seed == recorded.seed
        assert screen.session.state == recorded.steps[2].state
        await decide(pilot, "2")  # sleep through the fog this time
        assert [d.choice for d in screen.session.state.decisions] == ["trim", "horn", "sleep"]


async def test_leaving_a_replay_returns_to_the_title(
    lighthouse: Content, tmp_path: Path, recorded: Session
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_replay(pilot, app)
        await keys(pilot, "escape")
        assert isinstance(app.screen, TitleScreen)


async def test_the_end_screen_replays_the_term_just_played(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, BEACON)
        await settle(pilot)
        assert isinstance(app.screen, EndScreen)
        await keys(pilot, "r")
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        assert screen.last == len(BEACON)


async def test_run_replay_opens_straight_into_the_replay(
    lighthouse: Content, tmp_path: Path, recorded: Session
) -> None:
    from game.tui.app import ArticleFiveApp

    app = ArticleFiveApp(
        lighthouse, saves=tmp_path, replay=(recorded, "beacon.json"), autosaves=False
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        assert "Replay: beacon.json" in shown(app, "#replay-main")
