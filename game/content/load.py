"""Loading a content folder: read, parse, structure, compile, check.

`load_content` never raises for a problem in the content: it returns every
problem it found, with file, key path and line. Only a Scenario built from
content without errors is returned.
"""

from __future__ import annotations

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
from game.content.schema import CONVERTER, EventFileDoc, ScenarioDoc
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
    for file in files:
        name = relative_name(folder, file)
        raw = _read(file, name)
        if isinstance(raw, Problem):
            sources.append(Source(name, "", problems=[raw]))
            documents.append(None)
            continue
        read.append((name, raw))
        source, document = _parse(name, raw)
        sources.append(source)
        documents.append(document)

    extra = sum(file.name in BALANCE_FILES for file in files)
    balance_parts = list(
        zip(sources[len(files) - extra :], documents[len(files) - extra :], strict=True)
    )
    sources_in_play, documents = sources[: len(files) - extra], documents[: len(files) - extra]
    scenario_source, *event_sources = sources_in_play
    scenario_doc = _structure(scenario_source, documents[0], ScenarioDoc)
    event_docs = [
        _structure(src, doc, EventFileDoc)
        for src, doc in zip(event_sources, documents[1:], strict=True)
    ]
    counts = {"events": 0, "choices": 0, "endings": 0, "arcs": 0, "meters": 0}
    scenario: Scenario | None = None
    if scenario_doc is not None:
        scenario = _compile(scenario_doc, scenario_source, event_sources, event_docs, counts)
    balance = Balance()
    if scenario is not None and not any(p.severity == "error" for s in sources for p in s.problems):
        balance = _balance(scenario, balance_parts)
    problems = tuple(p for source in sources for p in source.problems)
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


def _parse(name: str, raw: bytes) -> tuple[Source, dict[str, Any] | None]:
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
    source = Source.of(name, text)
    try:
        document = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        message = getattr(error, "msg", str(error))
        where: tuple[int | None, int | None] = (error.lineno, error.colno)
        source.problems.append(
            Problem(name, where[0], "error", "", f"invalid TOML: {message}", where[1])
        )
        return source, None
    except RecursionError:
        source.problems.append(Problem(name, None, "error", "", "invalid TOML: nested too deeply"))
        return source, None
    except ValueError:  # Python refuses to convert an integer of more than 4300 digits
        long_number = _LONG_NUMBER.search(text)
        at = _position(text, long_number.start()) if long_number else (None, None)
        message = "invalid TOML: a number with thousands of digits"
        source.problems.append(Problem(name, at[0], "error", "", message, at[1]))
        return source, None
    _check_text(source, document, ())
    return source, document


_LONG_NUMBER = re.compile(r"(?<![\w.])[0-9_]{4301,}")


def _position(text: str, index: int) -> tuple[int | None, int | None]:
    """1-based line and column of `index` in `text`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _check_text(source: Source, value: Any, path: KeyPath, depth: int = 0) -> None:
    if depth > 50:
        source.add(path, "tables nested too deeply")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            _check_text(source, key, path, depth + 1)
            _check_text(source, item, (*path, key), depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_text(source, item, (*path, i), depth + 1)
    elif isinstance(value, str):
        char = unsafe_character(value)
        if char:
            kind = "a terminal escape" if char == "\x1b" else "a control character"
            source.add(path, f"text contains {kind} (U+{ord(char):04X}); remove it")


def _structure(source: Source, document: dict[str, Any] | None, kind: type[Any]) -> Any:
    if document is None:
        return None
    try:
        return CONVERTER.structure(document, kind)
    except (ClassValidationError, IterableValidationError) as group:
        _report(source, group, ())
        _drop_missing_explained_by_typos(source)
    except Exception as error:  # cattrs raises plain errors for a wholly wrong shape
        source.add((), f"wrong shape: {error}")
    return None


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
            hint = suggest(extra, allowed)
            source.add((*path, extra), f"unknown key '{extra}'{hint}", fragment=extra)
    elif isinstance(error, KeyError):
        source.add(path, f"missing required key '{path[-1]}'" if path else "missing key")
    else:
        source.add(path, str(error))


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
    scenario_doc: ScenarioDoc,
    scenario_source: Source,
    event_sources: list[Source],
    event_docs: list[EventFileDoc | None],
    counts: dict[str, int],
) -> Scenario:
    event_ids = frozenset(e.id for doc in event_docs if doc for e in doc.event)
    compiler = Compiler(scenario_doc, scenario_source, event_ids)
    parts = compiler.scenario_parts()
    events: list[Event] = []
    placed: dict[str, tuple[Source, KeyPath]] = {}
    for source, doc in zip(event_sources, event_docs, strict=True):
        if doc is None:
            continue
        if not doc.event:
            source.add((), "this file has no [[event]]", "warning")
        for i, event_doc in enumerate(doc.event):
            event = compiler.event(source, i, event_doc, doc.arc)
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
    sources = (scenario_source, *event_sources)
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
