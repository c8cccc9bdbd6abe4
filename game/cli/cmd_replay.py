"""`article-five replay FILE...`: print, verify or step through saved sessions.

  replay FILE             the session as a transcript: quarters, events, choices, consequences
  replay FILE --json      the same for machines
  replay FILE... --verify re-simulate against the current content; exit 1 at the first divergence
  replay FILE --tui       step through it in the game (when the TUI is installed)
  replay FILE --whatif    every decision along each road not taken (docs/whatif.md)

A FILE may be a folder: every `*.json` in it but autosaves (name those one by
one), or its autosaves when it holds nothing else. Exit codes: 0 fine, 1 a save
did not load or verify (or the content has errors), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from game.cli.common import UsageError, add_content_option, content_folder, load_or_report
from game.cli.replay_whatif import add_whatif_options, check_whatif_usage, run_whatif
from game.safe_text import clean
from game.saves.format import printable


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "replay",
        help="print, verify (--verify), step through (--tui) or look back on (--whatif) saves",
        description="Print a saved session as a transcript, verify it against the current "
        "content, or step through it in the game.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="a save file, or a folder of them")
    add_content_option(parser)
    parser.add_argument(
        "--verify",
        action="store_true",
        help="re-simulate and check every decision and state digest; exit 1 where one diverges",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--tui", action="store_true", help="step through the session in the game")
    parser.add_argument(
        "--saves", metavar="DIR", help="with --tui: folder for saves made from a branch"
    )
    add_whatif_options(parser)


def save_files(names: list[str]) -> list[Path]:
    """The files named on the command line, folders expanded to their *.json files."""
    files: list[Path] = []
    for name in names:
        path, shown = Path(name), printable(name, 200)
        try:
            if not path.exists():
                raise UsageError(f"{shown}: no such file or folder")
            if path.is_dir():
                saves = sorted(p for p in path.glob("*.json") if p.is_file())
                found = [p for p in saves if _recording(p)] or [
                    p for p in saves if not p.name.startswith(".")
                ]
                if not found:
                    raise UsageError(f"{shown}: no .json saves in this folder")
                files.extend(found)
            else:
                files.append(path)
        except OSError as error:
            raise UsageError(f"{shown}: cannot read: {error.strerror or error}") from None
    return files


def _recording(path: Path) -> bool:
    """A folder's recordings: its manual saves; its autosaves when it holds nothing else
    (what a piped plain game leaves)."""
    return not path.name.startswith(".") and not path.name.startswith("autosave-")


def run(args: argparse.Namespace) -> int:
    if args.tui and (args.verify or args.json):
        raise UsageError("--tui cannot be combined with --verify or --json")
    files = save_files(args.files)
    check_whatif_usage(args, len(files))
    if args.tui and len(files) != 1:
        raise UsageError("--tui steps through one save: give one file")
    content = load_or_report(content_folder(args.content))
    if content is None:
        return 1

    from game.report.after_action import report_lines
    from game.saves import SaveError, load_recording, verify_save
    from game.saves.transcript import transcript_json, transcript_lines

    if args.tui:
        return _tui(content, files[0], args)
    if args.whatif:
        return run_whatif(args, content, files[0])

    results: list[dict[str, Any]] = []
    failed = 0
    for path in files:
        try:
            if args.verify:
                result = verify_save(path, content)
                results.append(result.as_json())
                if not result.ok:
                    failed += 1
                if not args.json:
                    print(clean(result.message), file=sys.stdout if result.ok else sys.stderr)
                continue
            recording = load_recording(path, content)
        except SaveError as error:
            failed += 1
            results.append({"file": str(path), "ok": False, "message": str(error)})
            if not args.json:
                print(f"article-five: error: {error}", file=sys.stderr)
            continue
        r = recording
        if args.json:
            results.append(
                {"ok": True, **transcript_json(r.session, r.record, path, r.fingerprint_matches)}
            )
        else:
            if len(files) > 1 and results:
                print()
            for line in transcript_lines(r.session, r.record, path, r.fingerprint_matches):
                print(line)
            if r.session.state.over:  # the end screen's report, without the simulated ranking
                print()
                for line in report_lines(r.session, None):
                    print(clean(line))
            results.append({"file": str(path), "ok": True})
    if args.json:
        print(json.dumps({"ok": failed == 0, "files": results}, indent=2, ensure_ascii=False))
    elif args.verify and len(files) > 1:
        verified = len(files) - failed
        print(f"{len(files)} saves: {verified} verified, {failed} failed")
    return 1 if failed else 0


def _tui(content: Any, path: Path, args: argparse.Namespace) -> int:
    from game.saves import SaveError, load_save
    from game.tui.replay import run_replay

    try:
        session = load_save(path, content)
    except SaveError as error:
        print(f"article-five: error: {error}", file=sys.stderr)
        return 1
    result: int = run_replay(content, session, args)
    return result
