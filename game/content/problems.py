"""Problems found in content: what, where, how bad."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Literal

import attrs

from game.safe_text import escaped

Severity = Literal["error", "warning"]


@attrs.frozen
class Problem:
    # Problems quote names from the content (keys, ids, file names), which an author or a
    # stranger may have filled with anything: escaped, so they cannot drive the terminal.
    file: str = attrs.field(converter=escaped)  # relative to the content folder
    line: int | None
    severity: Severity
    key: str = attrs.field(converter=escaped)  # e.g. "event[3].choice[2].effects.credibilty"
    message: str = attrs.field(converter=escaped)
    column: int | None = None

    def render(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.line is not None and self.column is not None:
            where += f":{self.column}"
        key = f"{self.key}: " if self.key else ""
        return f"{where}: {self.severity}: {key}{self.message}"

    def as_json(self) -> dict[str, object]:
        return attrs.asdict(self)


class ContentError(Exception):
    """Content that cannot be played; carries every problem found."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(errors[0].render() if errors else "content has errors")


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
