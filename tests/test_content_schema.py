"""`article-five schema`: the bundled campaign and the test packs are valid against it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import tomli

from game.content.bundled import bundled_content
from game.content.files import content_files
from game.content.json_schema import FILES, json_schema
from tests.conftest import ROOT, TESTS

PACKS = [bundled_content(), *sorted((TESTS / "packs").iterdir())]


def kind_of(file: Path) -> str:
    return file.stem if file.stem in ("scenario", "personas", "targets") else "events"


@pytest.mark.parametrize("kind", sorted(FILES))
def test_each_schema_is_a_valid_json_schema(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema(kind))


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_every_file_of_a_pack_is_valid(pack: Path) -> None:
    files = content_files(pack)
    assert files
    for file in files:
        document = tomli.loads(file.read_text(encoding="utf-8"))
        jsonschema.validate(document, json_schema(kind_of(file)))


@pytest.mark.parametrize(
    ("fixture", "wrong"),
    [
        ("events__unknown_event_key", "'titel' was unexpected"),
        ("events__wrong_type", "5 is not of type 'string'"),
        ("events__missing_text", "'text' is a required property"),
        ("scenario__grade_out_of_range", "'E' is not one of"),
    ],
)
def test_what_check_refuses_the_schema_refuses_too(fixture: str, wrong: str) -> None:
    file = TESTS / "broken" / f"{fixture}.toml"
    kind = "scenario" if fixture.startswith("scenario") else "events"
    with pytest.raises(jsonschema.ValidationError, match=wrong):
        jsonschema.validate(tomli.loads(file.read_text()), json_schema(kind))


def test_the_command_prints_the_schema() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "game", "schema", "events"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert json.loads(done.stdout) == json_schema("events")
