"""`article-five schema`: the JSON Schema of a content file, for editors."""

from __future__ import annotations

import argparse
import json
from typing import Any

KINDS = ("scenario", "events", "personas", "targets")


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "schema",
        help="print the JSON Schema of a content file (for editor completion and checks)",
        description="Print the JSON Schema of scenario.toml, of a file in events/, or of "
        "personas.toml or targets.toml. docs/content-guide.md shows how an editor uses it.",
    )
    parser.add_argument(
        "kind", nargs="?", choices=KINDS, default="scenario", help="which file (default: scenario)"
    )


def run(args: argparse.Namespace) -> int:
    from game.content.json_schema import json_schema

    print(json.dumps(json_schema(args.kind), indent=2))
    return 0
