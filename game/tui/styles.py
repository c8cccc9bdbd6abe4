"""Styles written with theme variables ("bold $text-success"), parsed once per theme.

Content keeps a style given as a string and parses it again on every line it
renders; the lists of changes would pay that on every frame. `resolve` swaps
the strings for parsed styles, cached for the theme in use.
"""

from __future__ import annotations

from textual.app import App
from textual.content import Content, Span
from textual.style import Style

_cache: dict[tuple[str, str], Style] = {}


def resolve(content: Content, app: App[object]) -> Content:
    """`content` with every style string parsed (for `app`'s current theme)."""
    spans = content.spans
    if not any(isinstance(span.style, str) for span in spans):
        return content
    theme = app.theme
    parsed = []
    for span in spans:
        style = span.style
        if isinstance(style, str):
            key = (theme, style)
            found = _cache.get(key)
            if found is None:
                found = _cache[key] = app.stylesheet.parse_style(style)
            style = found
        parsed.append(Span(span.start, span.end, style))
    return Content(content.plain, parsed, content.cell_length, strip_control_codes=False)
