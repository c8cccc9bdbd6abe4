"""Killing a saving process at random moments never leaves a partial save.

A child process overwrites three manual saves and autosaves in a loop; it is
killed with SIGKILL at a random moment, again and again. After every kill,
every save file in the folder must load — as the old version or the new one,
never as a part — and temporary files of interrupted writes must not be
listed as saves.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from game.engine import state_digest
from game.saves import autosave, list_saves, load_save, write_save
from game.saves.folder import autosave_key, autosave_paths
from game.saves.store import AUTOSAVES_KEPT
from tests.savekit import harbour, play, play_out

KILLS = 100
SLOTS = 3

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"), reason="needs fork and SIGKILL"
)


def sessions() -> list[Any]:
    """Sessions of different lengths, so that old and new versions of a file differ."""
    return [play(harbour(), seed, [seed, 1, 0, 1]) for seed in range(4)] + [
        play_out(harbour(), seed) for seed in range(4, 8)
    ]


def save_forever(folder: str, start: int, ready: Any, content: Any, recorded: list[Any]) -> None:
    """The child: write saves as fast as it can until it is killed. The content and
    the sessions come from the parent (a forked child shares them) so that it
    starts writing at once."""
    ready.set()
    for i in range(start, start + 10**9):
        session = recorded[i % len(recorded)]
        write_save(Path(folder), f"slot-{i % SLOTS}", session, content, label=f"write {i}")
        autosave(Path(folder), session, content)


@pytest.mark.slow
def test_sigkill_at_random_moments_never_leaves_a_partial_save(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    content, recorded = harbour(), sessions()
    known = {state_digest(s.state) for s in recorded}
    rng = random.Random(20290120)
    started = time.monotonic()
    interrupted = 0
    for _ in range(KILLS):
        ready = context.Event()
        child = context.Process(
            target=save_forever,
            args=(str(tmp_path), rng.randrange(1000), ready, content, recorded),
            daemon=True,
        )
        child.start()
        assert ready.wait(10), "the child never started saving"
        time.sleep(rng.uniform(0.0, 0.02))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        assert child.exitcode == -signal.SIGKILL

        temps = list(tmp_path.glob(".*.tmp"))
        interrupted += bool(temps)
        for temp in temps:  # what a killed write leaves: never mistaken for a save
            temp.unlink()
        infos = list_saves(tmp_path)
        assert all(info.problem is None for info in infos), [i.problem for i in infos]
        for info in infos:
            assert state_digest(load_save(info.path, content).state) in known

    # Every child plays its own terms. A kill between writing an autosave and pruning
    # old ones leaves one extra in that term; the term's next autosave prunes it.
    names = {info.name for info in list_saves(tmp_path)}
    assert {f"slot-{i}" for i in range(SLOTS)} <= names
    terms = Counter(autosave_key(path)[0] for path in autosave_paths(tmp_path))  # type: ignore[index]
    assert terms and max(terms.values()) <= AUTOSAVES_KEPT + 1
    print(f"{KILLS} kills, {interrupted} mid-write, {time.monotonic() - started:.1f} s")
