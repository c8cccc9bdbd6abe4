"""Which term a session belongs to, and which browser tab is playing.

Autosaves are kept per term (`autosave-TERM-NNNNNN.json`), so that several
players writing into one saves folder never rotate each other's terms away.
A term id is given to a term when it is first autosaved and sticks to every
session that grows from the same opening (`choose`, `undo` and `branch` keep
`steps[0]`, the very same object); a session loaded from an autosave takes
that file's term, so Continue goes on writing the same rolling set.

The front ends only call `autosave(folder, session, content)`: the term is
found here, by the identity of the session's opening step, and forgotten when
that step is garbage.

A game served to a browser is told its tab (`ARTICLE_FIVE_TAB`, set by
`article-five serve` from the page's per-tab id); its autosaves record the tab,
and Continue offers the tab's own last term.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import weakref

from game.engine.session import Session
from game.saves.format import TAB

TERM = re.compile(r"[0-9a-f]{8}")
TAB_ENV = "ARTICLE_FIVE_TAB"

_terms: dict[int, str] = {}  # id(session.steps[0]) -> term id
_lock = threading.Lock()  # autosaves are written from a worker thread


def new_term_id() -> str:
    return secrets.token_hex(4)


def term_of(session: Session) -> str:
    """The session's term id, given a new one the first time it is asked."""
    with _lock:
        term = _terms.get(id(session.steps[0]))
    if term is None:
        term = new_term_id()
        adopt(session, term)
    return term


def adopt(session: Session, term: str) -> None:
    """`session` (and all that grows from it) continues the term `term`."""
    opening = session.steps[0]
    key = id(opening)
    with _lock:
        known = key in _terms
        _terms[key] = term
    if not known:
        weakref.finalize(opening, _forget, key)


def _forget(key: int) -> None:
    with _lock:
        _terms.pop(key, None)


def current_tab() -> str | None:
    """The browser tab this game plays in (a served game), or None in a terminal."""
    tab = os.environ.get(TAB_ENV, "").strip().lower()
    return tab if TAB.fullmatch(tab) else None
