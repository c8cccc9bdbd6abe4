"""Finding the line of a key path in TOML source text.

tomli gives positions only for syntax errors, so for every other problem we
scan the text once: table headers, array-of-table headers (counting their
occurrences) and `key = value` lines, including keys inside one-line inline
tables. The scan is forgiving: it only needs to find lines, not to parse.
"""

from __future__ import annotations

import re

# Where a value sits in a TOML document: table names and array indexes, e.g. ("event", 3, "title").
KeyPath = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_INLINE_KEY = re.compile(r"""[{,]\s*([A-Za-z0-9_\-]+|"[^"]*")\s*=""")


def _split_key(text: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'""", text)
    return [p.strip("\"'") for p in parts]


class Locator:
    """Maps key paths of one TOML document to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self.lines: dict[KeyPath, int] = {}
        self.source = text.splitlines()
        self._scan()

    def _scan(self) -> None:
        table: KeyPath = ()
        counters: dict[KeyPath, int] = {}
        in_string: str | None = None
        for number, line in enumerate(self.source, start=1):
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            if line.lstrip()[:1] in ("", "#"):  # blank or comment: most lines of a big file
                continue
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                names = _split_key(header.group(2))
                if not names:
                    continue
                parent = self._resolve(names[:-1], counters)
                if header.group(1) == "[[":
                    base = (*parent, names[-1])
                    index = counters.get(base, -1) + 1
                    counters[base] = index
                    table = (*base, index)
                else:
                    table = (*parent, names[-1])
                self.lines.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if not key:
                continue
            path = (*table, *_split_key(key.group(1)))
            self.lines.setdefault(path, number)
            rest = line[key.end() :]
            for inline in _INLINE_KEY.finditer(rest):
                self.lines.setdefault((*path, inline.group(1).strip('"')), number)
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_string = quote
                    break

    def _resolve(self, names: list[str], counters: dict[KeyPath, int]) -> KeyPath:
        """The path of a header's parent: `[[event.choice]]` lives in the latest event."""
        path: KeyPath = ()
        for name in names:
            path = (*path, name)
            if path in counters:
                path = (*path, counters[path])
        return path

    def line_of(self, path: KeyPath) -> int | None:
        """The line of the longest prefix of `path` that stands in the text."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1 if self.source else None

    def column_of(self, line: int | None, fragment: str) -> int | None:
        """1-based column where `fragment` starts on `line`, if it stands there."""
        if line is None or not fragment or line > len(self.source):
            return None
        index = self.source[line - 1].find(fragment)
        return index + 1 if index >= 0 else None

    def column_of_key(self, line: int | None, path: KeyPath) -> int | None:
        """1-based column of the key of `path` on `line`, else of the line's first character."""
        if line is None or line > len(self.source) or not self.source[line - 1].strip():
            return None
        text = self.source[line - 1]
        names = [part for part in path if isinstance(part, str)]
        if names and not text.lstrip().startswith("["):
            found = re.search(rf"(?<![\w-]){re.escape(names[-1])}(?![\w-])", text)
            if found:
                return found.start() + 1
        return len(text) - len(text.lstrip()) + 1


def render_path(path: KeyPath) -> str:
    """('event', 2, 'choice', 1, 'effects', 'x') → 'event[3].choice[2].effects.x'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"  # authors count from one
        else:
            out += f".{part}" if out else str(part)
    return out
