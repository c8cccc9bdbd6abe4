"""What if?: computing a term's counterfactuals in a worker, with a progress bar.

The screen is a small dialog over the end screen or the replay; the work runs
in a thread worker (`game.sim.whatif.what_if`, spread over processes), so
the interface never waits for it. Escape cancels: the next progress report
raises in the worker, which stops the worker processes. A finished result is
cached beside the save the term was read from or autosaved to (as the command
line and plain mode do), and remembered for the rest of the session, so
reopening it is instant.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, ProgressBar
from textual.worker import get_current_worker

from game.content.load import Content as GameContent
from game.engine.session import Session
from game.sim.runner import default_jobs
from game.sim.whatif import DEFAULT_RUNS, DEFAULT_SEED, DEFAULT_STRATEGY, WhatIf
from game.sim.whatif_cache import cached_what_if, recall

_Key = tuple[str, int, tuple[str, ...], int, str, int]
_REMEMBERED: dict[_Key, WhatIf] = {}
_KEEP = 8  # results remembered at most


class Cancelled(Exception):
    """Raised in the worker by its progress report once Escape was pressed."""


def _key(content: GameContent, session: Session, runs: int) -> _Key:
    choices = tuple(d.choice for d in session.state.decisions)
    return (content.fingerprint, session.seed, choices, runs, DEFAULT_STRATEGY, DEFAULT_SEED)


def remembered(content: GameContent, session: Session, runs: int) -> WhatIf | None:
    return _REMEMBERED.get(_key(content, session, runs))


class WhatIfScreen(ModalScreen[WhatIf | None]):
    """Returns the what-if result of `session`, or None when cancelled or failed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="whatif.cancel")
    ]

    def __init__(
        self, content: GameContent, session: Session, runs: int, save: Path | None = None
    ) -> None:
        super().__init__()
        self.content, self.session, self.runs = content, session, runs
        self.save = save  # the file recording `session`: the result is cached beside it

    def compose(self) -> ComposeResult:
        decisions = len(self.session.state.decisions)
        term = self.session.scenario.words.term
        with Vertical(classes="dialog wide"):
            yield Label(Content.styled("What if?", "bold"), classes="dialog-title")
            yield Label(
                f"Every choice of your {decisions} decisions, played on {self.runs:,} times "
                f"each to the end of the {term} by {DEFAULT_STRATEGY} play.",
                id="whatif-what",
            )
            yield ProgressBar(id="whatif-progress", show_eta=True)
            yield Label(Content.styled("Esc cancels", "$text-muted"), id="whatif-status")

    def on_mount(self) -> None:
        self.compute()

    @work(thread=True, exclusive=True, group="whatif")
    def compute(self) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise Cancelled
            self.app.call_from_thread(self.advance, done, total)

        try:
            result, _ = cached_what_if(
                self.content,
                self.session,
                self.save,
                runs=self.runs,
                strategy=DEFAULT_STRATEGY,
                seed=DEFAULT_SEED,
                jobs=default_jobs(),
                progress=progress,
            )
        except Cancelled:
            return
        except Exception as error:  # a bug here must not end the game
            if not worker.is_cancelled:
                self.app.call_from_thread(self.failed, f"{type(error).__name__}: {error}")
            return
        if len(_REMEMBERED) >= _KEEP:
            _REMEMBERED.pop(next(iter(_REMEMBERED)))
        _REMEMBERED[_key(self.content, self.session, self.runs)] = result
        if not worker.is_cancelled:
            self.app.call_from_thread(self.dismiss, result)

    def advance(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)

    def failed(self, message: str) -> None:
        self.notify(message, title="What if? failed", severity="error", markup=False)
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "whatif")
        self.dismiss(None)


def ask_whatif(
    screen: Screen[Any],
    session: Session,
    then: Callable[[WhatIf], None],
    save: Path | None = None,
) -> None:
    """Compute (or recall) the what-if result of `session`, then call `then` with it.

    `save`: the file that records `session`, if any; its cache is read first.
    """
    content = getattr(screen.app, "content", None)
    if not isinstance(content, GameContent) or not session.state.decisions:
        screen.notify("No decision recorded: nothing to look back on.", markup=False)
        return
    runs = DEFAULT_RUNS
    known = remembered(content, session, runs)
    if known is None and save is not None:
        known = recall(content, save, runs=runs, strategy=DEFAULT_STRATEGY, seed=DEFAULT_SEED)
    if known is not None:
        then(known)
        return

    def done(result: WhatIf | None) -> None:
        if result is not None:
            then(result)

    screen.app.push_screen(WhatIfScreen(content, session, runs, save), done)


def first_turning_point(result: WhatIf) -> int:
    """The replay index (1-based) of the biggest turning point, for the worse first; else 1."""
    found = result.worse or result.better
    return found[0].index + 1 if found else 1
