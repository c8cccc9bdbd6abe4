"""One decision's alternatives as small bars: the mean grade each led to, and the war share.

Selecting an alternative (Enter) asks to branch: a new term from the state
just before the decision, with that choice made (`Alternatives.Branch`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from game.engine.model import Scenario
from game.sim.whatif import Alternative, DecisionWhatIf, WhatIf, significant
from game.sim.whatif_text import choice_label, played_on_by
from game.tui.text import one_line

BAR = 16  # cells for the best grade


def bar(value: float, best: float, width: int = BAR) -> str:
    """`value` of `best` as a bar of eighths, `width` cells at most."""
    eighths = round(max(0.0, min(value / best if best else 0.0, 1.0)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[part]).ljust(width)


def alternative_line(scenario: Scenario, d: DecisionWhatIf, a: Alternative, best: float) -> Content:
    grade = a.mean_grade
    label = one_line(choice_label(scenario, d.event, a.choice))
    if a.taken:
        verdict = Content.styled("taken", "bold $text-accent")
    elif significant(a.delta_grade):
        way = "better" if a.delta_grade.value > 0 else "worse"
        verdict = Content.styled(f"{a.delta_grade.value:+.2f} {way}", "bold")
    else:
        verdict = Content.styled("no clear difference", "$text-muted")
    war = f" · war {a.war.value:.0%}" if a.war is not None else ""
    return Content.assemble(
        ("▶ " if a.taken else "  ", "bold $text-accent"),
        (label, "bold" if a.taken else ""),
        "\n  ",
        (bar(grade.value, best), "$text-accent" if a.taken else "$text-muted"),
        f" {grade.value:.2f} [{grade.low:.2f}–{grade.high:.2f}]{war} · ",
        verdict,
    )


class Alternatives(Vertical):
    """The selected decision's alternatives, or nothing when there is no what-if result."""

    DEFAULT_CSS = """
    Alternatives { height: auto; display: none; }
    Alternatives > OptionList { height: auto; max-height: 16; }
    Alternatives > Label { width: 1fr; }
    """

    class Branch(Message):
        """Start a term from decision `index` (1-based) with `choice` instead."""

        def __init__(self, index: int, choice: str) -> None:
            super().__init__()
            self.index = index
            self.choice = choice

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Label(id="alternatives-title")
        yield OptionList(id="alternatives-list")

    def show(self, scenario: Scenario, result: WhatIf | None, index: int) -> None:
        """Decision `index` (1-based; 0 is the opening) of `result`; hidden without one."""
        self.index = index
        found = (
            result.decisions[index - 1] if result and 0 < index <= len(result.decisions) else None
        )
        self.display = found is not None
        if result is None or found is None:
            return
        best = float(len(result.grades) - 1) or 1.0
        title = (
            f"What if? Mean grade of {result.runs} continuations each, "
            f"{played_on_by(result)} · Enter branches from here"
        )
        self.query_one("#alternatives-title", Label).update(Content.styled(title, "bold"))
        options = self.query_one("#alternatives-list", OptionList)
        options.clear_options()
        options.add_options(
            Option(alternative_line(scenario, found, a, best), id=a.choice)
            for a in found.alternatives
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # not the replay's timeline
        if event.option.id is not None:
            self.post_message(self.Branch(self.index, event.option.id))
