"""Run the game where file permissions stop it, even when the tests run as root.

Root reads a file of mode 000, so a permission test run as root (as CI does)
would prove nothing. `unprivileged_game` runs `python -m game` in a subprocess;
as root, under `setpriv` without the two capabilities that let root ignore
permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH). It stays root otherwise,
so it still reaches the interpreter and the project wherever they are.
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
    return subprocess.run(
        [*DROP_PERMISSION_OVERRIDE, sys.executable, "-m", "game", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
