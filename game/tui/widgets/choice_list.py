"""The current event's choices, numbered; unavailable ones disabled, with their reason.

Prompts are wrapped here, with a hanging indent under the number, to the
list's width (and again when it changes).

A click highlights a choice and a second click on it takes it (Enter or its
number takes the highlighted one): a decision cannot be undone by accident
with a stray click, and the highlight shows what the next click will do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

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

    click_explained: ClassVar[bool] = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: tuple[Option, ...] = ()
        self.width_used = 0
        self.clicked: int | None = None  # the choice a first click picked out

    def show(self, options: Sequence[Option]) -> None:
        self.shown = tuple(options)
        self.clicked = None
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
            # The resize's own layout pass measured the list with the prompts wrapped to
            # the old width and cached that height; a layout requested now would be
            # merged into the pending one and reuse it. Ask again once it is done.
            self.call_after_refresh(self.refresh, layout=True)

    def on_click(self, event: events.Click) -> None:
        """The first click on a choice highlights it; a second click takes it."""
        index = event.style.meta.get("option")
        if not isinstance(index, int):
            return
        event.prevent_default()  # not OptionList's click, which takes a choice at once
        if self.get_option_at_index(index).disabled:
            return
        if index == self.clicked and index == self.highlighted:
            self.action_select()
        else:
            self.clicked = index
            self.highlighted = index
            if not ChoiceList.click_explained:  # once a game: the highlight says the rest
                ChoiceList.click_explained = True
                self.notify("Click it again (or press Enter) to take this choice.", timeout=4)
