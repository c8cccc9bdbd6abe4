"""Short items laid out left to right, wrapping between items, never inside one."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget

from game.tui.styles import resolve


def pack(items: Sequence[Content], width: int, separator: Content) -> list[Content]:
    lines: list[list[Content]] = [[]]
    used = 0
    for item in items:
        need = item.cell_length + (separator.cell_length if lines[-1] else 0)
        if lines[-1] and used + need > width:
            lines.append([])
            used = 0
            need = item.cell_length
        lines[-1].append(item)
        used += need
    return [separator.join(line) for line in lines if line]


class PackedLine(Widget):
    DEFAULT_CSS = """
    PackedLine { height: auto; }
    """
    auto_links: Reactive[bool] = Reactive(False)  # no links here; skip their cost

    def __init__(self, *, id: str | None = None, separator: str = "  ·  ") -> None:
        super().__init__(id=id)
        self.items: tuple[Content, ...] = ()
        self.separator = Content.styled(separator, "$text-muted")

    def show(self, items: Sequence[Content]) -> None:
        self.items = tuple(items)
        self.refresh(layout=True)

    @property
    def plain(self) -> str:
        return self.separator.join(self.items).plain

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(pack(self.items, width, self.separator))

    def render(self) -> Content:
        width = self.content_region.width or self.size.width
        return resolve(Content("\n").join(pack(self.items, width, self.separator)), self.app)
