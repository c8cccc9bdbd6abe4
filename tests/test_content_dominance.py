"""No free lunch: `check` warns at a choice at least as good as a sibling on every meter,
counting its direct, scheduled and chance-weighted effects (game/content/dominance.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.content.load import Content, load_content
from tests.conftest import HARBOUR

EVENT = """
[[event]]
id = "dredging"
title = "Dredging"
text = "The harbour mouth is silting up."

[[event.choice]]
id = "dredge"
label = "Dredge"
effects = {{ catch = 2, wall = -1 }}
explain = "A deeper channel, a weaker wall."

[[event.choice]]
id = "dredge_and_mend"
label = "Dredge and mend"
explain = "A deeper channel, and whatever follows."
effects = {{ catch = 2 }}
{extra}
"""

FREE_LUNCH = (
    "choice 'dredge_and_mend' is at least as good as 'dredge' on every meter (direct, "
    "scheduled and chance-weighted effects): no player would ever take 'dredge'"
)


def warnings_for(extra: str, tmp_path: Path) -> list[str]:
    pack = tmp_path / "pack"
    shutil.copytree(HARBOUR, pack)
    (pack / "events" / "dredging.toml").write_text(EVENT.format(extra=extra))
    content = load_content(pack)
    assert not content.errors, [p.render() for p in content.errors]
    return [p.message for p in content.warnings if p.file == "events/dredging.toml"]


@pytest.mark.parametrize(
    "extra",
    [
        "",  # the same catch, and no harm to the wall
        'later = [{ after = 2, effects = { wall = 1 }, explain = "The spoil shores it up." }]',
    ],
)
def test_a_choice_as_good_everywhere_is_a_free_lunch(extra: str, tmp_path: Path) -> None:
    assert warnings_for(extra, tmp_path) == [FREE_LUNCH]


@pytest.mark.parametrize(
    "extra",
    [
        'later = [{ after = 2, effects = { wall = -2, catch = 1 }, explain = "Fish, not wall." }]',
        '[[event.choice.chance]]\nid = "silt_returns"\np = 0.5\ntext = "The silt returns."\n'
        "effects = { storm = 1 }",
    ],
)
def test_a_scheduled_or_likely_bill_makes_it_a_trade_off(extra: str, tmp_path: Path) -> None:
    assert warnings_for(extra, tmp_path) == []


def test_the_bundled_campaign_has_no_free_lunch(campaign: Content) -> None:
    assert [p.render() for p in campaign.warnings if "at least as good" in p.message] == []
