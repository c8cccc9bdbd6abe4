"""Saves: a session recorded as content id + fingerprint + seed + decisions.

A save holds nothing it can recompute: loading re-derives every state by
folding the engine's `step` over the recorded decisions, and checks each
state's digest. See docs/saves.md for the format.
"""

from __future__ import annotations

from game.saves.errors import SaveError
from game.saves.folder import SaveInfo, check_name, latest_autosave, list_saves, saves_folder
from game.saves.store import (
    Recording,
    VerifyResult,
    autosave,
    load_recording,
    load_save,
    verify_save,
    write_save,
)

__all__ = [
    "Recording",
    "SaveError",
    "SaveInfo",
    "VerifyResult",
    "autosave",
    "check_name",
    "latest_autosave",
    "list_saves",
    "load_recording",
    "load_save",
    "saves_folder",
    "verify_save",
    "write_save",
]
