"""Start-up imports: the lazy `game.engine` and `game.saves` facades, and what the title needs."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from tests.hostilekit import ROOT


@pytest.mark.parametrize("package", ["game.engine", "game.saves"])
def test_every_exported_name_is_the_object_its_module_defines(package: str) -> None:
    facade = importlib.import_module(package)
    folder = ROOT.joinpath(*package.split("."))
    modules = [importlib.import_module(f"{package}.{p.stem}") for p in folder.glob("[!_]*.py")]
    assert facade.__all__
    for name in facade.__all__:
        value = getattr(facade, name)
        homes = [m.__name__ for m in modules if getattr(m, name, None) is value]
        assert homes, f"{package}.{name} is defined by none of its modules"


@pytest.mark.parametrize("package", ["game.engine", "game.saves"])
def test_an_unknown_name_is_an_attribute_error(package: str) -> None:
    facade = importlib.import_module(package)
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        facade.nothing_here  # noqa: B018


def test_the_step_function_comes_from_its_module() -> None:
    from game.engine.step import step

    assert callable(step)
    assert "step" not in importlib.import_module("game.engine").__all__


def modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_loading_content_and_the_title_screen_leave_the_step_and_the_store_unimported() -> None:
    loaded = modules_after(
        "from game.cli.common import content_folder\n"
        "from game.content.load import load_content\n"
        "import game.tui.app\n"
        "assert load_content(content_folder(None)).scenario is not None"
    )
    assert "game.tui.screens.title" in loaded
    for later in (
        "game.engine.step",
        "game.engine.session",
        "game.saves.store",
        "game.tui.screens.game",
    ):
        assert later not in loaded, later


def test_a_start_on_content_checked_before_imports_no_loader_before_the_title() -> None:
    loaded = modules_after(
        "import game.cli.main, game.cli.play, game.content.checked, game.tui.app, game.tui.late"
    )
    assert "game.tui.screens.title" in loaded
    # cattrs is no longer on this list: it checks every save, which the title lists (issue 16).
    loader = {"game.content.load", "game.engine.model", "tomli"}
    assert loader.isdisjoint(loaded), sorted(loader & loaded)
