"""Help: the keys, the meters and what moves them, the phases."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from game.engine.model import Scenario, Words
from game.tui.stylesheets import PLAY_CSS
from game.tui.text import one_line
from game.tui.widgets.hanging_list import HangingList, Row
from game.words import worded

KEYS: tuple[tuple[str, str], ...] = (
    ("1 2 3…", "pick a choice by its number (or ↑ ↓ and Enter; with the mouse, click it twice)"),
    ("Enter", "after a decision: go on to the next event"),
    ("w", "why: every change this {turn}, meter by meter, with its cause (← → other {turns})"),
    ("b", "the briefing: facts and sources behind the event"),
    ("u", "undo: take back the last decision (again and again); Ctrl+Y redoes"),
    ("Ctrl+S", "save the {term} under a name (every decision is also autosaved)"),
    ("PgUp PgDn", "scroll the event's text (Home End: its start and end)"),
    ("d", "show or hide the log of decisions (hidden at first under 110 columns)"),
    ("Ctrl+P", "the command palette: every command, and the themes"),
    ("q", "quit (asks first in the middle of a {term})"),
    ("Ctrl+C", "quit at once (in a browser: copy); the last decision is already autosaved"),
)

REPLAY_KEYS: tuple[tuple[str, str], ...] = (
    ("← →", "step back and forward, one decision at a time"),
    ("Home End", "the start and the end of the recording"),
    ("g", "jump to a {turn}"),
    ("b", "branch here: play on from this point, same seed"),
    ("w", "the why ledger of the {turn} shown"),
    ("a", "what if? each decision's alternatives as bars; Enter on one branches there"),
    ("d", "show or hide the meters' panel and the decisions (hidden at first under 110 columns)"),
    ("Esc", "leave the replay"),
)


def key_rows(keys: tuple[tuple[str, str], ...], words: Words) -> list[Row]:
    return [
        Row(Content(worded(text, words)), Content.styled(key, "bold $text-accent"))
        for key, text in keys
    ]


def meter_rows(scenario: Scenario) -> list[Row]:
    rows: list[Row] = []
    for meter in scenario.meters:
        better = {"higher": "higher is better", "lower": "lower is better", "neither": ""}[
            meter.better
        ]
        head = Content.assemble((one_line(meter.label), "bold"), (f"  {better}", "$text-muted"))
        rows.append(Row(head))
        if meter.description:
            rows.append(Row(Content(one_line(meter.description)), Content("")))
        for rule in scenario.rules:
            if any(e.meter == meter.id for e in rule.consequence.effects) and rule.explain:
                rows.append(
                    Row(Content(one_line(rule.explain)), Content.styled("↻", "$text-muted"))
                )
    for derived in scenario.derived:
        rows.append(Row(Content.styled(one_line(derived.label or derived.id), "bold italic")))
        if derived.description:
            rows.append(Row(Content(one_line(derived.description)), Content("")))
    return rows


def phase_rows(scenario: Scenario) -> list[Row]:
    rows = []
    for phase in scenario.phases:
        end = f"  (ends the {scenario.words.term})" if phase.terminal else ""
        rows.append(
            Row(
                Content.assemble(
                    (one_line(phase.label), "bold"),
                    (end, "$text-muted"),
                    "  ",
                    one_line(phase.description),
                )
            )
        )
    return rows


class HelpScreen(ModalScreen[None]):
    CSS_PATH = PLAY_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "close", "Close", id="help.close"),
    ]

    def __init__(self, scenario: Scenario, *, replay: bool = False) -> None:
        super().__init__()
        self.scenario = scenario
        self.replay = replay

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label(Content.styled("Help", "bold"), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Label(Content.styled("Keys", "bold $text-accent"), classes="section-title")
                yield HangingList(marker_width=9, id="help-keys")
                if self.replay:
                    yield Label(
                        Content.styled("In a replay", "bold $text-accent"), classes="section-title"
                    )
                    yield HangingList(marker_width=9, id="help-replay-keys")
                yield Label(
                    Content.styled(
                        f"Meters, and the rules that move them every {self.scenario.words.turn}",
                        "bold $text-accent",
                    ),
                    classes="section-title",
                )
                yield HangingList(marker_width=2, id="help-meters")
                yield Label(Content.styled("Phases", "bold $text-accent"), classes="section-title")
                yield HangingList(marker_width=2, id="help-phases")
            yield Label(Content("Esc closes"), classes="muted")

    def on_mount(self) -> None:
        self.query_one("#help-keys", HangingList).set_rows(key_rows(KEYS, self.scenario.words))
        if self.replay:
            self.query_one("#help-replay-keys", HangingList).set_rows(
                key_rows(REPLAY_KEYS, self.scenario.words)
            )
        self.query_one("#help-meters", HangingList).set_rows(meter_rows(self.scenario))
        self.query_one("#help-phases", HangingList).set_rows(phase_rows(self.scenario))
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
