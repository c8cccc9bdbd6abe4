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
            yield Input(value=value, placeholder="e.g. 1949", id="seed-value", type="integer")
            yield Label("", id="seed-problem", classes="problem")
            yield Label(Content("Enter starts · Esc cancels"), classes="muted")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.dismiss(RANDOM)
            return
        try:
            seed: int | None = int(text)
        except ValueError:
            seed = None
        if seed is None or seed not in SEEDS:
            problem = self.query_one("#seed-problem", Label)
            problem.update(Content(SEED_RULE.capitalize() + "."))
            return
        self.dismiss(seed)

    def action_cancel(self) -> None:
        self.dismiss(None)
