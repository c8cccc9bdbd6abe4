"""Every invalid document of the TOML conformance suite, dropped in as an event file,
fails with a message naming that file and a line — never a traceback. The small harbour
pack hosts them: the loader reads every file the same way, and 492 loads stay quick."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.content.load import load_content
from tests.conftest import HARBOUR, ROOT

# toml-test's invalid documents (MIT, see its LICENSE), copied in so that every clone runs them.
SUITE = Path(__file__).parent / "data" / "toml-invalid"
CASES = sorted(SUITE.rglob("*.toml"))


def test_the_suite_is_here() -> None:
    assert len(CASES) > 400, f"expected the toml-test invalid documents in {SUITE}"


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("invalid") / "content"
    shutil.copytree(HARBOUR, folder)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=[str(c.relative_to(SUITE)) for c in CASES])
def test_invalid_toml_is_reported_with_file_and_line(case: Path, pack: Path) -> None:
    target = pack / "events" / "zz_invalid.toml"
    shutil.copy(case, target)
    before = snapshot(pack)
    content = load_content(pack)
    assert snapshot(pack) == before
    mine = [p for p in content.errors if p.file == "events/zz_invalid.toml"]
    assert mine, f"no error for {case.name}"
    assert all(p.line is not None and p.line >= 1 for p in mine)
    assert content.scenario is None


def test_check_exits_1_without_a_traceback(pack: Path) -> None:
    for case in CASES[:: max(1, len(CASES) // 12)]:
        shutil.copy(case, pack / "events" / "zz_invalid.toml")
        out = subprocess.run(
            [sys.executable, "-m", "game", "check", "--content", str(pack)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert out.returncode == 1, case
        assert "Traceback" not in out.stderr + out.stdout
        assert "events/zz_invalid.toml:" in out.stdout
