"""Where saves live, what they may be called, autosave rotation, listings and failed writes."""

from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path

import pytest

import game.saves.folder as folder_module
from game.saves import (
    SaveError,
    autosave,
    check_name,
    latest_autosave,
    list_saves,
    load_save,
    saves_folder,
    write_save,
)
from game.saves.store import AUTOSAVES_KEPT
from tests.savekit import ROOT, harbour, play, play_out, snapshot

# --- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("before the vote", "before the vote"),
        ("  padded  ", "padded"),
        ("Q3 1890.json", "Q3 1890"),
        ("année-été_2", "année-été_2"),
        ("v1.2", "v1.2"),
        ("x" * 64, "x" * 64),
    ],
)
def test_good_names_are_kept(name: str, kept: str) -> None:
    assert check_name(name) == kept


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (".json", "empty"),
        ("a/b", "path separator"),
        ("a\\b", "path separator"),
        ("..", "'..'"),
        ("a..b", "'..'"),
        (".hidden", "starts with a dot"),
        ("trailing.", "ends with a dot"),
        ("bell\x07", "control character"),
        ("esc\x1b[2J", "control character"),
        ("new\nline", "control character"),
        ("rtl\u202eoverride", "control character"),
        ("x" * 65, "too long"),
        ("autosave-1", "kept for autosaves"),
        ("AutoSave-mine", "kept for autosaves"),
        ("what?", "not allowed"),
        ("a:b", "not allowed"),
        ("CON", "reserved device name"),
        ("nul.txt", "reserved device name"),
    ],
)
def test_bad_names_are_refused_with_the_reason(name: str, why: str) -> None:
    with pytest.raises(SaveError) as caught:
        check_name(name)
    assert why in str(caught.value)
    assert str(caught.value).startswith("save name '")
    assert "\n" not in str(caught.value) and "\x1b" not in str(caught.value)


def test_write_save_checks_the_name_before_writing(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="path separator"):
        write_save(tmp_path, "../escape", play(harbour(), 1, []), harbour())
    assert list(tmp_path.iterdir()) == []


# --- the folder -------------------------------------------------------------------------


def test_saves_option_wins(tmp_path: Path) -> None:
    assert saves_folder(str(tmp_path / "mine")) == tmp_path / "mine"
    assert not (tmp_path / "mine").exists()


def test_saves_option_naming_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(SaveError, match="not a folder"):
        saves_folder(str(tmp_path / "file"))


def test_a_checkout_saves_in_its_saves_folder() -> None:
    assert saves_folder(None) == ROOT / "saves"


def test_an_installed_game_saves_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(folder_module, "checkout_root", lambda: None)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = saves_folder(None)
    if sys.platform.startswith("linux"):
        assert folder == tmp_path / "data" / "article-five" / "saves"
    assert folder.name == "saves" and "article-five" in str(folder)
    assert not folder.exists()


def test_reading_creates_nothing_and_writing_creates_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "saves"
    assert list_saves(folder) == []
    assert latest_autosave(folder) is None
    assert not (tmp_path / "deep").exists()
    write_save(folder, "first", play(harbour(), 1, [0]), harbour())
    assert [p.name for p in folder.iterdir()] == ["first.json"]


# --- autosaves --------------------------------------------------------------------------


def test_autosaves_rotate_and_never_touch_manual_saves(tmp_path: Path) -> None:
    session = play_out(harbour(), 2)
    manual = write_save(tmp_path, "mine", session, harbour())
    lookalike = tmp_path / "autosave-notes.json"  # not a numbered autosave: someone's file
    lookalike.write_text("{}")
    before = snapshot(manual), snapshot(lookalike)
    paths = [autosave(tmp_path, session.branch(n), harbour()) for n in range(8)]
    names = sorted(p.name for p in tmp_path.glob("autosave-*-0*.json"))
    assert names == [p.name for p in paths[-AUTOSAVES_KEPT:]]
    assert (snapshot(manual), snapshot(lookalike)) == before
    latest = latest_autosave(tmp_path)
    assert latest is not None and latest.path == paths[-1] and latest.decisions == 7


def test_latest_autosave_skips_an_unreadable_newest_file(tmp_path: Path) -> None:
    session = play(harbour(), 2, [0, 0])
    first = autosave(tmp_path, session, harbour())
    second = autosave(tmp_path, session.undo(), harbour())
    second.write_text('{"format": "article-five-save"')
    latest = latest_autosave(tmp_path)
    assert latest is not None and latest.path == first


def test_the_listing_is_newest_first_with_what_a_menu_shows(tmp_path: Path) -> None:
    session = play_out(harbour(), 5)
    old = write_save(tmp_path, "old", session.branch(1), harbour(), label="early")
    document = json.loads(old.read_text())
    document["saved_at"] = "2000-01-01T00:00:00+00:00"
    old.write_text(json.dumps(document))
    write_save(tmp_path, "done", session, harbour(), label="the end")
    autosave(tmp_path, session.branch(2), harbour())
    infos = list_saves(tmp_path)
    assert [i.name for i in infos][-1] == "old"
    done = next(i for i in infos if i.name == "done")
    assert done.kind == "manual" and done.label == "the end"
    assert done.ending is not None and done.ending_title and done.turn_label.startswith("Q")
    assert done.decisions == len(session.steps) - 1 and done.problem is None
    assert next(i for i in infos if i.name.startswith("autosave-")).kind == "autosave"


def test_a_temporary_file_of_a_killed_write_is_not_listed(tmp_path: Path) -> None:
    write_save(tmp_path, "real", play(harbour(), 1, []), harbour())
    (tmp_path / ".real.json.x1y2.tmp").write_text('{"form')
    assert [i.name for i in list_saves(tmp_path)] == ["real"]


# --- failed writes ----------------------------------------------------------------------


def test_a_failed_write_leaves_the_old_save_and_no_debris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = play_out(harbour(), 3)
    path = write_save(tmp_path, "slot", session.branch(1), harbour())
    before = snapshot(path)

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(SaveError) as caught:
        write_save(tmp_path, "slot", session, harbour())
    assert str(caught.value) == f"{path}: cannot write: {os.strerror(errno.ENOSPC)}"
    monkeypatch.undo()
    assert snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slot.json"]
    assert load_save(path, harbour()) == session.branch(1)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_folder_gives_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(SaveError, match="cannot write: Permission denied"):
            write_save(folder, "x", play(harbour(), 1, []), harbour())
    finally:
        folder.chmod(0o700)


def test_a_folder_that_cannot_be_created_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(SaveError, match="cannot write"):
        autosave(tmp_path / "file" / "saves", play(harbour(), 1, []), harbour())


def test_a_label_with_control_characters_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="save label: contains a terminal escape"):
        write_save(tmp_path, "x", play(harbour(), 1, []), harbour(), label="\x1b]0;owned\x07")
    assert not tmp_path.joinpath("x.json").exists()
