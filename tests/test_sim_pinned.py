"""The engine's results are pinned bit for bit to those of the commit before the speed-up (8ee8e5e).

tests/data/pinned_terms.json was written by `python tests/pinned_terms.py` on
that commit: a faster engine must play every term exactly as the old one did,
change by change, and give the same `simulate` report. The campaign is a
frozen copy of the bundled one at that commit (tests/data/campaign-8ee8e5e),
so rewriting the campaign does not void the pin; a change to the engine's
rules of play (not its speed) is the one reason to write the pins again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.pinned_terms import CASES, digest, report_digest

PINS = json.loads((Path(__file__).parent / "data" / "pinned_terms.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=lambda case: "|".join(map(str, case)))
def test_terms_are_played_exactly_as_before(case: tuple[str, str, int, int]) -> None:
    assert digest(*case) == PINS["terms"]["|".join(map(str, case))]


@pytest.mark.parametrize("case", CASES, ids=lambda case: "|".join(map(str, case)))
def test_reports_are_the_same_as_before(case: tuple[str, str, int, int]) -> None:
    assert report_digest(*case) == PINS["reports"]["|".join(map(str, case))]
