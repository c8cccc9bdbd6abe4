"""The save file format: bytes in, a validated `SaveRecord` out, and back.

A save is UTF-8 JSON (docs/saves.md). Reading it never executes anything:
`json.loads` with duplicate keys, NaN and Infinity refused, then every value
is checked against the shape of the current version (saves/shape.py). Older versions
are first migrated, one explicit step at a time (game/saves/migrations.py).
It knows nothing of content or of the engine but what an id and a seed may be.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, NoReturn

import attrs

from game.engine.ids import PACK_ID
from game.saves.errors import SaveError
from game.saves.shape import (
    FINGERPRINT,
    MAX_DECISIONS,
    MAX_ID,
    MAX_LABEL,
    AtMost,
    Digest,
    Id,
    Match,
    Meters,
    Seed,
    ShapeError,
    Text,
    Timestamp,
    Turn,
    kind_of,
    structure_as,
)

# also for the modules that read saves from here (store.py, folder.py, cmd_replay.py)
from game.saves.shape import printable as printable
from game.saves.shape import text_problem as text_problem
from game.words import shorten

FORMAT = "article-five-save"
VERSION = 3  # the version this build writes; see docs/saves.md for the history

MAX_FILE_BYTES = 8 * 1024 * 1024
TAB = re.compile(r"[0-9a-f]{8,32}")  # a browser tab's id (game/saves/terms.py)


@attrs.frozen
class RecordedDecision:
    turn: Turn
    event: Id
    choice: Id
    digest: Digest  # state_digest of the state after this decision
    # The meters after it, so that `replay --verify` can say what differs (not in older saves).
    meters: Meters | None = None


@attrs.frozen
class Summary:
    """A display header so that a folder can be listed without content. Never trusted."""

    turn: Turn
    turn_label: Annotated[str, Text(40)]
    phase: Id
    ending: Id | None = None
    ending_title: Annotated[str, Text(MAX_LABEL)] | None = None


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
    tab: str | None = None  # the browser tab the term was played in (a served game)
    version: int = VERSION  # the version the file was written in (before migration)


# --- display helpers -----------------------------------------------------------------------


def show_path(path: Path | str) -> str:
    """A file name safe to print on one terminal line."""
    return printable(str(path), 300)


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


@attrs.frozen
class PackDoc:
    id: Annotated[str, Match(PACK_ID, "a content pack id", MAX_ID)]
    fingerprint: Annotated[str, Match(FINGERPRINT, "64 hex digits")]


@attrs.frozen
class SaveDoc:
    """A save document of the current version, as written (see `encode`)."""

    format: str
    version: int
    content: PackDoc
    seed: Annotated[int, Seed()]
    decisions: Annotated[tuple[RecordedDecision, ...], AtMost(MAX_DECISIONS)]
    saved_at: Annotated[str, Timestamp()]
    created_at: Annotated[str, Timestamp()]
    label: Annotated[str, Text(MAX_LABEL)] = ""
    opening: Digest | None = None  # state_digest of the state that opens the term
    summary: Summary | None = None
    tab: Annotated[str, Match(TAB, "8 to 32 hex digits")] | None = None  # a served game's tab


def structure(document: dict[str, Any], written_in: int) -> SaveRecord:
    """A current-version document as a SaveRecord, every value checked."""
    doc = structure_as(document, SaveDoc)
    return SaveRecord(
        content_id=doc.content.id,
        fingerprint=doc.content.fingerprint,
        seed=doc.seed,
        decisions=doc.decisions,
        saved_at=doc.saved_at,
        created_at=doc.created_at,
        label=doc.label,
        opening=doc.opening,
        summary=doc.summary,
        tab=doc.tab,
        version=written_in,
    )


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
    if record.tab is not None:  # only a game served to a browser has one
        header["tab"] = record.tab
    head = json.dumps(header, indent=2, ensure_ascii=False)[:-2]  # drop the closing "\n}"
    lines = [
        json.dumps(attrs.asdict(d, filter=lambda _, v: v is not None), ensure_ascii=False)
        for d in record.decisions
    ]
    body = ",\n".join(f"    {line}" for line in lines)
    decisions = f"[\n{body}\n  ]" if lines else "[]"
    return f'{head},\n  "decisions": {decisions}\n}}\n'.encode()
