"""What an id may be, in content and in saves alike (use `fullmatch`)."""

from __future__ import annotations

import re

# Event, choice, phase, ending, meter and flag ids: a letter, then letters, digits or _.
ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# A content pack's id, recorded in every save made with it.
PACK_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*")
