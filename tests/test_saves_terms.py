"""Autosaves belong to their term: several players in one folder never lose a term."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from game.engine.session import Session
from game.saves import autosave, latest_autosave, list_saves, load_save
from game.saves.folder import autosave_key, autosave_paths
from game.saves.store import AUTOSAVES_KEPT, load_recording
from game.saves.terms import TAB_ENV, term_of
from tests.savekit import HARBOUR, ROOT, harbour, play, play_out


def test_each_term_rotates_only_its_own_autosaves(tmp_path: Path) -> None:
    a = play_out(harbour(), 1)
    b = play_out(harbour(), 2)
    for n in range(1, 7):
        autosave(tmp_path, a.branch(n), harbour())
    for n in range(1, 6):
        autosave(tmp_path, b.branch(n), harbour())
    kept = {term_of(a): 6, term_of(b): 5}
    for term, last in kept.items():
        paths = autosave_paths(tmp_path, term)
        assert len(paths) == AUTOSAVES_KEPT
        assert (
            load_save(paths[-1], harbour()).state.decisions
            == (a if last == 6 else b).branch(last).state.decisions
        )
    assert term_of(a) != term_of(b)


def test_rotation_takes_an_autosaves_derived_files_with_it(tmp_path: Path) -> None:
    session = play_out(harbour(), 1)
    first = autosave(tmp_path, session.branch(1), harbour())
    derived = first.with_name(f".{first.name}.whatif")
    derived.write_text("{}")
    for n in range(2, 2 + AUTOSAVES_KEPT):
        autosave(tmp_path, session.branch(n), harbour())
    assert not first.exists() and not derived.exists()


def test_a_folder_without_hard_links_still_autosaves_and_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FAT or exFAT memory stick refuses hard links: autosaves still land, each new."""

    def refuse(source: object, target: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)
    session = play_out(harbour(), 9)
    first = autosave(tmp_path, session.branch(1), harbour())
    # another window took the next number a moment ago: it is kept, ours goes after it
    taken = first.with_name(first.name.replace("000001", "000002"))
    taken.write_bytes(b"another writer's bytes")
    second = autosave(tmp_path, session.branch(2), harbour())
    assert taken.read_bytes() == b"another writer's bytes"
    assert second.name.endswith("000003.json")
    assert load_save(second, harbour()).state.decisions == session.branch(2).state.decisions
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_the_same_seed_twice_is_two_terms(tmp_path: Path) -> None:
    """A class playing one --seed: equal openings are still different terms."""
    first, second = play(harbour(), 3, [0, 0]), play(harbour(), 3, [1, 1])
    autosave(tmp_path, first, harbour())
    autosave(tmp_path, second, harbour())
    assert len({autosave_key(p)[0] for p in autosave_paths(tmp_path)}) == 2  # type: ignore[index]


def test_a_continued_term_keeps_writing_its_own_set(tmp_path: Path) -> None:
    session = play(harbour(), 4, [0, 0])
    path = autosave(tmp_path, session, harbour())
    resumed = load_recording(path, harbour()).session
    assert resumed is not session
    later = autosave(tmp_path, resumed.choose(_first_choice(resumed)), harbour())
    assert autosave_key(later) == (autosave_key(path)[0], 2)  # type: ignore[index]


def test_the_list_shows_each_terms_newest_autosave_once(tmp_path: Path) -> None:
    a, b = play_out(harbour(), 5), play_out(harbour(), 6)
    for n in (1, 2, 3):
        autosave(tmp_path, a.branch(n), harbour())
        autosave(tmp_path, b.branch(n), harbour())
    listed = [i for i in list_saves(tmp_path) if i.kind == "autosave"]
    assert sorted(i.decisions for i in listed) == [3, 3]
    assert {i.term for i in listed} == {term_of(a), term_of(b)}


def test_continue_offers_the_newest_term_or_the_tabs_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, theirs = play(harbour(), 7, [0]), play(harbour(), 8, [0, 0])
    monkeypatch.setenv(TAB_ENV, "aaaaaaaa")
    autosave(tmp_path, mine, harbour())
    monkeypatch.setenv(TAB_ENV, "bbbbbbbb")
    autosave(tmp_path, theirs, harbour())
    monkeypatch.setenv(TAB_ENV, "aaaaaaaa")
    own = latest_autosave(tmp_path)
    assert own is not None and own.term == term_of(mine) and own.tab == "aaaaaaaa"
    monkeypatch.setenv(TAB_ENV, "cccccccc")
    assert latest_autosave(tmp_path) is None  # a new tab: nothing of its own (Load lists all)
    monkeypatch.delenv(TAB_ENV)
    newest = latest_autosave(tmp_path)
    assert newest is not None and newest.term == term_of(theirs)


def test_old_style_autosaves_still_load_and_are_never_rotated(tmp_path: Path) -> None:
    session = play(harbour(), 9, [0])
    legacy = tmp_path / "autosave-000041.json"
    autosave(tmp_path, session, harbour()).rename(legacy)
    info = latest_autosave(tmp_path)
    assert info is not None and info.path == legacy and info.term == ""
    resumed = load_save(legacy, harbour())
    path = autosave(tmp_path, resumed.choose(_first_choice(resumed)), harbour())
    assert autosave_key(path) == (term_of(resumed), 1)  # a term of its own from here on
    other = play_out(harbour(), 10)
    for n in range(1, AUTOSAVES_KEPT + 2):
        autosave(tmp_path, other.branch(n), harbour())
    assert legacy.exists() and path.exists()


def _first_choice(session: Session) -> str:
    from game.engine.step import options

    return next(o.choice.id for o in options(session.scenario, session.state) if o.available)


# --- several processes writing into one folder at once -------------------------------------

PLAYER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from game.content.load import load_content
    from game.engine.session import Session
    from game.engine.step import options
    from game.saves import autosave, load_save

    content = load_content(Path(sys.argv[1]))
    folder, seed = Path(sys.argv[2]), int(sys.argv[3])
    if len(sys.argv) > 4:  # continue the term of this autosave
        session = load_save(Path(sys.argv[4]), content)
    else:
        session = Session.start(content.scenario, seed)
    print("ready", flush=True)
    sys.stdin.readline()  # every player starts at the same moment
    written = []
    while not session.state.over:
        available = [o.choice.id for o in options(content.scenario, session.state) if o.available]
        session = session.choose(available[seed % len(available)])
        written.append(autosave(folder, session, content).name)
    choices = [d.choice for d in session.state.decisions]
    print(json.dumps({"file": written[-1], "written": written, "choices": choices}))
    """
)


def play_at_once(folder: Path, players: int, *extra: str) -> list[dict[str, Any]]:
    """`players` processes autosaving into `folder` at the same moment; what each wrote."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(TAB_ENV, None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", PLAYER, str(HARBOUR), str(folder), str(seed), *extra],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for seed in range(players)
    ]
    for proc in procs:  # all loaded and waiting
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = []
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        results.append(json.loads(out))
    return results


@pytest.mark.parametrize("players", [2, 8])
def test_players_writing_at_once_each_keep_their_latest_decision(
    tmp_path: Path, players: int
) -> None:
    results = play_at_once(tmp_path, players)
    assert all(len(r["written"]) > AUTOSAVES_KEPT for r in results)  # rotation took part
    autosaves = [i for i in list_saves(tmp_path) if i.kind == "autosave"]
    assert all(i.ok for i in autosaves)
    assert len(autosaves) == players  # one term each, none lost
    by_file = {i.path.name: i for i in autosaves}
    for result in results:
        info = by_file[result["file"]]  # each term's newest file is its last decision
        recorded = [d.choice for d in load_save(info.path, harbour()).state.decisions]
        assert recorded == result["choices"]
    for term_paths in _terms(tmp_path).values():
        assert len(term_paths) == min(AUTOSAVES_KEPT, len(term_paths))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def _terms(folder: Path) -> dict[str, list[Path]]:
    terms: dict[str, list[Path]] = {}
    for path in autosave_paths(folder):
        key = autosave_key(path)
        assert key is not None
        terms.setdefault(key[0], []).append(path)
    return terms


def test_two_windows_continuing_one_term_never_write_over_each_other(tmp_path: Path) -> None:
    start = autosave(tmp_path, play(harbour(), 11, [0]), harbour())
    results = play_at_once(tmp_path, 2, str(start))
    first, second = (set(r["written"]) for r in results)
    assert not first & second  # every autosave got a number of its own
    term = autosave_key(start)[0]  # type: ignore[index]
    kept = autosave_paths(tmp_path, term)
    assert len(kept) == AUTOSAVES_KEPT
    assert all(load_save(path, harbour()) for path in kept)
