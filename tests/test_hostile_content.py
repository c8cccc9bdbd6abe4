"""Hostile content: whatever a TOML file holds, loading returns Problems, never an exception.

Every case writes real files into a private copy of the harbour pack and
loads the folder. The generated documents cover valid TOML of the wrong
shape, wrong types, huge and non-finite numbers, deep nesting, enormous
strings, text of every Unicode category (lone surrogates included, which
end up as bytes that are not UTF-8) and random edits of the pack's own
files. What must hold is in `assert_only_problems`: no exception, every
problem names a file of the pack and prints as one safe line, and content
that loads without errors plays a whole term.

The expression language is fuzzed on its own in tests/test_expr.py
(arbitrary text, token soup, deep nesting); here expressions only arrive
inside documents.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.load import load_content
from tests.hostilekit import (
    HARBOUR,
    Raw,
    assert_only_problems,
    examples,
    play_term,
    toml_document,
    toml_value,
    write_text,
)

FUZZ = settings(
    max_examples=examples(60, 3000),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def pack() -> Iterator[Path]:
    """One private copy of the harbour pack per module; each example rewrites its files."""
    folder = Path(tempfile.mkdtemp(prefix="hostile-content-")) / "harbour"
    shutil.copytree(HARBOUR, folder)
    yield folder
    shutil.rmtree(folder.parent, ignore_errors=True)


def reset(pack: Path) -> None:
    """Put the pack back as it was, and drop files left by earlier examples."""
    for extra in (pack / "events").glob("*.toml"):
        extra.unlink()
    for name in ("scenario.toml", "events/season.toml"):
        shutil.copyfile(HARBOUR / name, pack / name)


# --- values of every kind ---------------------------------------------------------------

any_text = st.text(st.characters(), max_size=40)  # every category, surrogates included
huge_ints = st.integers() | st.sampled_from([2**63 - 1, -(2**63), 10**18, 10**300])
floats = st.floats(allow_nan=True, allow_infinity=True)
odd_numbers = st.sampled_from(
    [
        Raw("0x7FFFFFFFFFFFFFFF"),
        Raw("0o777"),
        Raw("0b1010"),
        Raw("1e999"),
        Raw("-0.0"),
        Raw("1_000_000"),
        Raw("+inf"),
        Raw("-nan"),
        Raw("9" * 4400),
        Raw("0x" + "F" * 4000),
    ]
)
dates = st.sampled_from(
    [
        datetime(1979, 5, 27, 7, 32, tzinfo=UTC),
        datetime(1979, 5, 27, 7, 32),
        date(1979, 5, 27),
        time(7, 32, 0, 999999),
    ]
)
scalars = any_text | huge_ints | floats | st.booleans() | odd_numbers | dates
toml_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=12,
)

HARBOUR_NAMES = ["catch", "storm", "wall", "safety", "turn", "turns"]
EXPRESSIONS = [
    "catch >= 10",
    "flag.mended",
    "phase.gale",
    "storm * 2",
    "-catch / 10",
    "min(wall, 5)",
    "clamp(catch, 0, 1)",
    "not flag.squall_hit",
    "1 / 0",
    "1e308 * 1e308",
    "round(storm)",
    "catch +",
    "((((",
    "flag.never_set",
    "phase.nowhere",
    "unknown_name",
    "true",
    "0.5",
]
maybe_expr = st.sampled_from(EXPRESSIONS) | any_text | toml_values


def field(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a value of the right kind, sometimes anything at all."""
    return st.one_of(good, good, good, toml_values)


ids = st.sampled_from(["fish", "mend", "arrival", "shoal", "x", "Bad-Id", "1up", ""]) | any_text
effects = st.dictionaries(
    st.sampled_from(HARBOUR_NAMES) | any_text,
    st.floats(-100, 100) | st.sampled_from(EXPRESSIONS) | toml_values,
    max_size=3,
)
follows = st.lists(
    st.fixed_dictionaries(
        {"event": field(ids), "after": field(st.integers(-2, 10))},
        optional={"extra": toml_values},
    ),
    max_size=2,
)
chances = st.lists(
    st.fixed_dictionaries(
        {
            "id": field(ids),
            "p": field(st.floats(-1, 2) | st.sampled_from(EXPRESSIONS)),
            "text": field(any_text),
        },
        optional={
            "effects": field(effects),
            "set": field(st.lists(ids, max_size=2)),
            "follow": field(follows),
        },
    ),
    max_size=2,
)
choices = st.lists(
    st.fixed_dictionaries(
        {"id": field(ids), "label": field(any_text)},
        optional={
            "explain": field(any_text),
            "effects": field(effects),
            "set": field(st.lists(ids, max_size=2)),
            "clear": field(st.lists(ids, max_size=2)),
            "follow": field(follows),
            "chance": field(chances),
            "tags": field(st.lists(any_text, max_size=2)),
            "when": field(maybe_expr),
            "hidden": field(st.booleans()),
            "unavailable": field(any_text),
            "later": field(
                st.lists(
                    st.fixed_dictionaries(
                        {"after": field(st.integers(-1, 8)), "explain": field(any_text)},
                        optional={"effects": field(effects)},
                    ),
                    max_size=2,
                )
            ),
            "typo": toml_values,
        },
    ),
    max_size=4,
)
events = st.lists(
    st.fixed_dictionaries(
        {
            "id": field(ids),
            "title": field(any_text),
            "text": field(any_text),
            "choice": field(choices),
        },
        optional={
            "arc": field(any_text),
            "phases": field(
                st.lists(st.sampled_from(["fair", "gale", "wrecked", "nowhere"]), max_size=3)
            ),
            "when": field(maybe_expr),
            "weight": field(st.floats(-5, 50) | maybe_expr),
            "once": field(st.booleans()),
            "cooldown": field(st.integers(-3, 10**12)),
            "followup_only": field(st.booleans()),
            "briefing": field(any_text),
            "sources": field(st.lists(any_text, max_size=2)),
        },
    ),
    max_size=3,
)
event_files = st.fixed_dictionaries({"event": events}, optional={"arc": field(any_text)})


# --- documents of the wrong shape -------------------------------------------------------

SCHEMA_KEYS = [
    "id",
    "title",
    "turns",
    "meter",
    "phase",
    "ending",
    "event",
    "choice",
    "arc",
    "start_phase",
    "start",
    "rule",
    "transition",
    "derived",
    "effects",
    "when",
]
wrong_shape = st.dictionaries(st.sampled_from(SCHEMA_KEYS) | any_text, toml_values, max_size=6)


@FUZZ
@given(document=wrong_shape)
def test_an_event_file_of_the_wrong_shape_gives_problems(
    pack: Path, document: dict[str, Any]
) -> None:
    reset(pack)
    write_text(pack / "events" / "fuzz.toml", toml_document(document))
    content = assert_only_problems(pack)
    if document and not set(document) <= {"arc", "event"}:
        assert content.errors


@FUZZ
@given(document=wrong_shape)
def test_a_scenario_of_the_wrong_shape_gives_problems(pack: Path, document: dict[str, Any]) -> None:
    reset(pack)
    write_text(pack / "scenario.toml", toml_document(document))
    assert assert_only_problems(pack).errors


@FUZZ
@given(document=event_files)
def test_generated_event_files_give_problems_or_play(pack: Path, document: dict[str, Any]) -> None:
    reset(pack)
    write_text(pack / "events" / "fuzz.toml", toml_document(document))
    assert_only_problems(pack)


# --- valid content at the extremes ------------------------------------------------------

GOOD_NUMBERS = [
    "catch * 1e12",
    "-wall",
    "storm / 0",
    "max(catch, wall, storm, safety)",
    "clamp(turn, 0, 1)",
    "round(safety * 1e6) / 1e6",
    "abs(-1e300) * 1e300",
    "turns - turn",
    "0",
]
GOOD_CONDITIONS = [
    "true",
    "false",
    "flag.mended",
    "not flag.squall_hit",
    "phase.gale or phase.fair",
    "catch >= 1e12",
    "storm / 0 == 0",
    "turn == turns",
    "safety != safety",
]
big_numbers = st.floats(-1e12, 1e12) | st.sampled_from([0.0, 1e-300, -1e-300, 5e-324])
good_effects = st.dictionaries(
    st.sampled_from(["catch", "storm", "wall"]),
    big_numbers | st.sampled_from(GOOD_NUMBERS),
    max_size=3,
)
event_ids = ["e0", "e1", "e2", "arrival", "market_day", "shoal"]
good_follows = st.lists(
    st.fixed_dictionaries({"event": st.sampled_from(event_ids), "after": st.integers(1, 6)}),
    max_size=3,
)
good_flags = st.lists(st.sampled_from(["mended", "squall_hit", "spare"]), max_size=2, unique=True)


@st.composite
def good_choices(draw: st.DrawFn) -> list[dict[str, Any]]:
    result = []
    for i in range(draw(st.integers(1, 4))):
        choice: dict[str, Any] = {
            "id": f"c{i}",
            "label": f"Choice {i}",
            "explain": "Because.",
            "effects": draw(good_effects),
            "set": draw(good_flags),
            "clear": draw(good_flags),
            "follow": draw(good_follows),
            "later": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "after": st.integers(1, 6),
                            "explain": st.just("Later."),
                            "effects": good_effects,
                        }
                    ),
                    max_size=2,
                )
            ),
            "hidden": draw(st.booleans()),
        }
        if draw(st.booleans()):
            choice["when"] = draw(st.sampled_from(GOOD_CONDITIONS))
        outcomes = draw(st.integers(0, 3))
        choice["chance"] = [
            {
                "id": f"o{j}",
                "text": "Chance.",
                "p": draw(
                    st.floats(0, 1 / 3) | st.sampled_from(["catch / 50", "2", "-1", "storm"])
                ),
                "effects": draw(good_effects),
                "follow": draw(good_follows),
            }
            for j in range(outcomes)
        ]
        result.append(choice)
    return result


@st.composite
def good_event_files(draw: st.DrawFn) -> dict[str, Any]:
    events = []
    for i in range(3):  # e0, e1 and e2: follow-ups may name any of them
        event: dict[str, Any] = {
            "id": f"e{i}",
            "title": f"Event {i}",
            "text": "Text.",
            "choice": draw(good_choices()),
            "weight": draw(st.floats(0, 1e12) | st.sampled_from(GOOD_NUMBERS)),
            "once": draw(st.booleans()),
            "cooldown": draw(st.integers(0, 10**9)),
            "followup_only": draw(st.booleans()),
            "phases": draw(st.lists(st.sampled_from(["fair", "gale"]), max_size=2, unique=True)),
        }
        if draw(st.booleans()):
            event["when"] = draw(st.sampled_from(GOOD_CONDITIONS))
        events.append(event)
    return {"arc": "fuzz", "event": events}


@FUZZ
@given(document=good_event_files(), seed=st.integers(0, 2**64))
def test_valid_content_at_the_extremes_plays_whole_terms(
    pack: Path, document: dict[str, Any], seed: int
) -> None:
    reset(pack)
    write_text(pack / "events" / "fuzz.toml", toml_document(document))
    content = assert_only_problems(pack)
    assert not content.errors, [p.render() for p in content.errors]
    play_term(content, seed)


# --- edits of the pack's own files ------------------------------------------------------


def leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path in a parsed document, parents after their children."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in leaves(v, (*path, k))] + [path]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in leaves(v, (*path, i))] + [path]
    return [path]


def edited(document: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """The document with one to three values replaced, deleted or given a stray key."""
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from([p for p in leaves(document) if p]))
        parent: Any = document
        for key in where[:-1]:
            parent = parent[key]
        action = data.draw(st.sampled_from(["replace", "delete", "stray"]))
        if action == "replace":
            parent[where[-1]] = data.draw(toml_values)
        elif action == "delete":
            del parent[where[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(any_text)] = data.draw(toml_values)
        if not any(p for p in leaves(document)):
            break
    return document


@FUZZ
@given(data=st.data(), name=st.sampled_from(["scenario.toml", "events/season.toml"]))
def test_the_pack_with_values_edited_gives_problems_or_plays(
    pack: Path, data: st.DataObject, name: str
) -> None:
    reset(pack)
    document = tomli.loads((HARBOUR / name).read_text())
    write_text(pack / name, toml_document(edited(document, data)))
    assert_only_problems(pack)


@FUZZ
@given(data=st.data(), name=st.sampled_from(["scenario.toml", "events/season.toml"]))
def test_the_pack_with_lines_edited_gives_problems_or_plays(
    pack: Path, data: st.DataObject, name: str
) -> None:
    reset(pack)
    lines = (HARBOUR / name).read_text().splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "repeat", "swap", "cut", "insert"]))
        if action == "drop" and len(lines) > 1:
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "cut":
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
        else:
            key = data.draw(st.sampled_from(SCHEMA_KEYS) | any_text)
            lines.insert(i, f"{toml_value(key)} = {toml_value(data.draw(toml_values))}")
    write_text(pack / name, "\n".join(lines) + "\n")
    assert_only_problems(pack)


# --- not TOML at all --------------------------------------------------------------------


@FUZZ
@given(text=st.text(st.characters(), max_size=300))
def test_arbitrary_text_as_a_content_file_gives_problems(pack: Path, text: str) -> None:
    reset(pack)
    write_text(pack / "events" / "fuzz.toml", text)
    assert_only_problems(pack)


@FUZZ
@given(raw=st.binary(max_size=300))
def test_arbitrary_bytes_as_the_scenario_give_problems(pack: Path, raw: bytes) -> None:
    reset(pack)
    (pack / "scenario.toml").write_bytes(raw)
    assert assert_only_problems(pack).errors


# --- nesting and size, generated --------------------------------------------------------


@FUZZ
@given(
    depth=st.integers(1, 2000),
    opener=st.sampled_from(["[", "{ a = ", "[{ b = "]),
    key=st.sampled_from(["text", "title", "choice", "effects", "nested"]),
)
def test_deeply_nested_values_give_problems(pack: Path, depth: int, opener: str, key: str) -> None:
    reset(pack)
    closer = {"[": "]", "{ a = ": " }", "[{ b = ": " }]"}[opener]
    value = opener * depth + "1" + closer * depth
    text = f'[[event]]\nid = "deep"\ntitle = "Deep"\ntext = "t"\n{key} = {value}\n'
    write_text(pack / "events" / "fuzz.toml", text)
    assert assert_only_problems(pack).errors


@FUZZ
@given(depth=st.integers(1, 3000), name=st.sampled_from(["a", "event", "é", '"\\u001b"']))
def test_deeply_nested_tables_give_problems(pack: Path, depth: int, name: str) -> None:
    reset(pack)
    write_text(pack / "events" / "fuzz.toml", "[" + ".".join([name] * depth) + "]\nx = 1\n")
    assert assert_only_problems(pack).errors


@FUZZ
@given(
    size=st.integers(0, 1_000_000),
    char=st.characters(exclude_categories=["Cs"]),
    key=st.sampled_from(["title", "briefing", "when", "arc", "weight"]),
)
def test_enormous_strings_give_problems_or_play(pack: Path, size: int, char: str, key: str) -> None:
    reset(pack)
    season = (HARBOUR / "events" / "season.toml").read_text()
    line = f"{key} = {toml_value(char * size)}"
    if key != "title":
        line = f'title = "Market day"\n{line}'
    write_text(pack / "events" / "season.toml", season.replace('title = "Market day"', line, 1))
    assert_only_problems(pack, seconds=20)


def test_a_fresh_copy_loads_cleanly(pack: Path) -> None:
    """The fixture itself: without edits, the pack has no errors."""
    reset(pack)
    assert not load_content(pack).errors
