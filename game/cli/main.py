"""The `article-five` command line: play by default, or one of the subcommands.

Each subcommand lives in its own module `game.cli.cmd_NAME` with
`add_parser(subparsers)` and `run(args) -> int`. Those modules import only
argparse-level things at the top, so `check` never pays for Textual.
Exit codes: 0 fine, 1 bad content or save, 2 bad usage.

Starting up (importing, loading the content, building the first screen) makes
tens of thousands of objects that live as long as the process, and nothing
else: the cyclic garbage collector, left on, scans them again and again for
no garbage (a quarter of the game's start-up). So `main` pauses it until a
command starts its real work: a subcommand or plain play at once, the Textual
game once its first frame is up (`ArticleFiveApp.on_ready`).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

from game.cli.common import UsageError, add_play_options

COMMANDS = ("check", "graph", "simulate", "replay", "serve")
TOP = "top_"  # namespace prefix of the options given before any command


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"{self.prog}: error: {message} (try --help)", file=sys.stderr)
        raise SystemExit(2)


class _NotJustPlay(Exception):
    """The arguments are more than play options: the full parser reads them."""


class _PlayParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotJustPlay(message)


def parse_play(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The usual command line, play options and no command, read without importing
    every subcommand to build its parser (~6 ms of the game's start-up); None for
    anything else (a command, --help, a mistake), which `build_parser` reads and
    answers exactly as before."""
    parser = _PlayParser(prog="article-five", add_help=False)
    add_play_options(parser)
    try:
        args = parser.parse_args(argv)
    except _NotJustPlay:
        return None
    args.command = None
    return args


def build_parser() -> Parser:
    parser = Parser(
        prog="article-five",
        description="Article Five — one presidential term, one alliance, one promise.",
    )
    add_play_options(parser, dest_prefix=TOP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"game.cli.cmd_{name}")
        except ModuleNotFoundError as error:
            if error.name != f"game.cli.cmd_{name}":
                raise
            continue  # a command not built yet
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    collecting = gc.isenabled()
    gc.disable()  # for start-up only: see the module's docstring
    try:
        return _main(argv, collecting)
    finally:
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None, collecting: bool) -> int:
    args = parse_play(argv)
    if args is None:
        parser = build_parser()
        args = parser.parse_args(argv)
        top = {k[len(TOP) :]: v for k, v in vars(args).items() if k.startswith(TOP)}
        if args.command is not None:
            # A subcommand's own options would silently win over these: refuse instead.
            given = [f"--{name}" for name, value in top.items() if value not in (None, False)]
            if given:
                parser.error(
                    f"{given[0]} goes after the command: article-five {args.command} {given[0]} …"
                )
        else:
            vars(args).update(top)
    try:
        if args.command is None:
            from game.cli import play

            return play.run(args, collecting=collecting)
        if collecting:
            gc.enable()
        module = importlib.import_module(f"game.cli.cmd_{args.command}")
        result: int = module.run(args)
        return result
    except UsageError as error:
        print(f"article-five: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
