"""Content text is untrusted: make it safe to put on a terminal.

Labels and titles go through `Content(...)` or `Text(...)`, which never read
markup; `clean` and `one_line` (from `game.safe_text`) also drop escape
sequences and control characters (the loader rejects them; this is the
second line of defence).
"""

from __future__ import annotations

from game.safe_text import clean, one_line
from game.words import shorten

# `safe` is the old name of `clean`: it goes once screens/end.py imports `clean`.
safe = clean

__all__ = ["clean", "one_line", "safe", "shorten"]
