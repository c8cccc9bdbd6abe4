"""Live reload in the game (`--watch`): a clean save carries the game onto the new
content, a broken one shows its problems over the game, which waits, and a save
that no longer fits the decisions made resumes at the first one that does not."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tuikit import flat, keys, make_app

from game.content import watch
from game.content.load import Content, load_content
from game.tui.app import ArticleFiveApp
from game.tui.messages import GoTitle, OpenReplay
from game.tui.screens.game import GameScreen
from game.tui.screens.problems import ProblemsScreen
from game.tui.screens.replay import ReplayScreen
from tests.wordkit import ORCHARD


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ORCHARD, tmp_path / "orchard"))


def notes(app: ArticleFiveApp) -> str:
    """Every notification's text so far, one a line."""
    return "\n".join(n.message for n in app.notes)


def edit(pack: Path, file: str, old: str, new: str) -> Content:
    path = pack / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return load_content(pack)


async def three_decisions(app: ArticleFiveApp, pilot: object) -> GameScreen:
    await keys(pilot, "n")  # type: ignore[arg-type]
    for _ in range(3):
        await keys(pilot, "1", "enter")  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, GameScreen)
    assert len(screen.session.state.decisions) == 3
    return screen


async def test_a_clean_save_resumes_at_the_same_point_with_the_new_numbers(
    pack: Path, tmp_path: Path
) -> None:
    app = make_app(load_content(pack), tmp_path / "saves", seed=3)
    async with app.run_test(size=(110, 36)) as pilot:
        before = await three_decisions(app, pilot)
        await app.reload(
            edit(pack, "scenario.toml", "effects = { apples = 4 }", "effects = { apples = 6 }")
        )
        await pilot.pause()
        after = app.screen
        assert isinstance(after, GameScreen) and after is not before
        assert after.session.state.decisions == before.session.state.decisions
        assert after.session.state.turn == before.session.state.turn
        assert "3 decisions replayed; now Apples 14 → 18" in notes(app)  # 2 ripenings, 2 more each


async def test_a_replay_open_over_the_game_is_carried_too_at_its_decision(
    pack: Path, tmp_path: Path
) -> None:
    app = make_app(load_content(pack), tmp_path / "saves", seed=3)
    async with app.run_test(size=(110, 36)) as pilot:
        game = await three_decisions(app, pilot)
        app.post_message(OpenReplay(game.session, "this season"))
        await pilot.pause()
        await keys(pilot, "right", "right")
        replay = app.screen
        assert isinstance(replay, ReplayScreen) and replay.index == 2
        apples = replay.scenario.meter_index["apples"]
        then = replay.session.steps[2].state.meters[apples]
        await app.reload(
            edit(pack, "scenario.toml", "effects = { apples = 4 }", "effects = { apples = 6 }")
        )
        await pilot.pause()
        carried = app.screen
        assert isinstance(carried, ReplayScreen) and carried is not replay
        assert carried.scenario is app.scenario and carried.index == 2
        assert carried.session.steps[2].state.meters[apples] > then  # the new numbers
        under = app.screen_stack[-2]
        assert isinstance(under, GameScreen) and under.scenario is app.scenario
        assert "3 decisions replayed; now Apples" in notes(app)


async def test_the_title_screen_shows_the_new_title_on_top_and_underneath(
    pack: Path, tmp_path: Path
) -> None:
    app = make_app(load_content(pack), tmp_path / "saves", seed=3)
    async with app.run_test(size=(110, 36)) as pilot:
        await app.reload(edit(pack, "scenario.toml", 'title = "The Orchard"', 'title = "Cider"'))
        await pilot.pause()
        assert "CIDER" in flat(app) and "THE ORCHARD" not in flat(app)
        await three_decisions(app, pilot)
        await app.reload(edit(pack, "scenario.toml", 'title = "Cider"', 'title = "Perry"'))
        app.post_message(GoTitle())
        await pilot.pause()
        assert "PERRY" in flat(app) and "CIDER" not in flat(app)
        assert app.screen.focused is not None  # the menu, ready for keys


async def test_a_broken_save_shows_its_problems_and_the_game_waits(
    pack: Path, tmp_path: Path
) -> None:
    app = make_app(load_content(pack), tmp_path / "saves", seed=3)
    async with app.run_test(size=(110, 36)) as pilot:
        before = await three_decisions(app, pilot)
        broken = edit(pack, "scenario.toml", "effects = { apples = 4 }", "effects = { aples = 4 }")
        await app.reload(broken)
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        text = flat(app)
        assert "The content has 1 problem" in text
        assert "scenario.toml:59" in text and "unknown meter 'aples'" in text
        assert app.screen_stack[-2] is before  # the game underneath, untouched
        # a second broken save replaces the list; a fixed one closes it and resumes
        await app.reload(edit(pack, "scenario.toml", "turns = 8", "turns = 0"))
        await pilot.pause()
        assert "The content has 2 problems" in flat(app)
        edit(pack, "scenario.toml", "turns = 0", "turns = 8")
        await app.reload(edit(pack, "scenario.toml", "aples", "apples"))
        await pilot.pause()
        after = app.screen
        assert isinstance(after, GameScreen)
        assert after.session.state.decisions == before.session.state.decisions
        assert "3 decisions replayed; nothing else differs" in notes(app)


async def test_a_save_that_no_longer_fits_resumes_at_the_first_divergence(
    pack: Path, tmp_path: Path
) -> None:
    app = make_app(load_content(pack), tmp_path / "saves", seed=3)
    async with app.run_test(size=(110, 36)) as pilot:
        await three_decisions(app, pilot)  # hives, then sell twice at the market
        await app.reload(edit(pack, "events/months.toml", 'id = "sell"', 'id = "sell_all"'))
        await pilot.pause()
        after = app.screen
        assert isinstance(after, GameScreen)
        assert len(after.session.state.decisions) == 1
        assert after.session.state.current_event == "market"
        assert notes(app) == (
            "1 decision replayed; stopped at decision 2: 'market' no longer has the choice "
            "'sell'; nothing else differs"
        )


async def test_saves_in_quick_succession_reload_one_after_another(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor that writes several times at once (format on save): the watcher reports
    each save at once, and each reload waits for the last one's screen to be built
    instead of removing it half-mounted (which crashed the game)."""
    content = load_content(pack)

    def saves(folder: Path, stop: threading.Event) -> Iterator[Content]:
        yield from [content] * 12

    monkeypatch.setattr(watch, "watch_pack", saves)
    app = make_app(content, tmp_path / "saves", seed=3)
    async with app.run_test(size=(110, 36)) as pilot:
        await three_decisions(app, pilot)
        app.watch_content()
        for _ in range(50):
            await pilot.pause(0.1)
            if notes(app).count("3 decisions replayed") == 12:
                break
        assert notes(app).count("3 decisions replayed") == 12
        screen = app.screen
        assert isinstance(screen, GameScreen)
        assert len(screen.session.state.decisions) == 3
    assert app.return_code in (None, 0)


async def test_watch_reloads_on_a_save_and_stops_with_the_app(pack: Path, tmp_path: Path) -> None:
    app = make_app(load_content(pack), tmp_path / "saves", seed=3, watch=True)
    async with app.run_test(size=(110, 36)) as pilot:
        await three_decisions(app, pilot)
        for _ in range(100):  # until the watcher is up and has seen a save
            edit(pack, "scenario.toml", 'title = "The Orchard', 'title = "The Orchard ')
            await pilot.pause(0.1)
            if "3 decisions replayed" in notes(app):
                break
        assert "3 decisions replayed; nothing else differs" in notes(app)
        assert app.scenario.title.startswith("The Orchard ")
    assert app.stop_watching.is_set()
    assert all(worker.is_finished for worker in app.workers if worker.group == "watch")
