"""The shape of the TOML files, as cattrs structures them.

These classes mirror the files one to one (expressions are still text); the
compiler in `compile.py` turns them into the engine's model. Unknown keys and
wrong types are caught here, all of them at once.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.gen import make_dict_structure_fn, mapping_structure_factory, override

from game.engine.model import Grade

Amount = float | str  # a number, or an expression in quotes


@attrs.frozen
class SetTo:
    """`{ to = 100 }` in an effects table: set the meter to a value instead of adding to it."""

    to: Amount


EffectAmount = Amount | SetTo  # what an effects table maps a meter to


@attrs.frozen
class FollowDoc:
    event: str
    after: int


@attrs.frozen
class LaterDoc:
    after: int
    explain: str
    effects: dict[str, EffectAmount] = attrs.Factory(dict)


@attrs.frozen
class ChanceDoc:
    id: str
    p: Amount
    text: str
    effects: dict[str, EffectAmount] = attrs.Factory(dict)
    set: tuple[str, ...] = ()
    clear: tuple[str, ...] = ()
    follow: tuple[FollowDoc, ...] = ()
    later: tuple[LaterDoc, ...] = ()


@attrs.frozen
class ChoiceDoc:
    id: str
    label: str
    explain: str = ""
    effects: dict[str, EffectAmount] = attrs.Factory(dict)
    set: tuple[str, ...] = ()
    clear: tuple[str, ...] = ()
    follow: tuple[FollowDoc, ...] = ()
    later: tuple[LaterDoc, ...] = ()
    chance: tuple[ChanceDoc, ...] = ()
    tags: tuple[str, ...] = ()
    when: str | None = None
    hidden: bool = False
    unavailable: str = ""


@attrs.frozen
class EventDoc:
    id: str
    title: str
    text: str
    choice: tuple[ChoiceDoc, ...]
    arc: str | None = None
    phases: tuple[str, ...] = ()
    when: str | None = None
    weight: Amount = 10.0
    once: bool = False
    cooldown: int = 0
    followup_only: bool = False
    briefing: str = ""
    sources: tuple[str, ...] = ()
    again: str = ""


@attrs.frozen
class EventFileDoc:
    arc: str = ""
    event: tuple[EventDoc, ...] = ()


@attrs.frozen
class MeterDoc:
    id: str
    label: str
    min: float
    max: float
    initial: float
    description: str = ""
    headline: bool = False
    better: Literal["higher", "lower", "neither"] = "higher"
    decimals: int = 0
    unit: str = ""


@attrs.frozen
class DerivedDoc:
    id: str
    formula: str
    label: str = ""
    description: str = ""


@attrs.frozen
class RuleDoc:
    id: str
    explain: str
    when: str | None = None
    chance: Amount | None = None
    effects: dict[str, EffectAmount] = attrs.Factory(dict)
    set: tuple[str, ...] = ()
    clear: tuple[str, ...] = ()


@attrs.frozen
class PhaseDoc:
    id: str
    label: str
    description: str = ""
    terminal: bool = False


@attrs.frozen
class TransitionDoc:
    source: str  # `from` in TOML
    to: str
    when: str
    explain: str = ""


@attrs.frozen
class EndingDoc:
    id: str
    title: str
    grade: Grade
    epilogue: str
    when: str | None = None
    at: Literal["end", "any"] = "end"


@attrs.frozen
class CalendarDoc:
    unit: Literal["quarters", "months", "weeks", "rounds"] = "quarters"
    first_year: int = 1
    start: int = 1


@attrs.frozen
class WordsDoc:
    turn: str = "quarter"
    turns: str | None = None  # `turn` + "s" when left out
    term: str = "term"
    terms: str | None = None  # `term` + "s" when left out


@attrs.frozen
class ScenarioDoc:
    id: str
    title: str
    turns: int
    start_phase: str
    meter: tuple[MeterDoc, ...]
    phase: tuple[PhaseDoc, ...]
    ending: tuple[EndingDoc, ...]
    subtitle: str = ""
    description: str = ""
    first_year: int | None = None  # before [calendar]: still read, for quarters
    first_quarter: int | None = None
    calendar: CalendarDoc | None = None
    words: WordsDoc = WordsDoc()
    events_per_turn: int = 1
    start: tuple[str, ...] = ()
    derived: tuple[DerivedDoc, ...] = ()
    rule: tuple[RuleDoc, ...] = ()
    transition: tuple[TransitionDoc, ...] = ()


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def _strict_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text in quotes, got {_type_name(value)}")
    return value


def _strict_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {_type_name(value)}")
    return value


def _strict_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        shown = f"{value:g}" if isinstance(value, float) else _type_name(value)
        raise TypeError(f"expected a whole number, got {shown}")
    if abs(value) > 10**9:
        raise ValueError(f"number {value} is out of range")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {_type_name(value)}")
    if isinstance(value, int) and abs(value) > 10**12:
        raise ValueError(f"number {value} is out of range")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("expected a finite number, got inf or nan")
    return number


def _strict_float(value: Any, _: type) -> float:
    return _number(value)


def _amount(value: Any, _: type) -> Amount:
    if isinstance(value, str):
        return value
    try:
        return _number(value)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{error}; write a number, or an expression in quotes") from None


def _effect_amount(value: Any, _: type) -> EffectAmount:
    if isinstance(value, dict):
        if set(value) != {"to"}:
            raise TypeError("expected { to = VALUE } (sets the meter), a number or an expression")
        return SetTo(_amount(value["to"], float))
    return _amount(value, float)


def _arrays_only(type_: Any, converter: cattrs.Converter) -> Any:
    """cattrs would happily make a tuple of a string's letters: insist on an array."""
    structure = homogenous_tuple_structure_factory(type_, converter)

    def hook(value: Any, _: type) -> Any:
        if not isinstance(value, list):
            raise TypeError(f"expected an array, got {_type_name(value)}")
        return structure(value, type_)

    return hook


def _tables_only(type_: Any, converter: cattrs.Converter) -> Any:
    structure = mapping_structure_factory(type_, converter)

    def hook(value: Any, _: type) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"expected a table, got {_type_name(value)}")
        return structure(value, type_)

    return hook


def _is_tuple(type_: Any) -> bool:
    return getattr(type_, "__origin__", None) is tuple


def _is_dict(type_: Any) -> bool:
    return getattr(type_, "__origin__", None) is dict


def _tables_as_classes(type_: Any, converter: cattrs.Converter) -> Any:
    """Structure an attrs class from a table — and only from a table."""
    if type_ is TransitionDoc:  # `from` is a Python keyword
        structure = make_dict_structure_fn(
            type_,
            converter,
            _cattrs_forbid_extra_keys=converter.forbid_extra_keys,
            source=override(rename="from"),
        )
    else:
        structure = make_dict_structure_fn(
            type_, converter, _cattrs_forbid_extra_keys=converter.forbid_extra_keys
        )

    def hook(value: Any, _: type) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"expected a table, got {_type_name(value)}")
        return structure(value, type_)

    return hook


def _is_literal(type_: Any) -> bool:
    return getattr(type_, "__origin__", None) is Literal


def _one_of(type_: Any, _: cattrs.Converter) -> Any:
    allowed = type_.__args__

    def hook(value: Any, __: type) -> Any:
        if value not in allowed or isinstance(value, bool):
            names = ", ".join(repr(a) for a in allowed)
            raise ValueError(f"expected one of {names}, got {value!r}")
        return value

    return hook


def make_converter(*, forbid_extra_keys: bool = True) -> cattrs.Converter:
    """A converter whose failure names every problem with its key path (what `check` reports)."""
    converter = cattrs.Converter(forbid_extra_keys=forbid_extra_keys, detailed_validation=True)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(float, _strict_float)
    converter.register_structure_hook_func(lambda t: t == Amount, _amount)
    converter.register_structure_hook_func(lambda t: t == (Amount | None), _amount)
    converter.register_structure_hook_func(lambda t: t == EffectAmount, _effect_amount)
    converter.register_structure_hook_factory(_is_literal, _one_of)
    converter.register_structure_hook_factory(_is_tuple, _arrays_only)
    converter.register_structure_hook_factory(_is_dict, _tables_only)
    converter.register_structure_hook_factory(attrs.has, _tables_as_classes)
    return converter


CONVERTER = make_converter()
# The same shape with unknown keys ignored: once they are reported, the rest of a table is read.
LENIENT = make_converter(forbid_extra_keys=False)
