"""Nothing runs from data: the package has no eval, exec, pickle, yaml.load or dynamic import.

Two independent checks of every module under game/: a plain text grep (with
comments and strings removed, so prose may talk about eval) and a walk of
the syntax tree, which also catches `from pickle import loads` or
`builtins.eval`. The one dynamic import allowed is the command line's:
`importlib.import_module` in game/cli/main.py, on "game.cli.cmd_" + a name
from the literal COMMANDS tuple; a spy proves it is never called on anything
else, whatever the command line says.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import re
import tokenize
from pathlib import Path

import pytest

from tests.hostilekit import ROOT

PACKAGE = ROOT / "game"
SOURCES = sorted(PACKAGE.rglob("*.py"))
MAIN = PACKAGE / "cli" / "main.py"

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint"}
FORBIDDEN_MODULES = {
    "pickle",
    "cPickle",
    "_pickle",
    "dill",
    "cloudpickle",
    "marshal",
    "shelve",
    "yaml",
    "ruamel",
    "jsonpickle",
    "runpy",
    "code",
    "codeop",
    "ctypes",
    "subprocess",
    "importlib",
}
FORBIDDEN_ATTRIBUTES = {
    ("os", "system"),
    ("os", "popen"),
    ("os", "execv"),
    ("os", "execve"),
    ("os", "execvp"),
    ("os", "spawnv"),
    ("os", "startfile"),
    ("yaml", "load"),
    ("yaml", "unsafe_load"),
    ("pickle", "load"),
    ("pickle", "loads"),
    ("builtins", "eval"),
    ("builtins", "exec"),
}
# Dynamic imports allowed, by file: (file, how the module name is given).
ALLOWED_IMPORTS = {
    # the subcommand modules, by name from the literal COMMANDS tuple (checked below)
    ("game/cli/main.py", "f'game.cli.cmd_{name}'"),
    ("game/cli/main.py", "f'game.cli.cmd_{args.command}'"),
}


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def code_only(path: Path) -> str:
    """The module's source with comments and string literals blanked out."""
    prose = {tokenize.COMMENT, tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", -1)}
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
    code = " ".join(token.string for token in tokens if token.type not in prose)
    return re.sub(r"\s*\.\s*", ".", code)  # "re . compile" as written: re.compile


GREP = re.compile(
    r"(?<![\w.])(eval|exec|compile|__import__)\s*\(|\b(pickle|marshal|shelve|dill|importlib"
    r"|subprocess)\b|yaml\s*\.\s*(load|unsafe_load)|os\s*\.\s*(system|popen)|shell\s*=\s*True"
)


def test_the_package_has_modules_to_check() -> None:
    assert len(SOURCES) > 30 and MAIN in SOURCES


def test_grep_finds_nothing_that_runs_data() -> None:
    found = []
    for path in SOURCES:
        code = code_only(path)
        for match in GREP.finditer(code):
            found.append(f"{relative(path)}: {match.group(0)}")
    allowed = {"game/cli/main.py: importlib"}
    assert sorted(set(found) - allowed) == []


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return "?"


def test_the_syntax_tree_has_no_dangerous_calls_or_imports() -> None:
    found: list[str] = []
    imports: list[tuple[str, str]] = []
    for path in SOURCES:
        name = relative(path)
        for node in ast.walk(ast.parse(path.read_text(), name)):
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                for module in modules:
                    allowed = module == "importlib" and name in {f for f, _ in ALLOWED_IMPORTS}
                    if module.split(".")[0] in FORBIDDEN_MODULES and not allowed:
                        found.append(f"{name}:{node.lineno}: import {module}")
            elif isinstance(node, ast.Call):
                func = dotted(node.func)
                if isinstance(node.func, ast.Name) and func in FORBIDDEN_CALLS:
                    found.append(f"{name}:{node.lineno}: {func}()")
                parts = tuple(func.split(".")[-2:])
                if len(parts) == 2 and parts in FORBIDDEN_ATTRIBUTES:
                    found.append(f"{name}:{node.lineno}: {func}()")
                if any(k.arg == "shell" for k in node.keywords):
                    found.append(f"{name}:{node.lineno}: {func}(shell=...)")
                if func.endswith("import_module"):
                    imports.append((name, ast.unparse(node.args[0]) if node.args else "?"))
    assert found == []
    assert set(imports) <= ALLOWED_IMPORTS, sorted(set(imports) - ALLOWED_IMPORTS)


def test_the_subcommand_names_are_a_literal_tuple_of_plain_words() -> None:
    tree = ast.parse(MAIN.read_text())
    (assign,) = [
        n
        for n in tree.body
        if isinstance(n, ast.Assign) and any(dotted(t) == "COMMANDS" for t in n.targets)
    ]
    names = ast.literal_eval(assign.value)
    assert isinstance(names, tuple) and names
    assert all(re.fullmatch(r"[a-z]+", n) for n in names), names

    from game.cli.main import COMMANDS

    assert names == COMMANDS


@pytest.mark.parametrize(
    "argv",
    [
        ["os"],
        ["../../etc/passwd"],
        ["check;rm"],
        ["main"],
        ["common"],
        ["__init__"],
        ["cmd_check"],
        ["check", "--content", "game.cli.cmd_os"],
        ["CHECK"],
        ["check\x00"],
        ["--help"],
        ["check", "--help"],
    ],
    ids=repr,
)
def test_main_imports_only_the_listed_subcommands(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.cli import main as cli

    imported: list[str] = []
    real = importlib.import_module

    def spy(name: str, package: str | None = None) -> object:
        imported.append(name)
        return real(name, package)

    monkeypatch.setattr("game.cli.main.importlib.import_module", spy)
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
        contextlib.suppress(SystemExit),
    ):
        cli.main(argv)
    allowed = {f"game.cli.cmd_{name}" for name in cli.COMMANDS}
    assert imported and set(imported) <= allowed, imported
