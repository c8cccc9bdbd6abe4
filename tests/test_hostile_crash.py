"""Crash safety end to end: kill the running game at random moments, restart, continue.

The real game runs in a tmux pane (a real terminal, so the Textual app; and
the plain mode, with --plain). Each round restarts it, continues the
unfinished term if there is one (and checks that the screen shows exactly
the position of the newest autosave), makes a few decisions, and then kills
it at a random moment: while idle, or a few milliseconds after a decision's
key, with SIGKILL, SIGTERM, SIGHUP or Ctrl+C. After every kill, every save
in the folder loads (none is partial), the newest autosave holds every
decision the game had confirmed (and the one on screen, when the game was
given the chance to leave cleanly: Ctrl+C, or SIGTERM and SIGHUP in the
TUI), and its decisions are the ones the test made, in order. SIGTERM and
SIGHUP also give the terminal back (alternate screen and mouse off).

Also here: a saves folder that is read-only or full. Saving fails with a
clear message in the game, and the game keeps running. A full or read-only
file system is real when the tests can mount a small tmpfs (as root);
elsewhere, the read-only case uses chmod, and a simulated ENOSPC covers the
full disk.

tmux: `apt-get install -y tmux` (.ci/run does it when it can); the tmux
tests skip without it.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from game.content.load import Content, load_content
from game.engine import Session, options
from game.saves import latest_autosave, list_saves, load_save
from tests.hostilekit import HARBOUR, LONG, ROOT

TMUX = shutil.which("tmux")
needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)")
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ROUNDS = {"tui": 60 if LONG else 5, "plain": 40 if LONG else 3}


@pytest.fixture(scope="module")
def harbour() -> Content:
    content = load_content(HARBOUR)
    assert content.scenario is not None
    return content


# --- a game in a tmux pane --------------------------------------------------------------


WRAPPER = """
import signal, subprocess, sys, time
status = sys.argv[1]
child = subprocess.Popen(sys.argv[2:])
signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl+C is for the game, not for us
with open(status + ".pid", "w") as out:
    out.write(str(child.pid))
code = child.wait()
with open(status, "w") as out:
    out.write(str(code))
time.sleep(600)  # keep the pane alive, as the game left it, until the next game replaces it
"""


class Pane:
    """One tmux server (its own socket) with one pane running the game.

    The game runs under a small wrapper that records its pid and how it
    ended (tmux's own pane status proved unreliable after a kill: a dead
    game could stay an unreaped zombie), and then keeps the pane alive, so
    that the terminal's modes are the ones the game left (tmux resets them
    when a pane dies).
    """

    def __init__(self, work: Path, width: int = 100, height: int = 30) -> None:
        self.socket = f"article-five-test-{uuid.uuid4().hex[:8]}"
        self.size = (width, height)
        self.work = work
        self.started = False
        self.runs = 0
        self.status = work / "status-0"

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run(
            [TMUX, "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
        assert done.returncode == 0, (args, done.stderr)
        return done.stdout

    def run(self, argv: list[str]) -> None:
        """Start (or restart) the game."""
        self.runs += 1
        self.status = self.work / f"status-{self.runs}"
        command = shlex.join(
            [
                "env",
                f"PYTHONPATH={ROOT}",
                "TERM=xterm-256color",
                sys.executable,
                "-c",
                WRAPPER,
                str(self.status),
                sys.executable,
                "-m",
                "game",
                *argv,
            ]
        )
        if not self.started:
            width, height = self.size
            self.tmux(
                "new-session", "-d", "-s", "game", "-x", str(width), "-y", str(height), command
            )
            self.tmux("set-option", "-t", "game", "remain-on-exit", "on")
            self.started = True
        else:
            self.tmux("respawn-pane", "-k", "-t", "game", command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "game")

    def wait_for(self, *texts: str, timeout: float = 20.0) -> str:
        return self.wait_until(lambda screen: all(t in screen for t in texts), texts, timeout)

    def wait_until(
        self, test: Callable[[str], bool], what: object = "", timeout: float = 20.0
    ) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if test(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {what!r}; the screen:\n{screen}")
            time.sleep(0.03)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "game", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "game", "-l", text)
        self.keys("Enter")

    def pid(self) -> int:
        path = self.status.with_suffix(".pid")
        deadline = time.monotonic() + 20
        while not path.exists() or not path.read_text():
            assert time.monotonic() < deadline, "the game never started"
            time.sleep(0.02)
        return int(path.read_text())

    def exit_code(self, timeout: float = 15.0) -> int:
        """The game's exit code once it has ended (minus the signal number if killed)."""
        deadline = time.monotonic() + timeout
        while not self.status.exists() or not self.status.read_text():
            if time.monotonic() > deadline:
                raise AssertionError(f"the game did not end; the screen:\n{self.screen()}")
            time.sleep(0.02)
        return int(self.status.read_text())

    def close(self) -> None:
        if self.started:
            with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
                self.tmux("kill-server")


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[Pane]:
    pane = Pane(tmp_path)
    yield pane
    pane.close()


# --- the rounds -------------------------------------------------------------------------

KILLS = ["KILL", "TERM", "HUP", "C-c"]
# The ways of ending the game that still write a queued autosave on the way out (plain mode
# saves before it shows anything more, so it has nothing queued).
GRACEFUL = {"tui": {"C-c", "TERM", "HUP"}, "plain": {"C-c"}}
# What the TUI's key bar says while a consequence shows, and while a choice waits.
CONSEQUENCES = "⏎ Continue"
CHOOSE = " Choose "


def first_available(content: Content, session: Session) -> tuple[int, str]:
    assert content.scenario is not None
    shown = options(content.scenario, session.state)  # as numbered on screen
    index = next(i for i, o in enumerate(shown) if o.available)
    return index + 1, shown[index].choice.id


def decisions_of(session: Session) -> list[tuple[str, str]]:
    return [(d.event, d.choice) for d in session.state.decisions]


def wait_for_autosave(folder: Path, count: int, pane: Pane, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = latest_autosave(folder)
        if info is not None and info.decisions >= count:
            return
        time.sleep(0.02)
    found = [(i.name, i.decisions, i.problem) for i in list_saves(folder)]
    raise AssertionError(f"no autosave with {count} decisions in {found}:\n{pane.screen()}")


def kill(pane: Pane, how: str) -> None:
    if how == "C-c":
        pane.keys("C-c")
    else:
        os.kill(pane.pid(), getattr(signal, f"SIG{how}"))


def check_folder(content: Content, folder: Path) -> Session | None:
    """Every save loads (none partial); the newest autosave's session, if any."""
    infos = list_saves(folder)
    assert all(info.ok for info in infos), [info.problem for info in infos if not info.ok]
    for info in infos:
        load_save(info.path, content)
    latest = latest_autosave(folder)
    return None if latest is None else load_save(latest.path, content)


def play_rounds(
    pane: Pane, content: Content, folder: Path, mode: str, rounds: int
) -> dict[str, int]:
    assert content.scenario is not None
    scenario = content.scenario
    rng = random.Random(f"{mode}-20290120")
    tally: dict[str, int] = {"rounds": 0, "resumed": 0, "decisions": 0}
    for number in range(rounds):
        seed = 100 + number
        argv = ["--content", str(HARBOUR), "--saves", str(folder), "--seed", str(seed)]
        pane.run([*argv, "--plain"] if mode == "plain" else argv)
        saved = check_folder(content, folder)
        if saved is not None and not saved.state.over:
            # continue: the screen shows exactly where the newest autosave stands
            event = scenario.event_by_id[saved.state.current_event or ""]
            if mode == "plain":
                pane.wait_for("type continue")
                pane.type("continue")
            else:
                pane.wait_for("Continue", "decision")
                pane.keys("c")
            pane.wait_for(scenario.turn_label(saved.state.turn), event.title)
            session = saved
            tally["resumed"] += 1
        else:
            if mode == "plain":
                pane.wait_for("Your choice")
            else:
                pane.wait_for("New term")
                pane.keys("n")
            session = Session.start(scenario, seed)
            pane.wait_for(scenario.event_by_id[session.state.current_event or ""].title)
        confirmed = len(session.state.decisions)
        for _ in range(rng.randint(0, 3)):
            if session.state.over:
                break
            key, choice = first_available(content, session)
            session = session.choose(choice)
            if mode == "plain":
                pane.type(str(key))
            else:  # the choice, then Enter past its consequences when they show
                pane.keys(str(key))
                pane.wait_for(CONSEQUENCES)
                pane.keys("Enter")
                if not session.state.over:  # the next event, ready for its key
                    pane.wait_until(lambda s: CHOOSE in s and CONSEQUENCES not in s)
            wait_for_autosave(folder, len(session.state.decisions), pane)
            confirmed = len(session.state.decisions)
            tally["decisions"] += 1
        how = rng.choice(KILLS)
        moment = "idle" if session.state.over else rng.choice(["idle", "in flight", "shown"])
        if mode == "plain" and moment == "shown":
            moment = "in flight"  # plain mode saves before it shows the next event
        if moment == "idle":
            time.sleep(rng.uniform(0, 0.3))
        else:  # one more decision: kill a few milliseconds after its key, or once it shows
            key, choice = first_available(content, session)
            if mode == "plain":
                pane.type(str(key))
            else:
                assert CONSEQUENCES not in pane.screen()
                pane.keys(str(key))
            session = session.choose(choice)
            if moment == "shown":
                pane.wait_for(CONSEQUENCES)
            else:
                time.sleep(rng.uniform(0, 0.03))
            tally[moment] = tally.get(moment, 0) + 1
        if mode == "plain" and session.state.over:
            how = "the end"  # plain mode offers `whatif` after the term; Enter ends it
            pane.wait_for("Type whatif")
            pane.keys("Enter")
        else:
            kill(pane, how)
        tally[how] = tally.get(how, 0) + 1
        code = pane.exit_code()
        if how == "C-c":
            assert code == 130, (code, pane.screen())
        elif how == "the end":
            assert code == 0, (code, pane.screen())
        else:
            assert code == -getattr(signal, f"SIG{how}"), code
        tally["rounds"] += 1

        latest = check_folder(content, folder)
        made = decisions_of(session)
        if latest is None or latest.seed != session.seed:
            # a new term, killed before its first autosave: the folder is as it was
            assert confirmed == 0
            assert (latest is None) == (saved is None)
            assert saved is None or latest is None or latest.steps == saved.steps
            continue
        recorded = decisions_of(latest)
        assert recorded == made[: len(recorded)], "the autosave holds other decisions"
        assert len(recorded) >= confirmed, "a confirmed decision was lost"
        if how in GRACEFUL[mode] and moment != "in flight":  # what the screen showed is saved
            assert recorded == made, f"{how} lost the last decision"
    return tally


@needs_tmux
@pytest.mark.parametrize("mode", ["tui", "plain"])
def test_killing_the_game_at_random_moments_loses_no_decision_and_no_save(
    pane: Pane, harbour: Content, tmp_path: Path, mode: str
) -> None:
    started = time.monotonic()
    tally = play_rounds(pane, harbour, tmp_path / "saves", mode, ROUNDS[mode])
    assert tally["rounds"] == ROUNDS[mode]
    assert LONG or tally["resumed"] >= 1
    print(f"{mode}: {tally}, {time.monotonic() - started:.1f} s")


def terminal_modes(pane: Pane) -> str:
    return pane.tmux(
        "display",
        "-p",
        "-t",
        "game",
        "alternate=#{alternate_on} mouse=#{mouse_any_flag}",
    ).strip()


# (not the cursor: tmux hides it in a pane whose process has ended)
RESTORED = "alternate=0 mouse=0"


def restored(pane: Pane, timeout: float = 2.0) -> bool:
    """Whether the terminal is back to normal (tmux may still be reading the last output)."""
    deadline = time.monotonic() + timeout
    while terminal_modes(pane) != RESTORED:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@needs_tmux
def test_ctrl_c_gives_the_terminal_back(pane: Pane, tmp_path: Path) -> None:
    pane.run(["--content", str(HARBOUR), "--saves", str(tmp_path / "saves"), "--seed", "1"])
    pane.wait_for("New term")
    pane.keys("n")
    pane.wait_for(CHOOSE)
    assert terminal_modes(pane) != RESTORED
    pane.keys("C-c")
    assert pane.exit_code() == 130
    assert restored(pane), terminal_modes(pane)


@needs_tmux
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_give_the_terminal_back(pane: Pane, tmp_path: Path, name: str) -> None:
    pane.run(["--content", str(HARBOUR), "--saves", str(tmp_path / "saves"), "--seed", "1"])
    pane.wait_for("New term")
    pane.keys("n")
    pane.wait_for(CHOOSE)
    number = getattr(signal, name)
    os.kill(pane.pid(), number)
    assert pane.exit_code() == -number  # it still dies of the signal, after cleaning up
    assert restored(pane), terminal_modes(pane)


# --- a saves folder that is read-only or full -------------------------------------------


@contextlib.contextmanager
def tmpfs(target: Path, *options: str) -> Iterator[Path]:
    """A small tmpfs mounted at `target` (root only), unmounted afterwards."""
    target.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join(["size=64k", *options]), "tmpfs", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mount.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


@contextlib.contextmanager
def read_only_folder(base: Path) -> Iterator[Path]:
    """A saves folder that refuses writes: a read-only tmpfs as root, chmod 555 otherwise."""
    folder = base / "read-only"
    if AS_ROOT:
        with tmpfs(folder, "ro"):
            yield folder
    else:
        folder.mkdir()
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)


@contextlib.contextmanager
def full_folder(base: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A saves folder on a full file system: a filled tmpfs as root, else a simulated ENOSPC."""
    folder = base / "full"
    if AS_ROOT and shutil.which("mount"):
        with tmpfs(folder):
            filler = folder / "filler"
            with contextlib.suppress(OSError), filler.open("wb") as stream:
                while True:
                    stream.write(b"\0" * 4096)
                    stream.flush()
            yield folder
        return
    folder.mkdir()

    def no_space(fd: int, *args: object, **kwargs: object) -> object:
        os.close(fd)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # where game.atomic fills its temporary file
    monkeypatch.setattr("game.atomic.os.fdopen", no_space)
    yield folder


def folder_kinds() -> list[str]:
    return ["read-only", "full"]


@contextlib.contextmanager
def broken_folder(kind: str, base: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    context = read_only_folder(base) if kind == "read-only" else full_folder(base, monkeypatch)
    with context as folder:
        yield folder


@pytest.mark.parametrize("kind", folder_kinds())
def test_plain_mode_says_why_it_cannot_save_and_plays_on(
    harbour: Content, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.plain.run import PlainGame

    with broken_folder(kind, tmp_path, monkeypatch) as folder:
        out = io.StringIO()
        game = PlainGame(harbour, 1, folder, io.StringIO("1\n1\nsave mine\n1\n"), out)
        assert game.run() == 0
        assert len(game.session.state.decisions) == 3  # it played on
        text = out.getvalue()
        assert "Could not save automatically" in text
        assert "Not saved:" in text
        assert kind_reason(kind) in text, text
        assert not [p for p in folder.iterdir() if p.name.endswith(".json")]


@pytest.mark.parametrize("kind", folder_kinds())
async def test_the_tui_says_why_it_cannot_save_and_plays_on(
    harbour: Content, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.tui.app import ArticleFiveApp
    from game.tui.screens.game import GameScreen

    assert harbour.scenario is not None
    with broken_folder(kind, tmp_path, monkeypatch) as folder:
        app = ArticleFiveApp(harbour, saves=folder, seed=1, autosaves=True)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("n")
            for _ in range(2):
                screen = app.screen
                assert isinstance(screen, GameScreen)
                key, _ = first_available(harbour, screen.session)
                await pilot.press(str(key), "enter")
                await app.workers.wait_for_complete()
                await pilot.pause()
            messages = [str(n.message) for n in app.notes]
            assert any(kind_reason(kind) in m for m in messages), messages
            await pilot.press("ctrl+s", "enter")  # a manual save, under the suggested name
            await pilot.pause()
            messages = [f"{n.title}: {n.message}" for n in app.notes]
            assert any(m.startswith("Not saved:") for m in messages), messages
            screen = app.screen
            assert isinstance(screen, GameScreen)
            key, _ = first_available(harbour, screen.session)
            await pilot.press(str(key), "enter")
            assert len(screen.session.state.decisions) == 3  # it plays on
        assert not [p for p in folder.iterdir() if p.name.endswith(".json")]


def kind_reason(kind: str) -> str:
    if kind == "full":
        return "No space left on device"
    return "Read-only file system" if AS_ROOT else "Permission denied"
