"""`article-five graph`: the event graph as Graphviz DOT or Mermaid."""

from __future__ import annotations

import argparse
from typing import Any

from game.cli.common import add_content_option, content_folder, load_or_report


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("graph", help="print the event graph (DOT or Mermaid)")
    add_content_option(parser)
    parser.add_argument("--format", choices=("dot", "mermaid"), default="dot")


def run(args: argparse.Namespace) -> int:
    from game.content.graph import render

    content = load_or_report(content_folder(args.content))
    if content is None or content.scenario is None:
        return 1
    print(render(content.scenario, args.format), end="")
    return 0
