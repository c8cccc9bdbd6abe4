from __future__ import annotations

from game.words import counted


def test_counted_says_one_thing_and_many_things() -> None:
    assert counted(0, "decision") == "0 decisions"
    assert counted(1, "decision") == "1 decision"
    assert counted(2, "content warning") == "2 content warnings"
