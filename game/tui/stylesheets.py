"""The game's two stylesheets and when each is parsed.

`app.tcss` (the app's CSS_PATH) styles the title screen and its dialogs, so it
is all that start-up parses. `play.tcss` styles the screens of a term; each of
them names it as its CSS_PATH, and Textual loads it when the first of them is
shown. The app reads it sooner, just after the title's first frame
(`load_play_styles`), so that starting a term does not wait for a re-parse.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

PLAY_CSS = Path(__file__).resolve().parent / "play.tcss"


def load_play_styles(app: App[object]) -> None:
    """Add play.tcss to `app`'s stylesheet and parse it (only it: the rest is cached)."""
    stylesheet = app.stylesheet
    if not stylesheet.has_source(str(PLAY_CSS)):
        stylesheet.read(PLAY_CSS)
        stylesheet.parse()
