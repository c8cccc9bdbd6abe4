"""The facts behind the current event, and their sources."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown

from game.engine.model import Event
from game.tui.stylesheets import PLAY_CSS
from game.tui.text import clean, one_line


class BriefingScreen(ModalScreen[None]):
    CSS_PATH = PLAY_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b,q", "close", "Close", id="briefing.close"),
    ]

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event

    def compose(self) -> ComposeResult:
        event = self.event
        size = "dialog wide tall" if event.briefing.strip() else "dialog wide"
        with Vertical(classes=size, id="briefing"):
            yield Label(
                Content.styled(f"Briefing: {one_line(event.title)}", "bold"), classes="dialog-title"
            )
            with VerticalScroll(id="briefing-body"):
                if event.briefing.strip():
                    yield Markdown(clean(event.briefing), id="briefing-text", open_links=False)
                else:
                    yield Label(Content("There is no briefing for this event."), classes="muted")
                if event.sources:
                    yield Label(Content.styled("Sources", "bold"), classes="section-title")
                    for source in event.sources:
                        yield Label(Content(f"• {one_line(source)}"), classes="source")
            yield Label(Content("Esc or b closes"), classes="muted")

    def action_close(self) -> None:
        self.dismiss(None)
