"""Small pieces of English shared by every front end."""

from __future__ import annotations


def counted(count: int, noun: str) -> str:
    """ "1 decision", "3 decisions" (for nouns whose plural adds an s)."""
    return f"{count} {noun}{'s' * (count != 1)}"


def shorten(text: str, width: int) -> str:
    """`text` cut to at most `width` characters, ending with an ellipsis when cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)].rstrip() + "…"
