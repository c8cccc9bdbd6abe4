"""Live reload (`--watch`): the pack watched on disk, and plain mode carrying its
game onto each save — clean, broken, or no longer fitting the decisions made."""

from __future__ import annotations

import io
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from game.content.load import Content, load_content
from game.content.watch import watch_pack
from game.engine.carry import carry_over
from game.engine.session import Session
from game.plain.run import PlainGame
from tests.wordkit import ORCHARD


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ORCHARD, tmp_path / "orchard"))


def edit(pack: Path, file: str, old: str, new: str) -> Content:
    path = pack / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return load_content(pack)


Edit = Callable[[PlainGame], None]


class Typist(io.StringIO):
    """Input whose `before[n]` runs just before line n (1-based) is read: an edit
    saved while the player thinks."""

    def __init__(self, script: str, before: dict[int, Edit]) -> None:
        super().__init__(script)
        self.before, self.count = before, 0
        self.game: PlainGame | None = None

    def readline(self, size: int = -1, /) -> str:  # type: ignore[override]  # as typeshed
        self.count += 1
        if self.count in self.before and self.game is not None:
            self.before[self.count](self.game)
        return super().readline(size)


def play(pack: Path, script: str, before: dict[int, Edit]) -> tuple[PlainGame, str]:
    out, typist = io.StringIO(), Typist(script, before)
    game = typist.game = PlainGame(load_content(pack), 3, None, typist, out)
    assert game.run() == 0
    return game, " ".join(out.getvalue().split())


def test_watch_pack_hands_over_the_pack_after_each_save(pack: Path) -> None:
    stop = threading.Event()
    found: list[Content] = []

    def watch() -> None:
        for content in watch_pack(pack, stop):
            found.append(content)
            if content.scenario is not None:  # not a save caught half-written
                stop.set()

    thread = threading.Thread(target=watch)
    thread.start()
    try:
        for _ in range(100):  # until the watcher is up and has seen a save
            edit(pack, "scenario.toml", 'title = "The Orchard', 'title = "The Orchard ')
            thread.join(0.1)
            if found:
                break
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive()
    assert found and found[-1].scenario is not None
    assert found[-1].scenario.title.startswith("The Orchard ")


def test_carry_over_onto_the_same_content_changes_nothing() -> None:
    content = load_content(ORCHARD)
    assert content.scenario is not None
    session = Session.replay(content.scenario, 3, ["hives", "sell", "sell"])
    carried = carry_over(session, load_content(ORCHARD).scenario)  # type: ignore[arg-type]
    assert carried.session.steps == session.steps
    assert carried.summary == "3 decisions replayed; nothing else differs"


def test_plain_clean_save_resumes_at_the_same_point(pack: Path) -> None:
    def ripen_faster(game: PlainGame) -> None:
        game.reloads.put(edit(pack, "scenario.toml", "{ apples = 4 }", "{ apples = 6 }"))

    game, text = play(pack, "1\n1\n1\n\n", {4: ripen_faster})
    assert "Reloaded the content: 3 decisions replayed; now Apples 14 → 18." in text
    assert len(game.session.state.decisions) == 3
    assert game.scenario.rules[0].consequence.effects[0].amount.text == "6"


def test_plain_broken_save_shows_problems_and_the_game_goes_on(pack: Path) -> None:
    def break_it(game: PlainGame) -> None:
        game.reloads.put(edit(pack, "scenario.toml", "{ apples = 4 }", "{ aples = 4 }"))

    def fix_it(game: PlainGame) -> None:
        game.reloads.put(edit(pack, "scenario.toml", "{ aples = 4 }", "{ apples = 4 }"))

    game, text = play(pack, "1\n2\n1\n1\n", {2: break_it, 3: fix_it})
    assert (
        "The content has problems; the game waits as it was until they are fixed: "
        "scenario.toml:59:13: error: rule[1].effects.aples: unknown meter 'aples'"
    ) in text
    # the line typed while the content changed is not acted on, in either case
    assert text.count("(The content changed before that was read: type it again.)") == 2
    assert "Reloaded the content: 1 decision replayed; nothing else differs." in text
    assert [d.choice for d in game.session.state.decisions] == ["hives", "sell"]


def test_plain_save_that_no_longer_fits_resumes_at_the_divergence(pack: Path) -> None:
    def rename_sell(game: PlainGame) -> None:
        game.reloads.put(edit(pack, "events/months.toml", 'id = "sell"', 'id = "sell_all"'))

    game, text = play(pack, "1\n1\n1\n\n", {4: rename_sell})
    assert (
        "Reloaded the content: 1 decision replayed; stopped at decision 2: "
        "'market' no longer has the choice 'sell'; nothing else differs."
    ) in text
    assert text.endswith(
        "Market in town The carts leave for town at dawn. Your choices: "
        "1. Sell a cartload 2. Keep them for later Your choice (1 to 2, or help): "
        "End of input."
    )
    assert len(game.session.state.decisions) == 1
