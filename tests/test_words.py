from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.words import counted, shorten


def test_counted_says_one_thing_and_many_things() -> None:
    assert counted(0, "decision") == "0 decisions"
    assert counted(1, "decision") == "1 decision"
    assert counted(2, "content warning") == "2 content warnings"


def test_shorten_keeps_short_text_and_marks_a_cut_with_one_ellipsis() -> None:
    assert shorten("harbour", 7) == "harbour"
    assert shorten("harbour lights", 9) == "harbour…"  # the space before the cut goes
    assert shorten("harbour", 1) == "…"


@given(st.text(), st.integers(min_value=1, max_value=50))
def test_shorten_never_exceeds_the_width(text: str, width: int) -> None:
    short = shorten(text, width)
    assert len(short) <= width
    assert short == text or (short.endswith("…") and text.startswith(short[:-1]))
