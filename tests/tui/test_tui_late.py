"""Content checked on an earlier start: the title first, the content loaded just after it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tuikit import BEACON, PACK, decide, flat, keys

from game.content.checked import recall, remember
from game.content.load import Content, load_content
from game.tui.app import ArticleFiveApp
from game.tui.late import LateContent
from game.tui.screens.end import EndScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.title import TitleScreen


def late_app(folder: Path, saves: Path) -> ArticleFiveApp:
    remember(load_content(folder))
    recalled = recall(folder)
    assert recalled is not None
    late = LateContent(folder, recalled)
    return ArticleFiveApp(late, saves=saves, seed=1, autosaves=False, rank_endings=False)


async def test_the_title_is_drawn_from_what_was_remembered_then_the_term_plays(
    tmp_path: Path,
) -> None:
    app = late_app(PACK, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, TitleScreen)
        assert "THE LIGHTHOUSE" in flat(app)
        await keys(pilot, "n")  # at once: waits for the content if it is still loading
        assert isinstance(app.screen, GameScreen)
        await decide(pilot, BEACON)
        assert isinstance(app.screen, EndScreen)
        assert "A Beacon on the Coast" in flat(app)


async def test_about_this_content_waits_for_the_content(tmp_path: Path) -> None:
    app = late_app(PACK, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys(pilot, "i")
        assert "fingerprint" in flat(app)


async def test_content_broken_since_start_up_leaves_the_app_to_report_it(tmp_path: Path) -> None:
    pack = Path(shutil.copytree(PACK, tmp_path / "pack"))
    app = late_app(pack, tmp_path / "saves")
    (pack / "scenario.toml").write_text("broken = [")  # after the recall, before the load
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(250):  # the warm-up thread loads it and finds the errors
            if app.return_code is not None:
                break
            await pilot.pause(0.02)
    assert app.return_code == 1
    assert app.broken_content is not None
    assert "invalid TOML" in app.broken_content.errors[0].render()


async def test_loaded_content_is_ready_at_once(lighthouse: Content, tmp_path: Path) -> None:
    app = ArticleFiveApp(lighthouse, saves=tmp_path, autosaves=False, rank_endings=False)
    assert app.content_ready() and app.content is lighthouse


async def test_a_tampered_cache_cannot_drive_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from game.content.checked import cache_file

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    remember(load_content(PACK))
    path = cache_file()
    document = json.loads(path.read_bytes())
    document["checked"][0]["title"] = "\x1b[2J\x1b]0;owned\x07Lighthouse\u202e"
    document["checked"][0]["description"] = "line\x1b[31m one\r\nline two"
    path.write_text(json.dumps(document))
    recalled = recall(PACK)
    assert recalled is not None
    app = ArticleFiveApp(
        LateContent(PACK, recalled), saves=tmp_path, autosaves=False, rank_endings=False
    )
    async with app.run_test(size=(80, 24)):
        text = flat(app)
        assert "LIGHTHOUSE" in text and "line one line two" in text
        assert not any(c in text for c in "\x1b\x07\r\u202e")
        assert app.title == "Lighthouse"
