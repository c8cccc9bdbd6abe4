"""Terminal safety: content text cannot drive the terminal, and markup in it shows literally.

First line of defence: the loader refuses text holding control characters,
escape sequences or bidirectional overrides, in every text field and key.
Second line: the renderers strip them anyway. To test the second line, the
harbour scenario is "poisoned" after loading (every text field gets escape
sequences, C1 controls, a bidi override and Rich markup appended), which
no file could do, and then played through plain mode, the Textual app, the
replay transcript, the graph and the simulator's report.

What the loader lets through on purpose: bidirectional *marks* (U+200E,
U+200F, U+061C), zero-width joiners and other format characters that real
scripts need; see docs/robustness.md.
"""

from __future__ import annotations

import io
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.content.load import Content, load_content
from game.engine import Calendar, Expr, Session, Words, options
from game.safe_text import escaped
from tests.hostilekit import HARBOUR, play_term

# --- the loader refuses unsafe text -----------------------------------------------------

SEQUENCES = {
    "CSI clear screen": "\\u001b[2J",
    "OSC set title": "\\u001b]0;owned\\u0007",
    "8-bit CSI": "\\u009b31m",
    "bell": "\\u0007",
    "backspace": "\\b",
    "carriage return": "\\r",
    "delete": "\\u007f",
    "NUL": "\\u0000",
    "right-to-left override": "\\u202e",
    "first strong isolate": "\\u2068",
}
# (file, the line as written in the pack, the key path a problem names)
PLACES = [
    ("scenario.toml", 'title = "Harbour Master"', "title"),
    ("scenario.toml", 'description = "Fish landed this season."', "meter[1].description"),
    ("scenario.toml", 'epilogue = "The wall failed."', "ending[1].epilogue"),
    ("scenario.toml", 'explain = "The season turns."', "rule[1].explain"),
    ("events/season.toml", 'title = "The new harbour master"', "event[1].title"),
    ("events/season.toml", 'text = "The fleet waits for your first order."', "event[1].text"),
    ("events/season.toml", 'sources = ["The Harbour Almanac"]', "event[1].sources[1]"),
    ("events/season.toml", 'label = "Send the boats out"', "event[1].choice[1].label"),
    ("events/season.toml", 'explain = "Boats at sea catch fish."', "event[1].choice[1].explain"),
    ("events/season.toml", 'arc = "season"', "arc"),
]


@pytest.mark.parametrize("sequence", sorted(SEQUENCES), ids=str)
@pytest.mark.parametrize(("file", "line", "key"), PLACES, ids=[p[2] for p in PLACES])
def test_the_loader_refuses_unsafe_text_everywhere(
    tmp_path: Path, file: str, line: str, key: str, sequence: str
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(HARBOUR, pack)
    path = pack / file
    source = path.read_text()
    assert line in source
    path.write_text(source.replace(line, line.replace('"', f'"{SEQUENCES[sequence]}', 1), 1))
    content = load_content(pack)
    assert content.scenario is None
    (problem,) = [p for p in content.errors if "text contains" in p.message]
    assert (problem.file, problem.key) == (file, key), problem.render()
    assert problem.render().isprintable()


def test_the_loader_refuses_unsafe_keys(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(HARBOUR, pack)
    events = pack / "events" / "season.toml"
    events.write_text(events.read_text() + '\n"\\u001b[31m" = 1\n')
    messages = [p.render() for p in load_content(pack).errors]
    assert any("text contains a terminal escape (U+001B)" in m for m in messages), messages
    assert all(m.isprintable() for m in messages)


# --- the second line of defence: renderers strip what the loader would refuse -------------

POISON = (
    "\x1b[2J\x1b]0;owned\x07\x1b[31m\x9b31m\x90dcs\x9c\x08\r\x00\u202e\u2066"
    " [bold red]LIT[/bold red] [/] [link=https://example.org]x[/link]"
)
LITERAL = "[bold red]LIT[/bold red]"
TEXT_FIELDS = {
    "sources",
    "title",
    "text",
    "label",
    "explain",
    "description",
    "epilogue",
    "subtitle",
    "briefing",
    "unavailable",
    "unit",
    "turn",  # the content's words for a turn and a term
    "turns",
    "term",
    "terms",
}
SAFE_CONTROLS = {"\n"}


def poison(value: Any, fields: frozenset[str] = frozenset(TEXT_FIELDS)) -> Any:
    """`value` with POISON appended to every text field named in `fields` (ids, expressions
    and grades are kept, or the game could not run)."""
    if isinstance(value, Expr | Calendar):  # a calendar's unit is one of four names, not text
        return value
    if attrs.has(type(value)):
        changes: dict[str, Any] = {}
        for field in attrs.fields(type(value)):
            if not field.init:
                continue
            item = getattr(value, field.name)
            if field.name in fields and isinstance(item, str):
                changes[field.alias or field.name] = item + POISON
            elif field.name == "sources" and "sources" in fields:
                changes[field.alias or field.name] = tuple(s + POISON for s in item)
            else:
                new = poison(item, fields)
                if new is not item:
                    changes[field.alias or field.name] = new
        return attrs.evolve(value, **changes) if changes else value
    if isinstance(value, tuple):
        items = tuple(poison(v, fields) for v in value)
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value


def poisoned_content(fields: frozenset[str] = frozenset(TEXT_FIELDS)) -> Content:
    content = load_content(HARBOUR)
    scenario = poison(content.scenario, fields)
    assert scenario.title.endswith(POISON) or "title" not in fields
    return attrs.evolve(content, scenario=scenario)


@pytest.fixture(scope="module")
def poisoned() -> Content:
    return poisoned_content()


def unsafe_characters(text: str) -> list[str]:
    """Characters a terminal could act on: controls (but newline), format characters, separators."""
    return sorted(
        {
            f"U+{ord(ch):04X}"
            for ch in text
            if ch not in SAFE_CONTROLS and unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"}
        }
    )


def test_plain_mode_strips_escapes_and_shows_markup_literally(
    poisoned: Content, tmp_path: Path
) -> None:
    from game.plain.run import PlainGame

    script = "briefing\nmeters\nhelp\nwhy\n" + "1\n2\nwhy\nwhy catch\nundo\n1\n" * 12
    out = io.StringIO()
    game = PlainGame(poisoned, 1, tmp_path, io.StringIO(script), out)
    game.run()
    text = out.getvalue()
    assert "Harbour Master" in text and "Send the boats out" in text
    assert unsafe_characters(text) == []
    assert LITERAL in text


def test_the_replay_transcript_strips_escapes(poisoned: Content) -> None:
    from game.saves.store import record_of
    from game.saves.transcript import transcript_lines

    session = play_term(poisoned)
    record = record_of(session, poisoned)
    text = "\n".join(transcript_lines(session, record, Path("poisoned.json"), True))
    assert "Harbour Master" in text
    assert unsafe_characters(text) == []


def test_the_graph_strips_escapes_and_keeps_each_label_on_its_line(poisoned: Content) -> None:
    from game.content.graph import edges, render

    assert poisoned.scenario is not None
    multiline = attrs.evolve(
        poisoned.scenario,
        events=tuple(
            attrs.evolve(e, title=f'{e.title}\nsecond "line" \\ end')
            for e in poisoned.scenario.events
        ),
    )
    links = edges(multiline)
    nodes = {n for e in links for n in e[:2]} | {f"ending:{e.id}" for e in multiline.endings}
    mermaid = render(multiline, "mermaid")
    assert len(mermaid.splitlines()) == 1 + len(nodes) + len(links)
    dot = render(multiline, "dot")
    assert all(line.endswith(("{", "}", ";")) for line in dot.splitlines()), dot
    for text in (mermaid, dot):
        assert unsafe_characters(text) == []
    assert 'second \\"line\\" \\\\ end' in dot


def test_the_simulation_report_strips_escapes(poisoned: Content) -> None:
    from game.sim.report import build_report, render_report, timing
    from game.sim.runner import simulate

    assert poisoned.scenario is not None
    tally = simulate(poisoned, 20, "random", 1, 1, None)
    report = build_report(
        poisoned.scenario,
        tally,
        strategy="random",
        seed=1,
        fingerprint="0" * 64,
        timing=timing(0.1, 20, 1),
    )
    text = render_report(report, Words())
    assert unsafe_characters(text) == []


# --- the Textual app --------------------------------------------------------------------


def screen_segments(app: Any) -> str:
    """Every piece of text the compositor would send to the terminal now."""
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    from rich.console import Console

    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO())
    return "".join(segment.text for segment in console.render(update) if not segment.control)


async def tui_screens(content: Content, saves: Path, decisions: int = 40) -> str:
    """Play a term in the app: the title, each event (the first two with their briefing and
    why screens), the end; or only the first `decisions` decisions."""
    from game.tui.app import ArticleFiveApp
    from game.tui.screens.game import GameScreen

    assert content.scenario is not None
    app = ArticleFiveApp(content, saves=saves, seed=1, autosaves=False)
    seen: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        seen.append(screen_segments(app))
        await pilot.press("n")
        for number in range(decisions + 1):
            await pilot.pause()
            screen = app.screen
            if not isinstance(screen, GameScreen):
                break
            seen.append(screen_segments(app))
            if number < 2:
                for key in ("b", "escape", "w", "escape"):
                    await pilot.press(key)
                    seen.append(screen_segments(app))
            if number == decisions:
                break
            session: Session = screen.session
            if session.state.over:
                await pilot.press("enter")
                continue
            shown = options(content.scenario, session.state)  # hidden ones are left out
            available = [i for i, o in enumerate(shown) if o.available]
            await pilot.press(str(available[0] + 1), "enter")
        seen.append(screen_segments(app))
    return "\n".join(seen)


async def test_the_tui_strips_escapes_and_shows_markup_literally(tmp_path: Path) -> None:
    content = poisoned_content()
    text = await tui_screens(content, tmp_path)
    assert "Harbour Master" in text and "Send the boats out" in text
    assert content.scenario is not None
    assert any(e.title.removesuffix(POISON) in text for e in content.scenario.endings)
    assert unsafe_characters(text) == []
    assert LITERAL in text


@given(st.text())
def test_escaped_text_is_printable_and_shows_what_was_there(text: str) -> None:
    shown = escaped(text)
    assert shown.isprintable()
    assert shown == text or "\\" in shown
    assert escaped("key\x1b[2J\u202e\u2028") == "key\\x1b[2J\\u202e\\u2028"
