"""Content checked clean is remembered by fingerprint and game code, and nothing else."""

from __future__ import annotations

import json
import os
import shutil
import site
from pathlib import Path

import pytest

from game.content import checked
from game.content.checked import TitleText, recall, remember
from game.content.load import load_content
from tests.conftest import HARBOUR


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "article-five" / checked.CACHE_NAME


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return Path(shutil.copytree(HARBOUR, tmp_path / "harbour"))


def test_a_clean_pack_is_recalled_with_its_title_text(cache: Path, pack: Path) -> None:
    assert recall(pack) is None
    content = load_content(pack)
    remember(content)
    recalled = recall(pack)
    assert content.scenario is not None and recalled is not None
    assert recalled.fingerprint == content.fingerprint
    scenario = content.scenario
    assert recalled.text == TitleText(scenario.title, scenario.subtitle, scenario.description)
    assert cache.is_file()


def test_a_copy_elsewhere_is_the_same_content(cache: Path, pack: Path, tmp_path: Path) -> None:
    remember(load_content(pack))
    assert recall(Path(shutil.copytree(pack, tmp_path / "elsewhere"))) is not None


def test_one_byte_changed_means_checking_again(cache: Path, pack: Path) -> None:
    remember(load_content(pack))
    scenario = pack / "scenario.toml"
    scenario.write_bytes(scenario.read_bytes() + b"\n")
    assert recall(pack) is None


def test_a_new_event_file_means_checking_again(cache: Path, pack: Path) -> None:
    remember(load_content(pack))
    (pack / "events" / "zz_more.toml").write_text("")
    assert recall(pack) is None


def test_a_missing_file_means_checking_again(cache: Path, pack: Path) -> None:
    remember(load_content(pack))
    (pack / "scenario.toml").unlink()
    assert recall(pack) is None


def test_other_game_code_means_checking_again(
    cache: Path, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember(load_content(pack))
    monkeypatch.setattr(checked, "code_version", lambda: "another build")
    assert recall(pack) is None


def test_the_code_version_follows_the_loader_and_engine_modules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for part in ("content", "engine", "tui"):
        (tmp_path / part).mkdir()
        (tmp_path / part / "module.py").write_text("x = 1\n")
    monkeypatch.setattr(checked, "_CODE", tmp_path)
    before = checked.code_version()
    (tmp_path / "tui" / "module.py").write_text("x = 2  # not the checker's code\n")
    assert checked.code_version() == before
    (tmp_path / "engine" / "module.py").write_text("x = 22\n")  # size and time both change
    assert checked.code_version() != before


def test_the_code_version_follows_the_installed_libraries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site, "getsitepackages", lambda: [str(tmp_path)])
    before = checked.code_version()
    stat = tmp_path.stat()
    (tmp_path / "cattrs-99.0.dist-info").mkdir()  # what pip does on an upgrade
    os.utime(tmp_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert checked.code_version() != before


def test_content_with_errors_is_not_remembered(cache: Path, pack: Path) -> None:
    (pack / "scenario.toml").write_text("this is = not [valid")
    content = load_content(pack)
    assert content.scenario is None
    remember(content)
    assert not cache.exists()


@pytest.mark.parametrize(
    "stored",
    [
        b"\x00\xff not json",
        b"[]",
        b'{"format": 99, "checked": []}',
        b'{"format": 1, "checked": "no"}',
        b'{"format": 1, "checked": [{"fingerprint": 1}]}',
        b"[" * 100_000,
    ],
    ids=["binary", "a list", "another format", "not a list", "wrong types", "deep"],
)
def test_a_corrupt_or_foreign_cache_is_ignored_then_replaced(
    cache: Path, pack: Path, stored: bytes
) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_bytes(stored)
    assert recall(pack) is None
    remember(load_content(pack))
    assert recall(pack) is not None
    assert json.loads(cache.read_bytes())["format"] == checked.FORMAT


def test_a_cache_that_cannot_be_written_is_no_error(
    tmp_path: Path, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    remember(load_content(pack))  # mkdir fails: silently nothing
    assert recall(pack) is None
    assert not list(tmp_path.glob("**/*.tmp"))


def test_only_the_most_recent_packs_are_kept(cache: Path, pack: Path) -> None:
    for n in range(checked.KEEP + 3):
        (pack / "events" / "zz.toml").write_text(f"# version {n}\n")
        remember(load_content(pack))
    entries = json.loads(cache.read_bytes())["checked"]
    assert len(entries) == checked.KEEP
    assert recall(pack) is not None  # the newest is among them


def test_the_cache_holds_no_more_than_fingerprints_and_title_text(cache: Path, pack: Path) -> None:
    remember(load_content(pack))
    (entry,) = json.loads(cache.read_bytes())["checked"]
    assert set(entry) == {"fingerprint", "code", "title", "subtitle", "description"}


def test_an_oversized_cache_is_not_read(cache: Path, pack: Path) -> None:
    remember(load_content(pack))
    document = json.loads(cache.read_bytes())
    document["padding"] = " " * (1024 * 1024)
    cache.write_text(json.dumps(document))
    assert recall(pack) is None
