from __future__ import annotations

from pathlib import Path

import pytest

from game.content.load import Content, load_content


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked slow first (the sort is stable): with `--dist loadfile` their files
    reach the workers first, and the rest fills in around them."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


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
