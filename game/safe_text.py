"""Untrusted text made safe for a terminal: the second line of defence.

Content packs and saves travel between people. The loader refuses escape
sequences and control characters in content; everything that prints content
text (the Textual game, plain mode, replay transcripts, simulation reports)
passes it through `clean` as well, so a tampered scenario built in memory
still cannot drive the terminal.
"""

from __future__ import annotations

import re

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


def unsafe_character(text: str) -> str | None:
    """The first character that `clean` would remove (tab and newline aside), or None."""
    found = _CONTROLS.search(text)
    return found.group() if found else None


def clean(text: str) -> str:
    """`text` without escape sequences and control characters; newlines kept, tabs as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text.replace("\t", " "))


def escaped(text: str) -> str:
    """`text` with every character that is not printable as a Python escape (\\x1b, \\u202e).

    For quoting untrusted names (keys, file names) in a message: unlike `clean`,
    it shows what was there.
    """
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


def one_line(text: str) -> str:
    """Cleaned text on a single line: newlines and runs of spaces become one space."""
    return " ".join(clean(text).split())
