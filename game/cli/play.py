"""Playing: the Textual game, or plain text when asked or when not on a terminal."""

from __future__ import annotations

import argparse
import gc
import sys

from game.cli.common import content_folder, load_or_report


def run(args: argparse.Namespace, *, collecting: bool = True) -> int:
    """Play. `collecting`: the garbage collector, paused by `main` for start-up, is to be
    resumed (plain play resumes it at once; the Textual game once its first frame is up)."""
    folder = content_folder(args.content)
    if args.plain or not on_a_terminal():
        content = load_or_report(folder)
        if content is None:
            return 1
        from game.plain.run import play_plain

        if collecting:
            gc.enable()
        return play_plain(content, args)
    from game.content.checked import recall, remember

    recalled = recall(folder)
    if recalled is not None:  # checked clean on an earlier start: the title comes first
        from game.tui.app import run_app
        from game.tui.late import LateContent

        return run_app(LateContent(folder, recalled), args)
    content = load_or_report(folder)  # before Textual: bad content never starts the UI
    if content is None:
        return 1
    remember(content)
    from game.tui.app import run_app

    return run_app(content, args)


def on_a_terminal() -> bool:
    return sys.stdout.isatty()
