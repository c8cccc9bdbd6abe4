"""Regenerate the example saves, on purpose, after the content changed.

    PYTHONPATH=. python saves/regenerate.py            # both sets
    PYTHONPATH=. python saves/regenerate.py --campaign # saves/example-*.json only
    PYTHONPATH=. python saves/regenerate.py --harbour  # tests/saves/*.json only

`saves/example-*.json` are full terms of the bundled campaign, one per ending
that simple persona players reach (a tagged choice preferred, ties broken by
a hash of the seed): up to six endings, spread from the best grade to the
worst. `tests/saves/` holds the harbour-pack recordings the tests replay,
including one in the old version 1 format for the migration test.

Timestamps are fixed, so regenerating unchanged content changes no byte. Run
`article-five replay saves --verify` first: a recording that still verifies
needs no regeneration, and one that does not should be looked at before it
is replaced.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.content.load import Content, load_content  # noqa: E402
from game.engine import Session, options  # noqa: E402
from game.saves.format import FORMAT  # noqa: E402
from game.saves.store import record_of, write_record  # noqa: E402

CAMPAIGN = ROOT / "content"
HARBOUR = ROOT / "tests" / "packs" / "harbour"
EXAMPLES = ROOT / "saves"
TEST_SAVES = ROOT / "tests" / "saves"
WHEN = datetime(2029, 1, 20, 17, 0, tzinfo=UTC)
PERSONAS = ("reassure", "transactional", "dove", "hawk", "any")
MAX_EXAMPLES = 6
SEEDS = 150


def play(content: Content, seed: int, persona: str, stop_after: int | None = None) -> Session:
    """A deterministic player: a choice tagged `persona` if one is available, else any."""
    assert content.scenario is not None
    session = Session.start(content.scenario, seed)
    while not session.state.over and (stop_after is None or len(session.steps) - 1 < stop_after):
        available = [o.choice for o in options(content.scenario, session.state) if o.available]
        tagged = [c for c in available if persona in c.tags] or available
        key = f"{seed}:{persona}:{len(session.steps)}".encode()
        pick = int.from_bytes(hashlib.sha256(key).digest()[:4], "big") % len(tagged)
        session = session.choose(tagged[pick].id)
    return session


def campaign() -> None:
    content = _load(CAMPAIGN)
    assert content.scenario is not None
    found: dict[str, tuple[str, int, Session]] = {}
    for seed in range(1, SEEDS + 1):
        for persona in PERSONAS:
            session = play(content, seed, persona)
            ending = session.state.ending
            if ending is not None and ending not in found:
                found[ending] = (persona, seed, session)
    for old in EXAMPLES.glob("example-*.json"):
        old.unlink()
    # From the best grade to the worst, evenly spread: the best and the worst are always in.
    ranked = sorted((e for e in content.scenario.endings if e.id in found), key=lambda e: e.grade)
    count = min(MAX_EXAMPLES, len(ranked))
    spread = sorted({round(i * (len(ranked) - 1) / max(1, count - 1)) for i in range(count)})
    for ending_id in [ranked[i].id for i in spread]:
        persona, seed, session = found[ending_id]
        title = content.scenario.ending_by_id[ending_id].title
        label = f"Example: a {persona} player, seed {seed}: {title}"
        if persona == "any":
            label = f"Example: a player with no persona, seed {seed}: {title}"
        path = EXAMPLES / f"example-{ending_id.replace('_', '-')}.json"
        write_record(path, record_of(session, content, label, now=WHEN))
        print(f"{path.relative_to(ROOT)}: {len(session.steps) - 1} decisions, {title}")


def harbour() -> None:
    content = _load(HARBOUR)
    TEST_SAVES.mkdir(exist_ok=True)
    written = {
        "harbour-greedy.json": play(content, 7, "greedy"),
        "harbour-careful.json": play(content, 11, "careful"),
        "harbour-midseason.json": play(content, 3, "greedy", stop_after=3),
    }
    for name, session in written.items():
        label = f"Harbour test recording: {name[len('harbour-') : -len('.json')]}"
        write_record(TEST_SAVES / name, record_of(session, content, label, now=WHEN))
        print(f"{(TEST_SAVES / name).relative_to(ROOT)}: {len(session.steps) - 1} decisions")
    # The same careful season in format version 1, for the migration test.
    record = record_of(written["harbour-careful.json"], content, "written in version 1", now=WHEN)
    v1 = {
        "format": FORMAT,
        "version": 1,
        "content_id": record.content_id,
        "fingerprint": record.fingerprint,
        "seed": record.seed,
        "label": record.label,
        "saved_at": record.saved_at,
        "decisions": [[d.turn, d.event, d.choice, d.digest] for d in record.decisions],
    }
    path = TEST_SAVES / "harbour-v1.json"
    path.write_text(json.dumps(v1, indent=2) + "\n")
    print(f"{path.relative_to(ROOT)}: version 1")


def _load(folder: Path) -> Content:
    content = load_content(folder)
    if content.scenario is None:
        for problem in content.errors:
            print(problem.render(), file=sys.stderr)
        raise SystemExit(f"{folder}: the content has errors; fix them first")
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaign", action="store_true", help="only saves/example-*.json")
    parser.add_argument("--harbour", action="store_true", help="only tests/saves/*.json")
    args = parser.parse_args()
    both = not (args.campaign or args.harbour)
    if args.harbour or both:
        harbour()
    if args.campaign or both:
        campaign()


if __name__ == "__main__":
    main()
