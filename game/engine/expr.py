"""The content expression language: parsing, static checking and evaluation.

An expression is parsed once into a tree of small closures and then evaluated
many times against an :class:`Env`. Parsing checks names, arity and types
(every sub-expression is either a number or a true/false value) and reports
problems as :class:`ExprError` with a 1-based column. Evaluation never
raises for a parsed expression and an environment holding every name it
reads: division (and remainder) by zero gives 0, and any result that would be infinite or
not-a-number becomes 0, so numbers stay finite.

Grammar, lowest precedence first::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/" | "%") unary)*
    unary   := ("-" | "+") unary | atom
    atom    := NUMBER | "true" | "false" | NAME | "flag." NAME | "phase." NAME
             | FUNCTION "(" expr ("," expr)* ")" | "(" expr ")"

No ``eval``/``exec``/``ast``: the parser is a hand-written recursive descent
whose depth is bounded by MAX_DEPTH, and long operator chains are built as
flat n-ary nodes so evaluation depth is bounded too.
"""

from __future__ import annotations

import difflib
import functools
import math
import operator
import re
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, Final, Literal, NamedTuple, Protocol, cast

import attrs

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Env",
    "Expr",
    "ExprError",
    "Kind",
    "Names",
    "constant",
    "parse",
]

Kind = Literal["number", "bool"]

MAX_LENGTH: Final = 2000
MAX_DEPTH: Final = 50

FUNCTIONS: Final = ("abs", "clamp", "max", "min", "round")
KEYWORDS: Final = frozenset({"and", "or", "not", "true", "false"})

_INF: Final = math.inf
_NEG_INF: Final = -math.inf


class ExprError(Exception):
    """A problem in an expression. ``str(err)`` is a one-line human message.

    ``message`` is the problem including any hint, e.g. ``unknown name 'resolv'
    (did you mean 'resolve'?)``; ``column`` is 1-based. ``str(err)`` puts the
    column before the hint, as the content guide shows: ``unknown name 'resolv'
    at column 12 (did you mean 'resolve'?)``.
    """

    message: str
    column: int
    hint: str | None

    def __init__(self, message: str, column: int, hint: str | None = None) -> None:
        super().__init__(message, column, hint)
        self._base = message
        self.hint = hint
        self.message = f"{message} ({hint})" if hint else message
        self.column = column

    def __str__(self) -> str:
        text = f"{self._base} at column {self.column}"
        return f"{text} ({self.hint})" if self.hint else text


@attrs.frozen
class Names:
    """What an expression may refer to."""

    numbers: frozenset[str]
    phases: frozenset[str] | None = None
    flags: frozenset[str] | None = None


class Env(Protocol):
    """What an expression reads when evaluated."""

    @property
    def values(self) -> Mapping[str, float]: ...  # every numeric name -> value

    @property
    def flags(self) -> AbstractSet[str]: ...  # flags currently set

    @property
    def phase(self) -> str: ...  # current phase id


_Fn = Callable[[Env], float]  # bool-kind closures return bool (a subtype of float for mypy)
_NumFn = Callable[[Env], float]
_BoolFn = Callable[[Env], bool]


@attrs.frozen
class Expr:
    """A parsed, type-checked expression. Equal when text and kind are equal.

    `number(env)` and `test(env)` are the compiled closure itself for the
    expression's kind (no wrapper call on the hot path); the other one raises
    TypeError.
    """

    text: str
    kind: Kind
    numbers: frozenset[str] = attrs.field(default=frozenset(), eq=False)
    flags: frozenset[str] = attrs.field(default=frozenset(), eq=False)
    phases: frozenset[str] = attrs.field(default=frozenset(), eq=False)
    _fn: _Fn = attrs.field(kw_only=True, eq=False, repr=False)
    number: _NumFn = attrs.field(init=False, eq=False, repr=False)
    test: _BoolFn = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        fn = self._fn
        wrong = _wrong_kind(self.text, self.kind)
        object.__setattr__(self, "number", fn if self.kind == "number" else wrong)
        object.__setattr__(self, "test", cast(_BoolFn, fn) if self.kind == "bool" else wrong)

    def evaluate(self, env: Env) -> float | bool:
        """The value: a float for number expressions, a bool for conditions."""
        return self._fn(env)


def _wrong_kind(text: str, kind: Kind) -> Callable[[Env], Any]:
    def wrong(env: Env) -> Any:
        if kind == "bool":
            raise TypeError(f"expression {text!r} is a condition, not a number")
        raise TypeError(f"expression {text!r} is a number, not a condition")

    return wrong


def parse(text: str, kind: Kind, names: Names) -> Expr:
    """Parse and check `text` as an expression of `kind`. Raises only ExprError."""
    if kind not in ("number", "bool"):
        raise ValueError(f"kind must be 'number' or 'bool', not {kind!r}")
    if len(text) > MAX_LENGTH:
        raise ExprError(
            f"expression is too long ({len(text)} characters, at most {MAX_LENGTH})",
            MAX_LENGTH + 1,
        )
    try:
        parser = _Parser(text, _tokenize(text), names)
        node = parser.parse()
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps recursion shallow
        raise ExprError(
            f"expression is nested too deeply (at most {MAX_DEPTH} levels)", 1
        ) from None
    if node.kind != kind:
        if kind == "bool":
            raise ExprError("expected a true/false condition, got a number", node.col)
        raise ExprError("expected a number, got a true/false condition", node.col)
    return Expr(
        text,
        kind,
        frozenset(parser.numbers),
        frozenset(parser.flags),
        frozenset(parser.phases),
        fn=node.fn,
    )


@functools.lru_cache(maxsize=1024, typed=True)  # a pack repeats the same few amounts
def constant(value: float) -> Expr:
    """A number expression for a plain TOML number: `text` is e.g. "5" or "-2.5"."""
    try:
        number = float(value)
    except (OverflowError, TypeError, ValueError):
        raise ExprError(f"not a usable number: {value!r}", 1) from None
    if not math.isfinite(number):
        raise ExprError(f"number must be finite, not {value!r}", 1)
    number += 0.0  # -0.0 -> 0.0
    text = str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)
    return Expr(text, "number", fn=_const_fn(number))


# --------------------------------------------------------------------------- tokens


class _Tok(NamedTuple):
    type: Literal["num", "name", "op", "end"]
    text: str
    col: int
    value: float = 0.0


_TOKEN_RE: Final = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+)
    | (?P<num>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
    | (?P<op><=|>=|==|!=|[-+*/%(),<>])
    """,
    re.VERBOSE,
)
_WORD_CHARS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.")
_CHAR_HINTS: Final = {
    "=": "use '==' to compare",
    "!": "use 'not', or '!=' for 'not equal'",
    "&": "use 'and'",
    "|": "use 'or'",
    "'": "there are no strings in expressions",
    '"': "there are no strings in expressions",
    "^": "there is no power operator",
}


def _tokenize(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN_RE.match(text, pos)
        if m is None:
            ch = text[pos]
            raise ExprError(f"unexpected character {ch!r}", pos + 1, _CHAR_HINTS.get(ch))
        end = m.end()
        group = m.lastgroup
        if group == "num":
            if end < n and text[end] in _WORD_CHARS:
                while end < n and text[end] in _WORD_CHARS:
                    end += 1
                raise ExprError(f"invalid number '{_show(text[pos:end])}'", pos + 1)
            value = float(m.group())
            if not math.isfinite(value):
                raise ExprError(f"number '{_show(m.group())}' is too large", pos + 1)
            tokens.append(_Tok("num", m.group(), pos + 1, value))
        elif group == "name":
            if end < n and text[end] == ".":
                raise ExprError(f"expected a name after '{_show(m.group())}.'", end + 2)
            tokens.append(_Tok("name", m.group(), pos + 1))
        elif group == "op":
            tokens.append(_Tok("op", m.group(), pos + 1))
        pos = end
    if not tokens:
        raise ExprError("empty expression", 1)
    tokens.append(_Tok("end", "", n + 1))
    return tokens


def _show(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 3] + "..."


def _describe(tok: _Tok) -> str:
    if tok.type == "end":
        return "the end of the expression"
    if tok.type == "num":
        return f"number {_show(tok.text)}"
    if tok.type == "name" and tok.text not in KEYWORDS:
        return f"name '{_show(tok.text)}'"
    return f"'{tok.text}'"


def _suggest(
    word: str, candidates: AbstractSet[str] | tuple[str, ...], prefix: str = ""
) -> str | None:
    if len(word) > 100:
        return None
    close = difflib.get_close_matches(word, sorted(candidates), n=1)
    return f"did you mean '{prefix}{close[0]}'?" if close else None


def _a(kind: Kind) -> str:
    return "a number" if kind == "number" else "a true/false value"


# --------------------------------------------------------------------------- tree


class _Node:
    """A checked sub-expression: its kind, closure, start column, constant value,
    and the name it reads when it is a bare numeric name (closures over it are
    specialised to read the value themselves, saving a call per leaf)."""

    __slots__ = ("col", "const", "fn", "kind", "name")

    def __init__(
        self, kind: Kind, fn: _Fn, col: int, const: float | None = None, name: str | None = None
    ) -> None:
        self.kind = kind
        self.fn = fn
        self.col = col
        self.const = const
        self.name = name


class _NoEnv:
    values: Mapping[str, float] = {}
    flags: AbstractSet[str] = frozenset()
    phase = ""


_NO_ENV: Final[Env] = _NoEnv()


def _build(kind: Kind, fn: _Fn, col: int, children: list[_Node]) -> _Node:
    """A node for `fn`, folded to a constant when all its children are constants."""
    if all(child.const is not None for child in children):
        value = fn(_NO_ENV)
        return _Node(kind, _const_fn(value), col, value)
    return _Node(kind, fn, col)


def _const_fn(value: float) -> _Fn:
    def const(env: Env) -> float:
        return value

    return const


def _read_fn(name: str) -> _NumFn:
    def read(env: Env) -> float:
        v = env.values[name]
        if v.__class__ is float:
            return v if _NEG_INF < v < _INF else 0.0
        return _coerce(v)

    return read


def _coerce(v: object) -> float:
    try:
        f = float(cast(float, v))
    except (OverflowError, TypeError, ValueError):
        return 0.0
    return f if _NEG_INF < f < _INF else 0.0


def _flag_fn(name: str) -> _BoolFn:
    def flag(env: Env) -> bool:
        return name in env.flags

    return flag


def _phase_fn(name: str) -> _BoolFn:
    def phase(env: Env) -> bool:
        return env.phase == name

    return phase


def _binary_fn(op: Callable[[float, float], Any], left: _Node, right: _Node) -> _Fn:
    """`op(left, right)` with constant and bare-name operands read in place.

    The specialised closures compute exactly what the general one does; they
    only save the calls of the leaves, where an expression spends most time.
    """
    a, b = left.fn, right.fn
    lname, rname, rconst = left.name, right.name, right.const
    if lname is not None and rconst is not None:
        c = rconst

        def read_const(env: Env) -> Any:
            v = env.values[lname]
            if v.__class__ is not float or not _NEG_INF < v < _INF:
                v = _coerce(v)
            return op(v, c)

        return read_const
    if lname is not None and rname is not None:

        def read_read(env: Env) -> Any:
            values = env.values
            v, w = values[lname], values[rname]
            if v.__class__ is not float or not _NEG_INF < v < _INF:
                v = _coerce(v)
            if w.__class__ is not float or not _NEG_INF < w < _INF:
                w = _coerce(w)
            return op(v, w)

        return read_read
    if left.const is not None and rname is not None:
        k = left.const

        def const_read(env: Env) -> Any:
            w = env.values[rname]
            if w.__class__ is not float or not _NEG_INF < w < _INF:
                w = _coerce(w)
            return op(k, w)

        return const_read
    if rconst is not None:
        c = rconst
        return lambda env: op(a(env), c)
    if left.const is not None:
        k = left.const
        return lambda env: op(k, b(env))
    return lambda env: op(a(env), b(env))


def _add(x: float, y: float) -> float:
    r = x + y
    return r if _NEG_INF < r < _INF else 0.0


def _sub(x: float, y: float) -> float:
    r = x - y
    return r if _NEG_INF < r < _INF else 0.0


def _mul(x: float, y: float) -> float:
    r = x * y
    return r if _NEG_INF < r < _INF else 0.0


def _modulo(a: float, b: float) -> float:
    """The remainder with the sign of `b`, as Python's `%`: `turn % 4` cycles 0, 1, 2, 3."""
    if b == 0.0:
        return 0.0
    r = a % b
    return r if _NEG_INF < r < _INF else 0.0


_ARITHMETIC: Final = {"+": _add, "-": _sub, "*": _mul, "%": _modulo}


def _sum_fn(first: _NumFn, rest: list[tuple[str, _NumFn]]) -> _NumFn:
    if len(rest) == 1:
        op, b = rest[0]
        a = first
        if op == "+":

            def add(env: Env) -> float:
                r = a(env) + b(env)
                return r if _NEG_INF < r < _INF else 0.0

            return add

        def sub(env: Env) -> float:
            r = a(env) - b(env)
            return r if _NEG_INF < r < _INF else 0.0

        return sub

    terms = tuple((op == "+", fn) for op, fn in rest)

    def sum_(env: Env) -> float:
        r = first(env)
        for plus, fn in terms:
            r = r + fn(env) if plus else r - fn(env)
            if not _NEG_INF < r < _INF:
                r = 0.0
        return r

    return sum_


def _divide(a: float, b: float) -> float:
    if b == 0.0:
        return 0.0
    r = a / b
    return r if _NEG_INF < r < _INF else 0.0


_PRODUCT: Final = {"*": _mul, "/": _divide, "%": _modulo}


def _product_fn(first: _NumFn, rest: list[tuple[str, _NumFn]]) -> _NumFn:
    if any(op == "%" for op, _ in rest):
        steps = tuple((_PRODUCT[op], fn) for op, fn in rest)

        def chain(env: Env) -> float:
            r = first(env)
            for op, fn in steps:
                r = op(r, fn(env))
            return r

        return chain
    if len(rest) == 1:
        op, b = rest[0]
        a = first
        if op == "*":

            def mul(env: Env) -> float:
                r = a(env) * b(env)
                return r if _NEG_INF < r < _INF else 0.0

            return mul

        def div(env: Env) -> float:
            return _divide(a(env), b(env))

        return div

    factors = tuple((op == "*", fn) for op, fn in rest)

    def product(env: Env) -> float:
        r = first(env)
        for times, fn in factors:
            if times:
                r = r * fn(env)
                if not _NEG_INF < r < _INF:
                    r = 0.0
            else:
                r = _divide(r, fn(env))
        return r

    return product


def _negate_fn(a: _NumFn) -> _NumFn:
    def negate(env: Env) -> float:
        return 0.0 - a(env)

    return negate


def _not_fn(a: _BoolFn) -> _BoolFn:
    def not_(env: Env) -> bool:
        return not a(env)

    return not_


def _and_fn(fns: list[_BoolFn]) -> _BoolFn:
    if len(fns) == 2:
        a, b = fns

        def and2(env: Env) -> bool:
            return a(env) and b(env)

        return and2
    items = tuple(fns)

    def and_(env: Env) -> bool:
        return all(fn(env) for fn in items)

    return and_


def _or_fn(fns: list[_BoolFn]) -> _BoolFn:
    if len(fns) == 2:
        a, b = fns

        def or2(env: Env) -> bool:
            return a(env) or b(env)

        return or2
    items = tuple(fns)

    def or_(env: Env) -> bool:
        return any(fn(env) for fn in items)

    return or_


_COMPARE: Final = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


def round_half_away(x: float) -> float:
    """Round to the nearest integer, halves away from zero (2.5 -> 3, -2.5 -> -3)."""
    a = abs(x)
    if a >= 4503599627370496.0:  # 2**52: already an integer
        return x
    f = math.floor(a)
    r = float(f + 1 if a - f >= 0.5 else f)
    return (-r if x < 0 else r) + 0.0


def _call_fn(name: str, args: list[_NumFn]) -> _NumFn:
    if name == "abs":
        (a,) = args
        return lambda env: abs(a(env))
    if name == "round":
        (a,) = args
        return lambda env: round_half_away(a(env))
    if name == "clamp":
        x, lo, hi = args
        return lambda env: min(max(x(env), lo(env)), hi(env))
    if len(args) == 1:
        return args[0]
    items = tuple(args)
    if name == "min":
        if len(items) == 2:
            a, b = items
            return lambda env: min(a(env), b(env))
        return lambda env: min([fn(env) for fn in items])
    if len(items) == 2:
        a, b = items
        return lambda env: max(a(env), b(env))
    return lambda env: max([fn(env) for fn in items])


_ARITY: Final = {
    "abs": (1, 1),
    "round": (1, 1),
    "clamp": (3, 3),
    "min": (1, None),
    "max": (1, None),
}
_COMPARISONS: Final = frozenset({"<", "<=", ">", ">=", "==", "!="})


# --------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str, tokens: list[_Tok], names: Names) -> None:
        self.text = text
        self.tokens = tokens
        self.names = names
        self.pos = 0
        self.depth = 0
        self.numbers: set[str] = set()
        self.flags: set[str] = set()
        self.phases: set[str] = set()

    # helpers

    @property
    def tok(self) -> _Tok:
        return self.tokens[self.pos]

    def at(self, *texts: str) -> bool:
        tok = self.tokens[self.pos]
        return tok.type in ("op", "name") and tok.text in texts

    def advance(self) -> _Tok:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def enter(self, tok: _Tok) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(
                f"expression is nested too deeply (at most {MAX_DEPTH} levels)", tok.col
            )

    @staticmethod
    def need(node: _Node, kind: Kind, what: str) -> None:
        if node.kind != kind:
            raise ExprError(f"{what} needs {_a(kind)}, got {_a(node.kind)}", node.col)

    # grammar

    def parse(self) -> _Node:
        node = self.parse_or()
        tok = self.tok
        if tok.type != "end":
            if tok.text == ")":
                raise ExprError("unmatched ')'", tok.col)
            raise ExprError(
                f"unexpected {_describe(tok)}", tok.col, "expected an operator or the end"
            )
        return node

    def parse_or(self) -> _Node:
        return self.parse_logic("or", self.parse_and, _or_fn)

    def parse_and(self) -> _Node:
        return self.parse_logic("and", self.parse_not, _and_fn)

    def parse_logic(
        self,
        word: str,
        operand: Callable[[], _Node],
        combine: Callable[[list[_BoolFn]], _BoolFn],
    ) -> _Node:
        first = operand()
        if not self.at(word):
            return first
        self.need(first, "bool", f"'{word}'")
        nodes = [first]
        while self.at(word):
            self.advance()
            node = operand()
            self.need(node, "bool", f"'{word}'")
            nodes.append(node)
        # Constant operands are kept as closures; folding happens only if all are constant.
        fns = [cast(_BoolFn, node.fn) for node in nodes]
        return _build("bool", combine(fns), first.col, nodes)

    def parse_not(self) -> _Node:
        nots: list[_Tok] = []
        while self.at("not"):
            tok = self.advance()
            self.enter(tok)
            nots.append(tok)
        node = self.parse_compare()
        self.depth -= len(nots)
        if not nots:
            return node
        self.need(node, "bool", "'not'")
        if len(nots) % 2 == 0:
            return _Node("bool", node.fn, nots[0].col, node.const)
        return _build("bool", _not_fn(cast(_BoolFn, node.fn)), nots[0].col, [node])

    def parse_compare(self) -> _Node:
        left = self.parse_sum()
        if not (self.tok.type == "op" and self.tok.text in _COMPARISONS):
            return left
        op = self.advance()
        right = self.parse_sum()
        if self.tok.type == "op" and self.tok.text in _COMPARISONS:
            raise ExprError(
                "comparisons cannot be chained", self.tok.col, "use 'and': a < b and b < c"
            )
        if op.text in ("==", "!="):
            if left.kind != right.kind:
                raise ExprError(
                    f"cannot compare {_a(left.kind)} with {_a(right.kind)} using '{op.text}'",
                    op.col,
                )
        else:
            self.need(left, "number", f"'{op.text}'")
            self.need(right, "number", f"'{op.text}'")
        fn = _binary_fn(_COMPARE[op.text], left, right)
        return _build("bool", fn, left.col, [left, right])

    def parse_sum(self) -> _Node:
        return self.parse_chain(("+", "-"), self.parse_product, _sum_fn)

    def parse_product(self) -> _Node:
        return self.parse_chain(("*", "/", "%"), self.parse_unary, _product_fn)

    def parse_chain(
        self,
        ops: tuple[str, ...],
        operand: Callable[[], _Node],
        combine: Callable[[_NumFn, list[tuple[str, _NumFn]]], _NumFn],
    ) -> _Node:
        first = operand()
        if not (self.tok.type == "op" and self.tok.text in ops):
            return first
        self.need(first, "number", f"'{self.tok.text}'")
        nodes = [first]
        rest: list[tuple[str, _NumFn]] = []
        while self.tok.type == "op" and self.tok.text in ops:
            op = self.advance()
            node = operand()
            self.need(node, "number", f"'{op.text}'")
            nodes.append(node)
            rest.append((op.text, node.fn))
        if len(nodes) == 2:
            operator_ = _ARITHMETIC.get(rest[0][0], _divide)
            return _build("number", _binary_fn(operator_, first, nodes[1]), first.col, nodes)
        return _build("number", combine(first.fn, rest), first.col, nodes)

    def parse_unary(self) -> _Node:
        signs: list[_Tok] = []
        while self.tok.type == "op" and self.tok.text in ("-", "+"):
            tok = self.advance()
            self.enter(tok)
            signs.append(tok)
        node = self.parse_atom()
        self.depth -= len(signs)
        if not signs:
            return node
        self.need(node, "number", f"'{signs[-1].text}'")
        col = signs[0].col
        if sum(tok.text == "-" for tok in signs) % 2 == 0:
            return _Node("number", node.fn, col, node.const)
        return _build("number", _negate_fn(node.fn), col, [node])

    def parse_atom(self) -> _Node:
        tok = self.tok
        if tok.type == "num":
            self.advance()
            return _Node("number", _const_fn(tok.value), tok.col, tok.value)
        if tok.type == "op" and tok.text == "(":
            self.advance()
            self.enter(tok)
            node = self.parse_or()
            self.depth -= 1
            self.close(tok, "unclosed '('")
            # The group starts at its '(' (for error columns).
            return _Node(node.kind, node.fn, tok.col, node.const)
        if tok.type == "name" and tok.text not in KEYWORDS:
            self.advance()
            if self.at("("):
                return self.parse_call(tok)
            return self.name(tok)
        if tok.type == "name" and tok.text in ("true", "false"):
            self.advance()
            value = tok.text == "true"
            return _Node("bool", _const_fn(value), tok.col, value)
        hint = None
        if tok.text == "not":
            hint = "put 'not ...' in parentheses"
        raise ExprError(f"expected a value, found {_describe(tok)}", tok.col, hint)

    def close(self, opening: _Tok, unclosed: str) -> None:
        tok = self.tok
        if tok.type == "op" and tok.text == ")":
            self.advance()
            return
        if tok.type == "end":
            raise ExprError(unclosed, opening.col)
        raise ExprError(f"expected ')', found {_describe(tok)}", tok.col)

    def parse_call(self, name: _Tok) -> _Node:
        fname = name.text
        if fname not in _ARITY:
            if "." in fname or fname in self.names.numbers:
                raise ExprError(f"'{_show(fname)}' is not a function", name.col)
            raise ExprError(
                f"unknown function '{_show(fname)}'", name.col, _suggest(fname, FUNCTIONS)
            )
        paren = self.advance()
        self.enter(paren)
        args: list[_Node] = []
        if not self.at(")"):
            while True:
                arg = self.parse_or()
                self.need(arg, "number", f"{fname}()")
                args.append(arg)
                if self.at(","):
                    self.advance()
                    continue
                tok = self.tok
                if tok.type == "end":
                    raise ExprError(f"unclosed '(' in call to {fname}()", paren.col)
                if not (tok.type == "op" and tok.text == ")"):
                    raise ExprError(f"expected ',' or ')', found {_describe(tok)}", tok.col)
                break
        self.advance()  # ')'
        self.depth -= 1
        low, high = _ARITY[fname]
        if len(args) < low or (high is not None and len(args) > high):
            if high is None:
                expected = f"at least {low} argument"
            else:
                expected = f"exactly {low} argument{'s' if low != 1 else ''}"
            raise ExprError(f"{fname}() takes {expected} (got {len(args)})", name.col)
        fn = _call_fn(fname, [arg.fn for arg in args])
        return _build("number", fn, name.col, args)

    def name(self, tok: _Tok) -> _Node:
        text = tok.text
        names = self.names
        if "." not in text:
            if text in names.numbers:
                self.numbers.add(text)
                return _Node("number", _read_fn(text), tok.col, name=text)
            raise ExprError(f"unknown name '{_show(text)}'", tok.col, self.name_hint(text))
        prefix, _, rest = text.partition(".")
        if prefix not in ("flag", "phase") or "." in rest:
            hint = "only flag.NAME and phase.NAME contain a dot"
            if "." not in rest:
                close = difflib.get_close_matches(prefix, ["flag", "phase"], n=1)
                if close:
                    hint = f"did you mean '{close[0]}.{_show(rest)}'?"
            raise ExprError(f"'{_show(text)}' is not a valid name", tok.col, hint)
        if prefix == "flag":
            if names.flags is not None and rest not in names.flags:
                raise ExprError(
                    f"unknown flag '{_show(rest)}'", tok.col, _suggest(rest, names.flags, "flag.")
                )
            self.flags.add(rest)
            return _Node("bool", _flag_fn(rest), tok.col)
        if names.phases is not None and rest not in names.phases:
            raise ExprError(
                f"unknown phase '{_show(rest)}'", tok.col, _suggest(rest, names.phases, "phase.")
            )
        self.phases.add(rest)
        return _Node("bool", _phase_fn(rest), tok.col)

    def name_hint(self, text: str) -> str | None:
        names = self.names
        hint = _suggest(text, names.numbers)
        if hint is not None:
            return hint
        if text in _ARITY:
            return f"{text} is a function: write {text}(...)"
        if text in ("flag", "phase"):
            return f"write {text}.NAME"
        if names.flags is not None and text in names.flags:
            return f"did you mean 'flag.{text}'?"
        if names.phases is not None and text in names.phases:
            return f"did you mean 'phase.{text}'?"
        return None
