"""`article-five replay FILE --tui`: open a loaded save straight into the replay screen."""

from __future__ import annotations

import argparse

from game.content.load import Content
from game.engine.session import Session
from game.saves import SaveError, saves_folder
from game.tui.app import ArticleFiveApp, run


def run_replay(content: Content, session: Session, args: argparse.Namespace) -> int:
    """Step through `session`; Esc leaves for the title screen, where play can go on."""
    try:
        folder = saves_folder(getattr(args, "saves", None))
    except SaveError as error:
        print(f"article-five: error: {error}")
        return 1
    files = getattr(args, "files", None) or []
    name = str(files[0]) if files else f"a saved {session.scenario.words.term}"
    app = ArticleFiveApp(
        content, saves=folder, seed=getattr(args, "seed", None), replay=(session, name)
    )
    return run(app)
