"""Where saves live, what they may be called, and what is in a folder of them."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import attrs


@attrs.frozen
class SaveInfo:
    path: Path
    name: str
    label: str
    kind: Literal["manual", "autosave"]
    saved_at: str
    turn_label: str
    decisions: int
    ending: str | None
    problem: str | None = None


def saves_folder(option: str | None) -> Path:
    raise NotImplementedError


def check_name(name: str) -> str:
    raise NotImplementedError


def list_saves(folder: Path) -> list[SaveInfo]:
    raise NotImplementedError


def latest_autosave(folder: Path) -> SaveInfo | None:
    raise NotImplementedError
