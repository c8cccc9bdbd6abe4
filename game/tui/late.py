"""Content recalled as checked (`game.content.checked`), loaded after the title's first frame.

The app's warm-up thread calls `load` as soon as the title is up; anything that
needs the content before then calls it too and waits (at most the load's own
~60 ms). The files are read again, so a pack changed since start-up is loaded
as it is now: fine if still clean, reported (and the app left) if not.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from game.content.checked import Recalled, remember

if TYPE_CHECKING:
    from game.content.load import Content


class LateContent:
    def __init__(self, folder: Path, recalled: Recalled) -> None:
        self.folder = folder
        self.text = recalled.text
        self._expected = recalled.fingerprint
        self._lock = threading.Lock()
        self._content: Content | None = None

    def load(self) -> Content:
        """The content, loaded by the first caller (from any thread); later callers wait for it."""
        with self._lock:
            if self._content is None:
                from game.content.load import load_content

                content = load_content(self.folder)
                if content.fingerprint != self._expected:
                    remember(content)  # changed since start-up: remember it as it is now
                self._content = content
            return self._content
