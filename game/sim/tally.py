"""Many terms folded into counts.

A tally keeps integer counters (exact, so the order of merging cannot change
them) and per-term values in term order (so every statistic computed from them
is the same however the terms were spread over processes).
"""

from __future__ import annotations

from collections import Counter

import attrs

from game.sim.term import TermRecord


@attrs.define
class Tally:
    runs: int = 0
    endings: Counter[str] = attrs.Factory(Counter)
    stuck: Counter[str] = attrs.Factory(Counter)  # event id -> terms stuck on it
    turns: list[int] = attrs.Factory(list)  # per term, in term order
    meters: list[tuple[float, ...]] = attrs.Factory(list)  # per term, in term order
    offered: Counter[str] = attrs.Factory(Counter)  # event -> times offered
    terms_offered: Counter[str] = attrs.Factory(Counter)  # event -> terms it was offered in
    decided: Counter[str] = attrs.Factory(Counter)  # event -> times decided
    chosen: Counter[tuple[str, str]] = attrs.Factory(Counter)  # (event, choice) -> times
    term_endings: list[str | None] = attrs.Factory(list)  # per term, in term order
    term_wars: list[bool] = attrs.Factory(list)  # per term: the war marker happened
    term_phases: list[frozenset[str]] = attrs.Factory(list)  # per term: phases it was in
    reached: Counter[str] = attrs.Factory(Counter)  # phase -> terms that were in it

    def add(self, record: TermRecord) -> None:
        self.runs += 1
        if record.ending is None:
            assert record.stuck_on is not None
            self.stuck[record.stuck_on] += 1
        else:
            self.endings[record.ending] += 1
        self.turns.append(record.turns)
        self.meters.append(record.meters)
        self.offered.update(record.offered)
        self.terms_offered.update(set(record.offered))
        self.decided.update(event for event, _ in record.decisions)
        self.chosen.update(record.decisions)
        self.term_endings.append(record.ending)
        self.term_wars.append(record.war)
        self.term_phases.append(record.phases)
        self.reached.update(record.phases)

    def merge(self, later: Tally) -> None:
        """Append the terms of `later`, which come after this tally's terms."""
        self.runs += later.runs
        self.endings.update(later.endings)
        self.stuck.update(later.stuck)
        self.turns.extend(later.turns)
        self.meters.extend(later.meters)
        self.offered.update(later.offered)
        self.terms_offered.update(later.terms_offered)
        self.decided.update(later.decided)
        self.chosen.update(later.chosen)
        self.term_endings.extend(later.term_endings)
        self.term_wars.extend(later.term_wars)
        self.term_phases.extend(later.term_phases)
        self.reached.update(later.reached)
