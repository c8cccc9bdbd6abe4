"""What if? in the game: the end screen computes it in a worker, the replay shows the bars."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import OptionList
from tuikit import BEACON, decide, keys, make_app, settle, shown

from game.content.load import Content
from game.saves import load_save
from game.tui.messages import OpenReplay
from game.tui.screens.end import EndScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.replay import ReplayScreen
from game.tui.screens.whatif import WhatIfScreen, remembered
from game.tui.widgets.alternatives import Alternatives, bar


@pytest.fixture(autouse=True)
def few_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("game.tui.screens.whatif.DEFAULT_RUNS", 6)
    monkeypatch.setattr("game.tui.screens.whatif.default_jobs", lambda: 1)
    monkeypatch.setattr("game.tui.screens.whatif._REMEMBERED", {})  # each test a new process


async def test_what_if_from_the_end_screen_opens_the_replay_with_bars(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(110, 40)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, BEACON)
        assert isinstance(app.screen, EndScreen)
        await keys(pilot, "a")
        await settle(pilot)
        assert isinstance(app.screen, ReplayScreen)
        alternatives = app.screen.query_one(Alternatives)
        assert alternatives.display
        text = shown(app, "#replay-alternatives")
        assert "What if? Mean grade of 6 continuations each, played on by random" in text
        assert "▶ " in text and "taken" in text
        # Reopening is instant: the result is remembered, no worker runs.
        await keys(pilot, "a")
        assert isinstance(app.screen, ReplayScreen)
        assert not [w for w in app.workers if w.group == "whatif"]


async def test_the_result_is_cached_beside_the_autosave_and_reopens_from_the_file(
    lighthouse: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(lighthouse, tmp_path, autosaves=True)
    async with app.run_test(size=(110, 40)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, BEACON)
        await app.workers.wait_for_complete()  # the last autosave is on disk
        await keys(pilot, "a")
        await settle(pilot)
        assert isinstance(app.screen, ReplayScreen)
    caches = [path for path in tmp_path.iterdir() if path.name.endswith(".json.whatif")]
    assert len(caches) == 1
    # A new game process: nothing remembered, the replay opened from the autosave file.
    monkeypatch.setattr("game.tui.screens.whatif._REMEMBERED", {})
    save = tmp_path / caches[0].name.removeprefix(".").removesuffix(".whatif")
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(110, 40)) as pilot:
        app.post_message(OpenReplay(load_save(save, lighthouse), save.stem, save))
        await settle(pilot)
        assert isinstance(app.screen, ReplayScreen)
        await keys(pilot, "a")
        assert not [w for w in app.workers if w.group == "whatif"]  # read, not computed
        assert app.screen.query_one(Alternatives).display


async def test_branch_from_an_alternative_starts_a_term_on_it(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(110, 40)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, BEACON)
        await keys(pilot, "a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReplayScreen) and screen.whatif is not None
        index = screen.index
        decision = screen.whatif.decisions[index - 1]
        other = next(a.choice for a in decision.alternatives if not a.taken)
        options = screen.query_one("#alternatives-list", OptionList)
        options.focus()
        options.highlighted = [a.choice for a in decision.alternatives].index(other)
        await keys(pilot, "enter")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen | EndScreen)
        session = app.screen.session
        assert len(session.state.decisions) >= index
        assert session.state.decisions[index - 1].choice == other
        before = [d.choice for d in session.state.decisions[: index - 1]]
        assert before == [d.chosen for d in screen.whatif.decisions[: index - 1]]


async def test_escape_cancels_mid_way(
    lighthouse: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("game.tui.screens.whatif.DEFAULT_RUNS", 5_000)
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(110, 40)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, BEACON)
        end = app.screen
        await keys(pilot, "a")
        assert isinstance(app.screen, WhatIfScreen)
        bar_widget = app.screen.query_one("#whatif-progress")
        for _ in range(200):  # until some continuations are done
            await asyncio.sleep(0.02)
            if (bar_widget.progress or 0) > 0:  # type: ignore[attr-defined]
                break
        assert (bar_widget.progress or 0) > 0  # type: ignore[attr-defined]
        await keys(pilot, "escape")
        assert app.screen is end  # the UI answered at once
        await asyncio.wait_for(app.workers.wait_for_complete(), timeout=10)
        assert isinstance(app.screen, EndScreen)
        assert remembered(lighthouse, end.session, 5_000) is None


def test_bars_are_eighths_of_the_best() -> None:
    assert bar(4, 4, 4) == "████"
    assert bar(0, 4, 4) == "    "
    assert bar(1, 4, 4) == "█   "
    assert bar(0.5, 4, 4) == "▌   "
