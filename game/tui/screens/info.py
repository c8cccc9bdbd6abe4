"""About the content pack: what it is, what is in it, where it was loaded from.

Served to a browser, the pack is named by its id and fingerprint only: the
folder is a path on the server, none of the player's business.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from game.content.load import Content as GameContent
from game.tui.text import clean, one_line
from game.words import counted, counted_in


class InfoScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,i,q", "close", "Close", id="info.close"),
    ]

    def __init__(self, content: GameContent) -> None:
        super().__init__()
        self.content = content

    def compose(self) -> ComposeResult:
        content = self.content
        scenario = content.scenario
        assert scenario is not None
        counts = content.counts
        with Vertical(classes="dialog wide tall"):
            yield Label(Content.styled(one_line(scenario.title), "bold"), classes="dialog-title")
            with VerticalScroll():
                if scenario.subtitle:
                    yield Label(Content.styled(one_line(scenario.subtitle), "italic"))
                if scenario.description:
                    yield Label(Content(clean(scenario.description).strip()), classes="para")
                facts = [
                    f"{counted_in(scenario.turns, scenario.words)}, from {scenario.turn_label(1)}",
                    f"{counts.get('events', 0)} events, {counts.get('choices', 0)} choices, "
                    f"{counts.get('endings', 0)} endings, {counts.get('arcs', 0)} arcs",
                    counted(len(content.warnings), "content warning")
                    + " (article-five check lists them)",
                    f"pack id: {scenario.id}",
                    f"fingerprint: {content.fingerprint[:16]}",
                ]
                if not self.app.is_web:
                    facts.append(f"folder: {content.folder}")
                for fact in facts:
                    yield Label(Content(f"• {one_line(fact)}"))
                yield Label(Content.styled("Meters", "bold"), classes="section-title")
                for meter in scenario.meters:
                    star = " (headline)" if meter.headline else ""
                    yield Label(
                        Content.assemble(
                            (one_line(meter.label), "bold"),
                            star,
                            " — ",
                            one_line(meter.description),
                        ),
                        classes="para",
                    )
            yield Label(Content("Esc closes"), classes="muted")

    def action_close(self) -> None:
        self.dismiss(None)
