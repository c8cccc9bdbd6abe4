"""The bundled campaign's own words, which no other pack may ever see on screen."""

from __future__ import annotations

import re
from pathlib import Path

ORCHARD = Path(__file__).resolve().parent / "packs" / "orchard"

# The calendar and the politics of the bundled campaign: a pack in months with
# its own words for a turn and a term must show none of them.
CAMPAIGN_WORDS = re.compile(
    r"\b(terms?|quarters?|quarterly|president\w*|alliance|allies|promise|moscow|nato"
    r"|article 5|war|war risk|reassure|Q[1-4])\b",
    re.IGNORECASE,
)


def campaign_words(text: str) -> list[str]:
    """Each campaign word in `text`, with the line around it (empty: none)."""
    return [
        f"{match.group()!r} in: {line.strip()}"
        for line in text.splitlines()
        for match in CAMPAIGN_WORDS.finditer(line)
    ]
