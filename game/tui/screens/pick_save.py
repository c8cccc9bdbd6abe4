"""Choose a save to load or to replay, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from game.engine.model import Scenario
from game.saves import SaveInfo
from game.tui.text import one_line, shorten
from game.words import counted


def describe_save(scenario: Scenario, info: SaveInfo) -> Content:
    name = Content.styled("Autosave" if info.kind == "autosave" else one_line(info.name), "bold")
    kind = ""
    first = Content.assemble(
        name, (kind, "$text-muted"), ("  " + info.saved_at[:16].replace("T", " "), "$text-muted")
    )
    if info.problem:
        return Content.assemble(
            first, "\n", ("  ✗ " + shorten(one_line(info.problem), 200), "$text-error")
        )
    facts = [info.turn_label, counted(info.decisions, "decision")]
    if info.ending:
        ending = scenario.ending_by_id.get(info.ending)
        facts.append(f"ended: {one_line(ending.title) if ending else info.ending}")
    if info.label:
        facts.append(one_line(info.label))
    return Content.assemble(first, "\n", ("  " + " · ".join(facts), "$text-muted"))


class PickSaveScreen(ModalScreen[Path | None]):
    """Returns the chosen save's path, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back", id="pick.cancel"),
    ]

    def __init__(
        self, title: str, scenario: Scenario, saves: Sequence[SaveInfo], folder: Path
    ) -> None:
        super().__init__()
        self.heading, self.scenario, self.saves, self.folder = title, scenario, tuple(saves), folder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content.styled(self.heading, "bold"))
            yield Label(Content.styled(f"in {self.folder}", "$text-muted"), classes="muted")
            if self.saves:
                yield OptionList(
                    *(
                        Option(describe_save(self.scenario, s), id=str(i))
                        for i, s in enumerate(self.saves)
                    ),
                    id="save-list",
                )
            else:
                yield Label(
                    Content(
                        f"No saves yet: Ctrl+S saves a {self.scenario.words.term}; "
                        "every decision is autosaved."
                    )
                )
            yield Label(Content("Enter opens · Esc goes back"), classes="muted")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        index = int(event.option.id or 0)
        self.dismiss(self.saves[index].path)

    def action_cancel(self) -> None:
        self.dismiss(None)
