"""The `article-five` command line: play by default, or one of the subcommands.

Each subcommand lives in its own module `game.cli.cmd_NAME` with
`add_parser(subparsers)` and `run(args) -> int`. Those modules import only
argparse-level things at the top, so `check` never pays for Textual.
Exit codes: 0 fine, 1 bad content or save, 2 bad usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from game.cli.common import UsageError, add_play_options

COMMANDS = ("check", "graph", "simulate", "replay", "serve", "schema")
# Play options may also stand before a command; argparse stores those under this
# prefix so that they cannot silently override the command's own.
BEFORE_COMMAND = "before_command_"


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"{self.prog}: error: {message} (try --help)", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> Parser:
    parser = Parser(
        prog="article-five",
        description=(
            "Article Five — a turn-based policy game in the terminal: the bundled campaign, "
            "or any content pack (--content)."
        ),
    )
    add_play_options(parser, dest_prefix=BEFORE_COMMAND)
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
    parser = build_parser()
    args = parser.parse_args(argv)
    before = {
        k[len(BEFORE_COMMAND) :]: v for k, v in vars(args).items() if k.startswith(BEFORE_COMMAND)
    }
    if args.command is not None:
        # An option the command takes too counts as given to it; one it does not take, or
        # one given on both sides of it (which would win?), is refused.
        for name, value in before.items():
            if value in (None, False):
                continue
            option = f"--{name}"
            if not hasattr(args, name):
                parser.error(f"{option} is not an option of the {args.command} command")
            if getattr(args, name) not in (None, False):
                parser.error(f"{option} given both before and after {args.command}: give it once")
            setattr(args, name, value)
    else:
        vars(args).update(before)
    try:
        if args.command is None:
            from game.cli import play

            return play.run(args)
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
