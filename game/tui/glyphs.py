"""Bars, sparklines and signed amounts as plain strings; styling is the widgets' job."""

from __future__ import annotations

from collections.abc import Sequence

from game.engine.model import Meter
from game.narrate import amount, delta_unit
from game.tui.text import one_line

_EIGHTHS = " ▏▎▍▌▋▊▉"
_SPARKS = "▁▂▃▄▅▆▇█"


def bar(fraction: float, width: int) -> tuple[str, str]:
    """A horizontal bar `width` cells wide: (the filled part, the empty remainder)."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    filled = "█" * full + (_EIGHTHS[part] if part else "")
    return filled, " " * (width - len(filled))


def spark(values: Sequence[float], low: float, high: float, width: int, *, levels: int = 8) -> str:
    """The last `width` values as a sparkline of `levels` heights (at most 8).

    The scale spans the values shown, but never less than a tenth of
    [low, high], so a meter that barely moved draws a nearly flat line.
    Sparklines on adjacent rows take 7 levels: the tallest, a full block,
    would touch the row above and merge the two lines into one block.
    """
    shown = list(values)[-width:]
    if not shown:
        return ""
    top, bottom = max(shown), min(shown)
    floor = (high - low) / 10
    if top - bottom < floor:
        middle = (top + bottom) / 2
        top, bottom = middle + floor / 2, middle - floor / 2
    span = (top - bottom) or 1.0
    top_level = min(max(levels, 2), len(_SPARKS)) - 1
    return "".join(
        _SPARKS[min(int((v - bottom) / span * top_level + 0.5), top_level)] for v in shown
    )


def signed(meter: Meter, delta: float, *, unit: bool = True) -> str:
    """A shown move (`narrate.shown_delta`) as an arrow and an amount: '▲4', '▼0.3pt'
    (percentage points for a meter in %), '·' for none."""
    if not round(delta, meter.decimals):
        return "·"
    text = ("▲" if delta > 0 else "▼") + amount(meter, delta)
    return text + (one_line(delta_unit(meter, short=True)) if unit else "")


def fraction(meter: Meter, value: float) -> float:
    span = meter.max - meter.min
    return (value - meter.min) / span if span else 0.0


def unit_of(meter: Meter) -> str:
    """The meter's unit as content wrote it, minus anything a terminal would act on."""
    return one_line(meter.unit)


def show_value(meter: Meter, value: float) -> str:
    """The value as the player sees it, e.g. '62' or '2.4%' (`Meter.format`, made safe)."""
    return f"{value:.{meter.decimals}f}{unit_of(meter)}"
