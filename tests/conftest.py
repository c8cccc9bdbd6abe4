from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.content.load import Content, load_content

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
HARBOUR = TESTS / "packs" / "harbour"
BUNDLED = ROOT / "content"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The game's user cache (content checked before: game.content.checked) in a temporary
    folder, for this process and every game it starts, never the real one."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def harbour() -> Content:
    content = load_content(HARBOUR)
    assert content.scenario is not None, [p.render() for p in content.problems]
    return content


@pytest.fixture(scope="session")
def campaign() -> Content:
    content = load_content(BUNDLED)
    if content.scenario is None:
        pytest.fail(
            "bundled campaign has errors:\n" + "\n".join(p.render() for p in content.errors)
        )
    return content
