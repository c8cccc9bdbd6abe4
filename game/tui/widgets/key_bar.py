"""The keys of the current screen on the bottom line, and the app's notes (the status line).

Textual's Footer rebuilds its widgets whenever the bindings change (every
focus change does that), which costs more than a whole decision; this bar
draws the same keys as one line of text and only refreshes. A click on a key
presses it, as on Textual's Footer.

A note (the app's `notify`) takes the start of the line for a few seconds,
as in lazygit and k9s, so that it never covers what the player is reading.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.notifications import Notification
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

from game.tui.styles import resolve
from game.tui.text import one_line

PALETTE_HINT = (" ^p", " palette ")
NOTE_STYLE = {
    "information": "bold $text-accent",
    "warning": "bold $text-warning",
    "error": "bold $text-error",
}


def note_text(note: Notification) -> Content:
    """' Saved as x: /path │': the note as one line, in its severity's colour."""
    body = Content.from_markup(note.message) if note.markup else Content(one_line(note.message))
    title = Content.styled(f"{note.title}: ", NOTE_STYLE[note.severity]) if note.title else ""
    mark = "✗ " if note.severity == "error" else "! " if note.severity == "warning" else ""
    return Content.assemble(
        " ",
        (mark, NOTE_STYLE[note.severity]),
        title,
        body,
        (" │", "$footer-description-foreground"),
    )


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
        self.app.screen_change_signal.subscribe(self, self.bindings_changed)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def keys(self) -> list[tuple[str, str, str]]:
        """(key as shown, what it does, key) for each shown and enabled binding, once per action.

        The keys of the screen on top: under a dialog (Help, Why), the dialog's own,
        since the keys of the screen behind it do nothing while it is open.
        """
        seen: set[tuple[str, str]] = set()
        found = []
        screen = self.app.screen
        choices = getattr(screen, "choice_count", None)
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not active.enabled or not binding.description:
                continue
            if (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            key = binding.key.split(",")[0].strip()
            if "(" in binding.action:  # "1-4 Choose" stands for several keys: not one to press
                key = ""
            shown = self.app.get_key_display(binding)
            if isinstance(choices, int) and binding.action.startswith("choose("):
                shown = "1" if choices <= 1 else f"1-{choices}"  # the choices on screen
            found.append((shown, binding.description, key))
        return found

    def render(self) -> Content:
        width = self.size.width
        hint = Content.assemble(
            (PALETTE_HINT[0], "bold $footer-key-foreground"),
            (PALETTE_HINT[1], "$footer-description-foreground"),
        )
        room = width - hint.cell_length
        status = Content("")
        note = getattr(self.app, "note", None)
        if isinstance(note, Notification):
            status = note_text(note)
            most = max(room * 2 // 3, 20)  # the rest keeps the first keys in sight
            if status.cell_length > most:
                status = status.truncate(most - 2, ellipsis=True) + Content(" │")
        parts: list[Content] = [status]
        spans = []
        at = status.cell_length
        for shown, description, key in self.keys():
            part = Content.assemble(
                (f" {shown}", "bold $footer-key-foreground"),
                (f" {description} ", "$footer-description-foreground"),
            )
            if len(parts) > 1 and at + part.cell_length > room:
                break  # the keys that do not fit whole are left out, not cut in half
            parts.append(part)
            spans.append((at, at + part.cell_length, key))
            at += part.cell_length
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
