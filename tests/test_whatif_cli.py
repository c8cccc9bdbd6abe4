"""`article-five replay FILE --whatif`: the command, its errors, and the cache beside the save."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.cli.main import main
from game.sim.whatif_cache import cache_path
from tests.savekit import EXAMPLES, HARBOUR, TEST_SAVES

CAREFUL = TEST_SAVES / "harbour-careful.json"


def replay(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main(["replay", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def save(tmp_path: Path) -> Path:
    return Path(shutil.copy(CAREFUL, tmp_path / "careful.json"))


def whatif(capsys: pytest.CaptureFixture[str], save: Path, *more: str) -> tuple[int, str, str]:
    return replay(capsys, save, "--content", HARBOUR, "--whatif", "--runs", "4", *more)


def test_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str], save: Path) -> None:
    code, out, err = whatif(capsys, save, "--json", "--jobs", "1")
    assert code == 0, err
    report = json.loads(out)
    assert report["assumes"] == "played on by random"
    decision = report["decisions"][0]
    assert {"index", "turn", "event", "chosen", "effect", "alternatives"} <= decision.keys()
    alternative = decision["alternatives"][0]
    assert {"choice", "runs", "grades", "endings", "war", "delta_grade"} <= alternative.keys()
    assert isinstance(report["turning_points"], list)
    assert err == ""  # no progress bar when stderr is not a terminal


def test_text_is_plain_sentences(capsys: pytest.CaptureFixture[str], save: Path) -> None:
    code, out, _ = whatif(capsys, save)
    assert code == 0
    assert out.startswith("What if?")
    assert "played on by random" in out and "Decision 1," in out


def test_the_second_run_reads_the_cache(capsys: pytest.CaptureFixture[str], save: Path) -> None:
    first = whatif(capsys, save, "--json")
    assert cache_path(save).is_file()
    cache_path(save).chmod(0o400)  # a recomputation would rewrite it (atomic replace)
    before = cache_path(save).stat().st_mtime_ns
    assert whatif(capsys, save, "--json") == first
    assert cache_path(save).stat().st_mtime_ns == before


def test_a_tampered_cache_is_ignored(capsys: pytest.CaptureFixture[str], save: Path) -> None:
    code, first, _ = whatif(capsys, save, "--json")
    document = json.loads(cache_path(save).read_text())
    document["result"]["decisions"][0]["chosen"] = "something-else"
    cache_path(save).write_text(json.dumps(document))
    code, again, _ = whatif(capsys, save, "--json")
    assert code == 0 and again == first
    cache_path(save).write_text("{not json")
    assert whatif(capsys, save, "--json")[1] == first


def test_a_cache_is_for_one_save_one_content_and_one_set_of_options(
    capsys: pytest.CaptureFixture[str], save: Path
) -> None:
    _, four, _ = whatif(capsys, save, "--json")
    _, seeded, _ = whatif(capsys, save, "--json", "--seed", "9")
    assert json.loads(seeded)["seed"] == 9 and seeded != four
    other = save.with_name("other.json")
    shutil.copy(TEST_SAVES / "harbour-greedy.json", other)
    shutil.copy(cache_path(save), cache_path(other))  # a cache copied beside another save
    _, out, _ = whatif(capsys, other, "--json", "--seed", "9")
    cache_path(other).unlink()
    assert whatif(capsys, other, "--json", "--seed", "9")[1] == out  # computed, not copied
    assert out != seeded


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--runs", "0"], "--runs 0"),
        (["--jobs", "0"], "--jobs 0"),
        (["--strategy", "bogus"], "unknown strategy 'bogus'"),
        (["--strategy", "persona:nobody"], "nobody"),
    ],
)
def test_bad_options_exit_2_with_a_message(
    capsys: pytest.CaptureFixture[str], save: Path, argv: list[str], message: str
) -> None:
    code, out, err = whatif(capsys, save, *argv)
    assert code == 2 and message in err and "Traceback" not in err and out == ""


def test_whatif_options_need_whatif(capsys: pytest.CaptureFixture[str], save: Path) -> None:
    code, _, err = replay(capsys, save, "--content", HARBOUR, "--runs", "3")
    assert code == 2 and "--runs only applies to --whatif" in err
    code, _, err = replay(capsys, save, "--content", HARBOUR, "--whatif", "--verify")
    assert code == 2 and "--whatif cannot be combined" in err
    code, _, err = replay(capsys, EXAMPLES, "--whatif")
    assert code == 2 and "one file" in err


def test_a_save_of_another_pack_is_refused_by_name(
    capsys: pytest.CaptureFixture[str], save: Path
) -> None:
    code, _, err = replay(capsys, save, "--whatif", "--runs", "2")
    assert code == 1 and "careful.json" in err and "harbour" in err
