"""The consequences of a decision, or a quarter's ledger: every change with its cause.

Changes that share one cause are shown under it once: the cause's `explain`
(or the chance outcome's text), then each meter's move. A change alone says
its move and its cause in one sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from game.engine.changes import Cause, EndingReached, MeterChange, OutcomeDrawn, PhaseChanged
from game.engine.model import Scenario
from game.narrate import amount, meter_sentence
from game.report.ledger import Entry, Section
from game.tui.glyphs import unit_of
from game.tui.text import clean, one_line
from game.tui.widgets.hanging_list import HangingList, Row

# How the end-of-quarter lines say where they came from.
TAGS = {"rule": "rule", "delayed": "delayed: an earlier decision", "transition": "phase"}

TONE_STYLE = {"good": "$text-success", "bad": "$text-error", "neutral": "$text-muted"}


def marker(scenario: Scenario, item: Entry) -> Content:
    change = item.change
    if isinstance(change, MeterChange):
        if change.delta == 0:
            return Content.styled("·", "$text-muted")
        meter = scenario.meter(change.meter)
        arrow = "▲" if change.delta > 0 else "▼"
        text = f"{arrow}{amount(scenario, change.meter, change.delta)}{unit_of(meter)}"
        return Content.styled(text, f"bold {TONE_STYLE[item.tone]}")
    if isinstance(change, OutcomeDrawn):
        return Content.styled("◆", "bold $text-warning")
    if isinstance(change, PhaseChanged):
        return Content.styled("◈", "bold $text-warning")
    if isinstance(change, EndingReached):
        return Content.styled("■", "bold $text-accent")
    return Content("•")


def tag(cause: Cause) -> Content:
    label = TAGS.get(cause.kind)
    return Content.styled(f"  ({label})", "$text-muted") if label else Content("")


def entry_text(item: Entry, *, tagged: bool) -> Content:
    change = item.change
    text = Content(clean(item.text))
    if isinstance(change, PhaseChanged | EndingReached):
        text = text.stylize("bold")
    elif isinstance(change, OutcomeDrawn):
        text = text.stylize("italic")
    if tagged and isinstance(change, MeterChange):
        text = Content.assemble(text, tag(change.cause))
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
                    why = Content.assemble(why, tag(cause))
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


def is_small(scenario: Scenario, item: Entry) -> bool:
    """A meter move too small to show at the meter's precision (a drift, not news)."""
    change = item.change
    if not isinstance(change, MeterChange) or change.delta == 0:
        return False
    precision: float = 0.5 * 10.0 ** -scenario.meter(change.meter).decimals
    return abs(change.delta) < precision


def small_row(scenario: Scenario, small: Sequence[Entry]) -> Row:
    moves = []
    for item in small:
        assert isinstance(item.change, MeterChange)
        meter = scenario.meter(item.change.meter)
        arrow = "▲" if item.delta > 0 else "▼"
        shown = f"{arrow}{amount(scenario, meter.id, item.delta)}{unit_of(meter)}"
        moves.append(Content.assemble(one_line(meter.label), " ", (shown, TONE_STYLE[item.tone])))
    text = Content.assemble(
        ("Small drifts: ", "$text-muted"),
        Content(", ").join(moves),
        ("  (w: why)", "$text-muted"),
    )
    return Row(text, Content.styled("…", "$text-muted"))


def rows(
    scenario: Scenario, sections: Sequence[Section], *, headings: bool = True, fold: bool = False
) -> list[Row]:
    """Each section as a heading, then its entries (or its note).

    With `fold`, moves too small to show at their meter's precision are
    gathered into one line at the end of their section.
    """
    result: list[Row] = []
    for section in sections:
        if headings:
            if result:
                result.append(Row(Content("")))
            result.append(Row(Content.styled(clean(section.title), "bold $text-accent")))
        entries = section.entries
        small = [e for e in entries if is_small(scenario, e)] if fold else []
        if small:
            entries = tuple(e for e in entries if not is_small(scenario, e))
        result.extend(entry_rows(scenario, entries, tagged=section.kind == "quarter_end"))
        if small:
            result.append(small_row(scenario, small))
        if section.note:
            result.append(Row(Content.styled(section.note, "italic $text-muted"), Content("")))
    return result


class ChangeList(HangingList):
    """Sections of changes, each change with a coloured move and its sentence."""

    def show(self, scenario: Scenario, sections: Sequence[Section], *, fold: bool = False) -> None:
        self.set_rows(rows(scenario, sections, fold=fold))
