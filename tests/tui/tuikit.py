"""Helpers for the TUI tests: an app on the lighthouse pack, the screen as text, key runs."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

from rich.console import Console
from textual import events
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
    """Press keys one by one, each handled and drawn before the next.

    `pilot.press` also waits, twice per key, for the whole process to look idle
    (20 ms at the least); with hundreds of keys that is most of the suite's time.
    Here a key waits for the messages it set off, a few rounds deep, and for the
    screen to be laid out; only a change of screen waits for the process to idle.
    """
    app = pilot.app
    for name in names:
        stack = list(app.screen_stack)
        assert app._driver is not None
        app._driver.send_message(key_event(name))
        for _ in range(ROUNDS):
            await pilot.pause(0)
        if list(app.screen_stack) != stack:
            await pilot.pause()


ROUNDS = 4  # key → action → message → handler → the messages that handler posts


def key_event(name: str) -> events.Key:
    """The event `pilot.press(name)` would send."""
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    key = _character_to_key(name) if len(name) == 1 and not name.isalnum() else name
    try:
        char: str | None = unicodedata.lookup(
            _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
        )
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


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
