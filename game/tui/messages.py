"""What screens tell the app: typed messages that bubble up from a screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from game.content.load import Content
    from game.engine.session import Session


class StartTerm(Message):
    """Play `session` from where it stands (a new term, a loaded save, a branch).

    `changed`: the session is not one already on disk (a branch, an undo), so it
    is autosaved; a save just loaded is not written again. `redo`: the choices
    taken back (the last one taken back at the end), for Ctrl+Y.
    """

    def __init__(
        self,
        session: Session,
        note: str = "",
        *,
        changed: bool = True,
        redo: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.session = session
        self.note = note
        self.changed = changed
        self.redo = redo


class Decided(Message):
    """The session changed by a decision or an undo: autosave it."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session


class TermOver(Message):
    """The term has ended: show the end screen."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session


class OpenReplay(Message):
    """Step through `session` (from a save called `name`, or the term just played).

    `path`: the file it was read from, where derived data (what if?) is cached.
    """

    def __init__(self, session: Session, name: str, path: Path | None = None) -> None:
        super().__init__()
        self.session = session
        self.name = name
        self.path = path


class GoTitle(Message):
    """Back to the title screen."""


class ContentSaved(Message):
    """The content pack was saved (`--watch`): reload it, broken or clean."""

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content
