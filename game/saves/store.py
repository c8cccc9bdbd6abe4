"""Writing, loading and verifying saves."""

from __future__ import annotations

from pathlib import Path

import attrs

from game.content.load import Content
from game.engine.session import Session


@attrs.frozen
class VerifyResult:
    ok: bool
    decisions: int
    diverged_at: int | None = None  # 1-based index of the first diverging decision
    reason: str = ""


def write_save(folder: Path, name: str, session: Session, content: Content, label: str = "") -> Path:
    raise NotImplementedError


def autosave(folder: Path, session: Session, content: Content) -> Path:
    raise NotImplementedError


def load_save(path: Path, content: Content) -> Session:
    raise NotImplementedError


def verify_save(path: Path, content: Content) -> VerifyResult:
    raise NotImplementedError
