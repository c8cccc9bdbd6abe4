"""Options and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from game.engine.rng import SEED_RULE, SEEDS
from game.usage import UsageError as UsageError  # re-exported for the subcommands
from game.words import counted

if TYPE_CHECKING:  # the loader (attrs, cattrs, the engine) is imported when content is loaded
    from game.content.load import Content


def content_folder(value: str | None) -> Path:
    if value is None:
        from game.content.bundled import bundled_content

        return bundled_content()
    folder = Path(value)
    if not folder.exists():
        raise UsageError(f"--content {value}: no such folder")
    if not folder.is_dir():
        raise UsageError(f"--content {value}: not a folder (give the folder holding scenario.toml)")
    return folder


def add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        metavar="DIR",
        help="content pack folder (default: the bundled campaign)",
    )


def seed_number(text: str) -> int:
    """An argparse type for --seed: a whole number that a save can record."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if seed not in SEEDS:
        raise argparse.ArgumentTypeError(SEED_RULE)
    return seed


def add_play_options(parser: argparse.ArgumentParser, dest_prefix: str = "") -> None:
    parser.add_argument(
        "--content",
        metavar="DIR",
        dest=f"{dest_prefix}content",
        help="content pack folder (default: the bundled campaign)",
    )
    parser.add_argument(
        "--seed",
        type=seed_number,
        metavar="N",
        dest=f"{dest_prefix}seed",
        help="seed for a new game (default: random)",
    )
    parser.add_argument(
        "--saves", metavar="DIR", dest=f"{dest_prefix}saves", help="folder for saves and autosaves"
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        dest=f"{dest_prefix}plain",
        help="line-by-line text for screen readers and scripts (automatic when not a terminal)",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        dest=f"{dest_prefix}watch",
        help=(
            "for authors: reload the content pack whenever one of its files is saved, "
            "replaying the game's decisions on it"
        ),
    )


def print_report(content: Content, *, stream: TextIO | None = None) -> None:
    out = stream if stream is not None else sys.stdout
    for problem in content.problems:
        print(problem.render(), file=out)
    print(summary(content), file=out)


def summary(content: Content) -> str:
    c = content.counts
    errors, warnings = len(content.errors), len(content.warnings)
    return (
        f"{c['events']} events, {c['choices']} choices, {c['endings']} endings, "
        f"{c['arcs']} arcs, {c['meters']} meters: "
        f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
    )


def load_or_report(folder: Path) -> Content | None:
    """The content if it has no errors; otherwise print the report to stderr and return None."""
    from game.content.load import load_content

    content = load_content(folder)
    if content.scenario is None:
        print_report(content, stream=sys.stderr)
        return None
    return content


@contextlib.contextmanager
def progress_bar(label: str, total: int, unit: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr in a terminal; nothing when stderr is piped."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        f"{label}",
        BarColumn(),
        TextColumn(f"{{task.completed:,.0f}}/{{task.total:,.0f}} {unit}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
