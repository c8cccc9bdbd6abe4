"""Package facades that import their modules on first use (PEP 562).

`game.engine` and `game.saves` export their public names from one place, but
importing every module behind them costs the game's start-up: the title
screen needs only the scenario model and the saves folder, not the step
function or the save store. A facade built here maps each exported name to
its module and imports that module when the name is first read.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(
    package: str, namespace: dict[str, object], homes: Mapping[str, str]
) -> Callable[[str], object]:
    """A module `__getattr__` for `package` (whose globals are `namespace`): `homes`
    maps each exported name to the submodule that defines it."""

    def __getattr__(name: str) -> object:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        namespace[name] = value  # later reads skip this function
        return value

    return __getattr__
