"""The plain game loop: read a line, act on it, print what happened.

`play_plain` is what `article-five --plain` runs (and what runs when stdout
is not a terminal). Everything printed goes through `PlainGame.say`, which
cleans it of control characters; nothing here writes an escape sequence.
The game autosaves after every decision, so end of input, `quit`, Ctrl+C or
a killed process lose nothing.
"""

from __future__ import annotations

import argparse
import io
import os
import queue
import secrets
import sys
import threading
from pathlib import Path
from typing import TextIO

from game.content.load import Content
from game.engine.carry import carry_over
from game.engine.model import Scenario
from game.engine.session import Session
from game.engine.step import IllegalMove
from game.plain import render
from game.plain.commands import Bad, Command, Pick, parse
from game.plain.text import clean
from game.plain.whatif import after_term
from game.report.after_action import rank_ending, report_lines
from game.saves import (
    SaveError,
    SaveInfo,
    autosave,
    check_name,
    latest_autosave,
    list_saves,
    load_save,
    saves_folder,
    write_save,
)
from game.usage import UsageError
from game.words import counted

MAX_LINE = 4096  # characters read per line; the rest of a longer line is dropped
EXIT_OK = 0
EXIT_INTERRUPTED = 130


def play_plain(content: Content, args: argparse.Namespace) -> int:
    """Play on stdin/stdout until the term ends, `quit`, or end of input."""
    for stream in (sys.stdin, sys.stdout):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    folder = _folder(getattr(args, "saves", None))
    seed = args.seed if getattr(args, "seed", None) is not None else secrets.randbelow(999_999) + 1
    game = PlainGame(content, seed, folder, sys.stdin, sys.stdout)
    stop = threading.Event()
    if getattr(args, "watch", False):
        threading.Thread(target=game.watch, args=(stop,), daemon=True).start()
    try:
        return game.run()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as a pipe tool should.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    finally:
        stop.set()


def _folder(option: str | None) -> Path | None:
    """The saves folder; a bad --saves is a usage error, a bad default only turns saving off."""
    try:
        return saves_folder(option)
    except SaveError as error:
        if option is not None:
            raise UsageError(f"--saves {option}: {error}") from None
        print(f"article-five: warning: saving is off: {error}", file=sys.stderr)
        return None


class PlainGame:
    """One plain-text session on a pair of text streams."""

    def __init__(
        self,
        content: Content,
        seed: int,
        folder: Path | None,
        stdin: TextIO,
        stdout: TextIO,
    ) -> None:
        assert content.scenario is not None, "play needs content without errors"
        self.content = content
        self.scenario: Scenario = content.scenario
        self.folder = folder
        self.stdin = stdin
        self.stdout = stdout
        self.echo = not _isatty(stdin)  # a transcript of piped input shows what was typed
        self.session = Session.start(self.scenario, seed)
        self.saved = True  # nothing to save until the first decision
        self.resumable: SaveInfo | None = None
        self.last_save: Path | None = None  # the autosave written last
        self.reloads: queue.SimpleQueue[Content] = queue.SimpleQueue()  # from `watch`
        self.output = threading.Lock()  # `watch` speaks up while the loop waits for input

    # ── the loop ────────────────────────────────────────────────────────

    def run(self) -> int:
        self.resumable = self._waiting_autosave()
        self.say(*render.title_lines(self.scenario, self.session.seed))
        if self.resumable is not None:
            info = self.resumable
            self.say(
                "",
                f"An unfinished {self.scenario.words.term} was saved automatically "
                f"({info.turn_label}, "
                f"{counted(info.decisions, 'decision')}): "
                "type continue to resume it, or choose to start this new one.",
            )
        self.say("")
        self.show_position()
        try:
            while not self.session.state.over:
                line = self.read()
                if line is None:
                    self.save_now()
                    self.say("", "End of input." + self._saved_note())
                    return EXIT_OK
                if self.apply_reloads():  # Enter shows a reload; a line typed before it waits
                    if line.strip():
                        self.say("(The content changed before that was read: type it again.)")
                    continue
                if self.handle(line) == "quit":
                    self.save_now()
                    self.say("Goodbye." + self._saved_note())
                    return EXIT_OK
        except KeyboardInterrupt:
            self.save_now()
            self.say("", "Interrupted." + self._saved_note())
            return EXIT_INTERRUPTED
        self.save_now()
        self.say("", *render.ending_lines(self.scenario, self.session.state))
        state = self.session.state
        assert state.ending is not None
        ranking = rank_ending(self.scenario, self.session.seed, state.ending)
        report = report_lines(self.session, ranking)
        self.say("", *(part for line in report for part in render.wrap(line)))
        after_term(self)
        return EXIT_OK

    # ── live reload (--watch) ───────────────────────────────────────────

    def watch(self, stop: threading.Event) -> None:
        """On a thread: queue the pack as loaded after each save, and say so at once."""
        from game.content.watch import watch_pack

        for content in watch_pack(self.content.folder, stop):
            self.reloads.put(content)
            self.say("", "The content changed on disk: press Enter to see it.")

    def apply_reloads(self) -> bool:
        """Take in every queued reload (the newest counts); True when there was one."""
        latest: Content | None = None
        while not self.reloads.empty():
            latest = self.reloads.get()
        if latest is None:
            return False
        self.reload(latest)
        return True

    def reload(self, content: Content) -> None:
        """Broken content: its problems, and play goes on as it was. Clean content:
        the decisions replayed on it, and play resumes where they lead."""
        if content.scenario is None or content.errors:
            self.say(
                "The content has problems; the game waits as it was until they are fixed:",
                *(f"  {problem.render()}" for problem in content.errors),
            )
            return
        carried = carry_over(self.session, content.scenario)
        self.content, self.scenario, self.session = content, content.scenario, carried.session
        self.saved = False
        self.say(f"Reloaded the content: {carried.summary}.", "")
        if self.session.state.over:
            return  # `run` sees the ending and tells it
        self.show_position()

    def handle(self, line: str) -> str | None:
        """Act on one line; 'quit' when the player asked to stop."""
        shown = render.shown_options(self.scenario, self.session.state)
        parsed = parse(line, len(shown))
        if isinstance(parsed, Bad):
            self.say(parsed.hint)
        elif isinstance(parsed, Pick):
            option = shown[parsed.number - 1]
            if not option.available:
                self.say(f"Choice {parsed.number} is not available: {option.reason}")
            else:
                self.choose(option.choice.id)
        elif isinstance(parsed, Command):
            if parsed.name == "quit":
                return "quit"
            self.command(parsed)
        return None

    def command(self, command: Command) -> None:
        state = self.session.state
        if command.name == "help":
            self.say(*render.help_lines(self.scenario))
        elif command.name == "meters":
            self.say(*render.meters_lines(self.scenario, state))
        elif command.name == "briefing":
            self.say(*render.briefing_lines(self.scenario, state))
        elif command.name == "why":
            self.why(command.argument)
        elif command.name == "undo":
            self.undo()
        elif command.name == "save":
            self.save_as(command.argument)
        elif command.name == "load":
            self.load(command.argument)
        elif command.name == "continue":
            self.resume()

    # ── what the commands do ────────────────────────────────────────────

    def choose(self, choice_id: str) -> None:
        before = self.session.state
        try:
            self.session = self.session.choose(choice_id)
        except IllegalMove as error:  # options() offered it, so this is a bug; say so and go on
            self.say(f"That choice cannot be made now ({error}).")
            return
        self.saved = False
        step = self.session.steps[-1]
        decision = self.session.state.decisions[-1]
        self.say("", *render.change_lines(self.scenario, step, decision, before))
        self.save_now()
        if not self.session.state.over:
            self.say("")
            self.show_position(new_quarter=self.session.state.turn != before.turn)

    def undo(self) -> None:
        if not self.session.can_undo:
            self.say("Nothing to undo: no decision yet.")
            return
        decision = self.session.state.decisions[-1]
        event = self.scenario.event_by_id[decision.event]
        choice = event.choice(decision.choice)
        label = choice.label if choice is not None else decision.choice
        self.session = self.session.undo()
        self.saved = False
        self.say(f"Took back: {label} ({event.title}, {self.scenario.turn_label(decision.turn)}).")
        self.save_now()
        self.say("")
        self.show_position()

    def why(self, argument: str) -> None:
        if not argument:
            self.say(*render.decision_lines(self.scenario, self.session))
            return
        meter = render.find_meter(self.scenario, argument)
        if meter is None:
            names = ", ".join(m.label for m in self.scenario.meters)
            self.say(f"No meter called {argument[:40]!r}. The meters: {names}.")
            return
        self.say(*render.meter_history_lines(self.scenario, self.session, meter))

    def save_as(self, name: str) -> None:
        if self.folder is None:
            self.say("Saving is off (no saves folder).")
            return
        try:
            name = check_name(name)
            write_save(self.folder, name, self.session, self.content)
        except (SaveError, OSError) as error:
            self.say(f"Not saved: {_one_line_error(error)}")
            return
        self.say(f"Saved as {name}. Type load {name} to come back to this point.")

    def load(self, name: str) -> None:
        if self.folder is None:
            self.say("Saving is off (no saves folder), so there is nothing to load.")
            return
        try:
            name = check_name(name)
            infos = [i for i in list_saves(self.folder) if i.name == name and i.kind == "manual"]
            if not infos:
                self.say(f"There is no save called {name}.")
                return
            session = load_save(infos[0].path, self.content)
        except (SaveError, OSError) as error:
            self.say(f"Not loaded: {_one_line_error(error)}")
            return
        self.adopt(session, f"Loaded {name}.")

    def resume(self) -> None:
        info = self.resumable
        if info is None:
            self.say(f"There is no unfinished {self.scenario.words.term} to continue.")
            return
        if self.session.can_undo:
            self.say(
                f"You are playing a new {self.scenario.words.term}; "
                "its decisions are saved automatically as you go."
            )
            return
        try:
            session = load_save(info.path, self.content)
        except (SaveError, OSError) as error:
            self.say(f"Cannot continue: {_one_line_error(error)}")
            return
        self.resumable = None
        self.adopt(
            session, f"Continuing the {self.scenario.words.term} saved at {info.turn_label}."
        )

    def adopt(self, session: Session, message: str) -> None:
        if session.state.over:
            ending = self.scenario.ending_by_id[session.state.ending or ""].title
            self.say(
                f"That {self.scenario.words.term} is over ({ending}); "
                "article-five replay shows it step by step."
            )
            return
        self.session = session
        self.saved = True
        self.say(message, "")
        self.show_position()

    # ── saving ──────────────────────────────────────────────────────────

    def save_now(self) -> None:
        """Autosave if anything changed since the last save; a failure is one line, not a crash."""
        if self.saved or self.folder is None:
            return
        try:
            self.last_save = autosave(self.folder, self.session, self.content)
        except (SaveError, OSError) as error:
            self.say(f"Could not save automatically: {_one_line_error(error)}")
            return
        except Exception as error:  # a bug in saving must not end the game
            reason = f"{type(error).__name__}: {_one_line_error(error)}"
            self.say(f"Could not save automatically ({reason}).")
            return
        self.saved = True

    def _saved_note(self) -> str:
        if self.session.can_undo and self.saved and self.folder is not None:
            term = self.scenario.words.term
            return f" Your {term} is saved; run the game again and type continue to resume it."
        return ""

    def _waiting_autosave(self) -> SaveInfo | None:
        if self.folder is None:
            return None
        try:
            info = latest_autosave(self.folder)
        except (SaveError, OSError):
            return None
        if info is None or info.ending is not None or info.problem is not None:
            return None
        return info

    # ── input and output ────────────────────────────────────────────────

    def show_position(self, *, new_quarter: bool = True) -> None:
        state = self.session.state
        if new_quarter:
            self.say(*render.quarter_lines(self.scenario, state), "")
        self.say(*render.event_lines(self.scenario, state))
        if not render.shown_options(self.scenario, state):
            self.say("This event offers no choice (a problem in the content): type undo or quit.")

    def prompt(self) -> str:
        count = len(render.shown_options(self.scenario, self.session.state))
        if count == 0:
            return "Command: "
        numbers = "1" if count == 1 else f"1 to {count}"
        return f"Your choice ({numbers}, or help): "

    def read(self) -> str | None:
        """One line from stdin (at most MAX_LINE characters kept); None at end of input."""
        self.stdout.write(self.prompt())
        self.stdout.flush()
        line = self.stdin.readline(MAX_LINE)
        if not line:
            if self.echo:
                self.stdout.write("\n")
            return None
        if not line.endswith("\n"):  # an over-long line: drop the rest of it
            rest = line
            while rest and not rest.endswith("\n"):
                rest = self.stdin.readline(MAX_LINE)
        if self.echo:
            self.stdout.write(clean(line.rstrip("\n"))[:200] + "\n")
        return line

    def say(self, *lines: str) -> None:
        with self.output:
            for line in lines:
                self.stdout.write(clean(line) + "\n")
            self.stdout.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _one_line_error(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror}"
    text = " ".join(str(error).split())
    return text or type(error).__name__
