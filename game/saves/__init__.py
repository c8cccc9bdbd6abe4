"""Saves: a session recorded as content id + fingerprint + seed + decisions.

A save holds nothing it can recompute: loading re-derives every state by
folding the engine's `step` over the recorded decisions, and checks each
state's digest. See docs/saves.md for the format.

Each name below is imported from its module when first used (`game.lazy`):
importing one module, as the start-up path does, does not import them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.lazy import lazy_exports

if TYPE_CHECKING:
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

__getattr__ = lazy_exports(
    __name__,
    globals(),
    {
        "SaveError": "errors",
        "SaveInfo": "folder",
        "check_name": "folder",
        "latest_autosave": "folder",
        "list_saves": "folder",
        "saves_folder": "folder",
        "Recording": "store",
        "VerifyResult": "store",
        "autosave": "store",
        "load_recording": "store",
        "load_save": "store",
        "verify_save": "store",
        "write_save": "store",
    },
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
