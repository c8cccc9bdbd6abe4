"""What a typed line means: a choice by number, or a command typed as a word."""

from __future__ import annotations

import attrs

from game.content.problems import suggest
from game.words import shorten

COMMANDS = ("why", "briefing", "meters", "save", "load", "continue", "undo", "help", "quit")
ALIASES = {"exit": "quit", "q": "quit", "h": "help", "?": "help", "u": "undo", "m": "meters"}


@attrs.frozen
class Pick:
    """Choice number `number` (1-based, as shown)."""

    number: int


@attrs.frozen
class Command:
    name: str  # one of COMMANDS
    argument: str = ""


@attrs.frozen
class Bad:
    """A line that means nothing here; `hint` is one line telling what would."""

    hint: str


Line = Pick | Command | Bad


def parse(line: str, choices: int) -> Line:
    """Read one line typed at the prompt, when `choices` choices are numbered on screen."""
    words = line.strip().split(maxsplit=1)
    numbers = f"a number from 1 to {choices}" if choices > 1 else "1"
    hint = f"Type {numbers} to choose, or a command: help lists them."
    if choices == 0:
        hint = "Type a command: help lists them."
    if not words:
        return Bad(hint)
    word = words[0].lower().rstrip(".)")
    argument = words[1].strip() if len(words) > 1 else ""
    digits = word.isascii() and word.isdigit()
    if digits and argument:
        return Bad(f"One choice at a time. {hint}")
    if digits:
        number = int(word) if len(word) <= 6 else 0
        if choices and 1 <= number <= choices:
            return Pick(number)
        return Bad(f"There is no choice {one_word(word)}. {hint}")
    name = ALIASES.get(word, word)
    if name not in COMMANDS:
        close = suggest(word, COMMANDS) if len(word) <= 20 else ""
        return Bad(f'Unknown command "{one_word(words[0])}"{close}. {hint}')
    if name in ("save", "load") and not argument:
        return Bad(f"Give a name: {name} NAME (for example, {name} before-the-summit).")
    if name not in ("save", "load", "why") and argument:
        return Bad(f"{name} takes no argument. {hint}")
    return Command(name, argument)


def one_word(text: str) -> str:
    """A user's word, shortened for quoting back in a hint."""
    return shorten(text, 20)
