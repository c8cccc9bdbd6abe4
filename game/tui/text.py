"""Content text is untrusted: make it safe to put on a terminal.

Labels and titles go through `Content(...)` or `Text(...)`, which never read
markup; this module also drops escape sequences and control characters (the
loader rejects them, this is the second line of defence).
"""

from __future__ import annotations

import re

_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_].*?(?:\x07|\x1b\\|$)|.?)", re.DOTALL)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """`text` without escape sequences or control characters; newlines kept, tabs as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def one_line(text: str) -> str:
    """Safe text on one line: runs of white space become one space."""
    return " ".join(safe(text).split())


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters, with an ellipsis when cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)].rstrip() + "…"
