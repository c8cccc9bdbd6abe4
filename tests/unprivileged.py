"""Run the game in a fresh process, and where file permissions stop it even as root.

`python_game` runs `python -m game`. Root reads a file of mode 000, so a
permission test run as root (as CI does) would prove nothing: `unprivileged_game`
runs the same, under `setpriv` without the two capabilities that let root ignore
permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH). It stays root otherwise,
and so still reaches the interpreter and the project wherever they are.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.hostilekit import ROOT

DROP_PERMISSION_OVERRIDE = (
    ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]
    if os.geteuid() == 0
    else []
)


def unprivileged_game(*argv: str) -> subprocess.CompletedProcess[str]:
    """`python -m game ARGV`, bound by file permissions: exit code and output."""
    return python_game(*argv, prefix=DROP_PERMISSION_OVERRIDE)


def python_game(
    *argv: str, stdin: str = "", prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m game ARGV` in a fresh process (after `prefix`, a command that runs it)."""
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "game", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
