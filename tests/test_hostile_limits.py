"""Resource limits: huge inputs work in sensible time or are refused clearly; memory stays bounded.

Every case runs in a fresh Python process, timed, with its peak resident
set size (VmHWM; see tests/hostilekit.py `measure`), so that one case's
memory cannot hide another's. The figures go to tests/artifacts/robustness-figures.json;
docs/robustness.md quotes those of a long run (ARTICLE_FIVE_LONG=1), which
adds the full-size cases that take more than a few seconds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest

from tests.hostilekit import LONG, ROOT, Measured, measure

ARTIFACT = ROOT / "tests" / "artifacts" / "robustness-figures.json"
FIGURES: dict[str, dict[str, Any]] = {}
MIB = 1024 * 1024


@pytest.fixture(scope="module", autouse=True)
def figures() -> Iterator[None]:
    yield
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps({"long": LONG, "cases": FIGURES}, indent=2) + "\n")


def record(case: str, measured: Measured, **extra: Any) -> None:
    FIGURES[case] = {
        "seconds": round(measured.seconds, 2),
        "peak_mib": round(measured.peak_mib, 1),
        **extra,
    }
    print(f"{case}: {measured.seconds:.2f} s, peak {measured.peak_mib:.0f} MiB, {extra}")


long_only = pytest.mark.skipif(not LONG, reason="full size with ARTICLE_FIVE_LONG=1")

LOAD = """
import json, time
from pathlib import Path
from game.content.load import load_content
from tests.hostilekit import TICK_EVENT, write_tiny_pack
folder = write_tiny_pack(Path({folder!r}))
big = folder / "events" / "big.toml"
{make}
started = time.perf_counter()
content = load_content(folder)
RESULT = {{
    "bytes": big.stat().st_size,
    "load_seconds": time.perf_counter() - started,
    "events": content.counts["events"],
    "errors": [p.render()[:200] for p in content.errors[:3]],
}}
"""


def load_case(tmp_path: Path, make: str) -> Measured:
    return measure(LOAD.format(folder=str(tmp_path / "pack"), make=dedent(make).strip()))


# --- a 20 MB content file ---------------------------------------------------------------


def test_a_20_mb_event_text_loads(tmp_path: Path) -> None:
    m = load_case(
        tmp_path,
        """
        words = "All quiet on the eastern flank. " * 625_000
        quotes = '"' * 3
        big.write_text(
            '[[event]]\\nid = "big"\\ntitle = "Big"\\ntext = ' + quotes + words + quotes + '\\n'
            '[[event.choice]]\\nid = "a"\\nlabel = "A"\\neffects = { m = 1 }\\nexplain = "x"\\n'
        )
        """,
    )
    record("20 MB event text", m, **m.result)
    assert m.result["bytes"] >= 20_000_000 and not m.result["errors"]
    assert m.result["load_seconds"] < 10 and m.peak_mib < 400


def test_a_20_mb_file_of_comments_with_an_error_at_the_end_names_its_line(tmp_path: Path) -> None:
    m = load_case(
        tmp_path,
        """
        line = "# a comment, long enough to fill twenty megabytes quickly\\n"
        big.write_text(line * 350_000 + "stray = 1\\n")
        """,
    )
    record("20 MB of comments, error on the last line", m, **m.result)
    assert m.result["bytes"] >= 20_000_000
    assert m.result["errors"] == ["events/big.toml:350001:1: error: stray: unknown key 'stray'"]
    assert m.result["load_seconds"] < 10 and m.peak_mib < 400


@long_only
def test_a_20_mb_file_of_events_loads(tmp_path: Path) -> None:
    m = load_case(
        tmp_path,
        """
        per = len(TICK_EVENT.format(i=100000))
        big.write_text("".join(TICK_EVENT.format(i=100000 + i) for i in range(20_000_000 // per)))
        """,
    )
    record("20 MB of events", m, **m.result)
    assert m.result["events"] > 100_000 and not m.result["errors"]
    assert m.result["load_seconds"] < 60 and m.peak_mib < 1200


@long_only
def test_a_20_mb_file_of_blank_lines_with_an_error_names_its_line(tmp_path: Path) -> None:
    m = load_case(tmp_path, 'big.write_text("stray = 1\\n" + "\\n" * 20_000_000)')
    record("20 MB of blank lines, error on the first line", m, **m.result)
    assert m.result["errors"] == ["events/big.toml:1:1: error: stray: unknown key 'stray'"]
    assert m.result["load_seconds"] < 30 and m.peak_mib < 1200


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    m = load_case(
        tmp_path,
        """
        with big.open("wb") as stream:
            stream.truncate(33 * 1024 * 1024)  # sparse: nothing to read but zeros
        """,
    )
    record("33 MiB file", m, **m.result)
    assert m.result["errors"] == ["events/big.toml: error: file is 33 MiB; the limit is 32 MiB"]
    assert m.result["load_seconds"] < 1 and m.peak_mib < 150


# --- 10,000 events ----------------------------------------------------------------------

TEN_THOUSAND = """
import time
from pathlib import Path
from game.content.graph import render
from game.content.load import load_content
from tests.hostilekit import play_term, write_tiny_pack
folder = write_tiny_pack(Path({folder!r}), turns={turns}, per_turn={per_turn}, events=10_000)
started = time.perf_counter()
content = load_content(folder)
loaded = time.perf_counter()
session = play_term(content)
played = time.perf_counter()
graph = render(content.scenario, "dot")
RESULT = {{
    "events": content.counts["events"], "errors": len(content.errors),
    "load_seconds": loaded - started, "decisions": len(session.steps) - 1,
    "play_seconds": played - loaded, "graph_seconds": time.perf_counter() - played,
    "graph_bytes": len(graph),
}}
"""


def test_ten_thousand_events_load_play_and_graph(tmp_path: Path) -> None:
    m = measure(TEN_THOUSAND.format(folder=str(tmp_path / "pack"), turns=16, per_turn=1))
    record("10,000 events, a 16-quarter term", m, **m.result)
    assert m.result["events"] == 10_000 and m.result["errors"] == 0
    assert m.result["decisions"] == 16
    assert m.result["load_seconds"] < 10 and m.result["play_seconds"] < 10
    assert m.result["graph_seconds"] < 10
    assert m.peak_mib < 400


@long_only
def test_ten_thousand_events_over_the_longest_legal_term(tmp_path: Path) -> None:
    """400 quarters of 10 draws: each draw weighs every event, so a quarter costs ~0.25 s."""
    m = measure(
        TEN_THOUSAND.format(folder=str(tmp_path / "pack"), turns=400, per_turn=10), timeout=900
    )
    record("10,000 events, 400 quarters x 10 events", m, **m.result)
    assert m.result["decisions"] == 4000
    assert m.result["play_seconds"] / 400 < 1  # per quarter
    assert m.peak_mib < 1200


# --- nesting 10,000 deep ----------------------------------------------------------------

NESTED = {
    "parentheses": "(" * 10_000 + "1 > 0" + ")" * 10_000,
    "not": "not " * 10_000 + "true",
    "minus": "1 > " + "-" * 10_000 + "1",
    "calls": "abs(" * 10_000 + "m" + ")" * 10_000 + " > 0",
}


@pytest.mark.parametrize("kind", sorted(NESTED))
def test_an_expression_nested_10000_deep_is_refused(tmp_path: Path, kind: str) -> None:
    text = NESTED[kind]
    m = load_case(
        tmp_path,
        f"""
        from tests.hostilekit import TICK_EVENT
        big.write_text(TICK_EVENT.format(i=1).replace('text = ', 'when = "{text}"\\ntext = '))
        """,
    )
    record(f"expression nested 10,000 deep ({kind})", m, load_seconds=m.result["load_seconds"])
    (error,) = m.result["errors"]
    assert "expression is too long" in error and "at most 2000" in error, error
    assert m.result["load_seconds"] < 2


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("arrays", "[" * 10_000 + "]" * 10_000),
        ("inline tables", "{ a = " * 10_000 + "1" + " }" * 10_000),
    ],
    ids=["arrays", "inline tables"],
)
def test_toml_nested_10000_deep_is_refused(tmp_path: Path, kind: str, value: str) -> None:
    m = load_case(tmp_path, f"big.write_text('[[event]]\\nid = ' + {value!r} + '\\n')")
    record(f"TOML nested 10,000 deep ({kind})", m, load_seconds=m.result["load_seconds"])
    assert m.result["errors"] == ["events/big.toml: error: invalid TOML: nested too deeply"]


def test_a_table_header_10000_keys_deep_is_refused(tmp_path: Path) -> None:
    m = load_case(tmp_path, 'big.write_text("[" + ".".join(["a"] * 10_000) + "]\\nx = 1\\n")')
    record("table header 10,000 keys deep", m, load_seconds=m.result["load_seconds"])
    assert any("nested too deeply" in e for e in m.result["errors"]), m.result["errors"]
    assert m.result["load_seconds"] < 5


# --- a save with 100,000 decisions ------------------------------------------------------

HUGE_SAVE = """
import json, time
from pathlib import Path
from game.saves import SaveError, load_save
from tests.savekit import TEST_SAVES, harbour
document = json.loads((TEST_SAVES / "harbour-greedy.json").read_text())
document["decisions"][0].pop("meters")  # optional: the count, not the size, is tested
document["decisions"] = document["decisions"][:1] * {count}
path = Path({path!r})
path.write_text(json.dumps(document, separators=(",", ":")))
started = time.perf_counter()
try:
    load_save(path, harbour())
    message = None
except SaveError as error:
    message = str(error)
RESULT = {{"bytes": path.stat().st_size, "seconds": time.perf_counter() - started,
           "message": message}}
"""


def test_a_save_with_100000_decisions_is_refused(tmp_path: Path) -> None:
    m = measure(HUGE_SAVE.format(count=100_000, path=str(tmp_path / "huge.json")))
    record("save with 100,000 decisions", m, **m.result)
    assert m.result["message"].endswith("decisions: 100000 entries; a save holds at most 10000")
    assert m.result["seconds"] < 5 and m.peak_mib < 300


# --- the longest term content allows: saving and loading must stay linear ----------------

LONG_TERM = """
import time
from pathlib import Path
from game.content.load import load_content
from game.engine import Session
from game.saves import load_save, write_save
from tests.hostilekit import write_tiny_pack
figures = []
for turns in {turns}:
    folder = write_tiny_pack(Path({folder!r}) / str(turns), turns=turns, per_turn=10, events=10)
    content = load_content(folder)
    session = Session.start(content.scenario, 1)
    while not session.state.over:
        session = session.choose("a")
    writes, loads = [], []
    for _ in range(3):  # the fastest of three: a stray pause is not the algorithm
        started = time.perf_counter()
        path = write_save(folder / "saves", "long", session, content)
        written = time.perf_counter()
        load_save(path, content)
        writes.append(written - started)
        loads.append(time.perf_counter() - written)
    figures.append({{"decisions": len(session.steps) - 1, "write_seconds": min(writes),
                    "load_seconds": min(loads)}})
RESULT = figures
"""

# Saving and loading once cost the square of the decisions (state_digest took in
# the history every state carries); a digest now covers only where the term stands.


def test_save_and_load_time_grow_linearly_with_the_decisions(tmp_path: Path) -> None:
    m = measure(LONG_TERM.format(turns=(15, 60), folder=str(tmp_path)))
    small, large = m.result
    record("save and load, 150 vs 600 decisions", m, figures=m.result)
    assert large["decisions"] == 4 * small["decisions"] == 600
    for what in ("write_seconds", "load_seconds"):  # linear: about 4 times; quadratic: 16
        assert large[what] < 8 * max(small[what], 0.01), (what, small, large)


@long_only
def test_the_longest_legal_term_saves_and_loads_in_seconds(tmp_path: Path) -> None:
    m = measure(LONG_TERM.format(turns=(400,), folder=str(tmp_path)), timeout=900)
    (figures,) = m.result
    record("save and load, 4,000 decisions (400 quarters x 10 events)", m, **figures)
    assert figures["decisions"] == 4000
    assert figures["write_seconds"] < 5 and figures["load_seconds"] < 5
    assert m.peak_mib < 500
