"""Write a synthetic content pack of many events, for timing `check` on a large pack.

    python benchmarks/synth_pack.py OUT_DIR [--events 5000] [--files 50]

The pack is valid (no errors, no warnings): every flag read is set somewhere,
every followup_only event is scheduled, every expression parses. Its shape is
the bundled campaign's, scaled up: events with 60-200 words of text, phase
gates, conditions, computed weights, cooldowns, 2-4 choices with computed
effects, flags, follow-ups, delayed effects and chance outcomes. Its density
is close to the campaign's: per event, about 2.4 KB of TOML and 1.6
expressions to parse (the campaign: 3.2 KB and 2.0). The same arguments
always write the same bytes.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

METERS = ("trust", "unity", "risk", "forces", "budget", "capital")
PHASES = ("calm", "tense", "crisis")
TAGS = ("hawk", "dove", "reassure", "transactional", "domestic")
_WORDS = (
    "alliance border capital brigade council deterrence envoy exercise frontier garrison "
    "harbour intelligence ministry neighbour pledge quarter readiness rotation summit treaty "
    "convoy corridor airspace cable pipeline election budget senate poll minister ambassador "
    "patrol incident warning signal promise guarantee partner winter spring harvest railway"
)
WORDS = tuple(_WORDS.split())

SCENARIO = """\
id = "synthetic"
title = "Synthetic"
description = "A generated pack for benchmarks."
turns = 16
first_year = 2029
events_per_turn = 1
start_phase = "calm"
start = []
{meters}
[[derived]]
id = "index"
label = "Index"
formula = "trust * (0.5 + 0.5 * unity / 100) * (0.6 + 0.4 * forces / 100)"

[[rule]]
id = "drift"
effects = {{ risk = "0.3 * (clamp(60 - index + 8, 0, 100) - risk)" }}
explain = "Risk drifts toward what the index leaves open."

[[rule]]
id = "recover"
effects = {{ capital = "0.08 * (50 - capital)" }}
explain = "Capital drifts back to the middle."

[[phase]]
id = "calm"
label = "Calm"

[[phase]]
id = "tense"
label = "Tense"

[[phase]]
id = "crisis"
label = "Crisis"

[[phase]]
id = "over"
label = "Over"
terminal = true

[[transition]]
from = "calm"
to = "tense"
when = "risk >= 35"
explain = "Risk passed 35."

[[transition]]
from = "tense"
to = "crisis"
when = "risk >= 55"
explain = "Risk passed 55."

[[transition]]
from = "tense"
to = "calm"
when = "risk < 28"
explain = "Risk fell below 28."

[[transition]]
from = "crisis"
to = "tense"
when = "risk < 45"
explain = "Risk fell below 45."

[[transition]]
from = "crisis"
to = "over"
when = "risk >= 95"
explain = "It broke."

[[ending]]
id = "broken"
title = "Broken"
grade = "F"
at = "any"
when = "phase.over or unity <= 5"
epilogue = "It broke."

[[ending]]
id = "held"
title = "Held"
grade = "A"
when = "trust >= 60 and unity >= 55"
epilogue = "It held."

[[ending]]
id = "middling"
title = "Middling"
grade = "C"
epilogue = "It was a term."
"""

METER = """
[[meter]]
id = "{id}"
label = "{label}"
description = "The {id} of the synthetic alliance."
min = 0
max = 100
initial = {initial}
"""


def text(rng: random.Random, words: int) -> str:
    sentences, sentence = [], []
    for _ in range(words):
        sentence.append(rng.choice(WORDS))
        if len(sentence) >= rng.randint(8, 16):
            sentences.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        sentences.append(" ".join(sentence).capitalize() + ".")
    lines, line = [], ""
    for s in sentences:
        if len(line) + len(s) > 76:
            lines.append(line.rstrip())
            line = ""
        line += s + " "
    lines.append(line.rstrip())
    return "\n".join(lines)


def line(rng: random.Random, words: int) -> str:
    """One sentence on one line, for explain and outcome text."""
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def effects(rng: random.Random) -> str:
    parts = []
    for meter in rng.sample(METERS, rng.randint(1, 3)):
        if rng.random() < 0.08:
            other = rng.choice(METERS)
            parts.append(f'{meter} = "-({other} - 50) / {rng.randint(5, 20)}"')
        else:
            parts.append(f"{meter} = {rng.randint(-8, 8) or 1}")
    return "{ " + ", ".join(parts) + " }"


def event(rng: random.Random, i: int, total: int) -> str:
    out = ["[[event]]", f'id = "ev{i:05d}"', f'title = "Event {i}: the {rng.choice(WORDS)}"']
    followup = i % 10 == 9
    if followup:
        out.append("followup_only = true")
    else:
        phases = sorted(rng.sample(PHASES, rng.randint(1, 3)), key=PHASES.index)
        out.append("phases = [" + ", ".join(f'"{p}"' for p in phases) + "]")
        conditions = (
            [f"{rng.choice(METERS)} >= {rng.randint(0, 40) or 1}"] if rng.random() < 0.6 else []
        )
        if i % 10 == 3:
            conditions.append(f"not flag.f{i - 3:05d}")
        if conditions:
            out.append(f'when = "{" and ".join(conditions)}"')
        if rng.random() < 0.2:
            out.append(f'weight = "{rng.randint(2, 12)} + {rng.choice(METERS)} / 20"')
        else:
            out.append(f"weight = {rng.randint(2, 12)}")
        if rng.random() < 0.3:
            out.append("once = true")
        elif rng.random() < 0.5:
            out.append(f"cooldown = {rng.randint(1, 4)}")
    out.append(f'text = """\n{text(rng, rng.randint(100, 200))}"""')
    if rng.random() < 0.6:
        out.append(f'briefing = """\n{text(rng, 40)}"""')
        out.append('sources = ["The Synthetic Almanac (2029)"]')
    for c in range(rng.randint(2, 4)):
        label = f"Choice {c}: {rng.choice(WORDS)}"
        out += ["", "[[event.choice]]", f'id = "c{c}"', f'label = "{label}"']
        out.append(f'tags = ["{TAGS[(i + c) % len(TAGS)]}"]')
        if c == 1 and rng.random() < 0.2:
            out.append(f'when = "capital >= {rng.randint(10, 30)}"')
            out.append('unavailable = "Not enough capital."')
        out.append(f"effects = {effects(rng)}")
        out.append(f'explain = "{line(rng, 12)}"')
        if c == 0 and i % 10 == 0:
            out.append(f'set = ["f{i:05d}"]')
        if c == 1 and i % 10 == 8 and i + 1 < total:
            out.append(f'follow = [{{ event = "ev{i + 1:05d}", after = {rng.randint(1, 3)} }}]')
        if c == 2 and rng.random() < 0.5:
            out.append(
                f"later = [{{ after = {rng.randint(1, 4)}, effects = {effects(rng)}, "
                f'explain = "{line(rng, 8)}" }}]'
            )
        if c == 0 and rng.random() < 0.4:
            out += [
                "",
                "[[event.choice.chance]]",
                'id = "mishap"',
                f"p = {rng.randint(5, 40) / 100}",
                f'text = "{line(rng, 10)}"',
                f"effects = {effects(rng)}",
            ]
    return "\n".join(out) + "\n"


def write_pack(folder: Path, events: int = 5000, files: int = 50, seed: int = 5) -> list[Path]:
    """Write the pack into `folder`; returns its TOML files (scenario first)."""
    rng = random.Random(seed)
    (folder / "events").mkdir(parents=True, exist_ok=True)
    meters = "".join(
        METER.format(id=m, label=m.title(), initial=rng.randint(20, 60)) for m in METERS
    )
    written = [folder / "scenario.toml"]
    written[0].write_text(SCENARIO.format(meters=meters), encoding="utf-8")
    per_file = -(-events // files)
    for f in range(files):
        ids = range(f * per_file, min((f + 1) * per_file, events))
        if not ids:
            break
        path = folder / "events" / f"arc{f:03d}.toml"
        body = f'arc = "arc{f:03d}"\n\n' + "\n".join(event(rng, i, events) for i in ids)
        path.write_text(body, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (created if needed)")
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--files", type=int, default=50)
    args = parser.parse_args(argv)
    if args.events < 1 or args.files < 1:
        parser.error("--events and --files must be positive")
    files = write_pack(args.out, args.events, args.files)
    size = sum(f.stat().st_size for f in files)
    print(f"wrote {args.events} events in {len(files)} files ({size / 1e6:.1f} MB) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
