"""The engine stays pure: no global random, nothing that opens files or runs data."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

ENGINE = ROOT / "game" / "engine"


def test_check_does_not_import_textual() -> None:
    code = (
        "import sys; from game.cli.main import main\n"
        "try: main(['check', '--content', 'tests/packs/harbour'])\n"
        "finally: print(sorted(m for m in sys.modules if m.startswith('textual')), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stderr.strip().splitlines()[-1] == "[]"


# What the engine imports is an import-linter contract (pyproject.toml, run by
# `lint-imports`); this checks the calls a contract cannot see.
FORBIDDEN = re.compile(
    r"\brandom\.(random|randint|choice|seed|shuffle|uniform)\("
    # builtins only: a method called `eval` or `re.compile` is fine
    r"|(?<!def )(?<![\w.])(open|eval|exec|compile|__import__)\("
)


def test_engine_source_has_no_io_no_global_random_no_eval() -> None:
    offenders = []
    for path in sorted(ENGINE.glob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if FORBIDDEN.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []
