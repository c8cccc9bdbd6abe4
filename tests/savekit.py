"""Helpers for the save tests: the harbour pack, a deterministic player, file snapshots."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

from game.content.load import Content, load_content
from game.engine import Session, options

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
HARBOUR = TESTS / "packs" / "harbour"
CAMPAIGN = ROOT / "content"
TEST_SAVES = TESTS / "saves"
EXAMPLES = ROOT / "saves"
REGENERATE = "PYTHONPATH=. python saves/regenerate.py"


@functools.cache
def harbour() -> Content:
    content = load_content(HARBOUR)
    assert content.scenario is not None, [p.render() for p in content.problems]
    return content


def play(content: Content, seed: int, picks: list[int]) -> Session:
    """A session that takes, at each decision, the available option `pick % count`."""
    assert content.scenario is not None
    session = Session.start(content.scenario, seed)
    for pick in picks:
        if session.state.over:
            break
        available = [o.choice.id for o in options(content.scenario, session.state) if o.available]
        session = session.choose(available[pick % len(available)])
    return session


def play_out(content: Content, seed: int) -> Session:
    """A whole term, always the first available option."""
    return play(content, seed, [0] * 1000)


def copy_pack(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def snapshot(path: Path) -> tuple[bytes, int]:
    """A file's bytes and modification time, to prove a read left it untouched."""
    return path.read_bytes(), path.stat().st_mtime_ns
