"""Loading a content folder: read, parse, structure, compile, check.

`load_content` never raises for a problem in the content: it returns every
problem it found, with file, key path and line. Only a Scenario built from
content without errors is returned.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import attrs
import tomli
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from game.content.balance import (
    NO_BALANCE,
    PERSONAS_FILE,
    TARGETS_FILE,
    Balance,
    Persona,
    PersonasDoc,
    SpecError,
    Target,
    TargetsDoc,
    check_spec,
    compile_personas,
    compile_targets,
    parse_spec,
)
from game.content.check import cross_check
from game.content.compile import Compiler, build_scenario
from game.content.dominance import dominated_pairs
from game.content.files import (
    BALANCE_FILES,
    MAX_FILE_BYTES,
    content_files,
    fingerprint,
    relative_name,
)
from game.content.locate import KeyPath
from game.content.problems import Problem, suggest
from game.content.schema import (
    CONVERTER,
    LENIENT,
    ChanceDoc,
    ChoiceDoc,
    DerivedDoc,
    EndingDoc,
    EventDoc,
    EventFileDoc,
    MeterDoc,
    PhaseDoc,
    RuleDoc,
    ScenarioDoc,
    TransitionDoc,
)
from game.content.shadow import Shadow
from game.content.source import Source
from game.engine.model import Event, Scenario
from game.safe_text import unsafe_character


@attrs.frozen
class Content:
    folder: Path
    scenario: Scenario | None
    problems: tuple[Problem, ...]
    fingerprint: str
    counts: dict[str, int]
    balance: Balance = NO_BALANCE  # personas, targets and the war marker (balance.py)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


def load_content(folder: Path) -> Content:
    files = content_files(folder)
    read: list[tuple[str, bytes]] = []
    sources: list[Source] = []
    documents: list[Any] = []
    shadow = Shadow()
    for number, file in enumerate(files):
        name = relative_name(folder, file)
        raw = _read(file, name)
        if isinstance(raw, Problem):
            sources.append(Source(name, "", problems=[raw]))
            documents.append(None)
            continue
        read.append((name, raw))
        is_events = number > 0 and file.name not in BALANCE_FILES
        source, document = _parse(name, raw, shadow if is_events else None)
        sources.append(source)
        documents.append(document)

    extra = sum(file.name in BALANCE_FILES for file in files)
    balance_parts = list(
        zip(sources[len(files) - extra :], documents[len(files) - extra :], strict=True)
    )
    sources_in_play, documents = sources[: len(files) - extra], documents[: len(files) - extra]
    scenario_source, *event_sources = sources_in_play
    scenario_read = _structure_scenario(scenario_source, documents[0], shadow)
    event_files = [
        _structure_events(src, doc, shadow)
        for src, doc in zip(event_sources, documents[1:], strict=True)
    ]
    read_stage = {id(source): len(source.problems) for source in sources}
    counts = {"events": 0, "choices": 0, "endings": 0, "arcs": 0, "meters": 0}
    scenario: Scenario | None = None
    if scenario_read is not None:
        compiler = Compiler(
            scenario_read[0],
            scenario_source,
            frozenset(e.id for events in event_files for _, e, _ in events),
            shadow,
            scenario_read[1],
        )
        scenario = _compile(compiler, event_sources, event_files, counts)
    balance = Balance()
    if scenario is not None and not any(p.severity == "error" for s in sources for p in s.problems):
        balance = _balance(scenario, balance_parts)
    # Root causes first: what could not be read, then what follows from reading the rest.
    problems = tuple(p for s in sources for p in s.problems[: read_stage.get(id(s), 0)]) + tuple(
        p for s in sources for p in s.problems[read_stage.get(id(s), 0) :]
    )
    if any(p.severity == "error" for p in problems):
        scenario = None
    return Content(folder, scenario, problems, fingerprint(read), counts, balance)


def _balance(scenario: Scenario, parts: list[tuple[Source, dict[str, Any] | None]]) -> Balance:
    """Personas and targets, checked against the scenario they measure."""
    docs = {source.name: (source, doc) for source, doc in parts}
    personas: dict[str, Persona] = {}
    personas_read = True  # False: personas.toml has errors, so a target's persona may be fine
    if PERSONAS_FILE in docs:
        source, raw = docs[PERSONAS_FILE]
        personas_doc = _structure(source, raw, PersonasDoc)
        personas_read = personas_doc is not None
        if personas_doc is not None:
            personas = compile_personas(source, personas_doc, scenario)
    targets: tuple[Target, ...] = ()
    war = ""
    if TARGETS_FILE in docs:
        source, raw = docs[TARGETS_FILE]
        targets_doc = _structure(source, raw, TargetsDoc)

        def problem(spec: str) -> str | None:
            try:
                if not personas_read and parse_spec(spec).kind in ("persona", "greedy"):
                    return None
                check_spec(spec, scenario, personas)
            except SpecError as error:
                return str(error)
            return None

        if targets_doc is not None:
            targets, war = compile_targets(source, targets_doc, scenario, problem)
    return Balance(MappingProxyType(personas), targets, war)


def _read(file: Path, name: str) -> bytes | Problem:
    try:
        if file.is_dir():
            return Problem(name, None, "error", "", "is a folder, expected a TOML file")
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            mib = 1024 * 1024
            message = f"file is {size // mib} MiB; the limit is {MAX_FILE_BYTES // mib} MiB"
            return Problem(name, None, "error", "", message)
        return file.read_bytes()
    except FileNotFoundError:
        return Problem(name, None, "error", "", "file not found")
    except OSError as error:
        return Problem(name, None, "error", "", f"cannot read: {error.strerror or error}")


def _parse(
    name: str, raw: bytes, shadow: Shadow | None = None
) -> tuple[Source, dict[str, Any] | None]:
    """The document; for an events file (`shadow` given) that does not parse, every
    [[event]] that does, with None in place of each one that does not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        source = Source.of(name, "")
        source.problems.append(
            Problem(
                name, line, "error", "", "not valid UTF-8 text (save the file as UTF-8)", column
            )
        )
        return source, None
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some editors on Windows write
    source = Source.of(name, text)
    document = _toml(source, text, 0)
    if document is None and shadow is not None:
        source.problems.clear()
        document = _events_one_by_one(source, text, shadow)
    if document is not None and _may_hold_controls(text):
        _check_text(source, document, ())
    return source, document


# TOML refuses raw C0 controls in strings, so a value can only hold one that the
# file holds as it is (C1, the bidirectional overrides) or spells with an escape.
_CONTROL_ESCAPE = re.compile(r"\\[uUbfrex]")


def _may_hold_controls(text: str) -> bool:
    """False when no key or string of the document can hold a control character:
    then the walk over every value (a third of checking a large pack) is skipped."""
    return unsafe_character(text) is not None or _CONTROL_ESCAPE.search(text) is not None


_EVENT_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*event[ \t]*\]\][ \t]*(#.*)?$", re.MULTILINE)


def _events_one_by_one(source: Source, text: str, shadow: Shadow) -> dict[str, Any]:
    """One [[event]] with a syntax error leaves out that event, not the whole file."""
    starts = [0, *(m.start() for m in _EVENT_HEADER.finditer(text)), len(text)]
    document: dict[str, Any] = {}
    events: list[dict[str, Any] | None] = []
    for begin, end in itertools.pairwise(starts):
        if begin == end:
            continue
        chunk = text[begin:end]
        part = _toml(source, chunk, text.count("\n", 0, begin))
        if part is None:
            shadow.add(chunk)
        is_event = _EVENT_HEADER.match(chunk) is not None
        if is_event:
            events.append(part["event"][0] if part and part.get("event") else None)
        elif part is not None:
            document.update(part)
    document["event"] = events
    return document


def _toml(source: Source, text: str, first_line: int) -> dict[str, Any] | None:
    """`text` parsed, or None with its problem recorded (lines counted from `first_line`)."""
    name = source.name
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        line, column = error.lineno, error.colno
        message = f"invalid TOML: {_toml_message(error.msg, text, line)}"
        if _unterminated(error.msg, text, line):
            column = _string_start(text, line) or column
        elif error.msg == "Cannot overwrite a value":
            column = _key_column(text, line) or column
        source.problems.append(Problem(name, line + first_line, "error", "", message, column))
    except RecursionError:
        source.problems.append(Problem(name, None, "error", "", "invalid TOML: nested too deeply"))
    except ValueError:  # Python refuses to convert an integer of more than 4300 digits
        long_number = _LONG_NUMBER.search(text)
        at = _position(text, long_number.start()) if long_number else (None, None)
        message = "invalid TOML: a number with thousands of digits"
        line_at = None if at[0] is None else at[0] + first_line
        source.problems.append(Problem(name, line_at, "error", "", message, at[1]))
    return None


def _unterminated(message: str, text: str, line: int) -> bool:
    if message in ("Illegal character '\\n'", "Unterminated string"):
        return True
    # tomli reads past the end of a 'literal string' and stumbles on the next line
    previous = text.splitlines()[line - 2] if line >= 2 else ""
    return message == 'Expected "\'"' and previous.count("'") % 2 == 1


def _toml_message(message: str, text: str, line: int) -> str:
    """tomli's message, said as what to fix."""
    if _unterminated(message, text, line):
        return (
            "unterminated string: close it with a quote on the same line, "
            'or use """triple quotes""" for text over several lines'
        )
    if message == "Cannot overwrite a value":
        lines = text.splitlines()
        key = _KEY_AT.match(lines[line - 1]) if line <= len(lines) else None
        if key:
            return f"duplicate key '{key.group(1).strip()}': a key may stand once in a table"
        return "a key is set twice"
    declared = _DECLARED_TWICE.fullmatch(message)
    if declared:
        names = ".".join(re.findall(r"'([^']*)'", declared.group(1)))
        return f"table [{names}] is declared twice"
    return message


_KEY_AT = re.compile(
    r"""^\s*((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_DECLARED_TWICE = re.compile(r"Cannot declare (.*) twice")


def _key_column(text: str, line: int) -> int | None:
    lines = text.splitlines()
    if not 1 <= line <= len(lines) or not _KEY_AT.match(lines[line - 1]):
        return None
    return len(lines[line - 1]) - len(lines[line - 1].lstrip()) + 1


def _string_start(text: str, line: int) -> int | None:
    """The column of the quote that opens the unterminated string on `line` (or the line before)."""
    lines = text.splitlines()
    for number in (line, line - 1):
        if 1 <= number <= len(lines):
            row = lines[number - 1]
            opening = _OPENING_QUOTE.search(row)
            if opening and row.count(opening.group(1)) % 2 == 1:
                return opening.start(1) + 1
    return None


_OPENING_QUOTE = re.compile(r"""=\s*(["'])""")


_LONG_NUMBER = re.compile(r"(?<![\w.])[0-9_]{4301,}")


def _position(text: str, index: int) -> tuple[int | None, int | None]:
    """1-based line and column of `index` in `text`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _check_text(source: Source, value: Any, path: KeyPath, depth: int = 0) -> None:
    """Report every key and string under `value` that holds a control character."""
    if depth > 50:
        source.add(path, "tables nested too deeply")
        return
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        # Leaves are checked here, not in a call of their own: a pack has
        # hundreds of thousands, and their key paths are built only for a problem.
        if isinstance(key, str):
            _check_string(source, key, path)
        if isinstance(item, str):
            _check_string(source, item, path, key)
        elif isinstance(item, dict | list):
            _check_text(source, item, (*path, key), depth + 1)


def _check_string(source: Source, text: str, path: KeyPath, key: str | int | None = None) -> None:
    """A problem at `path` (and `key`, when given) if `text` holds a control character."""
    char = unsafe_character(text)
    if char:
        kind = "a terminal escape" if char == "\x1b" else "a control character"
        where = path if key is None else (*path, key)
        source.add(where, f"text contains {kind} (U+{ord(char):04X}); remove it")


def _structure(
    source: Source,
    document: dict[str, Any] | None,
    kind: type[Any],
    path: KeyPath = (),
    *,
    past_unknown_keys: bool = False,
) -> Any:
    """`document` as `kind`, or None with its problems recorded under `path`.

    `past_unknown_keys`: when unknown keys are the only problems, report them and
    read the rest (the table is needed for everything else to be checked)."""
    if document is None:
        return None
    try:
        return CONVERTER.structure(document, kind)
    except (ClassValidationError, IterableValidationError) as group:
        _report(source, group, path)
        _drop_missing_explained_by_typos(source)
        if past_unknown_keys and _only_unknown_keys(group):
            return LENIENT.structure(document, kind)
    except Exception as error:  # cattrs raises plain errors for a wholly wrong shape
        source.add(path, f"wrong shape: {error}")
    return None


def _only_unknown_keys(error: BaseException) -> bool:
    if isinstance(error, BaseExceptionGroup):
        return all(_only_unknown_keys(sub) for sub in error.exceptions)
    return isinstance(error, ForbiddenExtraKeysError)


_SCENARIO_TABLES: dict[str, type[Any]] = {
    "meter": MeterDoc,
    "derived": DerivedDoc,
    "rule": RuleDoc,
    "phase": PhaseDoc,
    "transition": TransitionDoc,
    "ending": EndingDoc,
}


def _structure_scenario(
    source: Source, document: dict[str, Any] | None, shadow: Shadow
) -> tuple[ScenarioDoc, dict[str, tuple[int, ...]]] | None:
    """The scenario, each [[meter]], [[phase]], ... on its own: one with an error is left out."""
    if document is None:
        return None
    tables: dict[str, tuple[Any, ...]] = {}
    top = dict(document)
    for key, kind in _SCENARIO_TABLES.items():
        items = document.get(key)
        if isinstance(items, list) and all(isinstance(item, dict) for item in items):
            tables[key] = tuple(
                _table(source, item, kind, (key, i), shadow) for i, item in enumerate(items)
            )
            top[key] = []
    doc = _structure(source, top, ScenarioDoc, past_unknown_keys=True)
    if doc is None:
        return None
    kept = {key: tuple(item for item in items if item is not None) for key, items in tables.items()}
    positions = {
        key: tuple(i for i, item in enumerate(items) if item is not None)
        for key, items in tables.items()
    }
    return cast(ScenarioDoc, attrs.evolve(doc, **kept)), positions


def _structure_events(
    source: Source, document: dict[str, Any] | None, shadow: Shadow
) -> list[tuple[int, EventDoc, str]]:
    """Each [[event]] on its own, with its index and arc: one with an error is left out."""
    if document is None:
        return []
    events = document.get("event", [])
    top = dict(document)
    if isinstance(events, list) and all(item is None or isinstance(item, dict) for item in events):
        top["event"] = []
    else:
        events = []
    doc = _structure(source, top, EventFileDoc, past_unknown_keys=True)
    if doc is None:
        return []
    result = []
    for i, item in enumerate(events):
        if item is not None:
            event = _table(source, item, EventDoc, ("event", i), shadow)
            if event is not None:
                result.append((i, event, doc.arc))
    if not events:
        source.add((), "this file has no [[event]]", "warning")
    return result


def _words(value: Any) -> list[str]:
    """Every key and text in a parsed table (ids, flags and expressions are among them)."""
    if isinstance(value, dict):
        return [w for key, item in value.items() for w in (str(key), *_words(item))]
    if isinstance(value, list):
        return [w for item in value for w in _words(item)]
    return [value] if isinstance(value, str) else []


def _table(
    source: Source, table: dict[str, Any], kind: type[Any], path: KeyPath, shadow: Shadow
) -> Any:
    structured = _structure(source, table, kind, path)
    if structured is None:
        shadow.add(" ".join(_words(table)), str(path[0]))
    return structured


def _report(source: Source, error: BaseException, path: KeyPath) -> None:
    if isinstance(error, ClassValidationError | IterableValidationError):
        with_notes, without = error.group_exceptions()
        for sub, note in with_notes:
            key: str | int = (
                note.name if isinstance(note, AttributeValidationNote) else cast(Any, note).index
            )
            if key == "source" and len(path) >= 2 and path[-2] == "transition":
                key = "from"
            _report(source, sub, (*path, key))
        for sub in without:
            _report(source, sub, path)
    elif isinstance(error, ForbiddenExtraKeysError):
        allowed = [f.name for f in attrs.fields(error.cl)]
        for extra in sorted(error.extra_fields):
            hint = _KEY_HINTS.get((error.cl, extra)) or suggest(extra, allowed)
            source.add((*path, extra), f"unknown key '{extra}'{hint}", fragment=extra)
    elif isinstance(error, KeyError):
        source.add(path, f"missing required key '{path[-1]}'" if path else "missing key")
    elif path and path[-1] in _TURN_COUNTS and isinstance(error, TypeError):
        source.add(path, f"{path[-1]} counts turns: {error} (write 1, 2, ...)")
    else:
        source.add(path, str(error))


# Keys that count turns: a fraction there is a misunderstanding worth naming.
_TURN_COUNTS = frozenset({"after", "cooldown", "turns"})

_CHANCE_TEXT = ": a chance outcome tells what happened in `text` (did you mean 'text'?)"
# Keys an author carries over from a neighbouring table, with what that table uses instead.
_KEY_HINTS: dict[tuple[type, str], str] = {
    (ChanceDoc, "explain"): _CHANCE_TEXT,
    (ChanceDoc, "label"): _CHANCE_TEXT,
    (ChoiceDoc, "text"): ": a choice shows its `label` (did you mean 'label'?)",
    (EventDoc, "label"): ": an event shows its `title` (did you mean 'title'?)",
}


def _drop_missing_explained_by_typos(source: Source) -> None:
    """'missing key title' is noise next to "unknown key 'titel' (did you mean 'title'?)"."""
    typos = {
        (p.key.rpartition(".")[0], p.message.rpartition("did you mean '")[2].rstrip("'?)"))
        for p in source.problems
        if p.message.startswith("unknown key") and "did you mean" in p.message
    }
    source.problems[:] = [
        p
        for p in source.problems
        if not (
            p.message.startswith("missing required key")
            and tuple(p.key.rpartition(".")[::2]) in typos
        )
    ]


def _compile(
    compiler: Compiler,
    event_sources: list[Source],
    event_files: list[list[tuple[int, EventDoc, str]]],
    counts: dict[str, int],
) -> Scenario:
    scenario_doc = compiler.scenario_doc
    parts = compiler.scenario_parts()
    events: list[Event] = []
    placed: dict[str, tuple[Source, KeyPath]] = {}
    for source, file_events in zip(event_sources, event_files, strict=True):
        for i, event_doc, arc in file_events:
            event = compiler.event(source, i, event_doc, arc)
            if event.id in placed:
                other, other_path = placed[event.id]
                line = other.locator.line_of(other_path)
                source.add(
                    ("event", i, "id"),
                    f"duplicate event id '{event.id}' (also in {other.name}:{line})",
                )
                continue
            placed[event.id] = (source, ("event", i, "id"))
            events.append(event)
    counts.update(
        events=len(events),
        choices=sum(len(e.choices) for e in events),
        endings=len(scenario_doc.ending),
        arcs=len({e.arc for e in events}),
        meters=len(scenario_doc.meter),
    )
    cross_check(compiler, scenario_doc, events, placed)
    scenario = build_scenario(parts, tuple(events))
    sources = (compiler.scenario_source, *event_sources)
    if not any(p.severity == "error" for source in sources for p in source.problems):
        warn_free_lunches(scenario, placed)
    return scenario


def warn_free_lunches(scenario: Scenario, placed: dict[str, tuple[Source, KeyPath]]) -> None:
    """A warning at each choice that is at least as good as a sibling on every meter."""
    for event, better, worse in dominated_pairs(scenario):
        source, path = placed[event.id]
        index = event.choices.index(better)
        source.add(
            (*path[:-1], "choice", index, "id"),
            f"choice '{better.id}' is at least as good as '{worse.id}' on every meter "
            "(direct, scheduled and chance-weighted effects): no player would ever take "
            f"'{worse.id}'",
            "warning",
            fragment=better.id,
        )
