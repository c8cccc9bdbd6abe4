"""Replay: step through a recorded term, see each consequence and the meters as they were."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Markdown, OptionList
from textual.widgets.option_list import Option

from game.engine.session import Session
from game.engine.step import options
from game.report.ledger import choice_label, decision_of, quarters_played, sections
from game.sim.whatif import WhatIf
from game.tui.messages import GoTitle, StartTerm
from game.tui.screens.help import HelpScreen
from game.tui.screens.whatif import ask_whatif
from game.tui.screens.why import WhyScreen
from game.tui.stylesheets import PLAY_CSS
from game.tui.text import clean, one_line
from game.tui.widgets.alternatives import Alternatives
from game.tui.widgets.change_list import ChangeList
from game.tui.widgets.hanging_list import HangingList, Row
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.meter_panel import MeterPanel
from game.tui.widgets.meter_strip import MeterStrip
from game.tui.widgets.term_header import TermHeader
from game.words import counted


class PickQuarterScreen(ModalScreen[int | None]):
    """Returns the quarter (1-based) to jump to, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,g", "cancel", "Back", id="quarter.cancel")
    ]

    def __init__(self, session: Session, current: int) -> None:
        super().__init__()
        self.session, self.current = session, current

    def compose(self) -> ComposeResult:
        scenario = self.session.scenario
        decisions = self.session.state.decisions
        items = []
        for turn in range(1, quarters_played(self.session) + 1):
            count = sum(1 for d in decisions if d.turn == turn)
            made = counted(count, "decision") if count else f"a quiet {scenario.words.turn}"
            items.append(
                Option(
                    Content.assemble((scenario.turn_label(turn), "bold"), f"  {made}"), id=str(turn)
                )
            )
        with Vertical(classes="dialog"):
            yield Label(Content.styled(f"Jump to a {scenario.words.turn}", "bold"))
            yield OptionList(*items, id="quarters")
            yield Label(Content("Enter jumps · Esc goes back"), classes="muted")

    def on_mount(self) -> None:
        quarters = self.query_one(OptionList)
        quarters.highlighted = max(self.current - 1, 0)
        quarters.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 1))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReplayScreen(Screen[None]):
    """`index` 0 is the opening of the term; `index` i shows decision i and what it caused."""

    CSS_PATH = PLAY_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,n", "move(1)", "Next", key_display="→", priority=True, id="replay.next"),
        Binding("left,p", "move(-1)", "Back", key_display="←", priority=True, id="replay.back"),
        Binding("home", "to_start", "Start", show=False, priority=True, id="replay.start"),
        Binding("end", "to_end", "End", show=False, priority=True, id="replay.end"),
        Binding("g", "jump", "Jump…", id="replay.jump"),
        Binding("b", "branch", "Branch here", id="replay.branch"),
        Binding("w", "why", "Why?", id="replay.why"),
        Binding("d", "decisions", "Decisions", show=False, id="replay.decisions"),
        Binding("question_mark,f1", "help", "Help", show=False, id="replay.help"),
        Binding("escape", "leave", "Leave", id="replay.leave"),
        Binding("q", "quit", "Quit", show=False, id="replay.quit"),
        Binding("a", "whatif", "What if?", id="replay.whatif"),  # last: a narrow bar cuts it
    ]

    def __init__(
        self,
        session: Session,
        name: str,
        whatif: WhatIf | None = None,
        start: int = 0,
        path: Path | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.path = path  # the save shown, if read from a file (what if? is cached beside it)
        self.scenario = session.scenario
        self.name_shown = name
        self.index = start
        self.whatif = whatif  # the alternatives of each decision, once asked for (a)
        self.timeline_width = 0

    @property
    def last(self) -> int:
        return len(self.session.steps) - 1

    def compose(self) -> ComposeResult:
        yield TermHeader(id="header")
        yield MeterStrip(self.scenario, id="meter-strip")  # instead of the sidebar when narrow
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield MeterPanel(self.scenario, id="meters")
                yield OptionList(id="timeline")
            with VerticalScroll(id="replay-main"):
                yield Label(id="replay-position")
                yield Label(id="replay-event")
                yield HangingList(marker_width=2, id="replay-choices")
                yield Alternatives(id="replay-alternatives")
                yield ChangeList(id="replay-changes")
                yield Label(Content.styled("The situation", "bold"), id="replay-text-title")
                yield Markdown(id="replay-text", open_links=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#meters").border_title = "Meters then"
        self.query_one("#timeline", OptionList).border_title = "Decisions"
        title = Content(f"Replay: {one_line(self.name_shown)}")  # a file name: never markup
        self.query_one("#replay-main").border_title = title
        self.fill_timeline()
        self.show()
        self.query_one("#replay-main").focus()

    def fill_timeline(self) -> None:
        """One line per decision, cut to the list's width (it is only an index)."""
        timeline = self.query_one("#timeline", OptionList)
        width = timeline.scrollable_content_region.width - 1
        self.timeline_width = width
        items = [
            Option(Content.styled(f"Start of the {self.scenario.words.term}", "italic"), id="0")
        ]
        for i in range(1, self.last + 1):
            decision = decision_of(self.session, i)
            assert decision is not None
            label = one_line(choice_label(self.scenario, decision))
            turn = self.scenario.turn_label(decision.turn)
            line = Content.assemble((f"{turn} ", "$text-muted"), label)
            if width > 8:
                line = line.truncate(width, ellipsis=True)
            items.append(Option(line, id=str(i)))
        highlighted = timeline.highlighted
        timeline.clear_options()
        timeline.add_options(items)
        timeline.highlighted = highlighted if highlighted is not None else self.index

    def on_resize(self) -> None:
        timeline = self.query_one("#timeline", OptionList)
        if timeline.scrollable_content_region.width - 1 != self.timeline_width:
            self.call_after_refresh(self.fill_timeline)

    def show(self) -> None:
        index = self.index
        session = self.session
        scenario = self.scenario
        step = session.steps[index]
        state = step.state
        decision = decision_of(session, index)
        note = f"replay {index}/{self.last}"
        named = decision.turn if decision is not None else None  # the quarter the panel names
        self.query_one(TermHeader).show(scenario, state, note=note, turn=named)
        earlier = session.steps[index - 1].state.meters if index > 0 else None
        self.query_one(MeterPanel).show(state, earlier)
        self.query_one(MeterStrip).show(state, earlier)
        position = self.query_one("#replay-position", Label)
        event_label = self.query_one("#replay-event", Label)
        text = self.query_one("#replay-text", Markdown)
        choices = self.query_one("#replay-choices", HangingList)
        text_title = self.query_one("#replay-text-title", Label)
        if decision is None:
            position.update(
                Content.styled(
                    f"The opening of the {scenario.words.term} · "
                    f"{counted(self.last, 'decision')} recorded",
                    "bold",
                )
            )
            event_label.update(
                Content.styled(
                    f"→ next · ← back · g a {scenario.words.turn} · b branch here", "$text-muted"
                )
            )
            text.display = text_title.display = False
            choices.set_rows([])
        else:
            before = session.steps[index - 1].state
            turn = scenario.turn_label(decision.turn)
            position.update(Content.styled(f"Decision {index} of {self.last} · {turn}", "bold"))
            event = scenario.event_by_id[decision.event]
            event_label.update(Content.styled(one_line(event.title), "bold $text-accent"))
            text.display = text_title.display = True
            text.update(clean(event.text_for(d.event for d in before.decisions)))
            rows = []
            for option in options(scenario, before):
                chosen = option.choice.id == decision.choice
                label = one_line(option.choice.label)
                if chosen:
                    rows.append(
                        Row(Content.styled(label, "bold"), Content.styled("▶", "bold $text-accent"))
                    )
                elif option.available:
                    rows.append(Row(Content.styled(label, "$text-muted"), Content("")))
                else:
                    rows.append(Row(Content.styled(label, "strike $text-disabled"), Content("")))
            choices.set_rows(rows)
        self.query_one(Alternatives).show(scenario, self.whatif, index)
        earlier_state = session.steps[index - 1].state if index > 0 else None
        found = sections(scenario, step, decision, earlier_state)
        self.query_one(ChangeList).show(scenario, found, fold=True)
        timeline = self.query_one("#timeline", OptionList)
        timeline.highlighted = index
        timeline.scroll_to_highlight()
        self.query_one("#replay-main", VerticalScroll).scroll_home(animate=False)

    # ── actions ──────────────────────────────────────────────────────────

    def action_decisions(self) -> None:
        """Show or hide the meters' panel and the list of decisions (hidden at first
        when the screen is narrow, where a strip of meters stands in for them)."""
        self.toggle_class("-log-toggled")
        self.call_after_refresh(self.fill_timeline)

    def go(self, index: int) -> None:
        index = min(max(index, 0), self.last)
        if index != self.index:
            self.index = index
            self.show()

    def action_move(self, step: int) -> None:
        if not 0 <= self.index + step <= self.last:
            self.app.bell()
        self.go(self.index + step)

    def action_to_start(self) -> None:
        self.go(0)

    def action_to_end(self) -> None:
        self.go(self.last)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.go(int(event.option.id or 0))

    def action_jump(self) -> None:
        current = self.session.steps[self.index].state.turn

        def jump(turn: int | None) -> None:
            if turn is None:
                return
            decisions = self.session.state.decisions
            later = [i for i, d in enumerate(decisions, start=1) if d.turn >= turn]
            self.go(later[0] if later else self.last)

        self.app.push_screen(PickQuarterScreen(self.session, current), jump)

    def action_branch(self) -> None:
        branch = self.session.branch(self.index)
        where = self.scenario.turn_label(branch.state.turn)
        self.post_message(
            StartTerm(branch, f"Branched at decision {self.index}: playing on from {where}.")
        )

    def action_whatif(self) -> None:
        def shown(result: WhatIf) -> None:
            self.whatif = result
            if self.index == 0:
                self.go(1)  # the opening has no alternatives: show the first decision's
            else:
                self.show()

        ask_whatif(self, self.session, shown, self.path)

    def on_alternatives_branch(self, message: Alternatives.Branch) -> None:
        branch = self.session.branch(message.index - 1).choose(message.choice)
        where = self.scenario.turn_label(branch.state.turn)
        self.post_message(
            StartTerm(branch, f"Branched at decision {message.index}: playing on from {where}.")
        )

    def action_why(self) -> None:
        upto = self.session.branch(self.index)
        decision = decision_of(self.session, self.index)
        turn = decision.turn if decision is not None else 1
        self.app.push_screen(WhyScreen(upto, turn))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.scenario, replay=True))

    def action_leave(self) -> None:
        self.post_message(GoTitle())

    def action_quit(self) -> None:
        self.app.exit(0)
