"""Every meter on three lines, in columns: the meters above the story on a narrow terminal.

At 80 columns a sidebar would squeeze the story to fifty; the strip leaves it
the whole width. The sidebar's bars and sparklines return with `d` or on a
wider terminal.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget

from game.engine.model import Scenario
from game.engine.state import State
from game.engine.step import environment
from game.tui.styles import resolve
from game.tui.widgets.meter_bar import derived_line, value_line, value_width

COLUMNS = 3
GUTTER = 1


class MeterStrip(Widget):
    DEFAULT_CSS = """
    MeterStrip { height: auto; padding: 0 1; }
    """
    auto_links: Reactive[bool] = Reactive(False)  # no links here; skip their cost

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scenario = scenario
        self.values = value_width(scenario.meters)
        self.state: State | None = None
        self.before: tuple[float, ...] | None = None  # the meters before the last decision

    def show(self, state: State, before: tuple[float, ...] | None = None) -> None:
        """`before`: the meters before the last decision, as the sidebar (None: no moves)."""
        if (state, before) != (self.state, self.before):
            self.state, self.before = state, before
            self.refresh()

    def cells(self) -> int:
        return len(self.scenario.meters) + len(self.scenario.derived)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return -(-self.cells() // COLUMNS)

    def render(self) -> Content:
        state = self.state
        if state is None:
            return Content("")
        scenario = self.scenario
        width = (self.content_region.width - GUTTER * (COLUMNS - 1)) // COLUMNS
        before = state.meters if self.before is None else self.before
        cells = [
            value_line(
                meter, state.meters[i], before[i], width, bold=meter.headline, values=self.values
            )
            for i, meter in enumerate(scenario.meters)
        ]
        values = environment(scenario, state).values
        for derived in scenario.derived:
            cells.append(derived_line(derived, values[derived.id], width, self.values))
        rows = -(-len(cells) // COLUMNS)
        lines = []
        for row in range(rows):
            across = cells[row::rows]  # down the columns, as the sidebar reads
            lines.append(Content(" " * GUTTER).join(across))
        return resolve(Content("\n").join(lines), self.app)
