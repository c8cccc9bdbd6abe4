"""The current event's choices, numbered; unavailable ones disabled, with their reason."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option as ListOption

from game.engine.step import Option
from game.tui.text import one_line


def prompt(number: int, option: Option) -> Content:
    label = one_line(option.choice.label)
    if option.available:
        return Content.assemble((f"{number} ", "bold $text-accent"), label)
    reason = one_line(option.reason)
    return Content.assemble(
        (f"{number} ", "$text-disabled"),
        (label, "strike"),
        "\n",
        ("  ✗ ", "$text-error"),
        (reason, "italic"),
    )


class ChoiceList(OptionList):
    """An OptionList whose option ids are the choices' ids."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: tuple[Option, ...] = ()

    def show(self, options: Sequence[Option]) -> None:
        self.shown = tuple(options)
        self.clear_options()
        self.add_options(
            ListOption(prompt(n, o), id=o.choice.id, disabled=not o.available)
            for n, o in enumerate(options, start=1)
        )
        first = next((i for i, o in enumerate(options) if o.available), None)
        self.highlighted = first
