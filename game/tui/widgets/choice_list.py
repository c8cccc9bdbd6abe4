"""The current event's choices, numbered; unavailable ones disabled, with their reason.

Prompts are wrapped here, with a hanging indent under the number, to the
list's width (and again when it changes).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option as ListOption

from game.engine.step import Option
from game.tui.text import one_line

INDENT = "  "


def hang(text: Content, width: int) -> Content:
    """`text` wrapped to `width` (when known), every line after the first indented."""
    if width <= len(INDENT) + 8:
        return text
    lines = text.wrap(width - len(INDENT))
    return Content("\n" + INDENT).join(lines)


def prompt(number: int, option: Option, width: int = 0) -> Content:
    label = Content(one_line(option.choice.label))
    if option.available:
        return Content.assemble((f"{number} ", "bold $text-accent"), hang(label, width))
    reason = Content.assemble(("✗ ", "$text-error"), (one_line(option.reason), "italic"))
    return Content.assemble(
        (f"{number} ", "$text-disabled"),
        hang(label.stylize("strike"), width),
        "\n" + INDENT,
        hang(reason, width),
    )


class ChoiceList(OptionList):
    """An OptionList whose option ids are the choices' ids."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: tuple[Option, ...] = ()
        self.width_used = 0

    def show(self, options: Sequence[Option]) -> None:
        self.shown = tuple(options)
        self.fill(highlight=next((i for i, o in enumerate(options) if o.available), None))

    def fill(self, highlight: int | None) -> None:
        width = self.scrollable_content_region.width - 2  # the option's padding
        self.width_used = width
        self.clear_options()
        self.add_options(
            ListOption(prompt(n, o, width), id=o.choice.id, disabled=not o.available)
            for n, o in enumerate(self.shown, start=1)
        )
        self.highlighted = highlight

    def on_resize(self, event: events.Resize) -> None:
        if self.shown and self.scrollable_content_region.width - 2 != self.width_used:
            self.fill(highlight=self.highlighted)
