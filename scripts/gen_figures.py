"""mkdocs-gen-files script: a thin adapter over ``gdcore.figures`` (``render``).

It renders every figure in both languages into a temporary directory and writes each file
into MkDocs' virtual docs as ``figures/NAME.LANG.svg``. mkdocs-static-i18n then picks the
page language's file when the Markdown says ``figures/NAME.svg``. No figure is committed.

gen-files runs this script with ``runpy`` on every build (once per language, and again on
every rebuild under ``mkdocs serve``), but modules it imports stay in ``sys.modules`` for the
life of the process. So ``gdcore`` and its submodules are dropped before importing them:
an edit to gdcore/ shows on the next serve rebuild without a restart. (Heavy third-party
modules such as matplotlib stay cached.) gdcore caches renders on disk, so this is cheap.

Any problem in gdcore propagates: the build fails loudly.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from pathlib import Path

import mkdocs_gen_files


def repo_root() -> Path:
    """The directory of mkdocs.yml (this script's parent's parent outside a build)."""
    try:
        config_file = mkdocs_gen_files.config.config_file_path
    except Exception:  # not run by gen-files
        config_file = None
    if config_file:
        return Path(config_file).resolve().parent
    return Path(__file__).resolve().parent.parent


def fresh_gdcore_figures(root: Path):
    """Import gdcore.figures from ``root``, dropping any gdcore module imported before."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    for name in [n for n in sys.modules if n == "gdcore" or n.startswith("gdcore.")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    return importlib.import_module("gdcore.figures")


def main() -> None:
    figures = fresh_gdcore_figures(repo_root())
    with tempfile.TemporaryDirectory(prefix="gd-figures-") as tmp:
        # Draws the languages in parallel (forked processes) when the cache is cold and
        # this process runs a single thread (a build; under serve it draws in-process).
        for path in figures.render_all(tmp, figures.LANGS):
            with mkdocs_gen_files.open(f"figures/{path.name}", "wb") as f:
                f.write(path.read_bytes())


main()
