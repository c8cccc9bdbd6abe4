"""The interval analysis is sound: whatever the engine computes lies where the analysis says."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from game.content.intervals import Range, Truth, analyse, ranges_of
from game.engine.expr import Names, parse

METERS = {"a": (0.0, 100.0), "b": (-5.0, 5.0)}
DERIVED = [("d", "a / 10 - b")]
TURNS = 12
RANGES = ranges_of(METERS, DERIVED, TURNS, frozenset({"calm"}))
NAMES = Names(frozenset({"a", "b", "d", "turn", "turns"}), phases=frozenset({"calm", "war"}))

numbers = st.recursive(
    st.sampled_from(["a", "b", "d", "turn", "turns", "0", "1", "2.5", "10", "100"]),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        inner.map(lambda x: f"-{x}"),
        st.tuples(st.sampled_from(["abs", "round"]), inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(
            lambda t: f"{t[0]}({t[1]}, {t[2]})"
        ),
        st.tuples(inner, inner, inner).map(lambda t: f"clamp({t[0]}, {t[1]}, {t[2]})"),
    ),
    max_leaves=6,
)
conditions = st.recursive(
    st.one_of(
        st.tuples(numbers, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), numbers).map(
            " ".join
        ),
        st.sampled_from(["phase.calm", "phase.war", "flag.x"]),
    ),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        inner.map(lambda x: f"not {x}"),
    ),
    max_leaves=4,
)
states = st.fixed_dictionaries(
    {
        "a": st.floats(0, 100),
        "b": st.floats(-5, 5),
        "turn": st.integers(1, TURNS).map(float),
        "x": st.booleans(),
    }
)


def env(state: dict[str, float]) -> SimpleNamespace:
    values = {"a": state["a"], "b": state["b"], "turn": state["turn"], "turns": float(TURNS)}
    values["d"] = parse("a / 10 - b", "number", NAMES).number(SimpleNamespace(values=values))
    return SimpleNamespace(values=values, flags={"x"} if state["x"] else set(), phase="calm")


@settings(max_examples=300, deadline=None)
@given(numbers, states)
def test_a_number_stays_in_its_range(text: str, state: dict[str, float]) -> None:
    value = parse(text, "number", NAMES).number(env(state))
    span = analyse(text, RANGES)
    assert isinstance(span, Range)
    assert span.lo - 1e-9 <= value <= span.hi + 1e-9 or value == 0  # non-finite becomes 0


@settings(max_examples=300, deadline=None)
@given(conditions, states)
def test_never_and_always_are_certain(text: str, state: dict[str, float]) -> None:
    value = parse(text, "bool", NAMES).test(env(state))
    truth = analyse(text, RANGES)
    assert isinstance(truth, Truth)
    assert truth.can_be_true if value else truth.can_be_false


def test_what_the_checker_reports() -> None:
    def says(text: str) -> Truth | Range | None:
        return analyse(text, RANGES)

    assert says("a < 0") == Truth(False, True)
    assert says("a >= 0") == Truth(True, False)
    assert says("d > 15") == Truth(False, True)  # d is -5 to 15
    assert says("turn > 12") == Truth(False, True)
    assert says("phase.war") == Truth(False, True)  # never entered
    assert says("a > 50") == Truth(True, True)
    assert says("a % 4 <= 4") == Truth(True, False)  # once the engine has `%`
