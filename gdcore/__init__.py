"""gdcore: gradient descent on one parameter, and the lecture's figures drawn from it.

Modules, one concern each, in the order a figure goes through them: ``costs`` (J and
J'), ``descent`` (the iterates), ``scenarios`` (the lecture's figures as data), ``text``
(words and numbers per language), ``spec`` (a scenario resolved in one language),
``style``, ``draw`` and ``layout`` (matplotlib and its checks), ``svgfile`` (the finished
SVG), ``cache``, ``render`` (files, in parallel); ``figures`` gathers the public entry
points, ``widgets`` feeds the site's explorer and stepper, ``cli`` is ``python -m
gdcore``. Nothing here imports MkDocs.
"""

import hashlib
import importlib
import sys
from pathlib import Path
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
    "source_digest",
    "squared_error",
]


def source_digest() -> str:
    """SHA-256 of gdcore's own source files: what a figure or a page built from it depends on."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


# The sources this import was made from: reloaded() re-imports only when they changed.
_LOADED_FROM = source_digest()


def reloaded() -> ModuleType:
    """gdcore as its source files are now: re-imported, submodules included, if they
    changed since it was imported, else the modules already loaded.

    For long-running hosts such as ``mkdocs serve``, which keep imported modules
    for the life of the process: calling this on every build makes edits to
    gdcore show without a restart.
    """
    current = sys.modules.get("gdcore")
    if current is not None and source_digest() == current._LOADED_FROM:
        return current  # nothing edited: the modules in memory are the sources on disk
    # The drawing processes outlive this import: the next one reuses them if their code
    # is unchanged (gdcore.workers.take_over), else stops them.
    old_workers = sys.modules.get("gdcore.workers")
    running = old_workers.hand_over() if old_workers is not None else None
    for name in [n for n in sys.modules if n == "gdcore" or n.startswith("gdcore.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    fresh = importlib.import_module("gdcore")
    if running is not None:
        importlib.import_module("gdcore.workers").take_over(running)
    return fresh
