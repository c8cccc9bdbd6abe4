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
AUTOSAVE = re.compile(r"autosave-(\d{1,12})\.json")
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


def autosave_number(path: Path) -> int | None:
    match = AUTOSAVE.fullmatch(path.name)
    return int(match.group(1)) if match else None


def autosave_paths(folder: Path) -> list[Path]:
    """The folder's autosaves, oldest first (by their sequence number)."""
    found = []
    try:
        for path in folder.glob(f"{AUTOSAVE_PREFIX}*{SUFFIX}"):
            number = autosave_number(path)
            if number is not None:
                found.append((number, path))
    except OSError:
        return []
    return [path for _, path in sorted(found)]


def read_info(path: Path) -> SaveInfo:
    """What a listing shows for one file; an unreadable file gets `problem`, never an exception."""
    kind: SaveKind = "autosave" if autosave_number(path) is not None else "manual"
    name = path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.name
    try:
        record = decode(read_bytes(path), path)
    except SaveError as error:
        return SaveInfo(path, name, "", kind, _modified(path), "", 0, None, problem=str(error))
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
    )


def list_saves(folder: Path) -> list[SaveInfo]:
    """Every `*.json` file of the folder, newest first; unreadable ones listed with a problem."""
    try:
        paths = sorted(p for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith("."))
    except OSError:
        return []
    infos = [read_info(path) for path in paths if _is_file(path)]
    infos.sort(key=_newest_first)
    return infos


def latest_autosave(folder: Path) -> SaveInfo | None:
    """The newest autosave that can be read (by sequence number, not by clock), or None."""
    for path in reversed(autosave_paths(folder)):
        info = read_info(path)
        if info.ok:
            return info
    return None


def _newest_first(info: SaveInfo) -> tuple[float, int, str]:
    try:
        moment = datetime.fromisoformat(info.saved_at)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        stamp = moment.timestamp()
    except (ValueError, OverflowError, OSError):
        stamp = 0.0
    number = autosave_number(info.path)
    return (-stamp, -(number if number is not None else -1), info.name)


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
