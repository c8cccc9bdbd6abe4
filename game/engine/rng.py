"""Seeded randomness: every draw is a pure function of its coordinates.

A draw is derived from (seed, turn, key, purpose) with SHA-256, then taken
through `random.Random(n).random()` — the one sequence Python promises to keep
stable across versions. No state is carried between draws, so any draw can be
recomputed on its own, in any process, on any machine.
"""

from __future__ import annotations

import hashlib
import random

# The seeds a term accepts, from every front end and in every save: whole numbers,
# 0 or more, of at most SEED_DIGITS digits (a save records them as JSON numbers).
SEED_DIGITS = 40
SEEDS = range(10**SEED_DIGITS)
SEED_RULE = f"a seed is a whole number, 0 or more, of at most {SEED_DIGITS} digits"


def draw(seed: int, turn: int, key: str, purpose: str) -> float:
    """A float in [0, 1) fixed by its coordinates."""
    digest = hashlib.sha256(f"{seed}\x1f{turn}\x1f{key}\x1f{purpose}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big")).random()
