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
from game.tui.text import one_line, shorten
from game.tui.widgets.meter_bar import MeterBar, value_line, value_width


def reference(state: State) -> tuple[float, ...]:
    """What 'change' is measured from: the start of last quarter (the term's start in Q1)."""
    trace = state.trace
    if len(trace) >= 2:
        return trace[-2]
    return trace[0] if trace else state.meters


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

    def show(self, state: State) -> None:
        if state != self.state:
            self.state = state
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
        before = reference(state)
        lines = []
        for index, meter in enumerate(scenario.meters):
            if not meter.headline:
                value = state.meters[index]
                lines.append(
                    value_line(meter, value, before[index], width, bold=False, values=self.values)
                )
        values = environment(scenario, state).values
        for derived in scenario.derived:
            shown = f"{values[derived.id]:.0f}".rjust(self.values)
            label = shorten(one_line(derived.label or derived.id), width - len(shown) - 6)
            gap = max(width - len(label) - len(shown) - 5, 1)
            lines.append(
                Content.assemble(
                    (label, "italic $text-muted"), " " * gap, (shown, "italic"), " " * 5
                )
            )
        return resolve(Content("\n").join(lines), self.app)


class MeterPanel(Vertical):
    """The meters as they stand in one state (the present, or a replayed past)."""

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        values = value_width(self.scenario.meters)
        for meter in self.scenario.headline_meters:
            yield MeterBar(meter, values=values, id=f"meter-{meter.id}")
        yield CompactMeters(self.scenario, id="compact-meters")

    def show(self, state: State) -> None:
        before = reference(state)
        index = self.scenario.meter_index
        for bar in self.query(MeterBar):
            i = index[bar.meter.id]
            series = [point[i] for point in state.trace] + [state.meters[i]]
            bar.show(state.meters[i], before[i], series)
        self.query_one(CompactMeters).show(state)
