"""Migrations: each older save format version, one explicit step up to the next.

A migration is a pure function from the JSON document of version N to the
document of version N+1. It checks the shape it needs from version N (so a
malformed old file gives a clear message, not a crash) and leaves the full
validation to `format.structure`. Never edit a migration once released: add
the next one. docs/saves.md lists what each version changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from game.saves.format import VERSION
from game.saves.shape import ShapeError, kind_of, structure_as

Document = dict[str, Any]


@attrs.frozen
class V1Keys:
    """The keys of a version 1 document; `format.structure` checks the values later."""

    format: Any
    version: Any
    content_id: Any
    fingerprint: Any
    seed: Any
    saved_at: Any
    decisions: Any
    label: Any = None


def v1_to_v2(document: Document) -> Document:
    """Version 1 (the first draft): flat content keys and decisions as 4-item arrays.

    Version 2 groups the content id and fingerprint under "content", writes each
    decision as an object, and adds "created_at", "opening" and "summary"
    (neither of which a version 1 file has: both become null).
    """
    structure_as(document, V1Keys)
    decisions = document["decisions"]
    if not isinstance(decisions, list):
        raise ShapeError("decisions", f"expected a list, found {kind_of(decisions)}")
    migrated = []
    for i, item in enumerate(decisions):
        if not isinstance(item, list) or len(item) != 4:
            raise ShapeError(
                f"decisions[{i}]", "expected [turn, event, choice, digest] (version 1)"
            )
        turn, event, choice, digest = item
        migrated.append({"turn": turn, "event": event, "choice": choice, "digest": digest})
    result: Document = {
        "format": document["format"],
        "version": 2,
        "content": {"id": document["content_id"], "fingerprint": document["fingerprint"]},
        "seed": document["seed"],
        "created_at": document["saved_at"],
        "saved_at": document["saved_at"],
        "opening": None,
        "summary": None,
        "decisions": migrated,
    }
    if "label" in document:
        result["label"] = document["label"]
    return result


def v2_to_v3(document: Document) -> Document:
    """Version 3 adds the optional "tab" (the browser tab a term was played in); v2 has none.

    Autosaves are named per term from version 3 on (docs/saves.md); the name is
    not part of the document.
    """
    if not isinstance(document, dict):
        raise ShapeError("", f"expected an object, found {kind_of(document)}")
    return {**document, "version": 3}


# MIGRATIONS[n] turns a version n document into a version n+1 document.
MIGRATIONS: dict[int, Callable[[Document], Document]] = {
    1: v1_to_v2,
    2: v2_to_v3,
}


def migrate(document: Document, version: int) -> Document:
    """Bring a document of `version` up to the current version, step by step."""
    while version < VERSION:
        document = MIGRATIONS[version](document)
        version += 1
    return document
