"""One error never hides the rest nor invents others (issue 18)."""

from __future__ import annotations

import shutil
from pathlib import Path

from game.content.load import load_content
from tests.conftest import HARBOUR


def harbour(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(HARBOUR, pack)
    return pack


def test_an_unknown_scenario_key_does_not_hide_event_problems(tmp_path: Path) -> None:
    pack = harbour(tmp_path)
    scenario = pack / "scenario.toml"
    scenario.write_text(scenario.read_text().replace("turns = 6", "turns = 6\nturnz = 6", 1))
    season = pack / "events" / "season.toml"
    season.write_text(
        season.read_text().replace("effects = { catch = 5 }", "effects = { cach = 5 }")
    )
    content = load_content(pack)
    rendered = [p.render() for p in content.problems]
    assert rendered[0].startswith("scenario.toml:8:1: error: turnz: unknown key 'turnz'")
    assert any("unknown meter 'cach'" in line for line in rendered)
    assert content.counts["events"] > 0 and content.counts["meters"] == 3
    assert content.scenario is None


def test_a_left_out_meter_is_not_reported_again_where_it_is_used(tmp_path: Path) -> None:
    pack = harbour(tmp_path)
    scenario = pack / "scenario.toml"
    scenario.write_text(scenario.read_text().replace('label = "Storm"', "label = 5", 1))
    rendered = [p.render() for p in load_content(pack).problems]
    assert rendered == [
        "scenario.toml:25:1: error: meter[2].label: expected text in quotes, got a number"
    ]


def test_root_causes_come_before_what_follows_from_them(tmp_path: Path) -> None:
    pack = harbour(tmp_path)
    (pack / "events" / "a_first.toml").write_text(
        '[[event]]\nid = "x"\ntitle = "X"\ntext = "X"\nweight = -1\n'
        '[[event.choice]]\nid = "a"\nlabel = "A"\neffects = { catch = 1 }\nexplain = "A."\n'
    )
    (pack / "events" / "b_second.toml").write_text('[[event]]\nid = "y"\ntitel = "Y"\n')
    rendered = [p.render() for p in load_content(pack).problems]
    assert rendered[0].startswith("events/b_second.toml")  # cannot be read: the root
    assert rendered[-1].startswith("events/a_first.toml:5:1: error: event[1].weight")


def test_an_event_in_a_phase_nothing_enters_is_reported_at_the_event(tmp_path: Path) -> None:
    pack = harbour(tmp_path)
    scenario = pack / "scenario.toml"
    scenario.write_text(
        scenario.read_text().replace(
            "[[transition]]", '[[phase]]\nid = "lull"\nlabel = "Lull"\n\n[[transition]]', 1
        )
    )
    (pack / "events" / "lull.toml").write_text(
        '[[event]]\nid = "calm_sea"\ntitle = "Calm"\ntext = "Flat water."\nphases = ["lull"]\n\n'
        '[[event.choice]]\nid = "a"\nlabel = "A"\neffects = { catch = 1 }\nexplain = "A."\n'
    )
    rendered = [p.render() for p in load_content(pack).problems]
    assert (
        "events/lull.toml:2:1: warning: event[1].id: event 'calm_sea' can never be offered: "
        "no transition reaches its phases (lull)"
    ) in rendered
