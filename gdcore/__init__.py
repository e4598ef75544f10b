"""gdcore: gradient descent on one parameter, and the lecture's figures drawn from it.

Modules, one concern each: ``costs`` (J and J'), ``descent`` (the iterates),
``scenarios`` (the lecture's figures as data), ``text`` (words and numbers per
language), ``figures`` (matplotlib → SVG, with a cache) and ``cli``
(``python -m gdcore``). Nothing here imports MkDocs.
"""

import importlib
import sys
from types import ModuleType

from gdcore.costs import LECTURE_COST, WAVY_COST, Cost, from_functions, quadratic, squared_error
from gdcore.descent import Run, Status, descend

__all__ = [
    "LECTURE_COST",
    "WAVY_COST",
    "Cost",
    "Run",
    "Status",
    "descend",
    "from_functions",
    "quadratic",
    "reloaded",
    "squared_error",
]


def reloaded() -> ModuleType:
    """gdcore imported afresh from its source files, submodules included.

    For long-running hosts such as ``mkdocs serve``, which keep imported modules
    for the life of the process: calling this on every build makes edits to
    gdcore show without a restart.
    """
    for name in [n for n in sys.modules if n == "gdcore" or n.startswith("gdcore.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    return importlib.import_module("gdcore")
