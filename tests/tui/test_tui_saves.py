"""Autosaves, Ctrl+S, continue and load from the title screen, and saves that fail to load."""

from __future__ import annotations

from pathlib import Path

from tuikit import DIM, decide, keys, make_app, settle, shown

from game.content.load import Content
from game.saves import latest_autosave, list_saves, load_save, write_save
from game.tui.screens.end import EndScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.name_save import NameSaveScreen
from game.tui.screens.title import TitleScreen


async def test_every_decision_is_autosaved(lighthouse: Content, tmp_path: Path) -> None:
    app = make_app(lighthouse, tmp_path, autosaves=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, "11")
        await settle(pilot)
        latest = latest_autosave(tmp_path)
        assert latest is not None
        assert latest.decisions == 2
        await keys(pilot, "u")
        await settle(pilot)
    latest = latest_autosave(tmp_path)
    assert latest is not None
    assert latest.decisions == 1  # the undo is saved too


async def test_ctrl_s_saves_under_a_name(lighthouse: Content, tmp_path: Path) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, "1")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, NameSaveScreen)
        assert app.screen.query_one("#save-name").value == "lighthouse-q1-1901"  # type: ignore[attr-defined]
        await keys(pilot, "ctrl+u", *"before-the-gale", "enter")
        assert isinstance(app.screen, GameScreen)
        session = app.screen.session
    saved = load_save(tmp_path / "before-the-gale.json", lighthouse)
    assert saved.state == session.state
    (info,) = list_saves(tmp_path)
    assert info.label == "Q1 1901: Fog"


async def test_a_bad_save_name_is_explained_and_the_dialog_stays(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n", "ctrl+s", "ctrl+u", *"../escape", "enter")
        assert isinstance(app.screen, NameSaveScreen)
        assert "contains a path separator" in shown(app, "#save-problem")
        await keys(pilot, "escape")
        assert isinstance(app.screen, GameScreen)
    assert list_saves(tmp_path) == []


async def test_continue_picks_up_the_latest_autosave(lighthouse: Content, tmp_path: Path) -> None:
    first = make_app(lighthouse, tmp_path, autosaves=True)
    async with first.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, "11")
        await settle(pilot)
        assert isinstance(first.screen, GameScreen)
        played = first.screen.session.state
    second = make_app(lighthouse, tmp_path, seed=None)
    async with second.run_test(size=(80, 24)) as pilot:
        assert "Continue Q2 1901, 2 decisions" in shown(second, "#title-menu")
        await keys(pilot, "c")
        assert isinstance(second.screen, GameScreen)
        assert second.screen.session.state == played
        assert "Q2 1901" in shown(second, "#header")


async def test_loading_a_save_plays_on_from_it(lighthouse: Content, tmp_path: Path) -> None:
    from game.engine.session import Session

    assert lighthouse.scenario is not None
    session = Session.replay(lighthouse.scenario, 5, ["trim", "horn", "horn"])
    write_save(tmp_path, "midway", session, lighthouse, label="three decisions in")
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "l")
        assert "three decisions in" in shown(app, "#save-list")
        await keys(pilot, "enter")
        assert isinstance(app.screen, GameScreen)
        assert app.screen.session.state == session.state
        await keys(pilot, "d")  # the log of decisions, hidden at first at 80 columns
        assert "3 Sound the horn" in shown(app, "#log")


async def test_a_finished_save_opens_on_its_end_screen(lighthouse: Content, tmp_path: Path) -> None:
    from game.engine.session import Session

    assert lighthouse.scenario is not None
    session = Session.replay(lighthouse.scenario, 1, ["douse"])
    write_save(tmp_path, "wrecked", session, lighthouse)
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "l", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EndScreen)
        assert "Ships on the Rocks" in shown(app, "#end-title")


async def test_a_save_that_fails_to_load_is_explained_on_the_title_screen(
    lighthouse: Content, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"format": "article-five-save", "version": 2, "decis')
    before = broken.read_bytes()
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await keys(pilot, "l")
        assert "broken" in shown(app, "#save-list")
        await keys(pilot, "enter")
        assert isinstance(app.screen, TitleScreen)
        status = shown(app, "#title-status")
        assert "broken.json" in status.replace(" ", "")  # the path may wrap anywhere
        assert "truncated or incomplete JSON" in status
        assert "Cannot load that save" in [n.title for n in app.notes]
    assert broken.read_bytes() == before


async def test_a_save_of_another_content_pack_is_refused(
    lighthouse: Content, harbour: Content, tmp_path: Path
) -> None:
    from game.engine.session import Session

    assert harbour.scenario is not None
    write_save(tmp_path, "harbour-save", Session.start(harbour.scenario, 1), harbour)
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await keys(pilot, "l", "enter")
        assert isinstance(app.screen, TitleScreen)
        assert "content pack 'harbour'" in shown(app, "#title-status")


async def test_undo_from_the_end_screen_goes_back_into_the_term(
    lighthouse: Content, tmp_path: Path
) -> None:
    app = make_app(lighthouse, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, DIM)
        await settle(pilot)
        assert isinstance(app.screen, EndScreen)
        await keys(pilot, "u")
        assert isinstance(app.screen, GameScreen)
        assert len(app.screen.session.state.decisions) == len(DIM) - 1
        assert app.screen.view == "event"


async def test_continuing_does_not_write_the_same_autosave_again(
    lighthouse: Content, tmp_path: Path
) -> None:
    from game.saves.folder import autosave_paths

    first = make_app(lighthouse, tmp_path, autosaves=True)
    async with first.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "n")
        await decide(pilot, "1")
        await settle(pilot)
    written = autosave_paths(tmp_path)
    second = make_app(lighthouse, tmp_path, autosaves=True)
    async with second.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "c")
        await settle(pilot)
        assert isinstance(second.screen, GameScreen)
    assert autosave_paths(tmp_path) == written
