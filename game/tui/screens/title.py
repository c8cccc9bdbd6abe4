"""The title screen: a new term, continue, load or replay a save, about the content, quit."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from game.engine.model import Scenario
from game.saves.errors import SaveError
from game.saves.folder import SaveInfo, latest_autosave, list_saves
from game.tui.messages import OpenReplay, StartTerm
from game.tui.screens.seed import RANDOM, SeedAnswer, SeedScreen
from game.tui.text import one_line
from game.tui.widgets.key_bar import KeyBar
from game.words import counted, worded

MENU: tuple[tuple[str, str, str], ...] = (
    ("new", "n", "New {term}"),
    ("seed", "s", "New {term} with a seed…"),
    ("continue", "c", "Continue"),
    ("load", "l", "Load a save…"),
    ("replay", "r", "Replay a save…"),
    ("info", "i", "About this content"),
    ("quit", "q", "Quit"),
)

MENU_KEYS = tuple(key for key, _, _ in MENU)


class TitleScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "menu('new')", "New", id="title.new"),
        Binding("s", "menu('seed')", "Seed", show=False, id="title.seed"),
        Binding("c", "menu('continue')", "Continue", id="title.continue"),
        Binding("l", "menu('load')", "Load", id="title.load"),
        Binding("r", "menu('replay')", "Replay", id="title.replay"),
        Binding("i", "menu('info')", "About", show=False, id="title.info"),
        Binding("q", "menu('quit')", "Quit", id="title.quit"),
    ]

    def __init__(self, scenario: Scenario, folder: Path, seed: int | None) -> None:
        super().__init__()
        self.scenario = scenario
        self.folder = folder
        self.seed = seed
        self.latest: SaveInfo | None = None

    def compose(self) -> ComposeResult:
        text = self.scenario
        with Vertical(id="title-box"):
            yield Label(Content.styled(one_line(text.title).upper(), "bold"), id="title-name")
            if text.subtitle:
                yield Label(Content.styled(one_line(text.subtitle), "italic"), id="title-subtitle")
            if text.description:
                yield Label(Content(one_line(text.description)), id="title-description")
            with Center():
                yield OptionList(id="title-menu")
            yield Label("", id="title-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_up_menu()

    def set_up_menu(self) -> None:
        self.query_one("#title-status").display = False
        self.refresh_menu()
        self.query_one("#title-menu").focus()

    async def show_scenario(self, scenario: Scenario) -> None:
        """The content was reloaded (`--watch`): its title, subtitle and words."""
        self.scenario = scenario
        await self.recompose()
        self.set_up_menu()

    def on_screen_resume(self) -> None:
        self.refresh_menu()

    def refresh_menu(self) -> None:
        try:
            self.latest = latest_autosave(self.folder)
        except (OSError, SaveError):
            self.latest = None
        menu = self.query_one("#title-menu", OptionList)
        keep = menu.highlighted
        menu.clear_options()
        for key, letter, text in MENU:
            prompt = Content.assemble(
                (f"{letter} ", "bold $text-accent"), worded(text, self.scenario.words)
            )
            disabled = False
            if key == "continue":
                if self.latest is None:
                    prompt = Content.assemble(prompt, ("  no autosave yet", "$text-muted"))
                    disabled = True
                else:
                    latest = self.latest
                    made = counted(latest.decisions, "decision")
                    where = latest.turn_label or "?"
                    if latest.ending:
                        ending = one_line(latest.ending_title or latest.ending)
                        where = f"{self.scenario.words.term} over: {ending}"
                    prompt = Content.assemble(prompt, (f"  {where}, {made}", "$text-muted"))
            if key == "seed" and self.seed is not None:
                prompt = Content.assemble(prompt, (f"  (--seed {self.seed})", "$text-muted"))
            menu.add_option(Option(prompt, id=key, disabled=disabled))
        first = MENU_KEYS.index("continue") if self.latest is not None else 0
        menu.highlighted = (
            keep if keep is not None and not menu.get_option_at_index(keep).disabled else first
        )

    def status(self, message: str, *, error: bool = False) -> None:
        label = self.query_one("#title-status", Label)
        label.update(Content.styled(one_line(message), "$text-error" if error else "$text-muted"))
        label.set_class(error, "error")
        label.display = bool(message)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.action_menu(event.option.id)

    def action_menu(self, key: str) -> None:
        from game.tui.app import ArticleFiveApp

        app = self.app
        assert isinstance(app, ArticleFiveApp)
        if key == "quit":
            self.app.exit(0)
            return
        if key == "new":
            app.new_term()
        elif key == "seed":
            self.app.push_screen(SeedScreen(self.seed, self.scenario.words), self.seeded)
        elif key == "continue":
            if self.latest is None:
                self.status("There is no autosave to continue yet.")
                self.app.bell()
            else:
                latest = self.latest
                made = counted(latest.decisions, "decision")
                where = latest.turn_label or f"your {app.scenario.words.term}"
                note = f"Welcome back: {where}, {made} made."
                self.open(latest.path, replay=False, note=note)
        elif key in ("load", "replay"):
            try:
                saves = list_saves(self.folder)
            except (OSError, SaveError) as error:
                self.status(str(error), error=True)
                return
            from game.tui.screens.pick_save import PickSaveScreen

            heading = "Load a save" if key == "load" else "Replay a save"

            def picked(path: Path | None) -> None:
                if path is not None:
                    self.open(path, replay=key == "replay", note="")

            self.app.push_screen(PickSaveScreen(heading, app.scenario, saves, self.folder), picked)
        elif key == "info":
            from game.tui.screens.info import InfoScreen

            self.app.push_screen(InfoScreen(app.content))

    def seeded(self, seed: SeedAnswer) -> None:
        from game.tui.app import ArticleFiveApp

        app = self.app
        if seed is not None and isinstance(app, ArticleFiveApp):
            app.new_term(None if seed == RANDOM else seed)

    def open(self, path: Path, *, replay: bool, note: str) -> None:
        """Load a save; on failure say why and stay here (the file is left as it was)."""
        from game.saves.store import load_save  # the store loads after the first frame
        from game.tui.app import ArticleFiveApp

        app = self.app
        assert isinstance(app, ArticleFiveApp)
        try:
            session = load_save(path, app.content)
        except SaveError as error:
            self.status(str(error), error=True)
            self.notify(
                str(error), title="Cannot load that save", severity="error", timeout=8, markup=False
            )
            return
        self.status("")
        name = path.stem
        if replay:
            self.post_message(OpenReplay(session, name, path))
        else:
            where = app.scenario.turn_label(session.state.turn)
            note = note or f"Loaded {name}: {where}."
            self.post_message(StartTerm(session, note, changed=False))
