"""gdcore: gradient descent, and figures of it drawn from the computation itself.

The engine of the course-notes site, usable on its own: it never imports MkDocs and names
no lecture. A lecture is content (a folder with ``lecture.yml``, read by
``gdcore.lecture.load_lecture``); gdcore computes what it declares and draws it.

Modules, lowest first (a module imports only those before it; tests/unit checks it):
``costs`` (J and its gradient), ``descent`` (the iterates), ``numbers`` (numbers written for
readers), ``words`` (a language's generic words), ``expressions`` (the declarations'
arithmetic), ``style`` (palette, fonts), ``facts`` (the numbers prose may state), ``spec``
(a resolved figure), ``kinds`` (one module per kind of figure), ``lecture`` (a lecture's
declarations loaded and checked), ``widgets``, ``draw`` and ``layout`` (matplotlib and its
checks), ``svgfile`` (the finished SVG), ``cache``, ``workers``, ``render`` (files, in
parallel), ``cli`` (``python -m gdcore``).
"""

import hashlib
import importlib
import sys
from pathlib import Path
from types import ModuleType

from gdcore.costs import Cost, double_well, from_functions, quadratic, squared_error
from gdcore.descent import Run, Status, descend

__all__ = [
    "Cost",
    "Run",
    "Status",
    "descend",
    "double_well",
    "from_functions",
    "quadratic",
    "reloaded",
    "source_digest",
    "squared_error",
]

HERE = Path(__file__).resolve().parent


def source_digest() -> str:
    """SHA-256 of gdcore's own source files: what a figure or a page built from it depends on."""
    h = hashlib.sha256()
    for path in sorted(HERE.rglob("*.py")):
        h.update(path.relative_to(HERE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
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
