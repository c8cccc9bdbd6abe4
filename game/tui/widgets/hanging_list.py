"""Lines with a marker column and a hanging indent: the shape of every list of changes."""

from __future__ import annotations

import attrs
from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget

from game.tui.styles import resolve


@attrs.frozen
class Row:
    """A marker (right-aligned in its column) and a text that wraps under itself.

    A row without a marker is a heading that spans the whole width.
    """

    text: Content
    marker: Content | None = None


class HangingList(Widget):
    """Rows rendered as one widget (fast to update), wrapped to the current width."""

    DEFAULT_CSS = """
    HangingList { height: auto; }
    """
    auto_links: Reactive[bool] = Reactive(False)  # no links here; skip their cost

    def __init__(
        self, *, marker_width: int = 6, wrap: bool = True, id: str | None = None, classes: str = ""
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.marker_width = marker_width
        self.wrap = wrap
        self._rows: tuple[Row, ...] = ()
        self._cache: tuple[int, str, list[Content]] | None = None

    @property
    def rows(self) -> tuple[Row, ...]:
        return self._rows

    def set_rows(self, rows: list[Row] | tuple[Row, ...]) -> None:
        self._rows = tuple(rows)
        self._cache = None
        self.refresh(layout=True)

    @property
    def plain(self) -> str:
        """The rows as plain text, one row a line (for tests and screen readers)."""
        return "\n".join(
            (f"{r.marker.plain} " if r.marker is not None else "") + r.text.plain
            for r in self._rows
        )

    def lines(self, width: int) -> list[Content]:
        theme = self.app.theme
        if self._cache is not None and self._cache[:2] == (width, theme):
            return self._cache[2]
        result: list[Content] = []
        gutter = self.marker_width + 1
        for row in self._rows:
            if row.marker is None:
                if self.wrap:
                    result.extend(row.text.wrap(max(width, 1)) or [Content("")])
                else:
                    result.append(row.text.truncate(max(width, 1), ellipsis=True))
                continue
            if self.wrap:
                wrapped = row.text.wrap(max(width - gutter, 8)) or [Content("")]
            else:
                wrapped = [row.text.truncate(max(width - gutter, 1), ellipsis=True)]
            marker = row.marker.right(self.marker_width)
            result.append(Content.assemble(marker, " ", wrapped[0]))
            blank = Content(" " * gutter)
            result.extend(Content.assemble(blank, line) for line in wrapped[1:])
        result = [resolve(line, self.app) for line in result]
        self._cache = (width, theme, result)
        return result

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_region.width or self.size.width))
