"""Watching a pack for saves: each change to its TOML files, loaded and checked.

`article-five --watch` runs `watch_pack` on a thread: after every save in the
pack folder (a burst of writes counts as one), the whole pack is loaded again
and handed over as a `Content` — clean, or carrying its problems, which the
front end shows without losing the game in play.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import watchfiles

from game.content.load import Content, load_content


def is_pack_file(_: watchfiles.Change, path: str) -> bool:
    """Only TOML files count: an editor's swap and backup files do not."""
    return path.endswith(".toml")


def watch_pack(folder: Path, stop: threading.Event) -> Iterator[Content]:
    """The pack as loaded after each change, until `stop` is set."""
    for _ in watchfiles.watch(folder, watch_filter=is_pack_file, stop_event=stop):
        yield load_content(folder)
