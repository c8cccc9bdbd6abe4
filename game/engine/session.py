"""A session is a seed and a list of decisions; every state is re-derived from them.

Undo drops the last step; replay folds `step` over recorded choices. Saves,
replay and branching are all built on this.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from game.engine.model import Scenario
from game.engine.state import State
from game.engine.step import Step, new_game, step


@attrs.frozen
class Session:
    scenario: Scenario = attrs.field(eq=False, repr=False)
    seed: int
    steps: tuple[Step, ...]  # steps[0] opens the term; steps[i] follows decision i

    @classmethod
    def start(cls, scenario: Scenario, seed: int) -> Session:
        return cls(scenario, seed, (new_game(scenario, seed),))

    @classmethod
    def replay(cls, scenario: Scenario, seed: int, choices: Iterable[str]) -> Session:
        """Re-derive a session from its choices; raises IllegalMove where one is not offered."""
        session = cls.start(scenario, seed)
        for choice in choices:
            session = session.choose(choice)
        return session

    @property
    def state(self) -> State:
        return self.steps[-1].state

    @property
    def can_undo(self) -> bool:
        return len(self.steps) > 1

    def choose(self, choice_id: str) -> Session:
        return attrs.evolve(self, steps=(*self.steps, step(self.scenario, self.state, choice_id)))

    def undo(self) -> Session:
        """Take back the last decision (no-op at the start of the term)."""
        return attrs.evolve(self, steps=self.steps[:-1]) if self.can_undo else self

    def branch(self, decisions: int) -> Session:
        """The session as it stood after its first `decisions` decisions."""
        return attrs.evolve(self, steps=self.steps[: decisions + 1])
