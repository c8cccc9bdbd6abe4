"""Hostile saves: whatever a save file holds, only SaveError escapes and the file is unchanged.

tests/test_saves_corrupt.py already throws random bytes, truncations,
one-byte flips, arbitrary JSON values and one-value replacements at the
loader, with golden messages for the wrong shapes. This file goes further
in: documents that get past the header (right format and version, the
rest generated), structural edits of real recordings (decisions dropped,
repeated, swapped, cut, keys deleted or renamed, one version's body under
the other's number), and the same files through the folder listing and the
`replay` command. Every case checks:

- `load_save` returns a session or raises SaveError whose message is one
  printable line starting with the file's name;
- `verify_save` and the listing (`read_info`) never raise anything else;
- the file's bytes and modification time are unchanged, and nothing new
  appears in its folder.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli.main import main
from game.content.load import load_content
from game.engine import Session
from game.engine.rng import SEEDS
from game.saves import SaveError, load_recording, load_save, verify_save, write_save
from game.saves.folder import read_info
from tests.hostilekit import HARBOUR, examples, note, play_term, printable_line, toml_value
from tests.savekit import TEST_SAVES, harbour, snapshot

FUZZ = settings(
    max_examples=examples(60, 3000),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
RECORDINGS = sorted(TEST_SAVES.glob("harbour-*.json"))
V2 = [p for p in RECORDINGS if json.loads(p.read_text())["version"] == 2]
V1 = [p for p in RECORDINGS if json.loads(p.read_text())["version"] == 1]


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="hostile-saves-") as name:
        yield Path(name)


def check_save(path: Path) -> Session | None:
    """The invariants of loading one file; returns the session if it loaded."""
    before = snapshot(path)
    siblings = sorted(path.parent.iterdir())
    session: Session | None = None
    try:
        recording = load_recording(path, harbour())
    except SaveError as error:
        message = str(error)
        assert message.startswith(f"{path}: "), message
        assert printable_line(message), repr(message)
        note("refused")
    else:
        session = recording.session
        scenario = harbour().scenario
        assert scenario is not None
        assert len(session.steps) == len(recording.record.decisions) + 1
        choices = [d.choice for d in recording.record.decisions]
        assert Session.replay(scenario, session.seed, choices).state == session.state
        note("loaded")
    with contextlib.suppress(SaveError):
        verify_save(path, harbour())
    info = read_info(path)
    assert info.problem is None or printable_line(info.problem)
    assert printable_line(info.label) and printable_line(info.turn_label)
    assert snapshot(path) == before
    assert sorted(path.parent.iterdir()) == siblings
    return session


def write_json(folder: Path, document: Any) -> Path:
    path = folder / "fuzz.json"
    path.write_text(
        json.dumps(document, ensure_ascii=False, allow_nan=True), "utf-8", "surrogatepass"
    )
    return path


def real(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text())
    return document


# --- documents that get past the header -------------------------------------------------

any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=10,
)
REAL_DECISIONS = [d for p in V2 for d in real(p)["decisions"]]
EVENTS = sorted({d["event"] for d in REAL_DECISIONS})
CHOICES = sorted({d["choice"] for d in REAL_DECISIONS})
TIMES = [
    "2029-01-20T17:00:00+00:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "2029-01-20T17:00:00",
    "2029-01-20",
    "2029-02-30T00:00:00+00:00",
    "20290120T170000Z",
    "2029-01-20T17:00:00.123456789+00:00",
    "",
]
hexes = st.text("0123456789abcdef", min_size=16, max_size=16)


def sometimes(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(good, good, good, json_values)


decisions = st.lists(
    sometimes(
        st.sampled_from(REAL_DECISIONS)
        | st.fixed_dictionaries(
            {
                "turn": sometimes(st.integers(-1, 10**6)),
                "event": sometimes(st.sampled_from(EVENTS)),
                "choice": sometimes(st.sampled_from(CHOICES)),
                "digest": sometimes(hexes),
            }
        )
    ),
    max_size=12,
)
documents = st.fixed_dictionaries(
    {
        "format": st.just("article-five-save"),
        "version": st.just(2),
        "content": sometimes(
            st.fixed_dictionaries(
                {
                    "id": sometimes(st.just("harbour")),
                    "fingerprint": sometimes(
                        st.just(harbour().fingerprint) | hexes.map(lambda h: h * 4)
                    ),
                }
            )
        ),
        "seed": sometimes(st.integers(-(10**41), 10**41)),
        "decisions": sometimes(decisions),
        "saved_at": sometimes(st.sampled_from(TIMES)),
        "created_at": sometimes(st.sampled_from(TIMES)),
    },
    optional={
        "label": sometimes(any_text),
        "opening": sometimes(st.none() | hexes),
        "summary": sometimes(
            st.none()
            | st.fixed_dictionaries(
                {
                    "turn": sometimes(st.integers(-5, 10**5)),
                    "turn_label": sometimes(any_text),
                    "phase": sometimes(st.sampled_from(["fair", "gale", "nowhere"])),
                },
                optional={
                    "ending": sometimes(st.none() | any_text),
                    "ending_title": sometimes(st.none() | any_text),
                },
            )
        ),
        "stray": json_values,
    },
)


@FUZZ
@given(document=documents)
def test_generated_saves_load_or_are_refused(folder: Path, document: dict[str, Any]) -> None:
    check_save(write_json(folder, document))


@FUZZ
@given(document=documents, seed=st.integers(SEEDS.start, SEEDS[-1]))
def test_a_save_with_any_seed_and_no_decisions_opens_a_term(
    folder: Path, document: dict[str, Any], seed: int
) -> None:
    document.update(
        content={"id": "harbour", "fingerprint": harbour().fingerprint},
        seed=seed,
        decisions=[],
        saved_at=TIMES[0],
        created_at=TIMES[0],
    )
    for key in ("label", "opening", "summary", "stray"):
        document.pop(key, None)
    session = check_save(write_json(folder, document))
    assert session is not None and session.seed == seed


# --- real recordings, edited ------------------------------------------------------------


def edit(document: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """One to three structural edits of a recording."""
    for _ in range(data.draw(st.integers(1, 3))):
        items = document.get("decisions")
        action = data.draw(
            st.sampled_from(
                [
                    "drop",
                    "repeat",
                    "swap",
                    "cut",
                    "reverse",
                    "delete key",
                    "rename key",
                    "other version",
                    "wrap",
                    "deep copy of decisions",
                    "huge label",
                ]
            )
        )
        if (
            action in ("drop", "repeat", "swap", "cut", "reverse")
            and isinstance(items, list)
            and items
        ):
            i = data.draw(st.integers(0, len(items) - 1))
            j = data.draw(st.integers(0, len(items) - 1))
            if action == "drop":
                del items[i]
            elif action == "repeat":
                items.insert(i, copy.deepcopy(items[j]))
            elif action == "swap":
                items[i], items[j] = items[j], items[i]
            elif action == "cut":
                del items[i:]
            else:
                items.reverse()
        elif action == "delete key" and document:
            del document[data.draw(st.sampled_from(sorted(document)))]
        elif action == "rename key" and document:
            key = data.draw(st.sampled_from(sorted(document)))
            document[data.draw(any_text)] = document.pop(key)
        elif action == "other version":
            document["version"] = (
                3 - document.get("version", 2) if document.get("version") in (1, 2) else 1
            )
        elif action == "wrap":
            document = {"format": document.get("format"), "version": 2, "decisions": [document]}
        elif action == "deep copy of decisions" and isinstance(items, list):
            document["decisions"] = items * data.draw(st.integers(2, 50))
        elif action == "huge label":
            document["label"] = data.draw(st.sampled_from(["x" * 10**6, "\u202e" * 10, "ok"]))
    return document


@FUZZ
@given(data=st.data(), path=st.sampled_from(RECORDINGS))
def test_real_recordings_edited_load_exactly_or_are_refused(
    folder: Path, data: st.DataObject, path: Path
) -> None:
    session = check_save(write_json(folder, edit(real(path), data)))
    if session is not None:  # what loads is a prefix of some recording, re-derived exactly
        note("an edited recording loaded")


def test_every_prefix_of_a_real_recording_loads_as_that_point_of_the_term(folder: Path) -> None:
    document = real(V2[0])
    full = check_save(write_json(folder, document))
    assert full is not None
    for n in range(len(document["decisions"])):
        cut = copy.deepcopy(document)
        del cut["decisions"][n:]
        cut["summary"] = None
        session = check_save(write_json(folder, cut))
        assert session is not None and session.steps == full.steps[: n + 1]


# --- the same through the command line --------------------------------------------------


def replay(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["replay", *argv, "--content", str(HARBOUR)])
    return code, out.getvalue(), err.getvalue()


@settings(FUZZ, max_examples=examples(15, 500))
@given(data=st.data(), path=st.sampled_from(RECORDINGS), verify=st.booleans())
def test_replay_of_an_edited_recording_exits_0_or_1_with_one_line(
    folder: Path, data: st.DataObject, path: Path, verify: bool
) -> None:
    target = write_json(folder, edit(real(path), data))
    code, out, err = replay(str(target), *(["--verify"] if verify else []))
    assert code in (0, 1)
    if code == 1:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and str(target) in lines[0], err
        assert printable_line(lines[0])
    assert "Traceback" not in out + err


# --- what the content allows, a save must hold ------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("An Ordinary\u00a0Season", id="no-break space"),
        pytest.param("An Ordi\u00adnary Season", id="soft hyphen"),
        pytest.param("An Ordinary Season \U0001f469\u200d\U0001f52c", id="zero-width joiner"),
        pytest.param("An Ordinary Season" + " and so on" * 20, id="201 characters"),
    ],
)
def test_a_term_that_ends_on_any_title_check_accepts_saves_and_loads(
    tmp_path: Path, title: str
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(HARBOUR, pack)
    scenario = pack / "scenario.toml"
    scenario.write_text(
        scenario.read_text().replace('"An Ordinary Season"', toml_value(title)), "utf-8"
    )
    content = load_content(pack)
    assert content.scenario is not None and not content.errors
    session = play_term(content, seed=7)
    assert session.state.ending == "ordinary"
    path = write_save(tmp_path / "saves", "end", session, content)
    assert load_save(path, content).state == session.state
