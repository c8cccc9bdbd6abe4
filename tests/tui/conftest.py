from __future__ import annotations

import pytest
from tuikit import PACK

from game.content.load import Content, load_content


@pytest.fixture(scope="session")
def lighthouse() -> Content:
    content = load_content(PACK)
    assert content.scenario is not None, [p.render() for p in content.problems]
    return content
