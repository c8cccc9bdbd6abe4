"""Content text is untrusted: make it safe to put on a terminal.

Labels and titles go through `Content(...)` or `Text(...)`, which never read
markup; `safe` and `one_line` (from `game.safe_text`) also drop escape
sequences and control characters (the loader rejects them; this is the
second line of defence).
"""

from __future__ import annotations

from game.safe_text import clean as safe
from game.safe_text import one_line

__all__ = ["one_line", "safe", "shorten"]


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters, with an ellipsis when cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)].rstrip() + "…"
