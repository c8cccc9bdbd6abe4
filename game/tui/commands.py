"""The command palette's game commands: what the current screen can do, by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from game.engine.model import Words
from game.words import worded

# (screen class name, command, help, action on that screen). Quit is Textual's own
# system command (the app's quit action asks first in the middle of a term).
COMMANDS: tuple[tuple[str, str, str, str], ...] = (
    ("GameScreen", "Save the {term}", "Save under a name (Ctrl+S)", "save"),
    ("GameScreen", "Undo the last decision", "Take it back (u); again to go further back", "undo"),
    ("GameScreen", "Redo", "Make the decision you took back again (Ctrl+Y)", "redo"),
    ("GameScreen", "Why: this {turn}'s ledger", "Every change and its cause (w)", "why"),
    ("GameScreen", "Briefing", "Facts and sources behind the event (b)", "briefing"),
    ("GameScreen", "Help", "Keys, meters, what moves them (?)", "help"),
    ("EndScreen", "New {term}", "Start another {term} (n)", "new_term"),
    ("EndScreen", "Replay this {term}", "Step through it decision by decision (r)", "replay"),
    ("EndScreen", "What if?", "Where every other choice would have led (a)", "whatif"),
    ("EndScreen", "Undo the last decision", "Back into the {term} (u)", "undo"),
    ("EndScreen", "Save the {term}", "Save under a name (Ctrl+S)", "save"),
    ("EndScreen", "Title screen", "Back to the title screen (t)", "title"),
    ("TitleScreen", "New {term}", "A new {term} (n)", "menu('new')"),
    (
        "TitleScreen",
        "New {term} with a seed",
        "The same seed gives the same {term} (s)",
        "menu('seed')",
    ),
    ("TitleScreen", "Continue", "The latest autosave (c)", "menu('continue')"),
    ("TitleScreen", "Load a save", "Pick a save to play on from (l)", "menu('load')"),
    ("TitleScreen", "Replay a save", "Step through a recorded {term} (r)", "menu('replay')"),
    ("TitleScreen", "About this content", "What the pack holds (i)", "menu('info')"),
    ("ReplayScreen", "Branch here", "Play on from this decision, same seed (b)", "branch"),
    ("ReplayScreen", "What if?", "Each decision's alternatives, as bars (a)", "whatif"),
    ("ReplayScreen", "Jump to a {turn}", "Pick a {turn} (g)", "jump"),
    ("ReplayScreen", "Why: this {turn}'s ledger", "Every change and its cause (w)", "why"),
    ("ReplayScreen", "Leave the replay", "Back to the title screen (Esc)", "leave"),
)


def screen_commands(screen: Screen[object], words: Words) -> list[tuple[str, str, str]]:
    """The commands that `screen` offers now (its disabled actions left out), in `words`."""
    name = type(screen).__name__
    found = []
    for owner, title, help_text, action in COMMANDS:
        if owner != name:
            continue
        action_name = action.split("(")[0]
        if screen.check_action(action_name, ()) is False:
            continue
        found.append((worded(title, words), worded(help_text, words), action))
    return found


class GameCommands(Provider):
    """Offers the current screen's game commands in the command palette."""

    def words(self) -> Words:
        from game.tui.app import ArticleFiveApp  # the app imports this module

        app = self.app
        return app.scenario.words if isinstance(app, ArticleFiveApp) else Words()

    async def discover(self) -> Hits:
        screen = self.screen
        for title, help_text, action in screen_commands(screen, self.words()):
            yield DiscoveryHit(title, partial(screen.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        screen = self.screen
        for title, help_text, action in screen_commands(screen, self.words()):
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(screen.run_action, action),
                    help=help_text,
                )
