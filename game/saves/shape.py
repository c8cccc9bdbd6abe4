"""The shape of a save document, as cattrs structures and checks it.

The classes mirror the JSON one to one; each constrained value is typed
`Annotated[base, Check]`, and the one converter here runs the check. A bad
document gives one ShapeError naming the first problem and its key path
(`decisions[3].turn`), as content problems name theirs.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, TypeVar, get_args

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from game.engine.ids import ID
from game.engine.rng import SEED_RULE, SEEDS
from game.safe_text import escaped, unsafe_character
from game.words import shorten

MAX_DECISIONS = 10_000
MAX_ID = 100  # characters in an event, choice or phase id
MAX_LABEL = 200  # characters in a save's label
MAX_TURN = MAX_DECISIONS + 100

FINGERPRINT = re.compile(r"[0-9a-f]{64}")
DIGEST = re.compile(r"[0-9a-f]{16}")


class ShapeError(Exception):
    """A value of the wrong shape at a JSON path; becomes a SaveError naming the file."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)


def printable(text: str, limit: int = 60) -> str:
    """Text from an untrusted file, made safe to print: controls escaped, length capped."""
    return escaped(shorten(text, limit))


def kind_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def text_problem(text: str) -> str | None:
    """Why a label cannot be shown on a terminal line, or None.

    The same characters the content loader refuses, and line breaks: any text
    a content pack may hold (a no-break space, a soft hyphen, an emoji) is fine.
    """
    found = unsafe_character(text) or next((ch for ch in text if ch in "\n\u2028\u2029"), None)
    if found is None:
        return None
    kind = "a terminal escape" if found == "\x1b" else "a control character"
    return f"contains {kind} (U+{ord(found):04X})"


# --- the checks -----------------------------------------------------------------------------


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, found {kind_of(value)}")
    return value


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, found {kind_of(value)}")
    return value


@attrs.frozen
class Whole:
    low: int
    high: int

    def __call__(self, value: Any) -> int:
        number = _whole(value)
        if not self.low <= number <= self.high:
            raise ValueError(f"{number} is out of range ({self.low} to {self.high})")
        return number


@attrs.frozen
class Seed:
    def __call__(self, value: Any) -> int:
        if _whole(value) not in SEEDS:
            raise ValueError(f"out of range ({SEED_RULE})")
        return int(value)


@attrs.frozen
class Text:
    limit: int

    def __call__(self, value: Any) -> str:
        text = _string(value)
        if len(text) > self.limit:
            raise ValueError(f"longer than {self.limit} characters")
        problem = text_problem(text)
        if problem:
            raise ValueError(problem)
        return text


@attrs.frozen
class Match:
    pattern: re.Pattern[str]
    what: str
    limit: int = 100

    def __call__(self, value: Any) -> str:
        text = _string(value)
        if len(text) > self.limit or not self.pattern.fullmatch(text):
            raise ValueError(f"expected {self.what}, found '{printable(text)}'")
        return text


@attrs.frozen
class MeterValues:
    """Meter id -> value, as a state holds them: at most `limit`, every value finite."""

    limit: int = 1000

    def __call__(self, value: Any) -> dict[str, float]:
        if not isinstance(value, dict):
            raise ValueError(f"expected an object, found {kind_of(value)}")
        if len(value) > self.limit:
            raise ValueError(f"{len(value)} meters; a save holds at most {self.limit}")
        for key, number in value.items():
            if not ID.fullmatch(key) or len(key) > MAX_ID:
                raise ValueError(f"expected a meter id, found '{printable(key)}'")
            if isinstance(number, bool) or not isinstance(number, int | float):
                raise ValueError(f"{printable(key)}: expected a number, found {kind_of(number)}")
        return {key: float(number) for key, number in value.items()}


@attrs.frozen
class Timestamp:
    def __call__(self, value: Any) -> str:
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError(f"expected an ISO 8601 time, found {kind_of(value)}")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"expected an ISO 8601 time, found '{printable(value)}'") from None
        if moment.tzinfo is None:
            raise ValueError("the time has no time zone (expected e.g. +00:00)")
        return value


@attrs.frozen
class AtMost:
    """A list of at most `limit` entries."""

    limit: int


Id = Annotated[str, Match(ID, "an id (a letter, then letters, digits or underscores)", MAX_ID)]
Digest = Annotated[str, Match(DIGEST, "16 hex digits")]
Turn = Annotated[int, Whole(1, MAX_TURN)]
Meters = Annotated[dict[str, float], MeterValues()]


# --- the converter --------------------------------------------------------------------------


def _annotated(type_: Any, converter: cattrs.Converter) -> Any:
    base, check = get_args(type_)[:2]
    if isinstance(check, AtMost):

        def entries(value: Any, _: type) -> Any:
            if not isinstance(value, list):
                raise ValueError(f"expected a list, found {kind_of(value)}")
            if len(value) > check.limit:
                raise ValueError(f"{len(value)} entries; a save holds at most {check.limit}")
            return converter.structure(value, base)

        return entries
    return lambda value, _: check(value)


def _objects_only(type_: Any, converter: cattrs.Converter) -> Any:
    structure = make_dict_structure_fn(type_, converter, _cattrs_forbid_extra_keys=True)

    def hook(value: Any, _: type) -> Any:
        if not isinstance(value, dict):
            raise ValueError(f"expected an object, found {kind_of(value)}")
        return structure(value, type_)

    return hook


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook_factory(
        lambda t: hasattr(t, "__metadata__"), lambda t: _annotated(t, converter)
    )
    converter.register_structure_hook_factory(attrs.has, lambda t: _objects_only(t, converter))
    converter.register_structure_hook(Any, lambda value, _: value)
    return converter


CONVERTER = _make_converter()


T = TypeVar("T")


def structure_as(document: Any, kind: type[T]) -> T:
    """`document` as a `kind`, or a ShapeError naming the first problem and its key path."""
    try:
        return CONVERTER.structure(document, kind)
    except Exception as error:  # every failure becomes one clear problem
        raise _first_problem(error, "") from None


def _first_problem(error: BaseException, path: str) -> ShapeError:
    if isinstance(error, ClassValidationError | IterableValidationError):
        with_notes, without = error.group_exceptions()
        for sub, note in with_notes:  # a missing key first, as it explains the rest
            if isinstance(sub, KeyError) and isinstance(note, AttributeValidationNote):
                return ShapeError(path, f"missing key '{note.name}'")
        for sub in without:
            if isinstance(sub, ForbiddenExtraKeysError):
                return _first_problem(sub, path)
        for sub, note in with_notes:
            if isinstance(note, IterableValidationNote):
                step = f"{path}[{note.index}]"
            else:
                step = f"{path}.{note.name}" if path else str(note.name)
            return _first_problem(sub, step)
        return _first_problem(without[0], path)
    if isinstance(error, ForbiddenExtraKeysError):
        return ShapeError(path, f"unknown key '{printable(sorted(error.extra_fields)[0])}'")
    return ShapeError(path, str(error))
