"""The player's settings that outlive a run (the theme), in the user's config folder.

A small JSON file (e.g. ~/.config/article-five/settings.json). A file that
cannot be read or is not what it should be is reported once and left alone
until the next change writes it again: settings never stop the game.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs

from game.atomic import atomic_write

APP_NAME = "article-five"


@attrs.frozen
class Settings:
    theme: str | None = None


def settings_file() -> Path:
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "settings.json"


def load_settings(path: Path) -> tuple[Settings, str]:
    """The settings in `path` (defaults when it does not exist), and a problem to report or ""."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), ""
    except (OSError, UnicodeDecodeError) as error:
        return Settings(), f"{path}: cannot be read ({error}); using the defaults"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return (
            Settings(),
            f"{path}: line {error.lineno}: not JSON ({error.msg}); using the defaults",
        )
    if not isinstance(data, dict):
        return Settings(), f"{path}: not a JSON object; using the defaults"
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        return Settings(), f"{path}: key 'theme': not a string; using the default theme"
    return Settings(theme=theme), ""


def save_settings(path: Path, settings: Settings) -> None:
    """Write `settings` to `path` whole (a temporary file renamed over it); OSError on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, (json.dumps(attrs.asdict(settings), indent=2) + "\n").encode())
