"""The game's two stylesheets.

`app.tcss` (the app's CSS_PATH) styles the title screen and its dialogs.
`play.tcss` styles the screens of a term: each of them names it as its
CSS_PATH, and Textual loads it when the first of them is shown.
"""

from __future__ import annotations

from pathlib import Path

PLAY_CSS = Path(__file__).resolve().parent / "play.tcss"
