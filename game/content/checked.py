"""Content checked clean before, remembered so that the title can come first.

Loading and checking the bundled campaign is most of the game's start-up
(cattrs, the schema and the engine to import, then parse, structure, compile
and cross-check: ~60 ms). Once a content folder has loaded without errors,
`remember` notes its fingerprint (`game.content.files`) with the three lines
the title screen shows. On the next start, if `recall` finds the same files
checked by the same code, the title is drawn at once and the content is
loaded just after that first frame (`game.tui.late`). Anything else (a new
pack, one byte changed, an edited game module, another Python, a library
installed) is loaded and checked before the UI starts, so bad content still
prints its report and never opens the UI.

The memory is a cache in the user's cache folder: missing, unreadable,
corrupt or unwritable, it is ignored and nothing else changes. It holds
fingerprints and title text, never anything that runs.
"""

from __future__ import annotations

import json
import os
import site
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from game.content.files import MAX_FILE_BYTES, content_files, fingerprint, relative_name

if TYPE_CHECKING:
    from game.content.load import Content

APP_NAME = "article-five"
CACHE_NAME = "checked-content.json"
FORMAT = 1
KEEP = 8  # content folders remembered (the most recent)
_CODE = Path(__file__).resolve().parent.parent  # the game package
_CHECKER = ("content", "engine")  # the code whose verdict is remembered


class TitleText(NamedTuple):
    """What the title screen shows of the content before it is loaded."""

    title: str
    subtitle: str
    description: str


class Recalled(NamedTuple):
    fingerprint: str
    text: TitleText


def cache_file() -> Path:
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / CACHE_NAME


def code_version() -> str:
    """Changes whenever the code that checks content may have: a module of the loader or
    the engine (its size and time, as Python checks a .pyc), Python itself, or the
    installed libraries (tomli, cattrs, attrs: any install changes its site folder's time)."""
    stamps = [sys.version]
    for part in _CHECKER:
        for module in sorted((_CODE / part).glob("*.py")):
            stat = module.stat()
            stamps.append(f"{part}/{module.name}:{stat.st_size}:{stat.st_mtime_ns}")
    for folder in (*site.getsitepackages(), site.getusersitepackages()):
        if os.path.isdir(folder):
            stamps.append(f"{folder}:{os.stat(folder).st_mtime_ns}")
    return fingerprint([("code", "\n".join(stamps).encode())])


def folder_fingerprint(folder: Path) -> str | None:
    """The fingerprint `load_content` would give `folder`, or None if a file cannot be read."""
    read = []
    try:
        for file in content_files(folder):
            if file.stat().st_size > MAX_FILE_BYTES:
                return None
            read.append((relative_name(folder, file), file.read_bytes()))
    except (OSError, ValueError):
        return None
    return fingerprint(read)


def recall(folder: Path) -> Recalled | None:
    """`folder`'s title text if exactly these files were checked clean by this code, else None."""
    try:
        entries = _read_entries(cache_file())
        if not entries:
            return None
        version = code_version()
        found = folder_fingerprint(folder)
    except OSError:
        return None
    for entry in entries:
        if entry["fingerprint"] == found and entry["code"] == version:
            text = TitleText(entry["title"], entry["subtitle"], entry["description"])
            return Recalled(found, text)
    return None


def remember(content: Content) -> None:
    """Note that `content` loaded without errors (a no-op for content with errors)."""
    scenario = content.scenario
    if scenario is None:
        return
    try:
        path = cache_file()
        entry = {
            "fingerprint": content.fingerprint,
            "code": code_version(),
            "title": scenario.title,
            "subtitle": scenario.subtitle,
            "description": scenario.description,
        }
        older = [e for e in _read_entries(path) if e["fingerprint"] != content.fingerprint]
        document = {"format": FORMAT, "checked": [entry, *older][:KEEP]}
        path.parent.mkdir(parents=True, exist_ok=True)
        # Replaced whole, so a reader never sees half a file; not synced to disk:
        # a cache lost in a power cut only means one slower start.
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            temp.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)
    except OSError:
        return  # a cache that cannot be written only means a slower next start


_FIELDS = ("fingerprint", "code", "title", "subtitle", "description")


def _read_entries(path: Path) -> list[dict[str, str]]:
    """The remembered entries; [] for a missing, unreadable or foreign file."""
    try:
        if os.path.getsize(path) > 1024 * 1024:
            return []
        document = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return []
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return []
    entries = document.get("checked")
    if not isinstance(entries, list):
        return []
    return [
        e
        for e in entries
        if isinstance(e, dict) and all(isinstance(e.get(field), str) for field in _FIELDS)
    ]
