"""Widgets of the game, one per module; each renders engine values and decides nothing."""
