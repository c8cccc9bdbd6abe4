"""Article Five: a turn-based policy game in the terminal, driven by content packs."""

__version__ = "0.1.0"
