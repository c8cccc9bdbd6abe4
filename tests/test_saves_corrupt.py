"""A bad save is a one-line error naming the file, never a crash; the file is left untouched."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.load import load_content
from game.engine.ids import ID, PACK_ID
from game.engine.rng import SEED_RULE
from game.saves import SaveError, list_saves, load_save, verify_save, write_save
from game.saves.format import MAX_FILE_BYTES, VERSION
from tests.savekit import HARBOUR, ROOT, TEST_SAVES, copy_pack, harbour, play_out, snapshot

REAL = TEST_SAVES / "harbour-greedy.json"


def assert_refused(path: Path, *fragments: str) -> str:
    """load_save and verify_save both raise SaveError: one line, naming the file; file unchanged."""
    before = snapshot(path)
    with pytest.raises(SaveError) as caught:
        load_save(path, harbour())
    with contextlib.suppress(SaveError):  # verify reports a divergence instead of raising
        assert not verify_save(path, harbour()).ok
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: "), message
    for fragment in fragments:
        assert fragment in message, message
    assert snapshot(path) == before
    return message


def write(tmp_path: Path, data: bytes | str, name: str = "bad.json") -> Path:
    """A file of these bytes (or this text)."""
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def write_json(tmp_path: Path, value: Any, name: str = "bad.json") -> Path:
    return write(tmp_path, json.dumps(value), name)


def real_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(REAL.read_text())
    return document


# --- truncation and noise ---------------------------------------------------------------


def test_a_save_truncated_at_every_tenth_byte_is_refused(tmp_path: Path) -> None:
    raw = REAL.read_bytes()
    assert len(raw) > 500
    for size in range(0, len(raw) - 2, 10):  # the last bytes are "}\n": cut before them
        path = write(tmp_path, raw[:size], f"cut-{size}.json")
        message = assert_refused(path)
        assert re.search(r"empty file|truncated|not valid JSON", message), message


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(noise=st.binary(max_size=2000))
def test_random_bytes_are_refused(tmp_path: Path, noise: bytes) -> None:
    assert_refused(write(tmp_path, noise))


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_real_save_with_one_byte_changed_loads_exactly_or_is_refused(
    tmp_path: Path, data: st.DataObject
) -> None:
    raw = bytearray(REAL.read_bytes())
    index = data.draw(st.integers(0, len(raw) - 1))
    raw[index] = data.draw(st.integers(0, 255))
    path = write(tmp_path, bytes(raw))
    try:
        session = load_save(path, harbour())
    except SaveError as error:
        assert "\n" not in str(error) and str(error).startswith(str(path))
    else:  # only harmless edits load: the label, a timestamp, the summary, whitespace
        assert session == load_save(REAL, harbour())


# --- valid JSON of the wrong shape ------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=json_values)
def test_any_json_value_is_refused(tmp_path: Path, value: Any) -> None:
    assert_refused(write_json(tmp_path, value))


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, (*path, k))] + [path]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, (*path, i))] + [path]
    return [path]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_real_save_with_one_value_replaced_loads_exactly_or_is_refused(
    tmp_path: Path, data: st.DataObject
) -> None:
    document = real_document()
    where = data.draw(st.sampled_from([p for p in _leaves(document) if p]))
    parent = document
    for key in where[:-1]:
        parent = parent[key]
    parent[where[-1]] = data.draw(json_values)
    path = write_json(tmp_path, document)
    try:
        session = load_save(path, harbour())
    except SaveError as error:
        assert "\n" not in str(error) and str(error).startswith(str(path))
    else:  # a shorter decision list is still a valid recording of an earlier point
        original = load_save(REAL, harbour())
        assert session.steps == original.steps[: len(session.steps)]


def _with(**changes: Any) -> dict[str, Any]:
    document = real_document()
    document.update(changes)
    return document


def _decision(index: int, **changes: Any) -> dict[str, Any]:
    document = real_document()
    document["decisions"][index].update(changes)
    return document


def _without(key: str) -> dict[str, Any]:
    document = real_document()
    del document[key]
    return document


WRONG_SHAPES: list[tuple[str, Any, str]] = [
    ("a list", [], "not an Article Five save (the file holds a list"),
    ("a string", "hello", "the file holds a string"),
    ("null", None, "the file holds null"),
    ("no format", {}, "no 'format' key"),
    ("other format", {"format": "pdf"}, "format is 'pdf'"),
    ("version missing", _without("version"), "version: expected a whole number, found null"),
    ("version text", _with(version="2"), "version: expected a whole number, found a string"),
    ("version zero", _with(version=0), "no save format version 0"),
    ("content missing", _without("content"), "missing key 'content'"),
    ("unknown key", _with(cheat=True), "unknown key 'cheat'"),
    ("seed float", _with(seed=1.5), "seed: expected a whole number, found a number"),
    ("seed bool", _with(seed=True), "seed: expected a whole number, found true/false"),
    ("seed huge", _with(seed=10**50), f"seed: out of range ({SEED_RULE})"),
    ("seed negative", _with(seed=-1), f"seed: out of range ({SEED_RULE})"),
    ("decisions object", _with(decisions={}), "decisions: expected a list, found an object"),
    ("decision list", _with(decisions=[[1, "a", "b", "c"]]), "decisions[0]: expected an object"),
    ("turn text", _decision(1, turn="1"), "decisions[1].turn: expected a whole number"),
    ("turn zero", _decision(1, turn=0), "decisions[1].turn: 0 is out of range"),
    ("choice number", _decision(2, choice=3), "decisions[2].choice: expected a string"),
    ("choice path", _decision(2, choice="../etc"), "decisions[2].choice: expected an id"),
    ("digest short", _decision(0, digest="abc"), "decisions[0].digest: expected 16 hex digits"),
    ("extra decision key", _decision(0, outcome="x"), "decisions[0]: unknown key 'outcome'"),
    ("meters list", _decision(0, meters=[1, 2]), "decisions[0].meters: expected an object"),
    ("meter text", _decision(0, meters={"catch": "many"}), "catch: expected a number, found a"),
    ("meter bool", _decision(0, meters={"catch": True}), "catch: expected a number, found true"),
    ("meter id", _decision(0, meters={"../x": 1}), "decisions[0].meters: expected a meter id"),
    ("bad time", _with(saved_at="yesterday"), "saved_at: expected an ISO 8601 time"),
    ("naive time", _with(saved_at="2029-01-20T17:00:00"), "saved_at: the time has no time zone"),
    ("escape in label", _with(label="red \x1b[31m"), "label: contains a terminal escape"),
    ("long label", _with(label="x" * 201), "label: longer than 200 characters"),
    ("bad fingerprint", _with(content={"id": "harbour", "fingerprint": "x"}), "64 hex digits"),
    ("bad pack id", _with(content={"id": "Har/bour", "fingerprint": "0" * 64}), "content.id"),
]


@pytest.mark.parametrize(
    ("case", "value", "expected"), WRONG_SHAPES, ids=[c[0] for c in WRONG_SHAPES]
)
def test_json_of_the_wrong_shape_is_refused_with_the_path(
    tmp_path: Path, case: str, value: Any, expected: str
) -> None:
    assert_refused(write_json(tmp_path, value), expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format": NaN}', "NaN is not allowed"),
        ('{"format": "a", "format": "b"}', "the key 'format' appears twice"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"seed": ' + "9" * 5000 + "}", "not valid JSON"),
        ("\ufeff{}", "not valid JSON"),
        ("   \n  ", "empty file"),
        ('{"format": "article-five-save", "version": 2', "truncated"),
    ],
)
def test_json_tricks_are_refused(tmp_path: Path, text: str, expected: str) -> None:
    assert_refused(write(tmp_path, text), expected)


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    assert_refused(write(tmp_path, b'{"label": "\xff"}'), "not UTF-8")


def test_a_file_too_large_for_a_save_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)
    assert_refused(path, "too large")


def test_a_save_with_more_decisions_than_allowed_is_refused(tmp_path: Path) -> None:
    decision = real_document()["decisions"][0]
    del decision["meters"]  # optional; without them 100,000 decisions stay under the size limit
    assert_refused(write_json(tmp_path, _with(decisions=[decision] * 100_000)), "at most 10000")


def test_a_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="no such file"):
        load_save(tmp_path / "none.json", harbour())
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(SaveError, match="is a folder"):
        load_save(tmp_path / "dir.json", harbour())


def test_an_unprintable_file_name_is_escaped_in_the_message(tmp_path: Path) -> None:
    path = write(tmp_path, "[]", "bad\x1b[2Jname.json")
    with pytest.raises(SaveError) as caught:
        load_save(path, harbour())
    assert "\x1b" not in str(caught.value)
    assert "\\x1b[2Jname.json" in str(caught.value)


# --- versions and content ---------------------------------------------------------------


def test_a_save_from_a_future_version_is_refused(tmp_path: Path) -> None:
    assert_refused(
        write_json(tmp_path, _with(version=VERSION + 1)), f"version {VERSION + 1} is newer"
    )


def test_a_save_of_another_content_pack_is_refused(tmp_path: Path) -> None:
    document = _with(content={"id": "article-five", "fingerprint": "0" * 64})
    assert_refused(
        write_json(tmp_path, document), "recorded with content pack 'article-five'", "'harbour'"
    )


def test_a_save_loads_when_the_pack_changed_but_its_states_did_not(tmp_path: Path) -> None:
    pack = copy_pack(HARBOUR, tmp_path / "pack")
    scenario = pack / "scenario.toml"
    scenario.write_text(
        scenario.read_text().replace('title = "Harbour Master"', 'title = "Harbour"')
    )
    edited = load_content(pack)
    assert edited.fingerprint != harbour().fingerprint
    assert load_save(REAL, edited).state == load_save(REAL, harbour()).state
    result = verify_save(REAL, edited)
    assert result.ok and not result.fingerprint_matches


def test_a_save_whose_states_no_longer_match_the_pack_is_refused_naming_the_decision(
    tmp_path: Path,
) -> None:
    pack = copy_pack(HARBOUR, tmp_path / "pack")
    events = pack / "events" / "season.toml"
    events.write_text(
        events.read_text().replace("effects = { catch = 5 }", "effects = { catch = 4 }")
    )
    edited = load_content(pack)
    assert edited.scenario is not None
    before = snapshot(REAL)
    with pytest.raises(SaveError) as caught:
        load_save(REAL, edited)
    message = str(caught.value)
    assert "recorded with an earlier version of content pack 'harbour'" in message
    assert (
        "decision 1 (Q2 1890, event 'arrival', choice 'fish'): the state after it differs"
        in message
    )
    assert snapshot(REAL) == before


def test_a_hand_edited_choice_is_refused_even_with_the_same_content(tmp_path: Path) -> None:
    document = real_document()
    document["decisions"][0]["choice"] = "mend"
    message = assert_refused(write_json(tmp_path, document), "edited by hand?", "decision 1")
    assert "the state after it differs" in message


# --- listings never crash ---------------------------------------------------------------


def test_a_folder_of_bad_files_is_listed_with_their_problems(tmp_path: Path) -> None:
    write_save(tmp_path, "good", play_out(harbour(), 1), harbour())
    write(tmp_path, b"\xff\xfe", "noise.json")
    write(tmp_path, '{"format": "article-five-save", "version": 99}', "future.json")
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "notes.txt").write_text("not a save")
    infos = {info.name: info for info in list_saves(tmp_path)}
    assert set(infos) == {"good", "noise", "future"}
    assert infos["good"].problem is None and infos["good"].decisions > 0
    assert "not UTF-8" in (infos["noise"].problem or "")
    assert "newer" in (infos["future"].problem or "")
    assert infos["future"].saved_at  # the file's modification time


def test_nothing_in_the_save_layer_can_execute_data() -> None:
    pattern = re.compile(r"\b(eval|exec|pickle|marshal|shelve|__import__|importlib)\b")
    for source in sorted((ROOT / "game" / "saves").glob("*.py")):
        code = "\n".join(
            line for line in source.read_text().splitlines() if not line.lstrip().startswith("#")
        )
        assert not pattern.search(code), f"{source.name}: {pattern.search(code)}"


def test_an_id_with_a_trailing_newline_is_refused_in_content_and_saves() -> None:
    assert ID.fullmatch("harbour") and not ID.fullmatch("harbour\n")
    assert PACK_ID.fullmatch("harbour-1.2") and not PACK_ID.fullmatch("harbour\n")
