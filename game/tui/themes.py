"""The game's themes: a dark one (the default), a light one and a high-contrast one.

Every colour on screen comes from a theme variable ($success, $error, $accent…),
so a theme changes the whole game; the phase colours are derived from them too.
"""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="article-five",
    primary="#4f8fd8",
    secondary="#2c5a8c",
    accent="#e8b64c",
    warning="#f0a030",
    error="#e05561",
    success="#4fbf7f",
    foreground="#dde3ea",
    background="#0f1722",
    surface="#162130",
    panel="#1d2b3d",
    dark=True,
)

LIGHT = Theme(
    name="article-five-light",
    primary="#1f5fa8",
    secondary="#5d7fa6",
    accent="#9a5b00",
    warning="#b35c00",
    error="#b3261e",
    success="#1e7a3f",
    foreground="#1b2430",
    background="#f6f3ea",
    surface="#ece7da",
    panel="#e0d9c7",
    dark=False,
)

CONTRAST = Theme(
    name="article-five-contrast",
    primary="#00aaff",
    secondary="#ffffff",
    accent="#ffff00",
    warning="#ffaa00",
    error="#ff5555",
    success="#00ff66",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    boost="#222222",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)

THEMES = (DARK, LIGHT, CONTRAST)
DEFAULT_THEME = DARK.name
