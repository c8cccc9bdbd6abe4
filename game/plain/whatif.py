"""`whatif` at the end of a plain term: where the other choices would have led.

After the ending, the plain game waits for one more word: `whatif` prints the
report of `replay FILE --whatif` (game/sim/whatif_text.py) for the term just
played, as plain sentences; Enter, `quit` or end of input finish. The result
is cached beside the term's autosave, as the command line's is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from game.sim.runner import default_jobs
from game.sim.whatif import DEFAULT_RUNS, DEFAULT_SEED, DEFAULT_STRATEGY
from game.sim.whatif_cache import cached_what_if
from game.sim.whatif_text import render_lines
from game.words import worded

if TYPE_CHECKING:
    from game.plain.run import PlainGame

OFFER = (
    "Type whatif to see, for every decision, where the other choices would have led; "
    "press Enter or type quit to finish."
)
OVER = "The {term} is over. "
NOTHING = "No decision was made this {term}: there is nothing to look back on."
FINISH = ("", "quit", "exit", "q")


def after_term(game: PlainGame) -> None:
    """Offer `whatif` until the player finishes (Enter, quit, end of input).

    A line that is not `whatif` is answered with the offer once and later ones are
    passed over, so that a script with moves left over does not repeat the offer
    for each of them."""
    game.say("", OFFER)
    reminded = False
    while True:
        line = game.read()
        if line is None or line.strip().lower() in FINISH:
            return
        if line.strip().lower().replace(" ", "").replace("?", "") != "whatif":
            if not reminded:
                game.say(worded(OVER, game.scenario.words) + OFFER)
                reminded = True
            continue
        reminded = False
        try:
            game.say(*whatif_lines(game, game.last_save))
        except KeyboardInterrupt:
            game.say("What if? stopped.")
        game.say("", OFFER)


def whatif_lines(game: PlainGame, save: Path | None) -> list[str]:
    session, content = game.session, game.content
    assert content.scenario is not None
    if not session.state.decisions:
        return [worded(NOTHING, content.scenario.words)]
    game.say(
        f"Playing every decision on {DEFAULT_RUNS} times along each of its choices "
        f"({DEFAULT_STRATEGY} play); this takes a few seconds."
    )
    runs, strategy, seed, jobs = DEFAULT_RUNS, DEFAULT_STRATEGY, DEFAULT_SEED, default_jobs()
    result, _ = cached_what_if(
        content, session, save, runs=runs, strategy=strategy, seed=seed, jobs=jobs
    )
    return ["", *render_lines(result, content.scenario)]
