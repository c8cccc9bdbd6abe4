"""The current phase, coloured by how far up the ladder of phases it is."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Label

from game.engine.model import Scenario
from game.tui.text import one_line

LEVELS = 4  # phase-0 … phase-3; later phases share the top colour


def phase_class(scenario: Scenario, phase_id: str) -> str:
    """'phase-0' for the first phase declared, up to 'phase-3'; 'phase-end' for a terminal one.

    Content declares phases from calm to worst, so their order is their colour.
    """
    phase = scenario.phase_by_id[phase_id]
    if phase.terminal:
        return "phase-end"
    ladder = [p.id for p in scenario.phases if not p.terminal]
    return f"phase-{min(ladder.index(phase_id), LEVELS - 1)}"


PHASE_CLASSES = [f"phase-{n}" for n in range(LEVELS)] + ["phase-end"]


class PhaseBadge(Label):
    """The phase label in capitals on a coloured ground, e.g. ' ● TENSION '."""

    def show(self, scenario: Scenario, phase_id: str) -> None:
        label = one_line(scenario.phase_by_id[phase_id].label).upper()
        self.update(Content(f" ● {label} "))
        wanted = phase_class(scenario, phase_id)
        if not self.has_class(wanted):
            self.remove_class(*PHASE_CLASSES)
            self.add_class(wanted)
        description = one_line(scenario.phase_by_id[phase_id].description)
        self.tooltip = Content(description) if description else None
