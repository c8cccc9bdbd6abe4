"""What an expression can be, given the meters' bounds: an interval analysis.

Every number an expression reads has a range — a meter stays within its min
and max, `turn` runs from 1 to `turns`, a derived value is whatever its
formula gives over those ranges — and every condition can be true, false or
either. Walking the expression once with ranges instead of values tells the
checker when a condition can never be true (`treasury < 0` when treasury's
min is 0) or is always true, so that dead events and endings are reported
where they stand.

The walk follows the grammar of game/engine/expr.py over text the engine has
already parsed and checked; it reads no state and runs no expression. It is
sound but not exact: "never" and "always" are certain, "either" may be
pessimistic (flags are assumed to be either, and an expression read twice is
not known to be the same value).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Final

import attrs

_TOKEN: Final = re.compile(
    r"""\s*(?:
    (?P<num>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
    | (?P<op><=|>=|==|!=|[-+*/%(),<>])
    )""",
    re.VERBOSE,
)
_COMPARE: Final = frozenset({"<", "<=", ">", ">=", "==", "!="})
_INF: Final = math.inf


@attrs.frozen
class Range:
    """Every value a number expression can take lies in lo..hi."""

    lo: float
    hi: float

    @classmethod
    def anything(cls) -> Range:
        return cls(-_INF, _INF)


@attrs.frozen
class Truth:
    """Whether a condition can be true, and whether it can be false."""

    can_be_true: bool
    can_be_false: bool


Value = Range | Truth
_EITHER: Final = Truth(True, True)


class Unknown(Exception):
    """Text the walk does not follow: the analysis says nothing rather than guess."""


@attrs.frozen
class Ranges:
    """What the names of a scenario can be."""

    numbers: Mapping[str, Range]
    phases_entered: frozenset[str]  # phases some path of transitions reaches


def analyse(text: str, ranges: Ranges) -> Value | None:
    """What `text` can be, or None when the analysis cannot tell."""
    try:
        return _Walk(text, ranges).run()
    except (Unknown, IndexError, ValueError, OverflowError, RecursionError):
        return None


def ranges_of(
    meters: Mapping[str, tuple[float, float]],
    derived: list[tuple[str, str]],
    turns: int,
    phases_entered: frozenset[str],
) -> Ranges:
    """Meters' bounds, then each derived value's formula in order (a formula reads only
    meters and the derived values before it)."""
    numbers: dict[str, Range] = {name: Range(lo, hi) for name, (lo, hi) in meters.items()}
    numbers["turn"] = Range(1, max(turns, 1))
    numbers["turns"] = Range(turns, turns)
    for name, formula in derived:
        value = analyse(formula, Ranges(numbers, phases_entered))
        numbers[name] = value if isinstance(value, Range) else Range.anything()
    return Ranges(numbers, phases_entered)


class _Walk:
    def __init__(self, text: str, ranges: Ranges) -> None:
        self.tokens = _tokens(text)
        self.at = 0
        self.ranges = ranges

    def run(self) -> Value:
        value = self.logic("or")
        if self.peek() != "":
            raise Unknown(self.peek())
        return value

    def peek(self) -> str:
        return self.tokens[self.at] if self.at < len(self.tokens) else ""

    def take(self) -> str:
        token = self.peek()
        self.at += 1
        return token

    def expect(self, token: str) -> None:
        if self.take() != token:
            raise Unknown(token)

    def logic(self, word: str) -> Value:
        value = self.logic("and") if word == "or" else self.negation()
        while self.peek() == word:
            self.take()
            right = self.logic("and") if word == "or" else self.negation()
            a, b = _truth(value), _truth(right)
            if word == "or":
                value = Truth(a.can_be_true or b.can_be_true, a.can_be_false and b.can_be_false)
            else:
                value = Truth(a.can_be_true and b.can_be_true, a.can_be_false or b.can_be_false)
        return value

    def negation(self) -> Value:
        if self.peek() == "not":
            self.take()
            inner = _truth(self.negation())
            return Truth(inner.can_be_false, inner.can_be_true)
        return self.comparison()

    def comparison(self) -> Value:
        left = self.sum()
        if self.peek() not in _COMPARE:
            return left
        op = self.take()
        return _compare(op, _range(left), _range(self.sum()))

    def sum(self) -> Value:
        value = self.product()
        while self.peek() in ("+", "-"):
            op = self.take()
            a, b = _range(value), _range(self.product())
            if op == "+":
                value = _checked(a.lo + b.lo, a.hi + b.hi)
            else:
                value = _checked(a.lo - b.hi, a.hi - b.lo)
        return value

    def product(self) -> Value:
        value = self.unary()
        while self.peek() in ("*", "/", "%"):
            op = self.take()
            a, b = _range(value), _range(self.unary())
            value = _multiply(a, b) if op == "*" else _divide(a, b) if op == "/" else _modulo(a, b)
        return value

    def unary(self) -> Value:
        if self.peek() in ("-", "+"):
            op = self.take()
            inner = _range(self.unary())
            return Range(-inner.hi, -inner.lo) if op == "-" else inner
        return self.atom()

    def atom(self) -> Value:
        token = self.take()
        if token == "(":
            value = self.logic("or")
            self.expect(")")
            return value
        if token == "true":
            return Truth(True, False)
        if token == "false":
            return Truth(False, True)
        if token[:1].isdigit() or token[:1] == ".":
            number = float(token)
            return Range(number, number)
        if token.startswith("flag."):
            return _EITHER
        if token.startswith("phase."):
            entered = token[len("phase.") :] in self.ranges.phases_entered
            return _EITHER if entered else Truth(False, True)
        if self.peek() == "(":
            return self.call(token)
        if token in self.ranges.numbers:
            return self.ranges.numbers[token]
        raise Unknown(token)

    def call(self, name: str) -> Value:
        self.expect("(")
        args = [_range(self.logic("or"))]
        while self.peek() == ",":
            self.take()
            args.append(_range(self.logic("or")))
        self.expect(")")
        if name == "abs":
            (a,) = args
            if a.lo >= 0:
                return a
            if a.hi <= 0:
                return Range(-a.hi, -a.lo)
            return Range(0, max(-a.lo, a.hi))
        if name == "round":
            (a,) = args
            return Range(_round(a.lo), _round(a.hi))
        if name == "clamp":
            x, lo, hi = args
            return Range(min(max(x.lo, lo.lo), hi.lo), min(max(x.hi, lo.hi), hi.hi))
        if name == "min":
            return Range(min(a.lo for a in args), min(a.hi for a in args))
        if name == "max":
            return Range(max(a.lo for a in args), max(a.hi for a in args))
        raise Unknown(name)


def _tokens(text: str) -> list[str]:
    tokens = []
    at = 0
    text = text.rstrip()
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None or match.end() == at:
            raise Unknown(text[at:])
        tokens.append(match.group(match.lastgroup or 0))
        at = match.end()
    return tokens


def _range(value: Value) -> Range:
    if not isinstance(value, Range):
        raise Unknown("a condition where a number belongs")
    return value


def _truth(value: Value) -> Truth:
    if not isinstance(value, Truth):
        raise Unknown("a number where a condition belongs")
    return value


def _checked(lo: float, hi: float) -> Range:
    """A non-finite result is 0 in the engine; a bound of nan means anything."""
    if math.isnan(lo) or math.isnan(hi):
        return Range.anything()
    return Range(lo, hi)


def _multiply(a: Range, b: Range) -> Range:
    products = [x * y for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    products = [0.0 if math.isnan(p) else p for p in products]  # 0 × inf: 0 is among them
    return Range(min(products), max(products))


def _divide(a: Range, b: Range) -> Range:
    if b.lo == b.hi == 0:
        return Range(0, 0)  # division by zero gives 0
    if b.lo <= 0 <= b.hi:
        return Range.anything()
    quotients = [x / y for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    if any(math.isnan(q) for q in quotients):
        return Range.anything()
    return Range(min(quotients), max(quotients))


def _modulo(a: Range, b: Range) -> Range:
    """Whatever the sign rule, a remainder is smaller than the divisor (and than a >= 0)."""
    bound = max(abs(b.lo), abs(b.hi))
    if a.lo >= 0 and b.lo > 0:
        return Range(0, min(bound, a.hi))
    return Range(-bound, bound)


def _round(x: float) -> float:
    if not math.isfinite(x):
        return x
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)


def _compare(op: str, a: Range, b: Range) -> Truth:
    if op in ("<", ">="):
        always = a.hi < b.lo
        never = a.lo >= b.hi
    elif op in (">", "<="):
        always = a.lo > b.hi
        never = a.hi <= b.lo
    else:  # == and !=
        always = a.lo == a.hi == b.lo == b.hi
        never = a.hi < b.lo or b.hi < a.lo
    if op in (">=", "<=", "!="):
        always, never = never, always
    return Truth(not never, not always)
