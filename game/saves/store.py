"""Writing, loading and verifying saves.

A save records content id + fingerprint + seed + decisions (with a digest of
the state after each); loading folds the engine over the decisions and checks
every digest. Writes are atomic (game/atomic.py); reads never modify
the file.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from game.atomic import TEMP_SUFFIX, atomic_write, fsync_folder
from game.content.load import Content
from game.engine.model import Scenario
from game.engine.session import Session
from game.engine.state import state_digest
from game.safe_text import one_line
from game.saves.errors import SaveError
from game.saves.folder import SUFFIX, autosave_key, autosave_name, autosave_paths, save_path
from game.saves.format import (
    RecordedDecision,
    SaveRecord,
    Summary,
    decode,
    encode,
    fit,
    read_bytes,
    show_path,
    text_problem,
)
from game.saves.rederive import Divergence, DivergenceKind, rederive
from game.saves.terms import adopt, current_tab, new_term_id, term_of
from game.words import counted

AUTOSAVES_KEPT = 5
STALE_TEMP_SECONDS = 3600


@attrs.frozen
class VerifyResult:
    """What `replay --verify` reports for one file."""

    path: Path
    ok: bool
    decisions: int  # decisions recorded in the file
    matched: int  # decisions that replayed identically before the first divergence
    fingerprint_matches: bool  # recorded against exactly the content loaded now
    divergence: Divergence | None = None

    @property
    def diverged_at(self) -> int | None:
        return None if self.divergence is None else self.divergence.index

    @property
    def kind(self) -> DivergenceKind | None:
        return None if self.divergence is None else self.divergence.kind

    @property
    def message(self) -> str:
        """One line: 'FILE: ok (...)' or 'FILE: decision N (...): why'."""
        name = show_path(self.path)
        if self.divergence is not None:
            return f"{name}: {self.divergence.message}"
        note = "" if self.fingerprint_matches else "; the content changed since, the states did not"
        return f"{name}: ok ({counted(self.decisions, 'decision')}{note})"

    def as_json(self) -> dict[str, Any]:
        d = self.divergence
        return {
            "file": str(self.path),
            "ok": self.ok,
            "decisions": self.decisions,
            "matched": self.matched,
            "fingerprint_matches": self.fingerprint_matches,
            "diverged_at": self.diverged_at,
            "kind": self.kind,
            "turn": None if d is None else d.turn,
            "event": None if d is None else d.event,
            "choice": None if d is None else d.choice,
            "message": self.message,
        }


# --- writing --------------------------------------------------------------------------------


def record_of(
    session: Session,
    content: Content,
    label: str = "",
    *,
    now: datetime | None = None,
    created_at: str | None = None,
    tab: str | None = None,
) -> SaveRecord:
    """The save record of a session (nothing is written)."""
    scenario = _scenario(content)
    if session.scenario.id != scenario.id:
        raise ValueError(
            f"session of pack {session.scenario.id!r} saved with content {scenario.id!r}"
        )
    problem = text_problem(label)
    if problem:
        raise SaveError(f"save label: {problem}")
    label = fit(label)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    state = session.state
    ending = scenario.ending_by_id.get(state.ending) if state.ending else None
    decisions = tuple(
        RecordedDecision(
            d.turn,
            d.event,
            d.choice,
            state_digest(s.state),
            dict(zip((m.id for m in scenario.meters), s.state.meters, strict=True)),
        )
        for d, s in zip(state.decisions, session.steps[1:], strict=True)
    )
    return SaveRecord(
        content_id=scenario.id,
        fingerprint=content.fingerprint,
        seed=session.seed,
        decisions=decisions,
        saved_at=stamp,
        created_at=created_at or stamp,
        label=label,
        opening=state_digest(session.steps[0].state),
        summary=Summary(
            turn=state.turn,
            turn_label=scenario.turn_label(state.turn),
            phase=state.phase,
            ending=state.ending,
            ending_title=fit(one_line(ending.title)) if ending else None,
        ),
        tab=tab,
    )


def write_record(path: Path, record: SaveRecord) -> Path:
    """Write a record to `path` atomically, creating the folder; OSError becomes SaveError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, encode(record))
    except OSError as error:
        raise SaveError(f"{show_path(path)}: cannot write: {error.strerror or error}") from None
    return path


def write_save(
    folder: Path, name: str, session: Session, content: Content, label: str = ""
) -> Path:
    """A manual save `folder/NAME.json` (replacing one of that name, keeping its creation time)."""
    path = save_path(folder, name)
    created_at = None
    with contextlib.suppress(SaveError):
        if path.exists():
            created_at = decode(read_bytes(path), path).created_at
    return write_record(path, record_of(session, content, label, created_at=created_at))


def autosave(folder: Path, session: Session, content: Content) -> Path:
    """The term's next `autosave-TERM-NNNNNN.json`; keeps the term's newest AUTOSAVES_KEPT.

    Only this term's older autosaves are removed: other terms, manual saves and
    any other file are never touched. Several processes may autosave into one
    folder at once, even the same term (two windows continuing it): a file is
    published under a number no one has taken yet, never over another's.
    """
    term = term_of(session)
    data = encode(record_of(session, content, tab=current_tab()))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = _publish_new(folder, term, data)
    except OSError as error:
        where = show_path(folder)
        raise SaveError(f"{where}: cannot write an autosave: {error.strerror or error}") from None
    for old in autosave_paths(folder, term)[:-AUTOSAVES_KEPT]:
        # with it go the files derived from it, named `.NAME.*` (a what-if cache)
        for gone in (old, *folder.glob(f".{glob.escape(old.name)}.*")):
            with contextlib.suppress(OSError):
                gone.unlink()
    _remove_stale_temps(folder)
    return path


def _publish_new(folder: Path, term: str, data: bytes) -> Path:
    """Write `data` as the term's next autosave without ever replacing an existing file.

    The bytes are written durably to a hidden staging file first, then
    hard-linked under the next free number (a link fails rather than replace
    a file another writer published a moment ago: the next number is tried).
    """
    staged = folder / f".autosave-{term}{SUFFIX}.{new_term_id()}{TEMP_SUFFIX}"
    atomic_write(staged, data)
    try:
        existing = autosave_paths(folder, term)
        number = _number(existing[-1]) + 1 if existing else 1
        while True:
            path = folder / autosave_name(term, number)
            try:
                os.link(staged, path)
            except FileExistsError:
                number += 1
                continue
            except OSError as error:
                if error.errno not in NO_HARD_LINKS:
                    raise
                if not _create_new(path, data):
                    number += 1
                    continue
            break
    finally:
        with contextlib.suppress(OSError):
            os.unlink(staged)
    fsync_folder(folder)
    return path


# A folder on a file system without hard links (FAT and exFAT memory sticks, some
# network shares) refuses os.link with one of these.
NO_HARD_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS})


def _create_new(path: Path, data: bytes) -> bool:
    """Create `path` with `data` only if no file has that name (False if one has).

    Where hard links are refused: exclusive creation still never replaces
    another writer's file, though a reader may for a moment see it half written
    (listing skips a file that does not read as a save).
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    return True


def _number(path: Path) -> int:
    key = autosave_key(path)
    return key[1] if key else 0


def _remove_stale_temps(folder: Path) -> None:
    """Temporary files left by a write that was killed, once they are an hour old."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    with contextlib.suppress(OSError):
        for temp in folder.glob(f".*{SUFFIX}.*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if temp.is_file() and temp.stat().st_mtime < cutoff:
                    os.unlink(temp)


# --- loading --------------------------------------------------------------------------------


def read_record(path: Path, content: Content) -> SaveRecord:
    """The file's record, checked to belong to this content pack."""
    record = decode(read_bytes(path), path)
    scenario = _scenario(content)
    if record.content_id != scenario.id:
        raise SaveError(
            f"{show_path(path)}: recorded with content pack '{record.content_id}', "
            f"but the content loaded is '{scenario.id}' (use --content)"
        )
    return record


@attrs.frozen
class Recording:
    """A loaded save: the file's record and the session re-derived from it."""

    path: Path
    record: SaveRecord
    session: Session
    fingerprint_matches: bool


def load_recording(path: Path, content: Content) -> Recording:
    """Like `load_save`, keeping the record (label, times, format version) too.

    A session loaded from an autosave continues that autosave's term.
    """
    record = read_record(path, content)
    session, divergence = rederive(record, _scenario(content))
    key = autosave_key(path)
    if key is not None and key[0]:
        adopt(session, key[0])
    matches = record.fingerprint == content.fingerprint
    if divergence is not None:
        if matches:
            why = "does not replay on the content it was recorded with (edited by hand?)"
        else:
            why = f"recorded with an earlier version of content pack '{record.content_id}'"
        raise SaveError(f"{show_path(path)}: {why}: {divergence.message}")
    return Recording(path, record, session, matches)


def load_save(path: Path, content: Content) -> Session:
    """The recorded session, every state re-derived and checked; SaveError names the file."""
    return load_recording(path, content).session


def verify_save(path: Path, content: Content) -> VerifyResult:
    """Re-simulate a save against the content; SaveError if the file itself is unusable."""
    record = read_record(path, content)
    session, divergence = rederive(record, _scenario(content))
    return VerifyResult(
        path=path,
        ok=divergence is None,
        decisions=len(record.decisions),
        matched=len(session.steps) - 1,
        fingerprint_matches=record.fingerprint == content.fingerprint,
        divergence=divergence,
    )


def _scenario(content: Content) -> Scenario:
    if content.scenario is None:
        raise SaveError(
            f"{show_path(content.folder)}: the content has errors (run `article-five check`)"
        )
    return content.scenario
