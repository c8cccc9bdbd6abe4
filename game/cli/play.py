"""Playing: the Textual game, or plain text when asked or when not on a terminal."""

from __future__ import annotations

import argparse
import sys

from game.cli.common import content_folder, load_or_report


def run(args: argparse.Namespace) -> int:
    """Load and check the content, then play. Bad content prints its report and
    exits 1 before any UI starts."""
    content = load_or_report(content_folder(args.content))
    if content is None:
        return 1
    if args.plain or not on_a_terminal():
        from game.plain.run import play_plain

        return play_plain(content, args)
    from game.tui.app import run_app

    return run_app(content, args)


def on_a_terminal() -> bool:
    return sys.stdout.isatty()
