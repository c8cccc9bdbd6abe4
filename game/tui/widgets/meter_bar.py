"""A headline meter: label, value, move over the last decision; a bar and a trend sparkline."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.reactive import Reactive
from textual.widget import Widget

from game.engine.model import Derived, Meter
from game.narrate import shown_delta
from game.report.ledger import tone
from game.tui.glyphs import bar, fraction, show_value, signed, spark
from game.tui.styles import resolve
from game.tui.text import one_line, shorten

TONE_STYLE = {"good": "$text-success", "bad": "$text-error", "neutral": "$text-muted"}


def level_style(meter: Meter, value: float) -> str:
    """The bar's colour: how good the level is, by the meter's declared `better`."""
    if meter.better == "neither":
        return "$primary"
    share = fraction(meter, value)
    good = share if meter.better == "higher" else 1 - share
    return "$success" if good >= 0.6 else "$warning" if good >= 0.35 else "$error"


def value_width(meters: Sequence[Meter]) -> int:
    """The widest value any of `meters` can show, so that their values line up."""
    return max((len(show_value(m, v)) for m in meters for v in (m.min, m.max)), default=3)


def value_line(
    meter: Meter, value: float, previous: float, width: int, *, bold: bool, values: int = 4
) -> Content:
    """'US credibility   64  ▲4': label left, value and move right-aligned."""
    moved = shown_delta(meter, previous, value)
    move = signed(meter, moved, unit=False) if moved else ""
    move_style = TONE_STYLE[tone(meter, moved)]
    text = show_value(meter, value).rjust(values)
    right = Content.assemble((text, "bold" if bold else ""), " ", (move.rjust(4), move_style))
    label = shorten(one_line(meter.label), max(width - right.cell_length - 1, 4))
    gap = max(width - len(label) - right.cell_length, 1)
    return Content.assemble((label, "bold" if bold else ""), " " * gap, right)


def derived_line(derived: Derived, value: float, width: int, values: int = 4) -> Content:
    """'Deterrence   33': a derived value, muted, aligned with the meters' values."""
    shown = f"{value:.0f}".rjust(values)
    label = shorten(one_line(derived.label or derived.id), width - len(shown) - 6)
    gap = max(width - len(label) - len(shown) - 5, 1)
    return Content.assemble((label, "italic $text-muted"), " " * gap, (shown, "italic"), " " * 5)


class MeterBar(Widget):
    DEFAULT_CSS = """
    MeterBar { height: 2; }
    """
    auto_links: Reactive[bool] = Reactive(False)  # no links here; skip their cost

    def __init__(self, meter: Meter, *, values: int = 4, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meter = meter
        self.values = values
        self.value = meter.initial
        self.previous = meter.initial
        self.series: tuple[float, ...] = ()
        self.tooltip = Content(one_line(meter.description)) if meter.description else None

    def show(self, value: float, previous: float, series: Sequence[float]) -> None:
        shown = (value, previous, tuple(series))
        if shown != (self.value, self.previous, self.series):
            self.value, self.previous, self.series = shown
            self.refresh()

    def render(self) -> Content:
        width = self.content_region.width or self.size.width or 24
        meter = self.meter
        first = value_line(meter, self.value, self.previous, width, bold=True, values=self.values)
        spark_width = min(max(width // 3, 6), 40)
        filled, empty = bar(fraction(meter, self.value), max(width - spark_width - 1, 4))
        line = spark(self.series, meter.min, meter.max, spark_width)
        level = level_style(meter, self.value)
        whole = filled.count("█")
        # Whole cells are drawn as coloured background, not as "█": a browser's font
        # leaves hairlines between block glyphs. The partial cell sits on the empty
        # part's colour, so no darker seam shows between the two.
        second = Content.assemble(
            (" " * whole, f"on {level}"),
            (filled[whole:], f"{level} on $panel"),
            (empty, "on $panel"),
            " ",
            (line, "$text-primary"),
        )
        return resolve(Content("\n").join([first, second]), self.app)
