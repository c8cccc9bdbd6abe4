"""Helpers for the TUI tests: an app on the lighthouse pack, the screen as text, key runs."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.pilot import Pilot

from game.content.load import Content
from game.tui.app import ArticleFiveApp

PACK = Path(__file__).resolve().parent / "pack"

# Key runs on the lighthouse pack (any seed): one key per decision.
BEACON = "11111"  # trim the wick, then tend the light: "A Beacon on the Coast" (A)
DIM = "11112"  # sleep through the last fog: "A Dim Year" (C)
SHIPWRECK = "3"  # douse the lamp: "Ships on the Rocks" (F) at once


def make_app(
    content: Content,
    saves: Path,
    seed: int | None = 1,
    *,
    autosaves: bool = False,
    rank_endings: bool = False,
    **options: Any,
) -> ArticleFiveApp:
    """The game on `content`, saving in `saves`.

    Autosaves and the end screen's simulation are off unless a test asks for
    them: both keep a worker busy, and a busy app makes every key press wait.
    """
    return ArticleFiveApp(
        content, saves=saves, seed=seed, autosaves=autosaves, rank_endings=rank_endings, **options
    )


def screen_text(app: ArticleFiveApp) -> str:
    """What the terminal shows now, as plain text (modal screens over their background)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
    )
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    console.print(update)
    return console.export_text()


def flat(app: ArticleFiveApp) -> str:
    """The screen's text with runs of white space (and line breaks) as one space."""
    return " ".join(screen_text(app).split())


async def keys(pilot: Pilot[Any], *names: str) -> None:
    """Press keys one by one (each press waits until the app has handled it)."""
    for name in names:
        await pilot.press(name)


async def decide(pilot: Pilot[Any], run: str) -> None:
    """Pick one choice per key of `run`, going on past each consequence with Enter."""
    for key in run:
        await keys(pilot, key, "enter")


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for workers (autosaves, the end screen's simulation) and a refresh."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown(app: ArticleFiveApp, selector: str) -> str:
    """The text inside one (displayed) widget's region of the screen, white space runs as one."""
    region = next(w for w in app.screen.query(selector) if w.display).region
    lines = screen_text(app).splitlines()
    rows = lines[region.y : region.bottom]
    return " ".join(" ".join(row[region.x : region.right] for row in rows).split())
