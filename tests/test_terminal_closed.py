"""No hang, no orphan: the game ends when its terminal goes away, and when it is told to.

The real game runs in a tmux pane (a real terminal). Its terminal is closed
(the tmux server killed) at a random moment of its first second, 20 times,
a few games at once to keep the wall time short: after 5 s no game process
is left. And SIGTERM ends a game in the middle of a term within 2 s, with the
terminal given back and the autosave holding every decision made.
"""

from __future__ import annotations

import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.content.load import load_content
from game.engine import Session
from game.saves import latest_autosave, load_save
from tests.hostilekit import HARBOUR, ROOT
from tests.test_hostile_crash import (
    CHOOSE,
    CONSEQUENCES,
    Pane,
    first_available,
    needs_tmux,
    restored,
)

TMUX = shutil.which("tmux")
CLOSURES = 20
AT_ONCE = 5  # games started together: the machine has few cores
GRACE = 5.0  # seconds a game may take to notice its terminal is gone


def alive(pid: int) -> bool:
    """Whether `pid` is a process that has not ended (a zombie has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def tmux(socket: str, *args: str) -> str:
    assert TMUX is not None
    done = subprocess.run(
        [TMUX, "-L", socket, "-f", "/dev/null", *args],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    return done.stdout


def start_and_close(saves: Path, delay: float, closed: dict[int, float]) -> None:
    """Start the game in a fresh terminal, close the terminal `delay` s later and note
    the game's pid with the moment its terminal closed."""
    socket = f"article-five-close-{uuid.uuid4().hex[:8]}"
    command = shlex.join(
        [
            "env",
            f"PYTHONPATH={ROOT}",
            "TERM=xterm-256color",
            sys.executable,
            "-m",
            "game",
            "--content",
            str(HARBOUR),
            "--saves",
            str(saves),
        ]
    )
    tmux(socket, "new-session", "-d", "-s", "game", "-x", "80", "-y", "24", f"exec {command}")
    pid = int(tmux(socket, "display-message", "-p", "-t", "game", "#{pane_pid}").strip())
    time.sleep(delay)
    tmux(socket, "kill-server")
    closed[pid] = time.monotonic()


@needs_tmux
def test_closing_the_terminal_in_the_first_second_leaves_no_process(tmp_path: Path) -> None:
    rng = random.Random()
    delays = [rng.uniform(0.0, 1.0) for _ in range(CLOSURES)]
    closed: dict[int, float] = {}
    for first in range(0, CLOSURES, AT_ONCE):
        threads = [
            threading.Thread(target=start_and_close, args=(tmp_path / f"saves-{i}", d, closed))
            for i, d in enumerate(delays[first : first + AT_ONCE], first)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(closed) == CLOSURES
    left = []
    for pid, when in closed.items():
        while alive(pid) and time.monotonic() < when + GRACE:
            time.sleep(0.05)
        if alive(pid):
            left.append(pid)
    for pid in left:  # leave no orphan behind the test either
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"{len(left)} of {CLOSURES} games outlived their terminal (delays {delays})"


@needs_tmux
def test_sigterm_ends_a_term_within_two_seconds_and_keeps_the_autosave(
    pane: Pane, tmp_path: Path
) -> None:
    content = load_content(HARBOUR)
    assert content.scenario is not None
    saves = tmp_path / "saves"
    pane.run(["--content", str(HARBOUR), "--saves", str(saves), "--seed", "1"])
    pane.wait_for("New term")
    pane.keys("n")
    pane.wait_for(CHOOSE)
    key, choice = first_available(content, Session.start(content.scenario, 1))
    pane.keys(str(key))
    pane.wait_for(CONSEQUENCES)
    sent = time.monotonic()
    os.kill(pane.pid(), signal.SIGTERM)
    assert pane.exit_code(timeout=2.0) == -signal.SIGTERM
    assert time.monotonic() - sent <= 2.0
    assert restored(pane)
    latest = latest_autosave(saves)
    assert latest is not None
    assert [d.choice for d in load_save(latest.path, content).state.decisions] == [choice]


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[Pane]:
    made = Pane(tmp_path)
    yield made
    made.close()
