"""The keys of the current screen on the bottom line.

Textual's Footer rebuilds its widgets whenever the bindings change (every
focus change does that), which costs more than a whole decision; this bar
draws the same keys as one line of text and only refreshes. A click on a key
presses it, as on Textual's Footer.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

from game.tui.styles import resolve

PALETTE_HINT = (" ^p", " palette ")


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """
    auto_links: Reactive[bool] = Reactive(False)  # no links here; skip their cost

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[tuple[int, int, str]] = []  # (first cell, end cell, key) as drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def keys(self) -> list[tuple[str, str, str]]:
        """(key as shown, what it does, key) for each shown and enabled binding, once per action."""
        seen: set[tuple[str, str]] = set()
        found = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not active.enabled or not binding.description:
                continue
            if (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            key = binding.key.split(",")[0].strip()
            if "(" in binding.action:  # "1-4 Choose" stands for several keys: not one to press
                key = ""
            found.append((self.app.get_key_display(binding), binding.description, key))
        return found

    def render(self) -> Content:
        width = self.size.width
        room = width - len("".join(PALETTE_HINT))
        parts: list[Content] = []
        spans = []
        at = 0
        for shown, description, key in self.keys():
            part = Content.assemble(
                (f" {shown}", "bold $footer-key-foreground"),
                (f" {description} ", "$footer-description-foreground"),
            )
            if parts and at + part.cell_length > room:
                break  # the keys that do not fit whole are left out, not cut in half
            parts.append(part)
            spans.append((at, at + part.cell_length, key))
            at += part.cell_length
        hint = Content.assemble(
            (PALETTE_HINT[0], "bold $footer-key-foreground"),
            (PALETTE_HINT[1], "$footer-description-foreground"),
        )
        line = Content("").join(parts)
        if line.cell_length > room:
            line = line.truncate(max(room, 0))
        visible = [(a, min(b, room), key) for a, b, key in spans if a < room and key]
        self.spans = [*visible, (room, width, "ctrl+p")]
        return resolve(
            Content.assemble(line, " " * max(room - line.cell_length, 0), hint), self.app
        )

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self.spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
