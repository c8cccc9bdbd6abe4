"""Which files make a content folder, and the fingerprint of their bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

MAX_FILE_BYTES = 32 * 1024 * 1024
SCENARIO_FILE = "scenario.toml"
EVENTS_FOLDER = "events"
BALANCE_FILES = ("personas.toml", "targets.toml")  # optional: how play is measured


def content_files(folder: Path) -> list[Path]:
    """scenario.toml, then events/*.toml in name order, then the balance files present."""
    events = folder / EVENTS_FOLDER
    found = sorted(events.glob("*.toml")) if events.is_dir() else []
    balance = [folder / name for name in BALANCE_FILES if (folder / name).is_file()]
    return [folder / SCENARIO_FILE, *found, *balance]


def relative_name(folder: Path, file: Path) -> str:
    return file.relative_to(folder).as_posix()


def fingerprint(files: Iterable[tuple[str, bytes]]) -> str:
    """SHA-256 over every (relative name, bytes) in order: a save records it (docs/saves.md)."""
    digest = hashlib.sha256()
    for name, raw in files:
        digest.update(name.encode() + b"\0" + raw + b"\0")
    return digest.hexdigest()
