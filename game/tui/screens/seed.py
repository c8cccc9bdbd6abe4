"""A new term with a chosen seed: the same seed and choices always give the same term."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from game.engine.model import Words
from game.engine.rng import SEED_RULE, SEEDS

RANDOM: Literal["random"] = "random"  # what a blank seed asks for

SeedAnswer = int | Literal["random"] | None


def digits(text: str) -> bool:
    """Only the digits 0 to 9 (not the other characters Unicode counts as digits)."""
    return text.isascii() and text.isdigit()


class SeedScreen(ModalScreen[SeedAnswer]):
    """Returns the seed typed, RANDOM for a blank seed, or None for "cancel"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="seed.cancel"),
    ]

    def __init__(self, suggestion: int | None, words: Words) -> None:
        super().__init__()
        self.suggestion, self.words = suggestion, words

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            term = self.words.term
            yield Label(Content.styled(f"New {term} with a seed", "bold"))
            yield Label(Content(f"A whole number; leave it blank for a random {term}."))
            value = "" if self.suggestion is None else str(self.suggestion)
            # A text input, not Textual's integer one: that one drops a letter without a word.
            yield Input(value=value, placeholder="e.g. 1949", id="seed-value")
            yield Label("", id="seed-problem", classes="problem")
            yield Label(Content("Enter starts · Esc cancels"), classes="muted")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Say at once when something other than a digit is typed."""
        text = event.value.strip()
        problem = self.query_one("#seed-problem", Label)
        if text and not digits(text):
            problem.update(Content(f"Digits only: {SEED_RULE}."))
        else:
            problem.update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.dismiss(RANDOM)
            return
        seed = int(text) if digits(text) else None
        if seed is None or seed not in SEEDS:
            problem = self.query_one("#seed-problem", Label)
            problem.update(Content(SEED_RULE.capitalize() + "."))
            return
        self.dismiss(seed)

    def action_cancel(self) -> None:
        self.dismiss(None)
