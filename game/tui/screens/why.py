"""The "why" ledger: everything that moved in one quarter, meter by meter, with its cause."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from game.engine.session import Session
from game.narrate import amount
from game.report.ledger import CAUSES, Ledger, ledger, quarters_played, tone
from game.tui.glyphs import show_value
from game.tui.stylesheets import PLAY_CSS
from game.tui.text import one_line, shorten
from game.tui.widgets.change_list import TONE_STYLE, ChangeList

LABEL_WIDTH = 16
COLUMN = 8


def table(book: Ledger, label_width: int = LABEL_WIDTH) -> Content:
    """Each meter: where it started, its moves by cause, where it ended."""
    end = "now" if book.in_progress else "end"
    heads = ["start", *(name for kind, name in CAUSES if kind != "transition"), end]
    header = Content.assemble(
        " " * label_width, *((h.rjust(COLUMN), "bold $text-muted") for h in heads)
    )
    lines = [header]
    for line in book.meters:
        meter = line.meter
        moved = abs(line.delta) > 0 or any(v for _, v in line.by_cause)
        label = shorten(one_line(meter.label), label_width - 1).ljust(label_width)
        parts: list[str | tuple[str, str]] = [(label, "bold" if moved else "$text-muted")]
        parts.append((show_value(meter, line.start).rjust(COLUMN), ""))
        for kind, value in line.by_cause:
            if kind == "transition":
                continue
            if not round(value, meter.decimals):  # moves as shown, so that the row adds up
                parts.append(("·".rjust(COLUMN), "$text-muted"))
            else:
                sign = "+" if value > 0 else "−"
                moved_by = sign + amount(meter, value)
                parts.append((moved_by.rjust(COLUMN), TONE_STYLE[tone(meter, value)]))
        parts.append((show_value(meter, line.end).rjust(COLUMN), "bold"))
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)


class WhyScreen(ModalScreen[None]):
    CSS_PATH = PLAY_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,w,q", "close", "Close", id="why.close"),
        Binding("left,h", "quarter(-1)", "Earlier", key_display="←", id="why.earlier"),
        Binding("right,l", "quarter(1)", "Later", key_display="→", id="why.later"),
    ]

    def __init__(self, session: Session, turn: int) -> None:
        super().__init__()
        self.session = session
        self.turn = min(max(turn, 1), quarters_played(session))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall", id="why"):
            yield Label(id="why-title", classes="dialog-title")
            with VerticalScroll(id="why-body"):
                yield Label(id="why-table")
                yield ChangeList(id="why-changes")
            turns = self.session.scenario.words.turns
            yield Label(Content(f"← → other {turns} · Esc closes"), classes="muted")

    def on_mount(self) -> None:
        self.show()
        self.query_one("#why-body").focus()

    def show(self) -> None:
        book = ledger(self.session, self.turn)
        scenario = self.session.scenario
        state = " (in progress)" if book.in_progress else ""
        played = quarters_played(self.session)
        turn = scenario.words.turn
        title = f"Why: {book.label}{state} · {turn} {self.turn} of {played} played"
        self.query_one("#why-title", Label).update(Content.styled(title, "bold"))
        self.query_one("#why-table", Label).update(table(book, self.label_width()))
        changes = self.query_one("#why-changes", ChangeList)
        changes.show(scenario, book.sections)
        if not book.sections:
            note = Content.styled(f"Nothing has happened yet this {turn}.", "italic $text-muted")
            self.query_one("#why-table", Label).update(
                Content("\n").join([table(book, self.label_width()), Content(""), note])
            )

    def label_width(self) -> int:
        """Room for the meters' names: what the terminal leaves beside the six columns."""
        longest = max(len(one_line(m.label)) for m in self.session.scenario.meters) + 1
        room = self.app.size.width - 12 - 6 * COLUMN
        return max(min(longest, room, 24), 10)

    def action_quarter(self, step: int) -> None:
        turn = min(max(self.turn + step, 1), quarters_played(self.session))
        if turn != self.turn:
            self.turn = turn
            self.show()
            self.query_one("#why-body", VerticalScroll).scroll_home(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
