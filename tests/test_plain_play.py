"""Plain mode, played in-process on text streams: commands, undo, saves, end of input, bad input."""

from __future__ import annotations

import io
from pathlib import Path

import attrs

from game.content.load import Content
from game.engine.session import Session
from game.engine.step import options
from game.plain.render import change_lines, event_lines
from game.plain.run import MAX_LINE, PlainGame
from game.saves import latest_autosave, list_saves

SEED = 7


def play(content: Content, script: str, folder: Path | None, seed: int = SEED) -> tuple[int, str]:
    out = io.StringIO()
    code = PlainGame(content, seed, folder, io.StringIO(script), out).run()
    return code, out.getvalue()


def flat(transcript: str) -> str:
    """The transcript with all whitespace runs as one space (wrapping undone)."""
    return " ".join(transcript.split())


def hints(transcript: str) -> list[str]:
    return [line for line in transcript.splitlines() if "help lists them" in line]


# ── a term, decision by decision ─────────────────────────────────────────


def test_first_screen_shows_title_quarter_event_and_numbered_choices(
    harbour: Content, tmp_path: Path
) -> None:
    code, text = play(harbour, "", tmp_path)
    assert code == 0
    lines = text.splitlines()
    assert lines[0] == "Harbour Master"
    assert "Q2 1890, quarter 1 of 6. Phase: Fair weather." in lines
    assert "Catch 20, Storm 2.0." in lines
    assert "The new harbour master" in lines
    assert "1. Send the boats out" in lines
    assert "2. Mend the wall" in lines
    assert "A briefing is available: type briefing." in lines


def test_a_choice_prints_each_change_with_its_cause(harbour: Content, tmp_path: Path) -> None:
    _, text = play(harbour, "2\n", tmp_path)
    # one cause, said once, after every meter it moved
    told = (
        "Sea wall rose by 10 percentage points to 70% and Catch fell by 2 to 18: "
        "Stone takes hands away from nets."
    )
    flat = " ".join(text.split())
    assert told in flat
    assert flat.count("Stone takes hands away from nets.") == 1


def test_the_end_of_a_quarter_is_told_with_the_rules_that_ran(
    harbour: Content, tmp_path: Path
) -> None:
    _, text = play(harbour, "2\n1\n", tmp_path)
    assert "Q2 1890 ends." in text
    # the steady rules of the quarter as one line; `why` tells each of them
    assert "Drift: Storm +1.0. Type why for every move." in text
    assert "The season turns." not in text
    assert "Q3 1890, quarter 2 of 6." in text


def test_why_repeats_the_last_decision_with_causes(harbour: Content, tmp_path: Path) -> None:
    _, text = play(harbour, "why\n1\nwhy\n", tmp_path)
    assert "No decision yet" in text
    assert "In Q2 1890, on The new harbour master, you chose: Send the boats out." in text
    assert "Catch rose by 5 to 25, from your choice: Boats at sea catch fish." in text


def test_why_meter_lists_that_meters_changes(harbour: Content, tmp_path: Path) -> None:
    _, text = play(harbour, "1\n1\nwhy storm\nwhy nonsense\n", tmp_path)
    assert "Storm is 3.0: How close the big storm is." in text
    assert "Q2 1890: Storm rose by 1.0 to 3.0: The season turns." in text
    assert "No meter called 'nonsense'. The meters: Catch, Storm, Sea wall." in text


def test_meters_lists_every_meter_derived_value_and_the_phase(
    harbour: Content, tmp_path: Path
) -> None:
    _, text = play(harbour, "meters\n", tmp_path)
    assert "Catch: 20. Fish landed this season." in text
    assert "Sea wall: 60%. The state of the sea wall." in text
    assert "Safety: 4.0." in text
    assert "Phase: Fair weather." in text


def test_briefing_shows_facts_and_sources(harbour: Content, tmp_path: Path) -> None:
    _, text = play(harbour, "briefing\n", tmp_path)
    assert "Briefing: The new harbour master" in text
    assert "Harbours need walls." in text
    assert "- The Harbour Almanac" in text


def test_help_lists_the_commands(harbour: Content, tmp_path: Path) -> None:
    _, text = play(harbour, "help\n", tmp_path)
    for word in ("why", "briefing", "meters", "save NAME", "undo", "help", "quit"):
        assert f"  {word}" in text


def test_undo_takes_back_the_last_decision(harbour: Content, tmp_path: Path) -> None:
    _, text = play(harbour, "undo\n2\nundo\n", tmp_path)
    assert "Nothing to undo: no decision yet." in text
    assert "Took back: Mend the wall (The new harbour master, Q2 1890)." in text
    # the event is on the table again, with the meters as they were
    assert text.count("1. Send the boats out") == 2
    assert text.split("End of input.")[0].rstrip().endswith("Your choice (1 to 2, or help):")


def test_an_unavailable_choice_is_shown_with_its_reason_and_refused(
    harbour: Content, tmp_path: Path
) -> None:
    scenario = harbour.scenario
    assert scenario is not None
    # Walk a greedy line until the storm warning offers its squall-gated choice disabled.
    for seed in range(1, 200):
        session = Session.start(scenario, seed)
        script = []
        while not session.state.over:
            state = session.state
            if state.current_event == "storm_warning" and "squall_hit" in state.flags:
                break
            first = next(o for o in options(scenario, state) if o.available)
            script.append(str(list(options(scenario, state)).index(first) + 1))
            session = session.choose(first.choice.id)
        else:
            continue
        lines = event_lines(scenario, session.state)
        assert "2. Keep fishing (not available: Not after the squall.)" in lines
        _, text = play(harbour, "\n".join([*script, "2", ""]), tmp_path, seed=seed)
        assert "Choice 2 is not available: Not after the squall." in text
        return
    raise AssertionError("no seed reached a storm warning after a squall")


def test_a_whole_term_ends_with_the_ending_and_exit_0(harbour: Content, tmp_path: Path) -> None:
    code, text = play(harbour, "1\n" * 40, tmp_path)
    assert code == 0
    assert "The term is over: " in text
    assert "Grade: " in text
    assert "After " in text and " decisions, in " in text


# ── bad input ─────────────────────────────────────────────────────────────


def test_bad_lines_reprompt_with_one_hint_each(harbour: Content, tmp_path: Path) -> None:
    script = "banana\n0\n3\n\nundo please\n1 2\n\x1b[31m\nsave\n1\n"
    code, text = play(harbour, script, tmp_path)
    assert code == 0
    assert len(hints(text)) == 7  # all but "save" and the final "1"
    assert "Give a name: save NAME" in text
    assert "undo takes no argument" in text
    assert "Catch rose by 5 to 25" in text  # the final "1" still played
    assert "\x1b" not in text


def test_an_overlong_line_is_one_bad_line(harbour: Content, tmp_path: Path) -> None:
    code, text = play(harbour, "9" * (MAX_LINE * 3) + "\n1\n", tmp_path)
    assert code == 0
    assert len(hints(text)) == 1
    assert "Catch rose by 5 to 25" in text


# ── saves ────────────────────────────────────────────────────────────────


def test_every_decision_is_autosaved_and_end_of_input_says_so(
    harbour: Content, tmp_path: Path
) -> None:
    code, text = play(harbour, "1\n2\n", tmp_path)
    assert code == 0
    info = latest_autosave(tmp_path)
    assert info is not None and info.decisions == 2
    assert "End of input. Your term is saved; run the game again and type continue" in text
    assert "Could not save" not in text


def test_quit_saves_and_exits_0(harbour: Content, tmp_path: Path) -> None:
    code, text = play(harbour, "1\nquit\n1\n", tmp_path)
    assert code == 0
    assert "Goodbye. Your term is saved" in text
    info = latest_autosave(tmp_path)
    assert info is not None and info.decisions == 1


def test_continue_resumes_the_autosaved_term(harbour: Content, tmp_path: Path) -> None:
    play(harbour, "1\n2\n", tmp_path)
    code, text = play(harbour, "continue\n", tmp_path, seed=99)
    assert code == 0
    assert "An unfinished term was saved automatically (Q3 1890, 2 decisions)" in text
    assert "Continuing the term saved at Q3 1890." in text
    scenario = harbour.scenario
    assert scenario is not None
    expected = Session.replay(scenario, SEED, ["fish", "ignore"]).state
    title = scenario.event_by_id[expected.current_event or ""].title
    assert text.rstrip().splitlines()[-4] == title or title in text.split("Continuing")[1]


def test_continue_is_refused_once_a_new_term_has_begun(harbour: Content, tmp_path: Path) -> None:
    play(harbour, "1\n2\n", tmp_path)
    _, text = play(harbour, "1\ncontinue\n", tmp_path)
    assert "You are playing a new term" in text


def test_save_and_load_by_name(harbour: Content, tmp_path: Path) -> None:
    _, text = play(harbour, "1\nsave first-step\n2\nload first-step\n", tmp_path)
    assert "Saved as first-step." in text
    assert "Loaded first-step." in text
    assert [i.name for i in list_saves(tmp_path) if i.kind == "manual"] == ["first-step"]
    after_load = text.split("Loaded first-step.")[1]
    assert "A shoal offshore" in after_load  # back at the second event of the first quarter


def test_bad_save_names_and_missing_saves_are_one_line(harbour: Content, tmp_path: Path) -> None:
    _, text = play(harbour, "save ../escape\nload nothing-here\n", tmp_path)
    assert "Not saved: save name '../escape': contains a path separator" in text
    assert "There is no save called nothing-here." in text
    assert not (tmp_path.parent / "escape.json").exists()


def test_an_unwritable_saves_folder_is_a_message_and_the_game_goes_on(
    harbour: Content, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("in the way")
    code, text = play(harbour, "1\nsave here\n2\n", blocker / "saves")
    assert code == 0
    assert "Could not save automatically: " in text
    assert "Not saved: " in text
    assert "Let it go" in text or "Chase it" in text  # still playing
    assert len([line for line in text.splitlines() if "Could not save" in line]) >= 1


def test_saving_off_still_plays(harbour: Content) -> None:
    code, text = play(harbour, "1\nsave x\n", None)
    assert code == 0
    assert "Saving is off" in text
    assert "End of input." in text


# ── hostile content ──────────────────────────────────────────────────────


def test_control_characters_in_content_never_reach_the_output(harbour: Content) -> None:
    scenario = harbour.scenario
    assert scenario is not None
    evil = "\x1b[2J\x1b]0;pwned\x07\x9b31m"
    arrival = scenario.event_by_id["arrival"]
    choices = tuple(
        attrs.evolve(c, label=c.label + evil, explain=c.explain + evil) for c in arrival.choices
    )
    events = tuple(
        attrs.evolve(e, title=e.title + evil, text=evil + e.text, choices=choices)
        if e.id == "arrival"
        else e
        for e in scenario.events
    )
    evil_scenario = attrs.evolve(scenario, title=evil, events=events)
    code, text = play(attrs.evolve(harbour, scenario=evil_scenario), "briefing\n1\nwhy\n", None)
    assert code == 0
    assert "Send the boats out" in text
    assert not any(ch in text for ch in "\x1b\x07\x9b")
    step = Session.replay(evil_scenario, SEED, ["fish"]).steps[-1]
    lines = change_lines(evil_scenario, step, step.state.decisions[-1])
    assert not any("\x1b" in line for line in lines)
