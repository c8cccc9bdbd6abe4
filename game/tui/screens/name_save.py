"""Ctrl+S: ask for a save's name; the saves layer checks it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from game.engine.model import Words
from game.saves import SaveError, check_name


class NameSaveScreen(ModalScreen[str | None]):
    """Returns a checked save name, or None if the player backed out."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="save.cancel"),
    ]

    def __init__(self, suggestion: str, words: Words) -> None:
        super().__init__()
        self.suggestion, self.words = suggestion, words

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content.styled(f"Save this {self.words.term}", "bold"))
            yield Label(Content("A name for the save (letters, digits, - and _ read best):"))
            yield Input(value=self.suggestion, placeholder="before-the-summit", id="save-name")
            yield Label("", id="save-problem", classes="problem")
            yield Label(Content("Enter saves · Esc cancels"), classes="muted")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            name = check_name(event.value.strip())
        except SaveError as error:
            self.query_one("#save-problem", Label).update(Content(str(error)))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
