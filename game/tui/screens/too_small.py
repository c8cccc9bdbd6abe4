"""Below the smallest terminal the game is drawn for: say so, plainly, until it grows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

MIN_WIDTH, MIN_HEIGHT = 80, 24


class TooSmallScreen(ModalScreen[None]):
    """Shown over everything while the terminal is too small; the app takes it away."""

    def compose(self) -> ComposeResult:
        yield Label(Content.styled("The terminal is too small.", "bold"), id="too-small-title")
        yield Label(Content(f"Make the terminal at least {MIN_WIDTH}×{MIN_HEIGHT}."))
        yield Label(id="too-small-size", classes="muted")

    def on_mount(self) -> None:
        self.show_size()

    def on_resize(self) -> None:
        self.show_size()

    def show_size(self) -> None:
        width, height = self.app.size
        self.query_one("#too-small-size", Label).update(f"It is {width}×{height} now.")
