"""`article-five` on a terminal: content is checked before the UI unless checked clean before."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

import pytest

import game.tui.app
from game.cli import play
from game.content.checked import recall
from game.content.load import Content
from game.tui.late import LateContent
from tests.conftest import HARBOUR


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Any]:
    """What `run_app` was given, each time play started the UI (which it does not here).

    On a terminal as far as play can tell.
    """
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(play, "on_a_terminal", lambda: True)
    calls: list[Any] = []

    def run_app(content: Any, args: argparse.Namespace) -> int:
        calls.append(content)
        return 0

    monkeypatch.setattr(game.tui.app, "run_app", run_app)
    return calls


def args_for(folder: Path) -> argparse.Namespace:
    return argparse.Namespace(content=str(folder), plain=False, seed=1, saves=None)


def test_first_start_checks_then_later_starts_load_after_the_title(
    started: list[Any], tmp_path: Path
) -> None:
    pack = Path(shutil.copytree(HARBOUR, tmp_path / "pack"))
    assert play.run(args_for(pack)) == 0
    assert isinstance(started[-1], Content)
    assert recall(pack) is not None
    assert play.run(args_for(pack)) == 0
    late = started[-1]
    assert isinstance(late, LateContent) and late.folder == pack
    assert late.load().scenario is not None


def test_content_broken_after_it_was_remembered_never_starts_the_ui(
    started: list[Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = Path(shutil.copytree(HARBOUR, tmp_path / "pack"))
    play.run(args_for(pack))
    (pack / "scenario.toml").write_text("broken = [")
    assert play.run(args_for(pack)) == 1
    assert len(started) == 1
    assert "scenario.toml:1" in capsys.readouterr().err


def test_the_report_of_late_content_broken_mid_start_is_printed_after_the_ui(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = Path(shutil.copytree(HARBOUR, tmp_path / "pack"))
    from game.content.load import load_content

    broken = tmp_path / "broken"
    shutil.copytree(HARBOUR, broken)
    (broken / "scenario.toml").write_text("broken = [")
    app = game.tui.app.ArticleFiveApp(load_content(pack), saves=tmp_path / "saves")
    app.broken_content = load_content(broken)
    monkeypatch.setattr(app, "run", lambda: 1)
    assert game.tui.app.run(app) == 1
    assert "scenario.toml:1" in capsys.readouterr().err
