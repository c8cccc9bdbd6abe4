"""The consequences of a decision, or a quarter's ledger: every change with its cause.

Changes that share one cause are shown under it once: the cause's `explain`
(or the chance outcome's text), then each meter's move. A change alone says
its move and its cause in one sentence. A phase change comes first, as a
banner; a quarter's steady drift is one line (`fold`) or every move (the ledger).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from game.engine.changes import Cause, EndingReached, MeterChange, OutcomeDrawn, PhaseChanged
from game.engine.model import Meter, Scenario
from game.narrate import meter_sentence
from game.report.ledger import Entry, Section, drift_moves, tone
from game.tui.glyphs import signed
from game.tui.text import clean, one_line
from game.tui.widgets.hanging_list import HangingList, Row

# Wide enough for the widest move a marker shows: '▼10.5pt'.
MARKER_WIDTH = 7

TONE_STYLE = {"good": "$text-success", "bad": "$text-error", "neutral": "$text-muted"}


def marker(scenario: Scenario, item: Entry) -> Content:
    change = item.change
    if isinstance(change, MeterChange):
        text = signed(scenario.meter(change.meter), item.delta)
        if not item.delta:
            return Content.styled(text, "$text-muted")
        return Content.styled(text, f"bold {TONE_STYLE[item.tone]}")
    if isinstance(change, OutcomeDrawn):
        return Content.styled("◆", "bold $text-warning")
    if isinstance(change, PhaseChanged):
        return Content.styled("◈", "bold $text-warning")
    if isinstance(change, EndingReached):
        return Content.styled("■", "bold $text-accent")
    return Content("•")


def tag(item: Entry) -> Content:
    return Content.styled(f"  ({clean(item.tag)})", "$text-muted") if item.tag else Content("")


def entry_text(item: Entry, *, tagged: bool) -> Content:
    change = item.change
    text = Content(clean(item.text))
    if isinstance(change, PhaseChanged | EndingReached):
        text = text.stylize("bold")
    elif isinstance(change, OutcomeDrawn):
        text = text.stylize("italic")
    if tagged and isinstance(change, MeterChange):
        text = Content.assemble(text, tag(item))
    return text


def _same_cause(item: Entry, cause: Cause) -> bool:
    return isinstance(item.change, MeterChange) and item.change.cause == cause


def entry_rows(scenario: Scenario, entries: Sequence[Entry], *, tagged: bool) -> list[Row]:
    """A section's entries, grouped under their shared causes."""
    result: list[Row] = []
    index = 0
    while index < len(entries):
        item = entries[index]
        change = item.change
        if isinstance(change, OutcomeDrawn | MeterChange):
            cause = change.cause
            end = index + 1
            while end < len(entries) and _same_cause(entries[end], cause):
                end += 1
            moves = (
                entries[index + 1 : end] if isinstance(change, OutcomeDrawn) else entries[index:end]
            )
            if isinstance(change, OutcomeDrawn):
                result.append(Row(entry_text(item, tagged=False), marker(scenario, item)))
            elif len(moves) > 1 and cause.explain:
                why = Content.assemble(Content.styled(clean(cause.explain), "italic"))
                if tagged:
                    why = Content.assemble(why, tag(item))
                result.append(Row(why, Content("")))
            else:
                moves = []
                result.append(Row(entry_text(item, tagged=tagged), marker(scenario, item)))
            for move in moves:
                assert isinstance(move.change, MeterChange)
                sentence = Content(clean(meter_sentence(scenario, move.change)))
                result.append(Row(sentence, marker(scenario, move)))
            index = max(end, index + 1)
            continue
        result.append(Row(entry_text(item, tagged=tagged), marker(scenario, item)))
        index += 1
    return result


def meter_move(meter: Meter, delta: float, tone_style: str) -> Content:
    return Content.assemble(one_line(meter.label), " ", (signed(meter, delta), tone_style))


def drift_row(scenario: Scenario, section: Section) -> Row:
    """A quarter's steady drift as one line: each meter's net move; `w` tells the rest."""
    moves = [
        meter_move(meter, delta, TONE_STYLE[tone(meter, delta)])
        for meter, delta in drift_moves(scenario, section)
    ]
    shown = Content(", ").join(moves) if moves else Content.styled("nothing to notice", "italic")
    text = Content.assemble(("Drift: ", "$text-muted"), shown, ("  (w: why)", "$text-muted"))
    return Row(text, Content.styled("≈", "$text-muted"))


def heading(section: Section) -> Row:
    if section.kind in ("phase", "reach"):  # news that must not scroll out of sight
        return Row(Content.styled(f" {clean(section.title)} ", "bold reverse $text-warning"))
    return Row(Content.styled(clean(section.title), "bold $text-accent"))


def rows(
    scenario: Scenario, sections: Sequence[Section], *, headings: bool = True, fold: bool = False
) -> list[Row]:
    """Each section as a heading, then its entries (or its note).

    With `fold`, a quarter's steady drift is one line; without, every move is shown.
    """
    result: list[Row] = []
    for section in sections:
        if headings:
            if result:
                result.append(Row(Content("")))
            result.append(heading(section))
        result.extend(entry_rows(scenario, section.entries, tagged=section.kind == "quarter_end"))
        if section.drift:
            if fold:
                result.append(drift_row(scenario, section))
            else:
                result.extend(entry_rows(scenario, section.drift, tagged=True))
        if section.note:
            result.append(Row(Content.styled(section.note, "italic $text-muted"), Content("")))
    return result


class ChangeList(HangingList):
    """Sections of changes, each change with a coloured move and its sentence."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(marker_width=MARKER_WIDTH, id=id)

    def show(self, scenario: Scenario, sections: Sequence[Section], *, fold: bool = False) -> None:
        self.set_rows(rows(scenario, sections, fold=fold))
