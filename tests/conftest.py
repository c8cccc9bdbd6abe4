from __future__ import annotations

from pathlib import Path

import pytest

from game.content.load import Content, load_content

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
HARBOUR = TESTS / "packs" / "harbour"
BUNDLED = ROOT / "content"


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
