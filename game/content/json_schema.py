"""A JSON Schema of each content file, generated from the classes the loader structures.

The schema is derived from the attrs classes of schema.py and balance.py (their
fields, types, defaults) so it cannot drift from what `check` accepts. What the
types alone cannot say (expressions, ids that must exist) is `check`'s work;
the schema gives an editor completion, key names and types.

Written by hand rather than with a library: the classes are plain attrs with a
handful of types (str, bool, int, float, Literal, unions, tuples, dicts), about
sixty lines; the libraries that generate JSON Schema start from pydantic or
dataclasses, and cattrs has no schema output.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal

import attrs

from game.content.balance import PersonasDoc, TargetsDoc
from game.content.schema import EventFileDoc, ScenarioDoc, TransitionDoc

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Each file kind and the class its document is structured as.
FILES: dict[str, type[Any]] = {
    "scenario": ScenarioDoc,
    "events": EventFileDoc,
    "personas": PersonasDoc,
    "targets": TargetsDoc,
}

# Where a TOML key is not the field's name (`from` is a Python keyword).
_RENAMED: dict[tuple[type[Any], str], str] = {(TransitionDoc, "source"): "from"}

_SIMPLE: dict[object, dict[str, Any]] = {
    str: {"type": "string"},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of content file ("scenario", "events", ...)."""
    definitions: dict[str, Any] = {}
    root = _of_class(FILES[kind], definitions)
    return {
        "$schema": DIALECT,
        "$id": f"https://article-five.invalid/schema/{kind}.json",
        "title": f"Article Five content: {kind}",
        **root,
        "$defs": definitions,
    }


def _of_class(cls: type[Any], definitions: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        key = _RENAMED.get((cls, field.name), field.name)
        schema = _of_type(hints[field.name], definitions)
        if field.default is attrs.NOTHING:
            required.append(key)
        elif isinstance(field.default, bool | int | float | str):
            schema = {**schema, "default": field.default}
        properties[key] = schema
    result: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        result["required"] = required
    return result


def _of_type(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    if hint in _SIMPLE:
        return dict(_SIMPLE[hint])
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if attrs.has(hint):
        name = hint.__name__
        if name not in definitions:
            definitions[name] = {}  # a placeholder while the class's own fields are read
            definitions[name] = _of_class(hint, definitions)
        return {"$ref": f"#/$defs/{name}"}
    if origin is Literal:
        return {"enum": list(args)}
    if origin in (types.UnionType, typing.Union):
        options = [_of_type(arg, definitions) for arg in args if arg is not type(None)]
        if len(options) == 1:
            return options[0]
        if all(set(o) == {"type"} for o in options):
            return {"type": [o["type"] for o in options]}
        return {"anyOf": options}
    if origin is tuple:
        return {"type": "array", "items": _of_type(args[0], definitions)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _of_type(args[1], definitions)}
    raise TypeError(f"no JSON Schema for {hint!r}")
