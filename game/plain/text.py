"""Content text made safe and readable as plain lines.

Content text is untrusted: everything here passes it through
`game.safe_text.clean` before it reaches the terminal.
`paragraphs` turns the light Markdown of event texts into wrapped plain
paragraphs that a screen reader reads without stars and hashes.
"""

from __future__ import annotations

import re
import textwrap

from game.safe_text import clean, one_line

__all__ = ["WIDTH", "clean", "one_line", "paragraphs", "unmark"]

WIDTH = 78

_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_CODE = re.compile(r"`([^`]*)`")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+")
_BULLET = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+")


def unmark(text: str) -> str:
    """Inline Markdown as plain words: emphasis markers dropped, links as 'text (address)'."""
    text = _LINK.sub(r"\1 (\2)", text)
    text = _CODE.sub(r"\1", text)
    text = _BOLD.sub(r"\2", text)
    return _ITALIC.sub(r"\2", text)


def paragraphs(markdown: str, width: int = WIDTH) -> list[str]:
    """Markdown text as plain paragraphs, each wrapped to `width`; list items keep their bullet."""
    result: list[str] = []
    for block in re.split(r"\n\s*\n", clean(markdown).strip()):
        lines: list[str] = []
        words: list[str] = []  # of the paragraph or list item being gathered
        bullet = ""
        for raw in block.splitlines():
            line = raw.strip()
            match = _BULLET.match(raw)
            if _HEADING.match(line):
                lines += _wrap(words, bullet, width)
                lines += _wrap(_HEADING.sub("", line).split(), "", width)
                words, bullet = [], ""
            elif match:
                lines += _wrap(words, bullet, width)
                marker = match.group(2)
                bullet = "- " if marker in "-*+" else f"{marker} "
                words = raw[match.end() :].split()
            else:
                words += line.split()
        lines += _wrap(words, bullet, width)
        if lines:
            result.append("\n".join(lines))
    return result


def _wrap(words: list[str], bullet: str, width: int) -> list[str]:
    if not words and not bullet:
        return []
    text = unmark(" ".join(words))
    wrapped = textwrap.wrap(
        text,
        width=width,
        initial_indent=bullet,
        subsequent_indent=" " * len(bullet),
        break_on_hyphens=False,
    )
    return wrapped or [bullet.rstrip()]
