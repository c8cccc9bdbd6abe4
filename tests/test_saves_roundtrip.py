"""A save is an exact recording: save → load re-derives equal states; undo and redo agree."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import state_digest
from game.engine.rng import SEEDS
from game.saves import load_save, write_save
from game.saves.format import VERSION, decode, encode
from game.saves.migrations import v1_to_v2
from game.saves.store import autosave, load_recording, record_of
from tests.savekit import TEST_SAVES, harbour, play, play_out

seeds = st.integers(min_value=SEEDS.start, max_value=SEEDS[-1])
picks = st.lists(st.integers(min_value=0, max_value=3), max_size=14)
FOLDER_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FOLDER_SETTINGS
@given(seed=seeds, choices=picks)
def test_save_then_load_gives_equal_states(tmp_path: Path, seed: int, choices: list[int]) -> None:
    session = play(harbour(), seed, choices)
    path = write_save(tmp_path, "round", session, harbour())
    loaded = load_save(path, harbour())
    assert loaded.seed == session.seed
    assert [s.state for s in loaded.steps] == [s.state for s in session.steps]
    assert [s.changes for s in loaded.steps] == [s.changes for s in session.steps]


@settings(max_examples=60, deadline=None)
@given(seed=seeds, choices=picks, back=st.integers(min_value=1, max_value=6))
def test_undo_then_redo_gives_the_same_state(seed: int, choices: list[int], back: int) -> None:
    session = play(harbour(), seed, choices)
    made = [d.choice for d in session.state.decisions]
    undone = session
    for _ in range(back):
        undone = undone.undo()
    kept = len(undone.steps) - 1
    assert kept == max(0, len(made) - back)
    redone = undone
    for choice in made[kept:]:
        redone = redone.choose(choice)
    assert redone.state == session.state
    assert state_digest(redone.state) == state_digest(session.state)


def test_undo_at_the_start_of_the_term_does_nothing() -> None:
    session = play(harbour(), 5, [])
    assert session.undo() == session
    assert session.undo().state == session.state


def test_a_save_after_undo_records_the_shorter_session(tmp_path: Path) -> None:
    session = play_out(harbour(), 21)
    undone = session.undo().undo()
    loaded = load_save(write_save(tmp_path, "undone", undone, harbour()), harbour())
    assert loaded.state == undone.state
    assert len(loaded.steps) == len(session.steps) - 2


def test_a_branch_saves_and_loads_as_its_own_session(tmp_path: Path) -> None:
    session = play_out(harbour(), 8)
    branch = session.branch(2)
    loaded = load_save(write_save(tmp_path, "branch", branch, harbour()), harbour())
    assert loaded.state == branch.state
    assert not loaded.state.over


def test_an_autosave_loads_like_a_manual_save(tmp_path: Path) -> None:
    session = play(harbour(), 3, [1, 0, 1])
    assert load_save(autosave(tmp_path, session, harbour()), harbour()).state == session.state


def test_a_state_with_delayed_effects_pending_can_be_saved(tmp_path: Path) -> None:
    # "Sell it all" schedules a delayed effect whose amount is an expression.
    session = play(harbour(), 7, [0, 0, 0])
    assert session.state.pending_effects, "expected a pending delayed effect"
    assert load_save(write_save(tmp_path, "later", session, harbour()), harbour()) == session


def test_the_file_records_content_seed_and_one_digest_per_decision(tmp_path: Path) -> None:
    session = play(harbour(), 99, [1, 1, 0, 1])
    document = json.loads(
        write_save(tmp_path, "look", session, harbour(), label="a look").read_text()
    )
    assert document["format"] == "article-five-save"
    assert document["version"] == VERSION
    assert document["content"] == {"id": "harbour", "fingerprint": harbour().fingerprint}
    assert document["seed"] == 99
    assert document["label"] == "a look"
    digests = [state_digest(s.state) for s in session.steps]
    assert document["opening"] == digests[0]
    assert [d["digest"] for d in document["decisions"]] == digests[1:]
    assert [(d["event"], d["choice"]) for d in document["decisions"]] == [
        (d.event, d.choice) for d in session.state.decisions
    ]


def test_writing_a_recording_again_gives_the_same_bytes() -> None:
    """The committed recordings pin the format: re-encoding one changes no byte."""
    path = TEST_SAVES / "harbour-greedy.json"
    recording = load_recording(path, harbour())
    moment = datetime.fromisoformat(recording.record.saved_at).astimezone(UTC)
    again = record_of(recording.session, harbour(), recording.record.label, now=moment)
    assert encode(again) == path.read_bytes()


def test_overwriting_a_manual_save_keeps_when_it_was_created(tmp_path: Path) -> None:
    session = play(harbour(), 4, [0])
    path = write_save(tmp_path, "slot", session, harbour())
    document = json.loads(path.read_text())
    document["created_at"] = "2001-01-01T00:00:00+00:00"
    path.write_text(json.dumps(document))
    write_save(tmp_path, "slot", play(harbour(), 4, [0, 1]), harbour())
    document = json.loads(path.read_text())
    assert document["created_at"] == "2001-01-01T00:00:00+00:00"
    assert document["saved_at"] != document["created_at"]
    assert len(document["decisions"]) == 2


# --- migrations -------------------------------------------------------------------------


def test_a_version_1_save_loads_as_the_same_session() -> None:
    old = load_recording(TEST_SAVES / "harbour-v1.json", harbour())
    new = load_recording(TEST_SAVES / "harbour-careful.json", harbour())
    assert old.record.version == 1
    assert old.session == new.session
    assert old.record.opening is None and old.record.summary is None


def test_the_version_1_migration_restructures_without_inventing() -> None:
    v1 = {
        "format": "article-five-save",
        "version": 1,
        "content_id": "harbour",
        "fingerprint": "ab" * 32,
        "seed": 3,
        "saved_at": "2029-01-20T17:00:00+00:00",
        "decisions": [[1, "arrival", "fish", "0123456789abcdef"]],
    }
    v2 = v1_to_v2(v1)
    assert v2 == {
        "format": "article-five-save",
        "version": 2,
        "content": {"id": "harbour", "fingerprint": "ab" * 32},
        "seed": 3,
        "created_at": "2029-01-20T17:00:00+00:00",
        "saved_at": "2029-01-20T17:00:00+00:00",
        "opening": None,
        "summary": None,
        "decisions": [
            {"turn": 1, "event": "arrival", "choice": "fish", "digest": "0123456789abcdef"}
        ],
    }
    record = decode(json.dumps(v1).encode(), Path("old.json"))
    assert record.version == 1 and record.decisions[0].choice == "fish"


def test_a_version_2_save_loads_as_the_same_session() -> None:
    old = load_recording(TEST_SAVES / "harbour-v2.json", harbour())
    new = load_recording(TEST_SAVES / "harbour-greedy.json", harbour())
    assert (old.record.version, new.record.version) == (2, VERSION)
    assert old.session == new.session and old.record.tab is None


def test_a_migrated_save_is_written_back_in_the_current_version(tmp_path: Path) -> None:
    session = load_save(TEST_SAVES / "harbour-v1.json", harbour())
    path = write_save(tmp_path, "upgraded", session, harbour())
    assert json.loads(path.read_text())["version"] == VERSION
    assert load_save(path, harbour()) == session
