"""Small pieces of English shared by every front end."""

from __future__ import annotations

import attrs

from game.engine.model import Words


def counted(count: int, noun: str) -> str:
    """ "1 decision", "3 decisions" (for nouns whose plural adds an s)."""
    return f"{count} {noun}{'s' * (count != 1)}"


def counted_in(count: int, words: Words) -> str:
    """ "1 quarter", "16 quarters": a number of turns in the content's own words."""
    return f"{count} {words.turn if count == 1 else words.turns}"


def worded(template: str, words: Words) -> str:
    """`template` with {turn}, {turns}, {term} and {terms} in the content's own words."""
    return template.format_map(attrs.asdict(words))


def shorten(text: str, width: int) -> str:
    """`text` cut to at most `width` characters, ending with an ellipsis when cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)].rstrip() + "…"
