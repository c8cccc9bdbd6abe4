"""One content file as read from disk: its name, text and problems."""

from __future__ import annotations

import attrs

from game.content.locate import KeyPath, Locator, render_path
from game.content.problems import Problem, Severity


@attrs.define
class Source:
    name: str  # relative to the content folder, with forward slashes
    text: str
    problems: list[Problem] = attrs.Factory(list)
    _locator: Locator | None = None

    @classmethod
    def of(cls, name: str, text: str) -> Source:
        return cls(name, text)

    @property
    def locator(self) -> Locator:
        """Built on first use: content without problems never needs it."""
        if self._locator is None:
            self._locator = Locator(self.text)
        return self._locator

    def add(
        self,
        path: KeyPath,
        message: str,
        severity: Severity = "error",
        *,
        fragment: str | None = None,
        offset: int = 0,
    ) -> None:
        """Record a problem at `path`; `fragment` (+ `offset`) finds the column on its line."""
        line = self.locator.line_of(path)
        if fragment:
            column = self.locator.column_of(line, fragment)
            if column is not None:
                column += offset
        else:  # the key itself, where it stands on the line
            column = self.locator.column_of_key(line, path)
        self.problems.append(Problem(self.name, line, severity, render_path(path), message, column))
