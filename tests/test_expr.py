"""Tests for the content expression language (game.engine.expr)."""

from __future__ import annotations

import functools
import math
import pickle
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import expr as expr_module
from game.engine.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    Expr,
    ExprError,
    Kind,
    Names,
    constant,
    parse,
)


@attrs.frozen
class FakeEnv:
    values: Mapping[str, float]
    flags: AbstractSet[str] = frozenset()
    phase: str = "opening"


NUMBERS = frozenset({"a", "b", "c", "credibility", "resolve", "war_risk", "turn", "turns"})
NAMES = Names(
    NUMBERS,
    phases=frozenset({"opening", "crisis", "endgame"}),
    flags=frozenset({"consulted", "mobilized"}),
)
OPEN_NAMES = Names(NUMBERS | {"d", "e"})
ENV = FakeEnv(
    {
        "a": 2.0,
        "b": 3.0,
        "c": -4.0,
        "credibility": 50.0,
        "resolve": 10.0,
        "war_risk": 0.25,
        "turn": 1.0,
        "turns": 16.0,
    },
    frozenset({"consulted"}),
    "crisis",
)


def num(text: str, env: FakeEnv = ENV, names: Names = NAMES) -> float:
    e = parse(text, "number", names)
    value = e.number(env)
    assert type(value) is float
    assert e.evaluate(env) == value
    return value


def cond(text: str, env: FakeEnv = ENV, names: Names = NAMES) -> bool:
    e = parse(text, "bool", names)
    value = e.test(env)
    assert type(value) is bool
    assert e.evaluate(env) is value
    return value


def error(text: str, kind: Kind = "number", names: Names = NAMES) -> ExprError:
    with pytest.raises(ExprError) as info:
        parse(text, kind, names)
    err = info.value
    assert "\n" not in str(err)
    return err


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3", 3.0),
        ("2.5", 2.5),
        (".5", 0.5),
        ("5.", 5.0),
        ("1e3", 1000.0),
        ("2.5E-1", 0.25),
        ("1e+2", 100.0),
        ("007", 7.0),
        ("  a  ", 2.0),
        ("\ta\n+\r\nb", 5.0),
        ("turn", 1.0),
        ("turns", 16.0),
    ],
)
def test_literals_and_names(text: str, value: float) -> None:
    assert num(text) == value


def test_bool_literals() -> None:
    assert cond("true") is True
    assert cond("false") is False


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 - 2 - 3", -4.0),
        ("2 + 3 * 4", 14.0),
        ("(2 + 3) * 4", 20.0),
        ("2 * 3 + 4", 10.0),
        ("24 / 4 / 2", 3.0),
        ("24 / 4 * 2", 12.0),
        ("2 - 3 + 4", 3.0),
        ("-2 * 3", -6.0),
        ("-a * b", -6.0),
        ("- - a", 2.0),
        ("--a", 2.0),
        ("---a", -2.0),
        ("+a", 2.0),
        ("-+-+a", 2.0),
        ("a - -b", 5.0),
        ("a * -b", -6.0),
        ("10 - 2 * 3 - 1", 3.0),
        ("1 + 2 + 3 + 4 + 5 - 6 - 7", 2.0),
        ("2 * 3 * 4 / 8 / 3", 1.0),
        ("-(a + b)", -5.0),
        ("((((a))))", 2.0),
    ],
)
def test_arithmetic_precedence_and_associativity(text: str, value: float) -> None:
    assert num(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("not true and false", False),
        ("not false and true", True),
        ("not (true and false)", True),
        ("true or false and false", True),
        ("(true or false) and false", False),
        ("false and true or true", True),
        ("not a < b", False),
        ("not a > b", True),
        ("not not true", True),
        ("not not not true", False),
        ("a < b and b < 4", True),
        ("a + 1 == b", True),
        ("a * 2 != 4", False),
        ("a <= 2 and a >= 2 and a < 2.5 and a > 1.5", True),
        ("(a < b) == (b < a)", False),
        ("true == true", True),
        ("true != false", True),
        ("false or false or false or true", True),
        ("true and true and true and false", False),
    ],
)
def test_logic_precedence(text: str, value: bool) -> None:
    assert cond(text) is value


def test_not_and_evaluates_not_first() -> None:
    def f(a: bool, b: bool) -> bool:
        env = FakeEnv(ENV.values, frozenset(n for n, v in (("x", a), ("y", b)) if v))
        return cond("not flag.x and flag.y", env, OPEN_NAMES)

    assert [f(a, b) for a in (False, True) for b in (False, True)] == [
        (not a) and b for a in (False, True) for b in (False, True)
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("min(a)", 2.0),
        ("min(a, b)", 2.0),
        ("min(b, a, c, 7)", -4.0),
        ("max(a)", 2.0),
        ("max(a, b)", 3.0),
        ("max(b, a, c, 7)", 7.0),
        ("abs(c)", 4.0),
        ("abs(a)", 2.0),
        ("abs(-0)", 0.0),
        ("clamp(5, 0, 10)", 5.0),
        ("clamp(-5, 0, 10)", 0.0),
        ("clamp(50, 0, 10)", 10.0),
        ("clamp(credibility, a, b)", 3.0),
        ("clamp(1, 10, 0)", 0.0),  # lo > hi: the upper bound wins
        ("min(max(c, 0), 1) + abs(-b)", 3.0),
        ("round(2.4)", 2.0),
        ("round(2.5)", 3.0),
        ("round(3.5)", 4.0),
        ("round(-2.5)", -3.0),
        ("round(-2.4)", -2.0),
        ("round(0.5)", 1.0),
        ("round(-0.5)", -1.0),
        ("round(0.49999999999999994)", 0.0),
        ("round(1e300)", 1e300),
        ("round(4503599627370497)", 4503599627370497.0),
        ("round(war_risk * 10)", 3.0),
    ],
)
def test_functions(text: str, value: float) -> None:
    assert num(text) == value


def test_round_result_has_no_negative_zero() -> None:
    assert math.copysign(1.0, num("round(-0.2)")) == 1.0
    assert math.copysign(1.0, num("-0")) == 1.0
    assert math.copysign(1.0, num("-a", FakeEnv({**ENV.values, "a": 0.0}))) == 1.0


def half_up(x: float) -> float:
    """Round half away from zero, exactly, via Decimal."""
    with localcontext() as ctx:
        ctx.prec = 400
        return float(Decimal(x).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_round_matches_decimal_half_up(x: float) -> None:
    env = FakeEnv({"a": x})
    assert num("round(a)", env, OPEN_NAMES) == half_up(x)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 / 0", 0.0),
        ("a / 0", 0.0),
        ("a / (b - 3)", 0.0),
        ("0 / 0", 0.0),
        ("1 + a / (b - b)", 1.0),
        ("a / 0 / 0 * 5 + 1", 1.0),
    ],
)
def test_division_by_zero_is_zero(text: str, value: float) -> None:
    assert num(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7 % 4", 3.0),
        ("8 % 4", 0.0),
        ("a % 4", 2.0),  # a = 2
        ("-7 % 4", 1.0),  # the sign of the divisor, as Python's %: cycles stay 0..3
        ("7.5 % 2", 1.5),
        ("2 * 7 % 4", 2.0),  # one precedence with * and /, left to right
        ("2 * (7 % 4)", 6.0),
        ("17 % 10 / 2", 3.5),
        ("1 + 7 % 4", 4.0),
        ("7 % 0", 0.0),  # like division by zero
        ("a % (b - b)", 0.0),
    ],
)
def test_remainder(text: str, value: float) -> None:
    assert num(text) == value


def test_remainder_makes_seasons() -> None:
    autumn = parse("turn % 4 == 3", "bool", Names(frozenset({"turn"})))
    turns = [t for t in range(1, 13) if autumn.evaluate(FakeEnv({"turn": float(t)}))]
    assert turns == [3, 7, 11]


@pytest.mark.parametrize(
    "text",
    ["a * a * a", "a * b", "a + a", "a - c", "a / d", "-a * a", "abs(a * a)", "round(a * a)"],
)
def test_overflow_becomes_zero(text: str) -> None:
    env = FakeEnv({"a": 1e308, "b": 10.0, "c": -1e308, "d": 1e-308})
    assert num(text, env, OPEN_NAMES) == 0.0


def test_constant_overflow_is_folded_to_zero() -> None:
    assert num("1e308 * 10") == 0.0
    assert num("1e308 * 10 + 1") == 1.0


def test_non_finite_or_int_env_values_are_tamed() -> None:
    env = FakeEnv({"a": math.inf, "b": math.nan, "c": -math.inf, "d": 3, "e": 10**400})
    assert num("a + 1", env, OPEN_NAMES) == 1.0
    assert num("b + 1", env, OPEN_NAMES) == 1.0
    assert num("c", env, OPEN_NAMES) == 0.0
    d = num("d / 2", env, OPEN_NAMES)
    assert d == 1.5
    assert num("e", env, OPEN_NAMES) == 0.0


def test_flags() -> None:
    assert cond("flag.consulted") is True
    assert cond("flag.mobilized") is False
    assert cond("not flag.mobilized and flag.consulted") is True
    assert cond("flag.consulted == flag.mobilized") is False
    e = parse("flag.anything or flag.other", "bool", OPEN_NAMES)
    assert e.flags == {"anything", "other"}
    assert e.test(FakeEnv({}, frozenset({"other"}))) is True
    assert e.test(FakeEnv({})) is False


def test_phases() -> None:
    assert cond("phase.crisis") is True
    assert cond("phase.opening") is False
    assert cond("phase.opening or phase.crisis") is True
    e = parse("phase.whatever", "bool", OPEN_NAMES)
    assert e.phases == {"whatever"}
    assert e.test(FakeEnv({}, phase="whatever")) is True
    assert e.test(FakeEnv({}, phase="other")) is False


def test_names_read_are_recorded() -> None:
    e = parse(
        "credibility > 10 and (flag.consulted or phase.crisis) and min(a, turn) < turns",
        "bool",
        NAMES,
    )
    assert e.numbers == {"credibility", "a", "turn", "turns"}
    assert e.flags == {"consulted"}
    assert e.phases == {"crisis"}
    assert e.text.startswith("credibility")
    assert e.kind == "bool"
    constant_expr = parse("1 + 2", "number", NAMES)
    assert constant_expr.numbers == frozenset()
    assert constant_expr.number(FakeEnv({})) == 3.0


def test_function_names_can_be_meter_names() -> None:
    names = Names(frozenset({"min", "round"}))
    env = FakeEnv({"min": 4.0, "round": 1.5})
    assert num("min(min, round) + min", env, names) == 5.5


# --------------------------------------------------------------------------- Expr object


def test_expr_equality_and_hash_use_text_and_kind() -> None:
    a1 = parse("a + 1", "number", NAMES)
    a2 = parse("a + 1", "number", OPEN_NAMES)
    assert a1 == a2
    assert hash(a1) == hash(a2)
    assert a1 != parse("a+1", "number", NAMES)
    assert parse("a", "number", NAMES) != parse("a < 1", "bool", NAMES)
    assert len({a1, a2}) == 1
    assert constant(5) == parse("5", "number", NAMES)


def test_expr_can_live_in_frozen_attrs() -> None:
    @attrs.frozen
    class Holder:
        amount: Expr

    assert Holder(constant(2)) == Holder(constant(2.0))
    assert hash(Holder(constant(2))) == hash(Holder(constant(2.0)))
    assert "a + 1" in repr(parse("a + 1", "number", NAMES))


def test_number_and_test_check_kind() -> None:
    with pytest.raises(TypeError):
        parse("true", "bool", NAMES).number(ENV)
    with pytest.raises(TypeError):
        parse("1", "number", NAMES).test(ENV)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5, "5"),
        (5.0, "5"),
        (-2.5, "-2.5"),
        (0.1, "0.1"),
        (-0.0, "0"),
        (1e20, "1e+20"),
        (-3, "-3"),
        (123456789.0, "123456789"),
    ],
)
def test_constant(value: float, text: str) -> None:
    e = constant(value)
    assert e.text == text
    assert e.kind == "number"
    assert e.number(ENV) == value
    assert e.numbers == e.flags == e.phases == frozenset()
    assert parse(e.text, "number", NAMES).number(ENV) == value


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 10**400])
def test_constant_rejects_non_finite(value: float) -> None:
    with pytest.raises(ExprError):
        constant(value)


def test_expr_error_shape() -> None:
    err = ExprError("unknown name 'x'", 7)
    assert err.message == "unknown name 'x'"
    assert err.column == 7
    assert str(err) == "unknown name 'x' at column 7"
    copy = pickle.loads(pickle.dumps(error("resolv")))
    assert str(copy) == str(error("resolv"))
    assert copy.message == error("resolv").message


# --------------------------------------------------------------------------- errors


def test_unknown_name_with_suggestion() -> None:
    err = error("credibility + resolv * 2")
    assert err.column == 15
    assert err.message == "unknown name 'resolv' (did you mean 'resolve'?)"
    assert str(err) == "unknown name 'resolv' at column 15 (did you mean 'resolve'?)"


def test_unknown_name_without_suggestion() -> None:
    err = error("zzzzqq")
    assert err.message == "unknown name 'zzzzqq'"
    assert err.column == 1


@pytest.mark.parametrize(
    ("text", "kind", "column", "message"),
    [
        ("consulted", "bool", 1, "unknown name 'consulted' (did you mean 'flag.consulted'?)"),
        ("crisis", "bool", 1, "unknown name 'crisis' (did you mean 'phase.crisis'?)"),
        ("1 + min", "number", 5, "unknown name 'min' (min is a function: write min(...))"),
        ("flag", "bool", 1, "unknown name 'flag' (write flag.NAME)"),
        (
            "flag.consultd",
            "bool",
            1,
            "unknown flag 'consultd' (did you mean 'flag.consulted'?)",
        ),
        ("flag.zzzzzzzz", "bool", 1, "unknown flag 'zzzzzzzz'"),
        (
            "true and phase.crises",
            "bool",
            10,
            "unknown phase 'crises' (did you mean 'phase.crisis'?)",
        ),
        ("phase.qqqqqq", "bool", 1, "unknown phase 'qqqqqq'"),
        (
            "foo.bar",
            "bool",
            1,
            "'foo.bar' is not a valid name (only flag.NAME and phase.NAME contain a dot)",
        ),
        ("flg.bar", "bool", 1, "'flg.bar' is not a valid name (did you mean 'flag.bar'?)"),
        (
            "flag.a.b",
            "bool",
            1,
            "'flag.a.b' is not a valid name (only flag.NAME and phase.NAME contain a dot)",
        ),
        ("flag.", "bool", 6, "expected a name after 'flag.'"),
        ("phase. crisis", "bool", 7, "expected a name after 'phase.'"),
        ("mn(a, b)", "number", 1, "unknown function 'mn' (did you mean 'min'?)"),
        ("1 + sqrt(a)", "number", 5, "unknown function 'sqrt'"),
        ("a + credibility(2)", "number", 5, "'credibility' is not a function"),
        ("flag.consulted(1)", "bool", 1, "'flag.consulted' is not a function"),
        ("abs(a, b)", "number", 1, "abs() takes exactly 1 argument (got 2)"),
        ("abs()", "number", 1, "abs() takes exactly 1 argument (got 0)"),
        ("round(1, 2)", "number", 1, "round() takes exactly 1 argument (got 2)"),
        ("1 + clamp(a, b)", "number", 5, "clamp() takes exactly 3 arguments (got 2)"),
        ("min()", "number", 1, "min() takes at least 1 argument (got 0)"),
        ("max()", "number", 1, "max() takes at least 1 argument (got 0)"),
        ("min(a,)", "number", 7, "expected a value, found ')'"),
        ("min(a b)", "number", 7, "expected ',' or ')', found name 'b'"),
        ("min(a, b", "number", 4, "unclosed '(' in call to min()"),
        ("(a + b", "number", 1, "unclosed '('"),
        ("(a + b c", "number", 8, "expected ')', found name 'c'"),
        ("a + b)", "number", 6, "unmatched ')'"),
        ("a b", "number", 3, "unexpected name 'b' (expected an operator or the end)"),
        ("1 2", "number", 3, "unexpected number 2 (expected an operator or the end)"),
        ("true not", "bool", 6, "unexpected 'not' (expected an operator or the end)"),
        ("1 +", "number", 4, "expected a value, found the end of the expression"),
        ("1 + ", "number", 5, "expected a value, found the end of the expression"),
        ("* 2", "number", 1, "expected a value, found '*'"),
        ("a ** 2", "number", 4, "expected a value, found '*'"),
        (
            "1 + not true",
            "number",
            5,
            "expected a value, found 'not' (put 'not ...' in parentheses)",
        ),
        (
            "a == not true",
            "bool",
            6,
            "expected a value, found 'not' (put 'not ...' in parentheses)",
        ),
        ("and", "bool", 1, "expected a value, found 'and'"),
        ("()", "number", 2, "expected a value, found ')'"),
        ("a < b < c", "bool", 7, "comparisons cannot be chained (use 'and': a < b and b < c)"),
        ("a == b == c", "bool", 8, "comparisons cannot be chained (use 'and': a < b and b < c)"),
        ("", "number", 1, "empty expression"),
        ("   \t\n ", "bool", 1, "empty expression"),
        ("a @ b", "number", 3, "unexpected character '@'"),
        ("a\x00", "number", 2, "unexpected character '\\x00'"),
        ("a\x1b[0m", "number", 2, "unexpected character '\\x1b'"),
        ("a = 1", "bool", 3, "unexpected character '=' (use '==' to compare)"),
        ("!flag.x", "bool", 1, "unexpected character '!' (use 'not', or '!=' for 'not equal')"),
        ("true && false", "bool", 6, "unexpected character '&' (use 'and')"),
        ("true || false", "bool", 6, "unexpected character '|' (use 'or')"),
        ("a == 'x'", "bool", 6, 'unexpected character "\'" (there are no strings in expressions)'),
        ("a . b", "number", 3, "unexpected character '.'"),
        ("ä", "number", 1, "unexpected character 'ä'"),
        ("a + ١", "number", 5, "unexpected character '١'"),
        ("2x", "number", 1, "invalid number '2x'"),
        ("1e", "number", 1, "invalid number '1e'"),
        ("1.2.3", "number", 1, "invalid number '1.2.3'"),
        ("a + 1e999", "number", 5, "number '1e999' is too large"),
    ],
)
def test_errors(text: str, kind: Kind, column: int, message: str) -> None:
    err = error(text, kind)
    assert (err.message, err.column) == (message, column)


@pytest.mark.parametrize(
    ("text", "kind", "column", "message"),
    [
        ("a", "bool", 1, "expected a true/false condition, got a number"),
        ("  a + 1", "bool", 3, "expected a true/false condition, got a number"),
        ("a < 1", "number", 1, "expected a number, got a true/false condition"),
        ("true", "number", 1, "expected a number, got a true/false condition"),
        ("1 + true", "number", 5, "'+' needs a number, got a true/false value"),
        ("true - 1", "number", 1, "'-' needs a number, got a true/false value"),
        ("2 * (a < b)", "number", 5, "'*' needs a number, got a true/false value"),
        ("a / flag.x", "number", 5, "'/' needs a number, got a true/false value"),
        ("-true", "number", 2, "'-' needs a number, got a true/false value"),
        ("+flag.consulted", "number", 2, "'+' needs a number, got a true/false value"),
        ("a and true", "bool", 1, "'and' needs a true/false value, got a number"),
        ("true or 1", "bool", 9, "'or' needs a true/false value, got a number"),
        ("not a", "bool", 5, "'not' needs a true/false value, got a number"),
        ("true < false", "bool", 1, "'<' needs a number, got a true/false value"),
        ("1 >= phase.crisis", "bool", 6, "'>=' needs a number, got a true/false value"),
        ("1 == true", "bool", 3, "cannot compare a number with a true/false value using '=='"),
        ("flag.x != 0", "bool", 8, "cannot compare a true/false value with a number using '!='"),
        ("min(1, true)", "number", 8, "min() needs a number, got a true/false value"),
        ("abs(a > 1)", "number", 5, "abs() needs a number, got a true/false value"),
        ("clamp(a, 0, (b == 1))", "number", 13, "clamp() needs a number, got a true/false value"),
    ],
)
def test_type_errors(text: str, kind: Kind, column: int, message: str) -> None:
    err = error(text, kind, OPEN_NAMES)
    assert (err.message, err.column) == (message, column)


def test_long_names_are_shortened_in_messages() -> None:
    err = error("x" * 500)
    assert len(err.message) < 100
    assert err.column == 1


# --------------------------------------------------------------------------- limits


def test_length_limit() -> None:
    ok = "1" + " + 1" * ((MAX_LENGTH - 1) // 4)
    assert len(ok) <= MAX_LENGTH
    assert num(ok) == float(1 + (MAX_LENGTH - 1) // 4)
    text = "a" + " " * (MAX_LENGTH - 1)
    assert len(text) == MAX_LENGTH
    assert num(text) == 2.0
    err = error(text + " ")
    assert err.column == MAX_LENGTH + 1
    assert "too long" in err.message


def test_long_flat_chains_evaluate_without_recursion() -> None:
    assert num("+".join(["1"] * 1000)) == 1000.0
    assert num("a" + "*1" * 999) == 2.0
    assert num("a" + "-a" * 600) == -1198.0
    assert cond(" or ".join(["false"] * 200)) is False
    assert cond(" and ".join(["flag.consulted"] * 100)) is True


def _nest(depth: int, kind: str) -> str:
    if kind == "parens":
        return "(" * depth + "a" + ")" * depth
    if kind == "minus":
        return "-" * depth + "a"
    if kind == "spaced":
        return "- " * depth + "a"
    if kind == "not":
        return "not " * depth + "true"
    if kind == "abs":
        return "abs(" * depth + "a" + ")" * depth
    assert kind == "min"
    return "min(1, " * depth + "a" + ")" * depth


NESTINGS = ["parens", "minus", "spaced", "not", "abs", "min"]


@pytest.mark.parametrize("kind", NESTINGS)
def test_depth_limit(kind: str) -> None:
    expr_kind: Kind = "bool" if kind == "not" else "number"
    parse(_nest(MAX_DEPTH, kind), expr_kind, NAMES).evaluate(ENV)
    err = error(_nest(MAX_DEPTH + 1, kind), expr_kind)
    assert "nested too deeply" in err.message
    assert 1 < err.column < len(_nest(MAX_DEPTH + 1, kind))


def test_depth_limit_counts_mixed_nesting() -> None:
    text = "-(" * 25 + "a" + ")" * 25
    assert num(text) == -2.0
    err = error("+" + text)
    assert "nested too deeply" in err.message


@pytest.mark.parametrize("kind", NESTINGS)
def test_huge_nesting_is_refused_with_a_message(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expr_kind: Kind = "bool" if kind == "not" else "number"
    text = _nest(10_000, kind)
    err = error(text, expr_kind)
    assert "too long" in err.message
    # Even without the length limit, deep nesting is an ExprError, never a RecursionError.
    monkeypatch.setattr(expr_module, "MAX_LENGTH", 1_000_000)
    err = error(text, expr_kind)
    assert "nested too deeply" in err.message


def test_deepest_expression_evaluates() -> None:
    # Every nesting level stacks several operators; evaluation must still be fine.
    inner = "a"
    for _ in range((MAX_DEPTH - 2) // 4):  # 4 levels each: abs( max( - (
        inner = f"abs(max(-({inner} * b + 1 - c / 2) * 2 + 1, 1, c) / 2)"
    text = "not (" + inner + " > 0 or false and true == true)"
    assert len(text) < MAX_LENGTH
    assert isinstance(parse(text, "bool", NAMES).test(ENV), bool)


# --------------------------------------------------------------------------- fuzzing


@settings(max_examples=300)
@given(st.text(), st.sampled_from(["number", "bool"]))
def test_parse_arbitrary_text_only_raises_expr_error(text: str, kind: Kind) -> None:
    try:
        e = parse(text, kind, NAMES)
    except ExprError as err:
        assert isinstance(err.column, int)
        assert 1 <= err.column <= max(len(text), MAX_LENGTH) + 1
        assert "\n" not in str(err)
        return
    value = e.evaluate(ENV)
    assert isinstance(value, bool if kind == "bool" else float)


TOKENS = [
    *"()+-*/,<>",
    "<=",
    ">=",
    "==",
    "!=",
    " ",
    "1",
    "2.5",
    ".5",
    "1e3",
    "0",
    "a",
    "b",
    "c",
    "min",
    "max",
    "abs",
    "clamp",
    "round",
    "not",
    "and",
    "or",
    "true",
    "false",
    "flag.consulted",
    "phase.crisis",
    "flag.x",
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(TOKENS), max_size=30), st.sampled_from(["number", "bool"]))
def test_parse_token_soup_only_raises_expr_error(tokens: list[str], kind: Kind) -> None:
    text = " ".join(tokens)
    try:
        e = parse(text, kind, NAMES)
    except ExprError:
        return
    value = e.evaluate(ENV)
    assert isinstance(value, bool if kind == "bool" else float)
    if isinstance(value, float):
        assert math.isfinite(value)


# A tiny typed AST for generating valid expressions: tuples ("op", ...children).
Tree = tuple[Any, ...]

NUM_NAMES = ["a", "b", "c"]
FLAG_NAMES = ["consulted", "mobilized"]
PHASE_NAMES = ["opening", "crisis"]

finite_literals = st.one_of(
    st.integers(min_value=0, max_value=1000).map(float),
    st.floats(min_value=0, max_value=1e300, allow_nan=False, allow_infinity=False),
)


@functools.cache
def trees(kind: str, depth: int) -> st.SearchStrategy[Tree]:
    if kind == "number":
        leaves = st.one_of(
            finite_literals.map(lambda v: ("num", v)),
            st.sampled_from(NUM_NAMES).map(lambda n: ("name", n)),
        )
    else:
        leaves = st.one_of(
            st.booleans().map(lambda v: ("bool", v)),
            st.sampled_from(FLAG_NAMES).map(lambda n: ("flag", n)),
            st.sampled_from(PHASE_NAMES).map(lambda n: ("phase", n)),
        )
    if depth == 0:
        return leaves
    n = trees("number", depth - 1)
    b = trees("bool", depth - 1)
    if kind == "number":
        branches = st.one_of(
            st.tuples(st.just("neg"), n),
            st.tuples(st.just("pos"), n),
            st.tuples(st.just("bin"), st.sampled_from("+-*/%"), n, n),
            st.tuples(st.just("call"), st.sampled_from(["abs", "round"]), st.tuples(n)),
            st.tuples(st.just("call"), st.just("clamp"), st.tuples(n, n, n)),
            st.tuples(
                st.just("call"),
                st.sampled_from(["min", "max"]),
                st.lists(n, min_size=1, max_size=4).map(tuple),
            ),
        )
    else:
        branches = st.one_of(
            st.tuples(st.just("not"), b),
            st.tuples(st.just("logic"), st.sampled_from(["and", "or"]), b, b),
            st.tuples(st.just("cmp"), st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), n, n),
            st.tuples(st.just("cmp"), st.sampled_from(["==", "!="]), b, b),
        )
    return st.one_of(leaves, leaves, branches)


def fin(x: float) -> float:
    return x if math.isfinite(x) else 0.0


def reference(t: Tree, env: FakeEnv) -> Any:
    op = t[0]
    if op in ("num", "bool"):
        return t[1]
    if op == "name":
        return env.values[t[1]]
    if op == "flag":
        return t[1] in env.flags
    if op == "phase":
        return env.phase == t[1]
    if op == "neg":
        return -reference(t[1], env)
    if op == "pos":
        return reference(t[1], env)
    if op == "not":
        return not reference(t[1], env)
    if op == "bin":
        x, y = reference(t[2], env), reference(t[3], env)
        if t[1] == "+":
            return fin(x + y)
        if t[1] == "-":
            return fin(x - y)
        if t[1] == "*":
            return fin(x * y)
        if t[1] == "%":
            return 0.0 if y == 0 else fin(x % y)
        return 0.0 if y == 0 else fin(x / y)
    if op == "logic":
        x, y = reference(t[2], env), reference(t[3], env)
        return (x and y) if t[1] == "and" else (x or y)
    if op == "cmp":
        x, y = reference(t[2], env), reference(t[3], env)
        return {
            "<": x < y,
            "<=": x <= y,
            ">": x > y,
            ">=": x >= y,
            "==": x == y,
            "!=": x != y,
        }[t[1]]
    assert op == "call"
    args = [reference(arg, env) for arg in t[2]]
    if t[1] == "abs":
        return abs(args[0])
    if t[1] == "round":
        return half_up(args[0])
    if t[1] == "clamp":
        return min(max(args[0], args[1]), args[2])
    return min(args) if t[1] == "min" else max(args)


def render_full(t: Tree) -> str:
    """Every compound sub-expression in parentheses."""
    op = t[0]
    if op == "num":
        return repr(t[1])
    if op == "bool":
        return "true" if t[1] else "false"
    if op == "name":
        return str(t[1])
    if op in ("flag", "phase"):
        return f"{op}.{t[1]}"
    if op in ("neg", "pos"):
        return f"({'-' if op == 'neg' else '+'}{render_full(t[1])})"
    if op == "not":
        return f"(not {render_full(t[1])})"
    if op in ("bin", "logic", "cmp"):
        return f"({render_full(t[2])} {t[1]} {render_full(t[3])})"
    return f"{t[1]}({', '.join(render_full(arg) for arg in t[2])})"


PREC = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6, "unary": 7}
ATOM = 8


def render_min(t: Tree) -> tuple[str, int]:
    """As few parentheses as the grammar allows; returns (text, precedence)."""
    op = t[0]

    def sub(child: Tree, need: int) -> str:
        text, prec = render_min(child)
        return text if prec >= need else f"({text})"

    if op in ("num", "bool", "name", "flag", "phase"):
        return render_full(t), ATOM
    if op in ("neg", "pos"):
        return ("-" if op == "neg" else "+") + sub(t[1], PREC["unary"]), PREC["unary"]
    if op == "not":
        return "not " + sub(t[1], PREC["not"]), PREC["not"]
    if op == "cmp":
        p = PREC["cmp"]
        return f"{sub(t[2], p + 1)} {t[1]} {sub(t[3], p + 1)}", p
    if op in ("bin", "logic"):
        p = PREC[t[1]]
        return f"{sub(t[2], p)} {t[1]} {sub(t[3], p + 1)}", p
    return f"{t[1]}({', '.join(sub(arg, 0) for arg in t[2])})", ATOM


envs = st.builds(
    FakeEnv,
    st.fixed_dictionaries(
        {name: st.floats(allow_nan=False, allow_infinity=False) for name in NUM_NAMES}
    ),
    st.frozensets(st.sampled_from(FLAG_NAMES)),
    st.sampled_from(PHASE_NAMES),
)


@settings(max_examples=300)
@given(
    st.one_of(
        st.tuples(st.just("number"), trees("number", 4)),
        st.tuples(st.just("bool"), trees("bool", 4)),
    ),
    envs,
)
def test_generated_expressions_evaluate_like_reference(kt: tuple[Kind, Tree], env: FakeEnv) -> None:
    kind, tree = kt
    full = render_full(tree)
    minimal, _ = render_min(tree)
    spaced = " ".join(minimal.replace("(", " ( ").replace(")", " ) ").split())
    expected = reference(tree, env)
    results = []
    for text in (full, minimal, spaced):
        if len(text) > MAX_LENGTH:
            continue
        e = parse(text, kind, NAMES)
        assert e == parse(text, kind, OPEN_NAMES)
        value = e.evaluate(env)
        if kind == "number":
            assert type(value) is float
            assert math.isfinite(value)
        else:
            assert type(value) is bool
        results.append(value)
    assert all(value == expected for value in results), (full, minimal, results, expected)
