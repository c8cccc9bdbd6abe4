"""`article-five check`: validate a content pack."""

from __future__ import annotations

import argparse
import json
from typing import Any

from game.cli.common import add_content_option, content_folder, print_report


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("check", help="validate content: every problem with file and line")
    add_content_option(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from game.content.load import load_content

    content = load_content(content_folder(args.content))
    if args.json:
        report = {
            "problems": [p.as_json() for p in content.problems],
            "counts": content.counts,
        }
        print(json.dumps(report, indent=2))
    else:
        print_report(content)
    return 1 if content.errors else 0
