"""Helpers for the hostile-input tests (tests/test_hostile_*.py).

- `LONG` and `examples`: the heavy cases run a few examples by default and
  many with ARTICLE_FIVE_LONG=1 (see docs/robustness.md).
- A small TOML writer, so that hypothesis can generate documents as text and
  the loader reads them from real files.
- `assert_only_problems`: what every load of hostile content must satisfy.
- `measure`: run Python in a fresh process and report its time and peak RSS.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import subprocess
import sys
import time
import unicodedata
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from typing import Any

import attrs
import hypothesis

from game.content.load import Content, load_content
from game.engine import Session, options

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
HARBOUR = TESTS / "packs" / "harbour"

LONG = os.environ.get("ARTICLE_FIVE_LONG") == "1"


def examples(default: int, long: int) -> int:
    """How many hypothesis examples: `long` with ARTICLE_FIVE_LONG=1, else `default`."""
    return long if LONG else default


def copy_harbour(target: Path) -> Path:
    """A private copy of the harbour pack to spoil."""
    shutil.copytree(HARBOUR, target)
    return target


# --- writing TOML ----------------------------------------------------------------------------


@attrs.frozen
class Raw:
    """TOML source written as is (dates, times, odd number spellings)."""

    text: str


def toml_string(text: str) -> str:
    """A TOML basic string; controls escaped. Surrogates cannot be written as TOML text and
    are left in, so the file ends up with bytes that are not UTF-8 (a case of its own)."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_value(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, datetime | date | clock):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    raise TypeError(f"no TOML for {type(value).__name__}")


def toml_document(document: dict[str, Any]) -> str:
    """Top-level keys as `key = value` lines; lists of tables as [[key]] sections."""
    lines: list[str] = []
    sections: list[tuple[str, list[dict[str, Any]]]] = []
    for key, value in document.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            sections.append((key, value))
        else:
            lines.append(f"{toml_string(key)} = {toml_value(value)}")
    for key, tables in sections:
        for table in tables:
            lines.append("")
            lines.append(f"[[{toml_string(key)}]]")
            lines.extend(f"{toml_string(k)} = {toml_value(v)}" for k, v in table.items())
    return "\n".join(lines) + "\n"


def write_text(path: Path, text: str) -> None:
    """Write text as UTF-8; lone surrogates become bytes that are not UTF-8."""
    path.write_bytes(text.encode("utf-8", "surrogatepass"))


# --- what must hold after loading hostile content ---------------------------------------


HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def note(label: str) -> None:
    """Tell hypothesis's statistics (pytest --hypothesis-show-statistics) what happened."""
    with contextlib.suppress(Exception):  # outside a hypothesis test there is nothing to tell
        hypothesis.event(label)


def printable_line(text: str) -> bool:
    """One line that a terminal shows as it is: no controls (so no escape sequences or
    newlines), no format characters (bidirectional overrides) and no line separators."""
    return not any(unicodedata.category(ch) in HIDDEN_CATEGORIES for ch in text)


def assert_only_problems(folder: Path, *, play: bool = True, seconds: float = 10.0) -> Content:
    """Load `folder`: no exception, every problem well-formed and safe to print.

    Content that loads without errors must also play a whole term (always the
    first available choice) without an exception.
    """
    started = time.perf_counter()
    content = load_content(folder)
    names = {"scenario.toml"} | {f"events/{p.name}" for p in (folder / "events").glob("*.toml")}
    for problem in content.problems:
        shown = problem.render()
        assert problem.file in names, shown
        assert problem.severity in ("error", "warning"), shown
        assert problem.line is None or problem.line >= 1, shown
        assert problem.column is None or problem.column >= 1, shown
        assert printable_line(shown), f"unsafe to print: {shown!r}"
        json.dumps(problem.as_json())
    if content.errors:
        assert content.scenario is None
        note("loaded: errors")
    else:
        note("loaded: no errors, played")
        assert content.scenario is not None, "no errors, yet no scenario"
        if play:
            play_term(content)
    elapsed = time.perf_counter() - started
    assert elapsed < seconds, f"loading took {elapsed:.1f} s"
    return content


def play_term(content: Content, seed: int = 1, limit: int = 5000) -> Session:
    """A whole term, always the first available choice; content without errors never crashes."""
    assert content.scenario is not None
    session = Session.start(content.scenario, seed)
    for _ in range(limit):
        if session.state.over:
            break
        available = [o.choice.id for o in options(content.scenario, session.state) if o.available]
        if not available:  # every choice has a condition that fails: check warns about it
            break
        session = session.choose(available[0])
    return session


# --- measuring in a fresh process -------------------------------------------------------


@attrs.frozen
class Measured:
    result: Any  # what the code printed as JSON on its last line
    seconds: float
    peak_mib: float  # peak resident set size of the child process
    stderr: str


# Peak RSS: VmHWM, the high-water mark of this program's own memory. getrusage's
# ru_maxrss would do on a fresh machine, but Linux keeps it across fork and exec, so
# a child of a big pytest process reports at least the parent's peak; it is the
# fallback where /proc is missing.
MEASURE_FOOTER = """
import json as _json, resource as _resource
_peak = _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss
try:
    with open("/proc/self/status") as _status:
        _peak = next(int(l.split()[1]) for l in _status if l.startswith("VmHWM:"))
except (OSError, StopIteration, ValueError):
    pass
print(_json.dumps({"result": RESULT, "peak_kib": _peak}))
"""


def measure(code: str, *, timeout: float = 300.0, cwd: Path | None = None) -> Measured:
    """Run `code` (which sets RESULT to something JSON can hold) in a fresh Python process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code + MEASURE_FOOTER],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=cwd or ROOT,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr[-3000:]
    last = json.loads(done.stdout.strip().splitlines()[-1])
    return Measured(last["result"], seconds, last["peak_kib"] / 1024, done.stderr)


def baseline_mib() -> float:
    """Peak RSS of a process that only imports the loader, for comparison."""
    return measure("import game.content.load\nRESULT = None\n").peak_mib


# --- a small pack made of parts ---------------------------------------------------------

MINIMAL_SCENARIO = """\
id = "tiny"
title = "Tiny"
turns = {turns}
events_per_turn = {per_turn}
start_phase = "on"

[[meter]]
id = "m"
label = "M"
min = 0
max = 100
initial = 50

[[phase]]
id = "on"
label = "On"

[[ending]]
id = "done"
title = "Done"
grade = "C"
epilogue = "Over."
"""

TICK_EVENT = """
[[event]]
id = "tick{i}"
title = "Tick {i}"
text = "A quarter passes."

[[event.choice]]
id = "a"
label = "Carry on"
effects = {{ m = 0.001 }}
explain = "Time passes."
"""


def write_tiny_pack(
    folder: Path, *, turns: int = 4, per_turn: int = 1, events: int = 1, extra: str = ""
) -> Path:
    """A valid pack of `events` trivial events, each always eligible."""
    (folder / "events").mkdir(parents=True, exist_ok=True)
    (folder / "scenario.toml").write_text(MINIMAL_SCENARIO.format(turns=turns, per_turn=per_turn))
    body = "".join(TICK_EVENT.format(i=i) for i in range(events))
    (folder / "events" / "ticks.toml").write_text(body + extra)
    return folder
