"""Playing: the Textual game, or plain text when asked or when not on a terminal."""

from __future__ import annotations

import argparse
import gc
import sys

from game.cli.common import content_folder, load_or_report


def run(args: argparse.Namespace, *, collecting: bool = True) -> int:
    """Play. `collecting`: the garbage collector, paused by `main` for start-up, is to be
    resumed (plain play resumes it at once; the Textual game once its first frame is up)."""
    content = load_or_report(content_folder(args.content))
    if content is None:
        return 1
    if args.plain or not sys.stdout.isatty():
        from game.plain.run import play_plain

        if collecting:
            gc.enable()
        return play_plain(content, args)
    from game.tui.app import run_app

    return run_app(content, args)
