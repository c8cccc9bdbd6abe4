"""The end of the term: the ending, its grade and epilogue, and the after-action report
(`game.report` works it out; this screen draws it)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Markdown
from textual.worker import get_current_worker

from game.engine.model import GRADES
from game.engine.session import Session
from game.narrate import shown_delta
from game.report.after_action import RANKING_BAR, Ranking, margin_lines, rank_ending
from game.report.ledger import history, tone, top_impacts
from game.sim.whatif import WhatIf
from game.tui.glyphs import show_value, signed, spark
from game.tui.messages import GoTitle, OpenReplay, StartTerm
from game.tui.screens.help import HelpScreen
from game.tui.stylesheets import PLAY_CSS
from game.tui.text import one_line, safe
from game.tui.widgets.change_list import TONE_STYLE
from game.tui.widgets.hanging_list import HangingList, Row
from game.tui.widgets.key_bar import KeyBar
from game.tui.widgets.term_header import TermHeader
from game.words import counted

GRADE_CLASSES = {grade: f"grade-{grade.lower()}" for grade in GRADES}


def history_rows(session: Session, width: int) -> list[Content]:
    """Each meter over the term: label, start → end, a sparkline of every quarter."""
    lines = []
    label_width = 18
    for meter, values in history(session):
        start, end = values[0], values[-1]
        moved = shown_delta(meter, start, end)
        move = signed(meter, moved)
        style = TONE_STYLE[tone(meter, moved)]
        label = one_line(meter.label)[: label_width - 1].ljust(label_width)
        numbers = f"{show_value(meter, start):>6} → {show_value(meter, end):<6}"
        spark_width = max(min(width - label_width - len(numbers) - 9, len(values)), 4)
        lines.append(
            Content.assemble(
                (label, "bold" if meter.headline else ""),
                numbers,
                " ",
                (move.ljust(6), style),
                " ",
                (spark(values, meter.min, meter.max, spark_width, levels=7), "$text-accent"),
            )
        )
    return lines


def impact_rows(session: Session) -> list[Row]:
    scenario = session.scenario
    rows: list[Row] = []
    for impact in top_impacts(session):
        moves = [
            Content.assemble(
                (one_line(m.label), ""),
                " ",
                (signed(m, round(d, m.decimals)), TONE_STYLE[tone(m, d)]),
            )
            for m, d in impact.moves
        ]
        text = Content.assemble(
            (one_line(impact.choice), "bold"),
            ("\n" + one_line(impact.title), "italic $text-muted"),  # the event, on its own line
            "\n",
            Content(", ").join(moves),
        )
        when = scenario.turn_label(impact.decision.turn)
        rows.append(Row(text, Content.styled(when, "$text-muted")))
    if not rows:
        rows.append(Row(Content.styled("No decision moved a meter.", "italic $text-muted")))
    return rows


class EndScreen(Screen[None]):
    CSS_PATH = PLAY_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_term", "Play again", id="end.new"),
        Binding("r", "replay", "Replay", id="end.replay"),
        Binding("u,ctrl+z", "undo", "Undo", id="end.undo"),
        Binding("ctrl+s", "save", "Save", id="end.save"),
        Binding("t,escape", "title", "Title", id="end.title"),
        Binding("question_mark,f1", "help", "Help", key_display="?", id="end.help"),
        Binding("q", "quit", "Quit", id="end.quit"),
        # Last, so that a narrow key bar cuts it before Quit (the palette has it too).
        Binding("a", "whatif", "What if?", id="end.whatif"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.scenario = session.scenario

    def compose(self) -> ComposeResult:
        state = self.session.state
        assert state.ending is not None
        ending = self.scenario.ending_by_id[state.ending]
        yield TermHeader(id="header")
        with VerticalScroll(id="end-body"):
            with Horizontal(id="end-banner"):
                grade = one_line(ending.grade)[:2]
                yield Label(
                    Content.styled(grade, "bold"),
                    id="end-grade",
                    classes=GRADE_CLASSES.get(grade, ""),
                )
                with Vertical(id="end-heading"):
                    yield Label(Content.styled(one_line(ending.title), "bold"), id="end-title")
                    last = self.scenario.turn_label(state.turn)
                    made = counted(len(state.decisions), "decision")
                    facts = f"The {self.scenario.words.term} ended in {last}, after {made}."
                    yield Label(Content.styled(facts, "$text-muted"), id="end-facts")
            yield Markdown(safe(ending.epilogue), id="end-epilogue", open_links=False)
            yield Label(
                Content.styled("After-action report", "bold $text-accent"), classes="section-title"
            )
            yield Label(
                Content.styled("What decided the grade", "bold"), classes="subsection-title"
            )
            margin = margin_lines(self.scenario, state)
            yield Label(
                Content("\n").join(
                    [Content.styled(one_line(margin[0]), "bold"), *map(Content, margin[1:])]
                ),
                id="end-margin",
            )
            yield Label(
                Content.styled(f"The meters over the {self.scenario.words.term}", "bold"),
                classes="subsection-title",
            )
            yield Label(id="end-history")
            yield Label(
                Content.styled("The decisions that moved things most", "bold"),
                classes="subsection-title",
            )
            yield HangingList(marker_width=7, id="end-impacts")
            yield Label(
                Content.styled("How this ending ranks", "bold"),
                classes="subsection-title",
                id="end-rank-title",
            )
            yield Label(
                Content.styled(f"Simulating {self.scenario.words.terms}…", "italic $text-muted"),
                id="end-rank",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        state = self.session.state
        self.query_one(TermHeader).show(
            self.scenario, state, note=f"the {self.scenario.words.term} is over"
        )
        self.query_one("#end-body").focus()
        self.query_one("#end-impacts", HangingList).set_rows(impact_rows(self.session))
        self.call_after_refresh(self.draw_history)
        if getattr(self.app, "rank_endings", True):
            self.rank_ending()
        else:
            self.show_ranking(None)

    def on_resize(self) -> None:
        self.draw_history()

    def draw_history(self) -> None:
        label = self.query_one("#end-history", Label)
        width = label.content_region.width or self.size.width - 4
        label.update(Content("\n").join(history_rows(self.session, width)))

    # ── the simulator, if there is one ───────────────────────────────────

    @work(thread=True, exclusive=True, group="rank")
    def rank_ending(self) -> None:
        """Play terms with random choices and place this ending among theirs; hide on failure."""
        state = self.session.state
        assert state.ending is not None
        worker = get_current_worker()
        try:
            ranking = rank_ending(
                self.scenario, self.session.seed, state.ending, lambda: worker.is_cancelled
            )
        except Exception:  # a ranking is a bonus: no panel rather than a crash
            ranking = None
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_ranking, ranking)

    def show_ranking(self, ranking: Ranking | None) -> None:
        if ranking is None:
            self.query_one("#end-rank-title").display = False
            self.query_one("#end-rank").display = False
        else:
            self.query_one("#end-rank", Label).update(ranking_content(ranking))

    # ── actions ──────────────────────────────────────────────────────────

    def action_new_term(self) -> None:
        from game.tui.app import ArticleFiveApp

        app = self.app
        if isinstance(app, ArticleFiveApp):
            app.new_term()

    def action_replay(self) -> None:
        self.post_message(OpenReplay(self.session, f"this {self.scenario.words.term}"))

    def action_whatif(self) -> None:
        from game.tui.screens.replay import ReplayScreen
        from game.tui.screens.whatif import ask_whatif, first_turning_point

        def replay(result: WhatIf) -> None:
            start = first_turning_point(result)
            name = f"this {self.scenario.words.term}"
            self.app.push_screen(ReplayScreen(self.session, name, result, start, self.autosaved()))

        ask_whatif(self, self.session, replay, self.autosaved())

    def autosaved(self) -> Path | None:
        """The autosave that records this term as it ended, once it is written."""
        last = getattr(self.app, "last_autosave", None)
        if last is None:
            return None
        session, path = last
        same = session.seed == self.session.seed
        return path if same and session.state.decisions == self.session.state.decisions else None

    def action_undo(self) -> None:
        if self.session.can_undo:
            last = self.session.state.decisions[-1].choice  # Ctrl+Y makes it again
            self.post_message(
                StartTerm(self.session.undo(), "Took back the last decision.", redo=(last,))
            )

    def action_save(self) -> None:
        from game.tui.app import ArticleFiveApp

        app = self.app
        if isinstance(app, ArticleFiveApp):
            app.ask_and_save(self.session)

    def action_title(self) -> None:
        self.post_message(GoTitle())

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.scenario))

    def action_quit(self) -> None:
        self.app.exit(0)


def ranking_content(ranking: Ranking) -> Content:
    """The ranking with this term's ending marked and a bar for each share."""
    lines = [Content.styled(ranking.heading, "$text-muted")]
    for other, count in ranking.counts:
        share = count / ranking.runs
        mine = other.id == ranking.mine
        lines.append(
            Content.assemble(
                ("▶ " if mine else "  ", "bold $text-accent"),
                (f"{one_line(other.grade)[:2]:<2} ", "bold"),
                (f"{one_line(other.title)[:30]:<31}", "bold" if mine else ""),
                (f"{share:>5.0%} ", "bold" if mine else "$text-muted"),
                ("█" * round(share * RANKING_BAR), "$text-accent" if mine else "$text-muted"),
            )
        )
    lines.append(Content.styled(ranking.verdict, "italic"))
    return Content("\n").join(lines)
