"""The Textual app: screens on a stack, autosaves in a worker, the entry points.

`run_app(content, args)` plays (the CLI's default command); `run_replay`
(in `game.tui.replay`) opens a save straight into the replay screen. The
content has been loaded and checked clean before it gets here.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import Notification, SeverityLevel
from textual.screen import Screen

from game.saves.errors import SaveError
from game.saves.folder import saves_folder
from game.tui.messages import ContentSaved, Decided, GoTitle, OpenReplay, StartTerm, TermOver
from game.tui.screens.title import TitleScreen
from game.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from game.tui.settings import Settings, load_settings, save_settings, settings_file
from game.tui.text import one_line
from game.tui.themes import DEFAULT_THEME, THEMES

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual import events
    from textual.command import Provider
    from textual.widgets import Markdown

    from game.content.load import Content
    from game.engine.model import Scenario
    from game.engine.session import Session

INTERRUPTED = 130  # the exit code of a Ctrl+C
NOTE_SECONDS = 5  # how long a note stays on the status line unless its sender says otherwise


def game_commands() -> type[Provider]:
    """The palette's game commands, imported when the palette first opens (not at start-up)."""
    from game.tui.commands import GameCommands

    return GameCommands


def continue_unless_hung_up(handler: Any) -> Callable[[int, FrameType | None], None]:
    """`handler` for SIGCONT, skipped when the terminal has hung up.

    Closing a terminal sends SIGHUP and SIGCONT together. Textual answers SIGCONT
    (meant for a resume after Ctrl+Z) by taking over the terminal again; on a
    terminal that is gone its output thread dies and the app then blocks for
    ever on its next write, so the SIGHUP is never acted on.
    """

    def on_continue(signum: int, frame: FrameType | None) -> None:
        try:
            os.tcgetpgrp(sys.__stdout__.fileno() if sys.__stdout__ else 1)
        except OSError:
            return  # hung up: the SIGHUP that came with it ends the game
        if callable(handler):
            handler(signum, frame)

    return on_continue


class ArticleFiveApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "Article Five"
    COMMANDS = App.COMMANDS | {game_commands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+c",
            "interrupt",
            "Quit now",
            show=False,
            priority=True,
            system=True,
            id="app.interrupt",
        ),
        Binding("ctrl+q", "request_quit", "Quit", show=False, priority=True, id="app.quit"),
    ]
    # Textual declares these without a usable ClassVar, hence no annotation here.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide"), (170, "-huge")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]  # noqa: RUF012

    def __init__(
        self,
        content: Content,
        *,
        saves: Path,
        seed: int | None = None,
        replay: tuple[Session, str] | None = None,
        autosaves: bool = True,
        rank_endings: bool = True,
        owns_process: bool = False,
        watch: bool = False,
        settings: Path | None = None,
    ) -> None:
        super().__init__()
        self.animation_level = "none"  # scrolls and jumps land at once, as in lazygit or k9s
        assert content.scenario is not None, "bad content never reaches the TUI"
        self.content = content
        self.saves = saves
        self.seed = seed
        self.start_replay = replay
        self.autosaves = autosaves
        self.rank_endings = rank_endings  # the end screen's simulation (tests turn it off)
        # The game run as a program (not in a test): it answers SIGTERM and SIGHUP
        # by leaving cleanly.
        self.owns_process = owns_process
        self.signalled: int | None = None
        self.title = one_line(content.scenario.title)
        self._save_lock = threading.Lock()
        self._pending: Session | None = None
        self._written: Session | None = None
        self.last_autosave: tuple[Session, Path] | None = None  # the newest file written
        self._last_failure = ""
        self.watching = watch  # live reload of the pack (`--watch`)
        self.stop_watching = threading.Event()
        # The status line: the note shown now, and every note of the run (tests read them).
        self.note: Notification | None = None
        self.notes: list[Notification] = []
        for theme in THEMES:
            self.register_theme(theme)
        # The player's settings file (None: nothing read or written, as in tests).
        self.settings_path = settings
        chosen, self.settings_problem = (
            load_settings(settings) if settings is not None else (Settings(), "")
        )
        self.theme = chosen.theme if chosen.theme in self.available_themes else DEFAULT_THEME

    @property
    def scenario(self) -> Scenario:
        scenario = self.content.scenario
        assert scenario is not None
        return scenario

    def get_default_screen(self) -> Screen[Any]:
        return TitleScreen(self.scenario, self.saves, self.seed)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self.remember_theme)
        if self.settings_problem:
            self.notify(self.settings_problem, title="Settings", severity="warning", markup=False)
        if self.owns_process:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(signum, self.terminated, signum)
            with contextlib.suppress(ValueError):
                signal.signal(
                    signal.SIGCONT, continue_unless_hung_up(signal.getsignal(signal.SIGCONT))
                )
        if self.watching:
            self.watch_content()
        if self.start_replay is not None:
            from game.tui.screens.replay import ReplayScreen

            session, name = self.start_replay
            self.push_screen(ReplayScreen(session, name))

    def on_ready(self) -> None:
        self.fit_terminal(self.size.width, self.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self.fit_terminal(event.size.width, event.size.height)

    def fit_terminal(self, width: int, height: int) -> None:
        """Below the smallest size the game is drawn for, say so; take it back when it fits."""
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()

    # ── settings, the palette, the status line ──────────────────────────

    def remember_theme(self, theme: object) -> None:
        """Write the theme picked (in the palette) to the settings file, for the next run."""
        if self.settings_path is None:
            return
        try:
            save_settings(self.settings_path, Settings(theme=self.theme))
        except OSError as error:
            self.notify(
                f"{self.settings_path}: {error}",
                title="Theme not remembered",
                severity="warning",
                markup=False,
            )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands but its generic "Keys" panel: the footer and Help list them."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A note on the status line (the bottom line), where it covers nothing being read."""
        note = Notification(
            message,
            title,
            severity,
            NOTE_SECONDS if timeout is None else timeout,
            markup,
        )
        self.note = note
        self.notes.append(note)
        self.refresh_status()
        self.set_timer(note.timeout, lambda: self.clear_note(note))

    def clear_note(self, note: Notification) -> None:
        if self.note is note:
            self.note = None
            self.refresh_status()

    def clear_notifications(self) -> None:
        self.note = None
        self.refresh_status()
        super().clear_notifications()

    def refresh_status(self) -> None:
        from game.tui.widgets.key_bar import KeyBar

        for screen in self.screen_stack:
            for bar in screen.query(KeyBar):
                bar.refresh()

    def terminated(self, signum: int) -> None:
        """SIGTERM or SIGHUP: give the terminal back and exit; `run` then writes any queued
        save and dies of the same signal, so that whoever sent it sees it obeyed."""
        self.signalled = signum
        self.exit(128 + signum, return_code=128 + signum)

    # ── navigation ───────────────────────────────────────────────────────

    # Screens are swapped by awaiting each pop and push: a screen removed while it
    # is still being mounted would run its mount handler on a half-built tree
    # (two quick reloads of the content did exactly that).

    async def to_title(self) -> None:
        while len(self.screen_stack) > 1:
            await self.pop_screen()

    def new_term(self, seed: int | None = None) -> None:
        if seed is None:
            seed = self.seed if self.seed is not None else secrets.randbelow(1_000_000)
        from game.engine.session import Session

        # The seed shows under the decision log.
        self.post_message(StartTerm(Session.start(self.scenario, seed), changed=False))

    async def play(self, session: Session, note: str = "", redo: tuple[str, ...] = ()) -> None:
        from game.tui.screens.end import EndScreen
        from game.tui.screens.game import GameScreen

        await self.to_title()
        if session.state.over:
            await self.push_screen(EndScreen(session))
        else:
            await self.push_screen(GameScreen(session, redo=redo))
        if note:
            self.notify(note, timeout=4, markup=False)

    async def on_start_term(self, message: StartTerm) -> None:
        await self.play(message.session, message.note, message.redo)
        if message.changed:
            self.queue_autosave(message.session)

    async def on_term_over(self, message: TermOver) -> None:
        from game.tui.screens.end import EndScreen

        await self.to_title()
        await self.push_screen(EndScreen(message.session))

    async def on_go_title(self, message: GoTitle) -> None:
        await self.to_title()

    def on_open_replay(self, message: OpenReplay) -> None:
        from game.tui.screens.replay import ReplayScreen

        self.push_screen(ReplayScreen(message.session, message.name, path=message.path))

    def on_decided(self, message: Decided) -> None:
        # The consequences are drawn first; the save starts once they are on screen.
        self.call_after_refresh(self.queue_autosave, message.session)

    def on_markdown_link_clicked(self, message: Markdown.LinkClicked) -> None:
        """Content is untrusted: a link in it is shown, never opened."""
        self.notify(one_line(message.href)[:200], title="Link (not opened)", markup=False)

    # ── live reload ──────────────────────────────────────────────────────

    @work(thread=True, group="watch")
    def watch_content(self) -> None:
        from game.content.watch import watch_pack

        for content in watch_pack(self.content.folder, self.stop_watching):
            # Through the app's queue, so that a reload never overlaps another screen swap.
            self.post_message(ContentSaved(content))

    async def on_content_saved(self, message: ContentSaved) -> None:
        await self.reload(message.content)

    def on_unmount(self) -> None:
        self.stop_watching.set()

    async def reload(self, content: Content) -> None:
        """A save of the pack: broken, show its problems over the game, which waits;
        clean, carry the game in play onto it and resume where its decisions lead."""
        from game.tui.screens.problems import ProblemsScreen

        showing = self.screen if isinstance(self.screen, ProblemsScreen) else None
        if content.scenario is None or content.errors:
            if showing is not None:
                showing.show(content.errors)
            else:
                await self.push_screen(ProblemsScreen(content.errors))
            return
        if showing is not None:
            await showing.dismiss()
        self.content = content
        self.title = one_line(content.scenario.title)
        await self.carry_game()

    async def carry_game(self) -> None:
        """The term in play, and a replay open over it or over the title, carried onto
        the new content; the replay stays at its decision (or the last one that fits)."""
        from game.engine.carry import carry_over
        from game.tui.screens.end import EndScreen
        from game.tui.screens.game import GameScreen
        from game.tui.screens.replay import ReplayScreen
        from game.tui.screens.title import TitleScreen

        base = self.screen_stack[0]
        if isinstance(base, TitleScreen):
            await base.show_scenario(self.scenario)
        in_play = next(
            (s for s in self.screen_stack if isinstance(s, GameScreen | EndScreen)), None
        )
        replay = next((s for s in self.screen_stack if isinstance(s, ReplayScreen)), None)
        if in_play is None and replay is None:
            self.notify("Reloaded the content.", timeout=4, markup=False)
            return
        if in_play is not None:
            carried = carry_over(in_play.session, self.scenario)
            await self.play(carried.session)
        else:
            await self.to_title()
        if replay is not None:
            carried = carry_over(replay.session, self.scenario)
            start = min(replay.index, carried.replayed)
            await self.push_screen(
                ReplayScreen(carried.session, replay.name_shown, start=start, path=replay.path)
            )
        self.notify(
            carried.summary,
            title="Reloaded the content",
            severity="warning" if carried.stopped else "information",
            timeout=10 if carried.stopped else 5,
            markup=False,
        )

    # ── saving ───────────────────────────────────────────────────────────

    def queue_autosave(self, session: Session) -> None:
        """Autosave `session` in a worker thread; the newest session queued always wins."""
        if not self.autosaves or len(session.steps) <= 1:
            return
        self._pending = session
        self.write_autosave()

    @work(thread=True, group="autosave")
    def write_autosave(self) -> None:
        self.flush_autosave()

    def flush_autosave(self, *, quiet: bool = False) -> None:
        """Write the newest queued session if it has not been written yet.

        Runs in a worker thread while the app runs (`quiet=False` reports a
        failure on screen), and once more after it stops (`quiet=True`).
        """
        with self._save_lock:
            session = self._pending
            if session is None or session is self._written:
                return
            self._written = session
            try:
                from game.saves.store import autosave

                path = autosave(self.saves, session, self.content)
                self.last_autosave = (session, path)
            except Exception as error:  # a failed autosave must never end the term
                message = str(error) if isinstance(error, SaveError | OSError) else repr(error)
                if not quiet and message != self._last_failure:
                    self._last_failure = message
                    self.call_from_thread(
                        self.notify,
                        message,
                        title="Autosave failed",
                        severity="error",
                        timeout=8,
                        markup=False,
                    )
            else:
                self._last_failure = ""

    def ask_and_save(self, session: Session) -> None:
        from game.saves.store import write_save
        from game.tui.screens.name_save import NameSaveScreen

        scenario = self.scenario
        where = scenario.turn_label(session.state.turn)
        suggestion = f"{scenario.id}-{where}".lower().replace(" ", "-")

        def named(name: str | None) -> None:
            if name is None:
                return
            event = session.state.current_event
            label = (
                where
                if event is None
                else f"{where}: {one_line(scenario.event_by_id[event].title)}"
            )
            try:
                path = write_save(self.saves, name, session, self.content, label=label)
            except SaveError as error:
                self.notify(
                    str(error), title="Not saved", severity="error", timeout=8, markup=False
                )
                return
            self.notify(str(path), title=f"Saved as {name}", markup=False)

        self.push_screen(NameSaveScreen(suggestion, scenario.words), named)

    # ── quitting ─────────────────────────────────────────────────────────

    def action_interrupt(self) -> None:
        """Ctrl+C: leave at once (the last decision is already autosaved).

        In a browser Ctrl+C is copy, and players press it on selected text: a
        served game copies the selection and stays (quit is q, which asks).
        """
        if self.is_web:
            self.screen.action_copy_text()
            return
        self.exit(INTERRUPTED, return_code=INTERRUPTED)

    async def action_quit(self) -> None:
        """Every way of quitting (the palette's Quit too) asks first in the middle of a term."""
        await self.action_request_quit()

    async def action_request_quit(self) -> None:
        from game.tui.screens.game import GameScreen

        screen = self.screen
        if isinstance(screen, GameScreen):
            screen.action_quit()
        else:
            self.exit(0)


def run_app(content: Content, args: argparse.Namespace) -> int:
    """Play: the title screen first. Returns the process exit code."""
    try:
        folder = saves_folder(getattr(args, "saves", None))
    except SaveError as error:
        print(f"article-five: error: {error}")
        return 1
    app = ArticleFiveApp(
        content,
        saves=folder,
        seed=getattr(args, "seed", None),
        owns_process=True,
        watch=getattr(args, "watch", False),
        settings=settings_file(),
    )
    return run(app)


def run(app: ArticleFiveApp) -> int:
    try:
        result = app.run()
    except KeyboardInterrupt:
        result = INTERRUPTED
    finally:
        app.flush_autosave(quiet=True)
    if app.signalled is not None:  # the terminal is back and the save written: now obey it
        signal.signal(app.signalled, signal.SIG_DFL)
        os.kill(os.getpid(), app.signalled)
    if app.return_code not in (None, 0):
        return app.return_code
    return result if isinstance(result, int) else 0
