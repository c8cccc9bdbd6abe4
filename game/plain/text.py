"""Content text made safe and readable as plain lines.

Content text is untrusted: everything here passes it through
`game.safe_text.clean` before it reaches the terminal.
`paragraphs` turns the light Markdown of event texts into wrapped plain
paragraphs that a screen reader reads without stars and hashes.
"""

from __future__ import annotations

import textwrap

from markdown_it import MarkdownIt
from markdown_it.token import Token

from game.safe_text import clean, one_line

__all__ = ["WIDTH", "clean", "one_line", "paragraphs", "unmark"]

WIDTH = 78

_MARKDOWN = MarkdownIt("commonmark")


def unmark(text: str) -> str:
    """Inline Markdown as plain words: emphasis markers dropped, links as 'text (address)'."""
    return _words(_MARKDOWN.parseInline(text)[0].children or [])


def _words(children: list[Token]) -> str:
    out: list[str] = []
    targets: list[str] = []  # of the links open
    for token in children:
        if token.type in ("text", "code_inline", "html_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif token.type == "image":
            out.append(_words(token.children or []))
        elif token.type == "link_open":
            targets.append(str(token.attrs.get("href", "")))
        elif token.type == "link_close":
            out.append(f" ({targets.pop()})")
    return "".join(out)


def paragraphs(markdown: str, width: int = WIDTH) -> list[str]:
    """Markdown text as plain paragraphs, each wrapped to `width`; list items keep their bullet.

    Blocks with no blank line between them (a heading and its text, a list
    after its lead-in) stay in one paragraph, one block a line.
    """
    result: list[list[str]] = []
    last_line = -1  # the source line after the previous block
    markers: list[str] = []  # the bullet of each list item open, innermost last
    fresh = False  # the next block is the first of its list item
    for token in _MARKDOWN.parse(clean(markdown)):
        if token.type == "list_item_open":
            marker = f"{token.info}{token.markup}" if token.info else "-"
            markers.append(marker + " ")
            fresh = True
            continue
        if token.type == "list_item_close":
            markers.pop()
            continue
        if token.type == "inline":
            text = _words(token.children or [])
        elif token.type in ("fence", "code_block", "html_block"):
            text = token.content
        else:
            continue
        assert token.map is not None  # block tokens carry their source lines
        first, end = token.map
        if first > last_line or not result:
            result.append([])
        last_line = end
        indent = "  " * max(len(markers) - 1, 0)
        bullet = indent + (markers[-1] if markers else "")
        hang = " " * len(bullet)
        result[-1] += _wrap(text, bullet if fresh else hang, hang, width)
        fresh = False
    return ["\n".join(lines) for lines in result if lines]


def _wrap(text: str, first: str, rest: str, width: int) -> list[str]:
    wrapped = textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
    )
    return wrapped or ([first.rstrip()] if first.strip() else [])
