"""Where saves live, what they may be called, and what is in a folder of them."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import attrs

from game.saves.errors import SaveError
from game.saves.format import decode, printable, read_bytes, show_path

APP_NAME = "article-five"
SUFFIX = ".json"
AUTOSAVE_PREFIX = "autosave-"
# autosave-TERM-NNNNNN.json: the term's id (game/saves/terms.py), then its sequence number.
# Folders written before terms existed hold autosave-NNNNNN.json: they still load, as one
# term of their own (term ""), which no new autosave ever rotates.
AUTOSAVE = re.compile(r"autosave-(?:(?P<term>[0-9a-f]{8})-)?(?P<number>\d{1,12})\.json")
MAX_NAME = 64
_WINDOWS_FORBIDDEN = set('<>:"|?*')
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul"} | {
    f"{d}{i}" for d in ("com", "lpt") for i in range(10)
}

SaveKind = Literal["manual", "autosave"]


@attrs.frozen
class SaveInfo:
    """One file of a saves folder, as a list or a "continue" button shows it."""

    path: Path
    name: str  # the file name without .json
    label: str
    kind: SaveKind
    saved_at: str  # ISO 8601; for an unreadable file, the file's modification time
    turn_label: str  # "Q3 2030"; "" when the file does not say
    decisions: int
    ending: str | None  # the ending's id when the term is over
    problem: str | None = None  # why the file cannot be loaded (one line), or None
    ending_title: str | None = None
    content_id: str = ""
    term: str = ""  # an autosave's term id ("" for a manual save or an old-style autosave)
    tab: str | None = None  # the browser tab it was played in

    @property
    def ok(self) -> bool:
        return self.problem is None


def saves_folder(option: str | None) -> Path:
    """The folder for saves: `--saves DIR`, else `saves/` of a checkout, else the user data dir.

    Nothing is created here (that happens on the first write). A `--saves`
    that names an existing file raises SaveError.
    """
    if option is not None:
        if not option.strip():
            raise SaveError("--saves: empty (give a folder)")
        folder = Path(option).expanduser()
        if folder.exists() and not folder.is_dir():
            raise SaveError(f"{show_path(folder)}: not a folder (--saves needs a folder)")
        return folder
    root = checkout_root()
    if root is not None:
        return root / "saves"
    return user_saves_folder()


def checkout_root() -> Path | None:
    """The project folder when running from a checkout (pyproject.toml next to game/)."""
    root = Path(__file__).resolve().parent.parent.parent
    if (root / "pyproject.toml").is_file() and (root / "game").is_dir():
        return root
    return None


def user_saves_folder() -> Path:
    """`saves` in the per-user data directory (e.g. ~/.local/share/article-five/saves)."""
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "saves"


def check_name(name: str) -> str:
    """A player's save name, checked: returned trimmed (and without a trailing .json)."""
    shown = f"save name '{printable(name, 40)}'"
    trimmed = name.strip()
    if trimmed.lower().endswith(SUFFIX):
        trimmed = trimmed[: -len(SUFFIX)].rstrip()
    if not trimmed:
        raise SaveError(f"{shown}: empty (give the save a name)")
    for ch in trimmed:
        if ch in "/\\":
            raise SaveError(f"{shown}: contains a path separator ('{ch}')")
        if unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} or ch in "\u2028\u2029":
            raise SaveError(f"{shown}: contains a control character (U+{ord(ch):04X})")
        if ch in _WINDOWS_FORBIDDEN:
            raise SaveError(f"{shown}: contains '{ch}' (not allowed: < > : \" | ? *)")
    if ".." in trimmed:
        raise SaveError(f"{shown}: contains '..'")
    if trimmed.startswith("."):
        raise SaveError(f"{shown}: starts with a dot")
    if trimmed.endswith("."):
        raise SaveError(f"{shown}: ends with a dot")
    if len(trimmed) > MAX_NAME:
        raise SaveError(f"{shown}: too long ({len(trimmed)} characters; at most {MAX_NAME})")
    if trimmed.lower().startswith(AUTOSAVE_PREFIX):
        raise SaveError(f"{shown}: names starting with '{AUTOSAVE_PREFIX}' are kept for autosaves")
    if trimmed.split(".")[0].lower() in _WINDOWS_DEVICES:
        raise SaveError(f"{shown}: a reserved device name on Windows")
    return trimmed


def save_path(folder: Path, name: str) -> Path:
    return folder / f"{check_name(name)}{SUFFIX}"


def autosave_name(term: str, number: int) -> str:
    return f"{AUTOSAVE_PREFIX}{term}-{number:06d}{SUFFIX}"


def autosave_key(path: Path) -> tuple[str, int] | None:
    """(term, sequence number) of an autosave's file name; None for any other file."""
    match = AUTOSAVE.fullmatch(path.name)
    if match is None:
        return None
    return match.group("term") or "", int(match.group("number"))


def autosave_paths(folder: Path, term: str | None = None) -> list[Path]:
    """The folder's autosaves (of one term, or of all), oldest first within each term."""
    found = []
    try:
        for path in folder.glob(f"{AUTOSAVE_PREFIX}*{SUFFIX}"):
            key = autosave_key(path)
            if key is not None and (term is None or key[0] == term):
                found.append((key, path))
    except OSError:
        return []
    return [path for _, path in sorted(found)]


def read_info(path: Path) -> SaveInfo:
    """What a listing shows for one file; an unreadable file gets `problem`, never an exception."""
    key = autosave_key(path)
    kind: SaveKind = "autosave" if key is not None else "manual"
    term = key[0] if key else ""
    name = path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.name
    try:
        record = decode(read_bytes(path), path)
    except SaveError as error:
        return SaveInfo(
            path, name, "", kind, _modified(path), "", 0, None, problem=str(error), term=term
        )
    summary = record.summary
    return SaveInfo(
        path=path,
        name=name,
        label=record.label,
        kind=kind,
        saved_at=record.saved_at,
        turn_label=summary.turn_label if summary else "",
        decisions=len(record.decisions),
        ending=summary.ending if summary else None,
        ending_title=summary.ending_title if summary else None,
        content_id=record.content_id,
        term=term,
        tab=record.tab,
    )


def list_saves(folder: Path) -> list[SaveInfo]:
    """Manual saves and each term's newest autosave, newest first; unreadable files too.

    A term's older autosaves are left out (its newest holds all it had, and undo
    goes back from there); an unreadable newest one is listed with its problem,
    followed by the newest that reads.
    """
    try:
        paths = sorted(p for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith("."))
    except OSError:
        return []
    infos = [read_info(path) for path in paths if autosave_key(path) is None and _is_file(path)]
    for term_paths in _by_term(autosave_paths(folder)).values():
        for path in reversed(term_paths):
            info = read_info(path)
            infos.append(info)
            if info.ok:
                break
    infos.sort(key=_newest_first)
    return infos


def latest_autosave(folder: Path, tab: str | None = None) -> SaveInfo | None:
    """The autosave Continue offers, or None.

    In a browser tab (`tab`, by default the one this game is served to): the
    newest autosave played in that tab. Otherwise the newest of every term's
    latest readable autosave. Within a term, newest is by sequence number;
    between terms by the time the file was written.
    """
    from game.saves.terms import current_tab

    tab = tab or current_tab()
    found = []
    for term_paths in _by_term(autosave_paths(folder)).values():
        for path in reversed(term_paths):
            info = read_info(path)
            if info.ok:
                if tab is None or info.tab == tab:
                    found.append((_modified_ns(path), info))
                break
    return max(found, key=lambda pair: pair[0])[1] if found else None


def _by_term(paths: list[Path]) -> dict[str, list[Path]]:
    terms: dict[str, list[Path]] = {}
    for path in paths:
        key = autosave_key(path)
        assert key is not None
        terms.setdefault(key[0], []).append(path)
    return terms


def _newest_first(info: SaveInfo) -> tuple[float, int, str]:
    try:
        moment = datetime.fromisoformat(info.saved_at)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        stamp = moment.timestamp()
    except (ValueError, OverflowError, OSError):
        stamp = 0.0
    return (-stamp, -_modified_ns(info.path), info.name)


def _modified_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _modified(path: Path) -> str:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
    except (OSError, ValueError, OverflowError):
        return ""


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False
