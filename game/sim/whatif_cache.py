"""What-if results cached beside the save they came from, so that reopening is instant.

The cache is derived data, safe to delete: `.NAME.json.whatif` next to
`NAME.json` (hidden, and not a `.json`, so no listing of saves shows it). It
holds one result under a key made of the save file's bytes, the content's
fingerprint and the run's parameters, and a checksum of the result. A cache
whose key does not match, whose checksum is wrong (edited by hand) or that
does not parse is ignored and computed again; a folder that cannot be written
to only means no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

import cattrs

from game.atomic import atomic_write
from game.content.load import Content
from game.engine.session import Session
from game.sim.whatif import Progress, WhatIf, what_if

FORMAT = "article-five-whatif"
VERSION = 1  # raise when the result's shape or its computation changes
MAX_BYTES = 16 * 1024 * 1024

_converter = cattrs.Converter(forbid_extra_keys=True)


def cache_path(save: Path) -> Path:
    return save.with_name(f".{save.name}.whatif")


def cache_key(save_bytes: bytes, fingerprint: str, strategy: str, runs: int, seed: int) -> str:
    parts = [FORMAT, str(VERSION), hashlib.sha256(save_bytes).hexdigest(), fingerprint]
    parts += [strategy, str(runs), str(seed)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _checksum(key: str, result: object) -> str:
    payload = json.dumps(result, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{key}\x1f{payload}".encode()).hexdigest()


def load_cached(save: Path, key: str) -> WhatIf | None:
    """The cached result for `key`, or None (absent, stale, tampered with or unreadable)."""
    path = cache_path(save)
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        document = json.loads(path.read_bytes())
        if document.get("format") != FORMAT or document.get("version") != VERSION:
            return None
        if document.get("key") != key:
            return None
        result = document.get("result")
        if document.get("checksum") != _checksum(key, result):
            return None
        return _converter.structure(result, WhatIf)
    except (OSError, ValueError, TypeError, AttributeError, cattrs.BaseValidationError):
        return None


def store(save: Path, key: str, result: WhatIf) -> None:
    """Write the cache beside the save, atomically; silently skipped where it cannot be."""
    unstructured = _converter.unstructure(result)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "key": key,
        "checksum": _checksum(key, unstructured),
        "result": unstructured,
    }
    path = cache_path(save)
    data = json.dumps(document, separators=(",", ":")).encode()
    with contextlib.suppress(OSError):
        atomic_write(path, data)


def recall(content: Content, save: Path, *, runs: int, strategy: str, seed: int) -> WhatIf | None:
    """The cached result for the term recorded in `save`, or None (none, stale or unreadable)."""
    try:
        key = cache_key(save.read_bytes(), content.fingerprint, strategy, runs, seed)
    except OSError:
        return None
    return load_cached(save, key)


def cached_what_if(
    content: Content,
    session: Session,
    save: Path | None,
    *,
    runs: int,
    strategy: str,
    seed: int,
    jobs: int = 1,
    progress: Progress | None = None,
) -> tuple[WhatIf, bool]:
    """(result, whether it came from the cache) for the session recorded in `save`;
    computed and not cached when there is no such file."""
    key = None
    if save is not None and save.is_file():
        key = cache_key(save.read_bytes(), content.fingerprint, strategy, runs, seed)
        cached = load_cached(save, key)
        if cached is not None:
            return cached, True
    result = what_if(
        content, session, runs=runs, strategy=strategy, seed=seed, jobs=jobs, progress=progress
    )
    if save is not None and key is not None:
        store(save, key, result)
    return result, False
