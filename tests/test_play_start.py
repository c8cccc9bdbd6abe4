"""`article-five` on a terminal: the content is loaded and checked before the UI starts."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

import pytest

import game.tui.app
from game.cli import play
from game.content.load import Content
from tests.conftest import HARBOUR


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What `run_app` was given, each time play started the UI (which it does not here).

    On a terminal as far as play can tell.
    """
    monkeypatch.setattr(play, "on_a_terminal", lambda: True)
    calls: list[Any] = []

    def run_app(content: Any, args: argparse.Namespace) -> int:
        calls.append(content)
        return 0

    monkeypatch.setattr(game.tui.app, "run_app", run_app)
    return calls


def args_for(folder: Path) -> argparse.Namespace:
    return argparse.Namespace(content=str(folder), plain=False, seed=1, saves=None)


def test_clean_content_starts_the_ui_loaded(started: list[Any]) -> None:
    assert play.run(args_for(HARBOUR)) == 0
    (content,) = started
    assert isinstance(content, Content) and content.scenario is not None


def test_broken_content_never_starts_the_ui(
    started: list[Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = Path(shutil.copytree(HARBOUR, tmp_path / "pack"))
    (pack / "scenario.toml").write_text("broken = [")
    assert play.run(args_for(pack)) == 1
    assert started == []
    assert "scenario.toml:1" in capsys.readouterr().err
