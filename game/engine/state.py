"""The run state: where a term stands after some decisions."""

from __future__ import annotations

import hashlib
import json
from typing import Any, cast

import attrs

from game.engine.expr import Expr
from game.engine.model import Effect


@attrs.frozen
class Decision:
    """One decision of the term: which choice, and which chance outcome came of it."""

    turn: int
    event: str
    choice: str
    outcome: str | None = None


@attrs.frozen
class PendingEvent:
    """A follow-up event due on the agenda of `turn`."""

    turn: int
    event: str
    source: str  # "event.choice" (or ".outcome") that scheduled it


@attrs.frozen
class PendingEffects:
    """Delayed effects due at the end of `turn`."""

    turn: int
    effects: tuple[Effect, ...]
    explain: str
    source: str
    # The number (1-based) of the decision that scheduled them (None: a rule did).
    # Left out of the digest: it follows from the decisions, which saves check.
    decision: int | None = attrs.field(default=None, metadata={"digest": False})


@attrs.frozen
class State:
    seed: int
    turn: int  # 1-based quarter
    phase: str
    meters: tuple[float, ...]  # in the scenario's meter order
    flags: frozenset[str] = frozenset()
    agenda: tuple[str, ...] = ()  # events still to decide this quarter; the first is current
    pending_events: tuple[PendingEvent, ...] = ()
    pending_effects: tuple[PendingEffects, ...] = ()
    last_offered: tuple[tuple[str, int], ...] = ()  # (event id, quarter), sorted by id
    decisions: tuple[Decision, ...] = ()
    quarter_starts: tuple[tuple[float, ...], ...] = ()  # the meters as each quarter began
    ending: str | None = None

    @property
    def over(self) -> bool:
        return self.ending is not None

    @property
    def current_event(self) -> str | None:
        return None if self.over or not self.agenda else self.agenda[0]


# The history a state carries (its decisions, the meters of every past quarter)
# grows with the term. A save checks the digest after every decision in turn,
# so any difference in history already showed at the decision where it arose:
# leaving history out keeps a digest's cost flat instead of growing with the term.
_HISTORY = frozenset({"decisions", "quarter_starts"})


def state_digest(state: State) -> str:
    """A short stable hash of where the term stands (floats by their exact repr)."""
    fields = attrs.fields(State)
    present = {f.name: _plain(getattr(state, f.name)) for f in fields if f.name not in _HISTORY}
    payload = json.dumps(present, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _plain(value: object) -> object:
    if isinstance(value, Expr):  # identified by its source text
        return value.text
    if attrs.has(type(value)):
        fields = attrs.fields(cast(Any, type(value)))
        return {
            f.name: _plain(getattr(value, f.name)) for f in fields if f.metadata.get("digest", True)
        }
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return repr(value)
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(f"cannot digest {type(value).__name__}")
