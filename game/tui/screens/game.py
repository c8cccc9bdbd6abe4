"""The game: the meters, the current event and its choices; after each choice, its consequences."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Markdown, OptionList

from game.engine.changes import TurnEnded
from game.engine.model import Scenario
from game.engine.session import Session
from game.engine.step import options
from game.narrate import shown_delta
from game.report.ledger import decision_of, sections, tone
from game.tui.glyphs import show_value, signed
from game.tui.messages import Decided, TermOver
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.why import WhyScreen
from game.tui.stylesheets import PLAY_CSS
from game.tui.text import clean, one_line
from game.tui.widgets.change_list import TONE_STYLE, ChangeList
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.decision_log import DecisionLog
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.meter_panel import MeterPanel
from game.tui.widgets.meter_strip import MeterStrip
from game.tui.widgets.packed_line import PackedLine
from game.tui.widgets.phase_badge import PHASE_CLASSES, phase_class
from game.tui.widgets.term_header import TermHeader

CHOICE_KEYS = 9


def headline_summary(
    scenario: Scenario,
    before: tuple[float, ...],
    after: tuple[float, ...],
    frame: str = "This decision",
) -> list[Content]:
    """'This decision: US credibility 60→64 ▲4', …: the headline meters over one decision,
    each move the difference of the values shown, as in the meters panel."""
    parts: list[Content] = []
    for meter in scenario.headline_meters:
        i = scenario.meter_index[meter.id]
        delta = shown_delta(meter, before[i], after[i])
        label = Content.styled(one_line(meter.label), "bold")
        if delta:
            numbers = f" {show_value(meter, before[i])}→{show_value(meter, after[i])} "
            move = (signed(meter, delta), TONE_STYLE[tone(meter, delta)])
            parts.append(Content.assemble(label, numbers, move))
        else:
            still = (f" {show_value(meter, after[i])}, no change", "$text-muted")
            parts.append(Content.assemble(label, still))
    if parts:
        parts[0] = Content.assemble((f"{frame}: ", "$text-muted"), parts[0])
    return parts


def choice_bindings() -> list[BindingType]:
    bindings: list[BindingType] = []
    for n in range(1, CHOICE_KEYS + 1):
        bindings.append(
            Binding(
                str(n),
                f"choose({n})",
                "Choose",
                show=n == 1,  # one hint for every number key: "1-3", as many as the choices
                id=f"game.choose-{n}",
            )
        )
    return bindings


class GameScreen(Screen[None]):
    """One term in play. `session` is the whole truth; every widget is redrawn from it."""

    CSS_PATH = PLAY_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        *choice_bindings(),
        Binding("enter,space", "proceed", "Continue", key_display="⏎", id="game.continue"),
        Binding("w", "why", "Why?", id="game.why"),
        Binding("b", "briefing", "Briefing", id="game.briefing"),
        Binding("u,ctrl+z", "undo", "Undo", id="game.undo"),
        Binding("ctrl+y", "redo", "Redo", id="game.redo"),  # shown while there is one
        Binding("ctrl+s", "save", "Save", id="game.save"),
        Binding("d", "decisions", "Decisions", show=False, id="game.decisions"),
        Binding("question_mark,f1", "help", "Help", key_display="?", id="game.help"),
        Binding("q", "quit", "Quit", id="game.quit"),
        Binding("pageup", "scroll_text(-1)", show=False, priority=True, id="game.text-up"),
        Binding("pagedown", "scroll_text(1)", show=False, priority=True, id="game.text-down"),
        Binding("home", "scroll_text(-2)", show=False, priority=True, id="game.text-start"),
        Binding("end", "scroll_text(2)", show=False, priority=True, id="game.text-end"),
    ]

    def __init__(self, session: Session, *, redo: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.session = session
        self.scenario = session.scenario
        self.view = "event"  # or "consequences"
        self.redo_stack: list[str] = list(redo)
        self.hints: list[str] = []  # under the event's text: more on the desk, a briefing
        self.next_hint = ""  # under the consequences: what Enter does

    # ── layout ───────────────────────────────────────────────────────────

    @property
    def choice_count(self) -> int:
        """How many choices are numbered on screen (the footer's "1-3 Choose")."""
        return len(self.query_one(ChoiceList).shown)

    def compose(self) -> ComposeResult:
        yield TermHeader(id="header")
        yield MeterStrip(self.scenario, id="meter-strip")
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield MeterPanel(self.scenario, id="meters")
                yield DecisionLog(id="log")
            # The two views of the main area, one shown at a time (a ContentSwitcher
            # would add a container level, and every level is repainted per decision).
            with Vertical(id="event-view", classes="main"):
                with VerticalScroll(id="event-scroll"):
                    yield Markdown(id="event-text", open_links=False)
                yield ChoiceList(id="choices")
            with VerticalScroll(id="consequences-view", classes="main"):
                yield Label(id="consequences-title")
                yield PackedLine(id="consequences-summary")
                yield ChangeList(id="consequences")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#meters").border_title = "Meters"
        log = self.query_one("#log")
        log.border_title = "Decisions"
        log.border_subtitle = f"seed {self.session.seed}"
        self.query_one("#consequences-view").border_title = "What happened, and why"
        for name in ("#event-scroll", "#consequences-view"):
            scroll = self.query_one(name, VerticalScroll)
            self.watch(scroll, "virtual_size", self.hint_scrolling, init=False)
            self.watch(scroll, "scroll_y", self.hint_scrolling, init=False)
        # A view can change size with the same content (the meters' strip laid out): check again.
        self.screen_layout_refresh_signal.subscribe(self, lambda screen: self.hint_scrolling())
        self.show_event()

    # ── drawing ──────────────────────────────────────────────────────────

    def draw_state(self) -> None:
        """The parts of the screen that show the present state: header, meters, log."""
        state = self.session.state
        self.query_one(TermHeader).show(self.scenario, state)
        steps = self.session.steps
        before = steps[-2].state.meters if len(steps) > 1 else None
        self.query_one(MeterPanel).show(state, before)
        self.query_one(MeterStrip).show(state, before)
        self.query_one(DecisionLog).show(self.scenario, state.decisions)
        self.set_phase_class(state.phase)

    def set_phase_class(self, phase: str) -> None:
        """A class on the screen for the phase's colour; changed only when the phase changes,
        since a class on the screen restyles every widget on it."""
        wanted = f"-{phase_class(self.scenario, phase)}"
        if self.has_class(wanted):
            return
        self.remove_class(*(f"-{c}" for c in PHASE_CLASSES))
        self.add_class(wanted)

    def show_event(self) -> None:
        self.view = "event"
        self.draw_state()
        state = self.session.state
        event_id = state.current_event
        if event_id is None:  # a finished term: the end screen takes over
            self.post_message(TermOver(self.session))
            return
        event = self.scenario.event_by_id[event_id]
        scroll = self.query_one("#event-scroll", VerticalScroll)
        scroll.border_title = Content.styled(one_line(event.title), "bold")
        self.hints = []
        if len(state.agenda) > 1:
            self.hints.append(f"{len(state.agenda) - 1} more this {self.scenario.words.turn}")
        if event.briefing.strip() or event.sources:
            self.hints.append("b briefing")
        decided = (d.event for d in state.decisions)
        self.query_one("#event-text", Markdown).update(clean(event.text_for(decided)))
        scroll.scroll_home(animate=False)
        self.hint_scrolling()
        self.call_after_refresh(self.hint_scrolling)
        choices = self.query_one(ChoiceList)
        offered = options(self.scenario, state)
        choices.show(offered)
        if not any(option.available for option in offered):  # a content bug; say so
            self.notify(
                "No choice is open here (a content problem: article-five check). "
                "u takes the last decision back.",
                title="Stuck",
                severity="error",
                timeout=30,
                markup=False,
            )
        self.switch("event-view")
        choices.focus()
        self.refresh_bindings()

    def hint_scrolling(self) -> None:
        """Say 'PgDn more' under a text while some of it is out of sight."""
        places = (("#event-scroll", self.hints), ("#consequences-view", [self.next_hint]))
        for name, hints in places:
            scroll = self.query_one(name, VerticalScroll)
            more = scroll.max_scroll_y > 0 and scroll.scroll_y < scroll.max_scroll_y
            shown = ["PgDn more", *hints] if more else hints
            subtitle = Content(" · ".join(shown)) if shown else None
            if scroll.border_subtitle != subtitle:
                scroll.border_subtitle = subtitle

    def show_consequences(self) -> None:
        self.view = "consequences"
        self.draw_state()
        session = self.session
        index = len(session.steps) - 1
        decision = decision_of(session, index)
        assert decision is not None
        event = self.scenario.event_by_id[decision.event]
        title = Content.styled(one_line(event.title), "bold")
        self.query_one("#consequences-title", Label).update(title)
        before = session.steps[index - 1].state.meters
        step = session.steps[index]
        ended = any(isinstance(change, TurnEnded) for change in step.changes)
        frame = f"Decision + {self.scenario.words.turn} end" if ended else "This decision"
        summary = headline_summary(self.scenario, before, session.state.meters, frame)
        self.query_one("#consequences-summary", PackedLine).show(summary)
        changes = self.query_one(ChangeList)
        found = sections(self.scenario, step, decision, session.steps[index - 1].state)
        changes.show(self.scenario, found, fold=True)
        if any(section.kind == "phase" for section in found):
            self.query_one(TermHeader).flash()  # the moment the game is about: hard to miss
        over = session.state.over
        self.next_hint = f"⏎ how your {self.scenario.words.term} ends" if over else "⏎ next event"
        scroll = self.query_one("#consequences-view", VerticalScroll)
        self.switch("consequences-view")
        scroll.scroll_home(animate=False)
        scroll.focus()
        self.refresh_bindings()
        self.hint_scrolling()
        self.call_after_refresh(self.hint_scrolling)

    def switch(self, view: str) -> None:
        for main in self.query(".main"):
            main.display = main.id == view

    # ── bindings ─────────────────────────────────────────────────────────

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return self.view == "event"
        if action == "proceed":
            return self.view == "consequences"
        if action == "briefing":
            return self.view == "event"
        if action == "undo":
            return self.session.can_undo
        if action == "redo":
            return bool(self.redo_stack) and self.view == "event"
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and self.view == "event":
            self.decide(event.option.id)

    def action_choose(self, number: int) -> None:
        shown = self.query_one(ChoiceList).shown
        if not 1 <= number <= len(shown):
            self.app.bell()
            return
        option = shown[number - 1]
        if not option.available:
            self.app.bell()
            self.notify(
                one_line(option.reason), title="Not available", severity="warning", markup=False
            )
            return
        self.decide(option.choice.id)

    def decide(self, choice_id: str) -> None:
        self.session = self.session.choose(choice_id)
        if self.redo_stack and self.redo_stack[-1] == choice_id:
            self.redo_stack.pop()
        else:
            self.redo_stack.clear()
        self.show_consequences()
        self.post_message(Decided(self.session))

    def action_proceed(self) -> None:
        if self.session.state.over:
            self.post_message(TermOver(self.session))
        else:
            self.show_event()

    def action_undo(self) -> None:
        if not self.session.can_undo:
            return
        last = self.session.state.decisions[-1]
        self.redo_stack.append(last.choice)
        self.session = self.session.undo()
        self.show_event()
        label = one_line(self.choice_label(last.event, last.choice))
        self.notify(f"Took back: {label}", markup=False)
        self.post_message(Decided(self.session))

    def action_redo(self) -> None:
        if self.redo_stack and self.view == "event":
            self.decide(self.redo_stack[-1])

    def choice_label(self, event_id: str, choice_id: str) -> str:
        choice = self.scenario.event_by_id[event_id].choice(choice_id)
        return choice.label if choice is not None else choice_id

    def action_why(self) -> None:
        state = self.session.state
        turn = state.turn
        if self.view == "consequences":
            decision = state.decisions[-1]
            turn = decision.turn
        elif not any(d.turn == turn for d in state.decisions) and turn > 1:
            turn -= 1  # nothing has happened yet this quarter: show the last one
        self.app.push_screen(WhyScreen(self.session, turn))

    def action_briefing(self) -> None:
        event_id = self.session.state.current_event
        if event_id is not None:
            self.app.push_screen(BriefingScreen(self.scenario.event_by_id[event_id]))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.scenario))

    def action_save(self) -> None:
        from game.tui.app import ArticleFiveApp

        app = self.app
        if isinstance(app, ArticleFiveApp):
            app.ask_and_save(self.session)

    def action_scroll_text(self, direction: int) -> None:
        """PgUp and PgDn (±1) a page, Home and End (±2) to the start or the end."""
        target = "#event-scroll" if self.view == "event" else "#consequences-view"
        scroll = self.query_one(target, VerticalScroll)
        if direction == -2:
            scroll.scroll_home(animate=False)
        elif direction == 2:
            scroll.scroll_end(animate=False)
        elif direction < 0:
            scroll.scroll_page_up(animate=False)
        else:
            scroll.scroll_page_down(animate=False)

    def action_decisions(self) -> None:
        """Show or hide the log of decisions (hidden at first when the screen is narrow)."""
        self.toggle_class("-log-toggled")

    def action_quit(self) -> None:
        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self.app.exit(0)

        self.app.push_screen(
            ConfirmScreen(
                f"Quit in the middle of the {self.scenario.words.term}?",
                self.quit_detail(),
                yes="Quit",
                no="Keep playing",
            ),
            answered,
        )

    def quit_detail(self) -> str:
        """What quitting keeps, truthfully: nothing is saved before the first decision."""
        if not self.session.state.decisions:
            return (
                f"No decision made yet: this {self.scenario.words.term} has not been saved, "
                "and quitting ends it."
            )
        if not getattr(self.app, "autosaves", True):
            return "Autosaves are off: decisions since the last save are lost."
        return "Every decision is autosaved: Continue on the title screen picks up from here."
