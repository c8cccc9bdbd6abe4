"""What the tables left out may have defined.

A table with an error is reported and left out; the ids, flags and phases it
named are unknown, so a reference to one of them elsewhere is not reported
as dangling (it would be a consequence of the first error, not a problem of
its own). The text of every table left out is kept, and a name it mentions
as a whole word counts as possibly defined there.
"""

from __future__ import annotations

import re

import attrs


@attrs.define
class Shadow:
    texts: list[str] = attrs.Factory(list)
    kinds: set[str] = attrs.Factory(set)  # e.g. "ending": some [[ending]] was left out

    def add(self, text: str, kind: str = "") -> None:
        self.texts.append(text)
        self.kinds.add(kind)

    def mentions(self, name: str) -> bool:
        if not self.texts or not name:
            return False
        word = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
        return any(word.search(text) for text in self.texts)
