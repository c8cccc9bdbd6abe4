"""All the meters: the headline ones as bars, the others and the derived values compact."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget

from game.engine.model import Scenario
from game.engine.state import State
from game.engine.step import environment
from game.tui.styles import resolve
from game.tui.widgets.meter_bar import MeterBar, derived_line, value_line, value_width


class CompactMeters(Widget):
    """One line per secondary meter, then the derived values, dimmed."""

    DEFAULT_CSS = """
    CompactMeters { height: auto; }
    """
    auto_links: Reactive[bool] = Reactive(False)  # no links here; skip their cost

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scenario = scenario
        self.values = value_width(scenario.meters)
        self.state: State | None = None
        self.before: tuple[float, ...] | None = None

    def show(self, state: State, before: tuple[float, ...] | None) -> None:
        if (state, before) != (self.state, self.before):
            self.state, self.before = state, before
            self.refresh()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        scenario = self.scenario
        return sum(1 for m in scenario.meters if not m.headline) + len(scenario.derived)

    def render(self) -> Content:
        state = self.state
        if state is None:
            return Content("")
        width = self.content_region.width or self.size.width or 24
        scenario = self.scenario
        before = self.before or state.meters
        lines = []
        for index, meter in enumerate(scenario.meters):
            if not meter.headline:
                value = state.meters[index]
                lines.append(
                    value_line(meter, value, before[index], width, bold=False, values=self.values)
                )
        values = environment(scenario, state).values
        for derived in scenario.derived:
            lines.append(derived_line(derived, values[derived.id], width, self.values))
        return resolve(Content("\n").join(lines), self.app)


class MeterPanel(Vertical):
    """The meters as they stand in one state (the present, or a replayed past), each with
    its move over the last decision, the frame the consequences use too."""

    FRAME = "▲▼ last decision"

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        values = value_width(self.scenario.meters)
        for meter in self.scenario.headline_meters:
            yield MeterBar(meter, values=values, id=f"meter-{meter.id}")
        yield CompactMeters(self.scenario, id="compact-meters")

    def show(self, state: State, before: tuple[float, ...] | None = None) -> None:
        """`before`: the meters before the last decision (None: nothing decided yet)."""
        self.border_subtitle = self.FRAME if before is not None else None
        index = self.scenario.meter_index
        for bar in self.query(MeterBar):
            i = index[bar.meter.id]
            series = [point[i] for point in state.quarter_starts] + [state.meters[i]]
            bar.show(state.meters[i], (before or state.meters)[i], series)
        self.query_one(CompactMeters).show(state, before)
