"""Content text made safe and readable as plain lines.

Content packs travel between people, so their text is untrusted: `clean`
removes escape sequences and control characters before anything reaches the
terminal (the loader checks this too; this is the second line of defence).
`paragraphs` turns the light Markdown of event texts into wrapped plain
paragraphs that a screen reader reads without stars and hashes.
"""

from __future__ import annotations

import re
import textwrap

WIDTH = 78

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/APC/PM/SOS strings
# (ESC ] ... BEL or ST), and two-byte escapes (ESC + one character).
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?             # CSI
  | \x1b[\]PX^_].*?(?:\x07|\x1b\\|$)     # OSC, DCS, SOS, PM, APC up to BEL or ST
  | \x1b.?                               # any other escape
  | \x9b[0-?]*[ -/]*[@-~]?               # 8-bit CSI
  | [\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x9c|$)  # 8-bit string controls up to ST
    """,
    re.VERBOSE | re.DOTALL,
)
# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional
# overrides and isolates that can make text read differently from what it is.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """`text` without escape sequences and control characters (tabs become spaces)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text.replace("\t", " "))


def one_line(text: str) -> str:
    """Cleaned text on a single line: newlines and runs of spaces become one space."""
    return " ".join(clean(text).split())


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
