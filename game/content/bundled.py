"""Where the bundled campaign lives: `content/` in a checkout, inside the package in a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_content() -> Path:
    checkout = _PACKAGE.parent / "content"
    if (checkout / "scenario.toml").is_file():
        return checkout
    return _PACKAGE / "_bundled_content"
