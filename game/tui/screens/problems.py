"""Live reload found problems: each one with its file and line, over the game in play.

The session underneath is kept as it was; the panel closes by itself when a
later save of the pack is clean (the app then carries the game onto it), and
Esc hides it to play on with the content as it was before the broken save.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from game.content.problems import Problem
from game.tui.text import one_line
from game.words import counted


class ProblemsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Hide", id="problems.hide"),
    ]

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall", id="problems"):
            yield Label(id="problems-title", classes="dialog-title")
            with VerticalScroll(id="problems-body"):
                yield Label(id="problems-list")
            yield Label(
                Content("Fix them and save: the game resumes. Esc hides this."), classes="muted"
            )

    def on_mount(self) -> None:
        self.show(self.problems)

    def show(self, problems: tuple[Problem, ...]) -> None:
        """Show `problems` (a later broken save replaces the list)."""
        self.problems = problems
        title = f"The content has {counted(len(problems), 'problem')}"
        self.query_one("#problems-title", Label).update(Content.styled(title, "bold"))
        lines = "\n".join(one_line(problem.render()) for problem in problems)
        self.query_one("#problems-list", Label).update(Content(lines))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
