"""Pictures of the main screens at 80×24 and 120×40 (the event at 200×50), reviewed by eye.

Regenerate with `pytest tests/tui/test_tui_snapshots.py --snapshot-update`
after a deliberate change, and look at every picture before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tuikit import BEACON, decide, keys, make_app, settle

from game.content.load import Content

Before = Callable[[Pilot[Any]], Awaitable[None]]


def steps(*run: str, decisions: str = "") -> Before:
    """Keys to press before the picture, then decisions, then wait for the app to settle."""

    async def before(pilot: Pilot[Any]) -> None:
        await keys(pilot, *run[:1])
        if decisions:
            await decide(pilot, decisions)
        await keys(pilot, *run[1:])
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return before


SCREENS = {
    "title": (steps(), (80, 24)),
    "event": (steps("n"), (80, 24)),
    "consequence": (steps("n", "1", decisions="1"), (80, 24)),
    "briefing": (steps("n", "b"), (80, 24)),
    "why": (steps("n", "w", decisions="11"), (80, 24)),
    "ending": (steps("n", decisions=BEACON), (80, 24)),
    "event_wide": (steps("n", decisions="1"), (120, 40)),
    # The third decision ends a quarter and the phase turns from Calm to Gale.
    "phase_change": (steps("n", "1", decisions="11"), (80, 24)),
    "phase_change_wide": (steps("n", "1", decisions="11"), (120, 40)),
    "ending_wide": (steps("n", decisions=BEACON), (120, 40)),
    "replay": (steps("n", "r", "right", "right", "right", decisions=BEACON), (80, 24)),
    "replay_wide": (steps("n", "r", "right", "right", "right", decisions=BEACON), (120, 40)),
    "event_huge": (steps("n", decisions="1"), (200, 50)),
    "too_small": (steps("n"), (70, 20)),
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare: Any, lighthouse: Content, tmp_path: Path, name: str) -> None:
    before, size = SCREENS[name]
    app = make_app(lighthouse, tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=before)
