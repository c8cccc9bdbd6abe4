"""The save file format: bytes in, a validated `SaveRecord` out, and back.

A save is UTF-8 JSON (docs/saves.md). Reading it never executes anything:
`json.loads` with duplicate keys, NaN and Infinity refused, then every value
is checked by hand against the shape of the current version. Older versions
are first migrated, one explicit step at a time (game/saves/migrations.py).
It knows nothing of content or of the engine but what an id and a seed may be.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import attrs

from game.engine.ids import ID, PACK_ID
from game.engine.rng import SEED_RULE, SEEDS
from game.safe_text import escaped, unsafe_character
from game.saves.errors import SaveError
from game.words import shorten

FORMAT = "article-five-save"
VERSION = 2  # the version this build writes; see docs/saves.md for the history

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DECISIONS = 10_000
MAX_ID = 100  # characters in an event, choice or phase id
MAX_LABEL = 200  # characters in a save's label

FINGERPRINT = re.compile(r"[0-9a-f]{64}")
DIGEST = re.compile(r"[0-9a-f]{16}")


@attrs.frozen
class RecordedDecision:
    turn: int
    event: str
    choice: str
    digest: str  # state_digest of the state after this decision


@attrs.frozen
class Summary:
    """A display header so that a folder can be listed without content. Never trusted."""

    turn: int
    turn_label: str
    phase: str
    ending: str | None = None
    ending_title: str | None = None


@attrs.frozen
class SaveRecord:
    content_id: str
    fingerprint: str
    seed: int
    decisions: tuple[RecordedDecision, ...]
    saved_at: str
    created_at: str
    label: str = ""
    opening: str | None = None  # state_digest of the state that opens the term
    summary: Summary | None = None
    version: int = VERSION  # the version the file was written in (before migration)


class ShapeError(Exception):
    """A value of the wrong shape at a JSON path; becomes a SaveError naming the file."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)


# --- display helpers -----------------------------------------------------------------------


def show_path(path: Path | str) -> str:
    """A file name safe to print on one terminal line."""
    return printable(str(path), 300)


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


# --- reading --------------------------------------------------------------------------------


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a SaveError for a missing, unreadable or oversized file."""
    name = show_path(path)
    try:
        if path.is_dir():
            raise SaveError(f"{name}: is a folder, not a save file")
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise SaveError(f"{name}: no such file") from None
    except OSError as error:
        raise SaveError(f"{name}: cannot read: {error.strerror or error}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise SaveError(
            f"{name}: too large for a save (over {MAX_FILE_BYTES // (1024 * 1024)} MiB)"
        )
    return raw


def decode(raw: bytes, path: Path) -> SaveRecord:
    """Parse, migrate and validate the bytes of a save; SaveError names the file."""
    from game.saves.migrations import migrate

    name = show_path(path)
    if not raw.strip():
        raise SaveError(f"{name}: empty file, not a save")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SaveError(f"{name}: not a save (not UTF-8 text at byte {error.start})") from None
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
            raise SaveError(
                f"{name}: truncated or incomplete JSON (it stops at byte {len(raw)})"
            ) from None
        raise SaveError(f"{name}: not valid JSON at {where}: {error.msg}") from None
    except ShapeError as error:
        raise SaveError(f"{name}: {error}") from None
    except RecursionError:
        raise SaveError(f"{name}: not a save (JSON nested too deeply)") from None
    except ValueError as error:  # e.g. an integer with thousands of digits
        raise SaveError(f"{name}: not valid JSON: {printable(str(error), 80)}") from None
    try:
        version = _header(document)
        record = structure(migrate(document, version), version)
    except ShapeError as error:
        raise SaveError(f"{name}: {error}") from None
    return record


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ShapeError("", f"the key '{printable(key)}' appears twice in one object")
        result[key] = value
    return result


def _no_constant(name: str) -> NoReturn:
    raise ShapeError("", f"{name} is not allowed in a save")


def _header(document: Any) -> int:
    if not isinstance(document, dict):
        raise ShapeError(
            "", f"not an Article Five save (the file holds {kind_of(document)}, not an object)"
        )
    if "format" not in document:
        raise ShapeError("", "not an Article Five save (no 'format' key)")
    if document["format"] != FORMAT:
        found = document["format"]
        what = f"'{printable(found)}'" if isinstance(found, str) else kind_of(found)
        raise ShapeError("", f"not an Article Five save (format is {what}, expected '{FORMAT}')")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ShapeError("version", f"expected a whole number, found {kind_of(version)}")
    if version > VERSION:
        raise ShapeError(
            "",
            f"save format version {version} is newer than this game reads ({VERSION}); "
            "update Article Five to load it",
        )
    if version < 1:
        raise ShapeError("version", f"no save format version {version} ever existed")
    return version


def structure(document: dict[str, Any], written_in: int) -> SaveRecord:
    """A current-version document as a SaveRecord, every value checked."""
    doc = Obj(document, "")
    doc.keys(
        required=("format", "version", "content", "seed", "decisions", "saved_at", "created_at"),
        optional=("label", "opening", "summary"),
    )
    content = doc.obj("content")
    content.keys(required=("id", "fingerprint"))
    summary = None
    if doc.get("summary") is not None:
        s = doc.obj("summary")
        s.keys(required=("turn", "turn_label", "phase"), optional=("ending", "ending_title"))
        summary = Summary(
            turn=s.integer("turn", 1, MAX_DECISIONS + 100),
            turn_label=s.text("turn_label", 40),
            phase=s.id("phase"),
            ending=s.optional(s.id, "ending"),
            ending_title=s.optional(lambda key: s.text(key, MAX_LABEL), "ending_title"),
        )
    created_at = doc.timestamp("created_at")
    saved_at = doc.timestamp("saved_at")
    return SaveRecord(
        content_id=content.match("id", PACK_ID, "a content pack id", MAX_ID),
        fingerprint=content.match("fingerprint", FINGERPRINT, "64 hex digits"),
        seed=doc.seed("seed"),
        decisions=tuple(_decision(item) for item in doc.items("decisions", MAX_DECISIONS)),
        saved_at=saved_at,
        created_at=created_at,
        label=doc.text("label", MAX_LABEL) if "label" in document else "",
        opening=doc.optional(lambda key: doc.match(key, DIGEST, "16 hex digits"), "opening"),
        summary=summary,
        version=written_in,
    )


def _decision(item: Obj) -> RecordedDecision:
    item.keys(required=("turn", "event", "choice", "digest"))
    return RecordedDecision(
        turn=item.integer("turn", 1, MAX_DECISIONS + 100),
        event=item.id("event"),
        choice=item.id("choice"),
        digest=item.match("digest", DIGEST, "16 hex digits"),
    )


class Obj:
    """A JSON object at a path, with typed accessors that raise ShapeError."""

    def __init__(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise ShapeError(path, f"expected an object, found {kind_of(value)}")
        self.value: dict[str, Any] = value
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def keys(self, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
        for key in required:
            if key not in self.value:
                raise ShapeError(self.path, f"missing key '{key}'")
        for key in self.value:
            if key not in required and key not in optional:
                raise ShapeError(self.path, f"unknown key '{printable(key)}'")

    def get(self, key: str) -> Any:
        return self.value.get(key)

    def obj(self, key: str) -> Obj:
        return Obj(self.value.get(key), self.at(key))

    def items(self, key: str, limit: int) -> list[Obj]:
        value = self.value.get(key)
        if not isinstance(value, list):
            raise ShapeError(self.at(key), f"expected a list, found {kind_of(value)}")
        if len(value) > limit:
            raise ShapeError(self.at(key), f"{len(value)} entries; a save holds at most {limit}")
        return [Obj(item, f"{self.at(key)}[{i}]") for i, item in enumerate(value)]

    def integer(self, key: str, low: int, high: int) -> int:
        value = self.value.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ShapeError(self.at(key), f"expected a whole number, found {kind_of(value)}")
        if not low <= value <= high:
            raise ShapeError(self.at(key), f"{value} is out of range ({low} to {high})")
        return value

    def seed(self, key: str) -> int:
        value = self.value.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ShapeError(self.at(key), f"expected a whole number, found {kind_of(value)}")
        if value not in SEEDS:
            raise ShapeError(self.at(key), f"out of range ({SEED_RULE})")
        return value

    def text(self, key: str, limit: int) -> str:
        value = self.value.get(key)
        if not isinstance(value, str):
            raise ShapeError(self.at(key), f"expected a string, found {kind_of(value)}")
        if len(value) > limit:
            raise ShapeError(self.at(key), f"longer than {limit} characters")
        problem = text_problem(value)
        if problem:
            raise ShapeError(self.at(key), problem)
        return value

    def id(self, key: str) -> str:
        return self.match(key, ID, "an id (a letter, then letters, digits or underscores)", MAX_ID)

    def match(self, key: str, pattern: re.Pattern[str], what: str, limit: int = 100) -> str:
        value = self.value.get(key)
        if not isinstance(value, str):
            raise ShapeError(self.at(key), f"expected a string, found {kind_of(value)}")
        if len(value) > limit or not pattern.fullmatch(value):
            raise ShapeError(self.at(key), f"expected {what}, found '{printable(value)}'")
        return value

    def timestamp(self, key: str) -> str:
        value = self.value.get(key)
        if not isinstance(value, str) or len(value) > 40:
            raise ShapeError(self.at(key), f"expected an ISO 8601 time, found {kind_of(value)}")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ShapeError(
                self.at(key), f"expected an ISO 8601 time, found '{printable(value)}'"
            ) from None
        if moment.tzinfo is None:
            raise ShapeError(self.at(key), "the time has no time zone (expected e.g. +00:00)")
        return value

    def optional(self, read: Callable[[str], str], key: str) -> str | None:
        return None if self.value.get(key) is None else read(key)


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


def fit(text: str, limit: int = MAX_LABEL) -> str:
    """A label cut to the longest a save holds."""
    return shorten(text, limit)


# --- writing --------------------------------------------------------------------------------


def encode(record: SaveRecord) -> bytes:
    """The current version's JSON: a readable header, then one decision per line."""
    header: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "content": {"id": record.content_id, "fingerprint": record.fingerprint},
        "seed": record.seed,
        "label": record.label,
        "created_at": record.created_at,
        "saved_at": record.saved_at,
        "summary": None if record.summary is None else attrs.asdict(record.summary),
        "opening": record.opening,
    }
    head = json.dumps(header, indent=2, ensure_ascii=False)[:-2]  # drop the closing "\n}"
    lines = [json.dumps(attrs.asdict(d), ensure_ascii=False) for d in record.decisions]
    body = ",\n".join(f"    {line}" for line in lines)
    decisions = f"[\n{body}\n  ]" if lines else "[]"
    return f'{head},\n  "decisions": {decisions}\n}}\n'.encode()
