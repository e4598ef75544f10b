"""mkdocs-gen-files script: a thin adapter over ``gdcore.figures.figure_files``.

It writes every figure file of both languages (``NAME.LANG.svg`` and its dark twin
``NAME.dark.LANG.svg``) into MkDocs' virtual docs under ``figures/``; the figures hook
points each page at its language's files. No figure is committed.

gen-files runs this script on every build (once per language, and on every rebuild under
``mkdocs serve``), but imported modules live as long as the process: ``gdcore.reloaded()``
re-imports gdcore so that an edit to it shows without restarting serve. gdcore caches
renders on disk, so an unchanged figure costs a file read. Any problem propagates: the
build fails loudly.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

import mkdocs_gen_files
from mkdocs.exceptions import PluginError

# gdcore is importable from the repository even when it is not pip-installed.
ROOT = Path(mkdocs_gen_files.config.config_file_path).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import gdcore  # noqa: E402

gdcore.reloaded()
figures = importlib.import_module("gdcore.figures")
log = logging.getLogger("mkdocs.gen_figures")

# In a build the figures are already being drawn: scripts/hooks/figures.py started that at
# startup (gdcore.figures.render_ahead), and figure_files waits for it. Anything still
# missing is drawn here, in gdcore's drawing processes (kept for the next rebuild under
# serve).
try:
    files = figures.figure_files(figures.LANGS)
except figures.FigureError as error:
    log.debug("figure failed", exc_info=error)  # the traceback, with --verbose
    raise PluginError(str(error)) from None
for file_name, content in files.items():
    with mkdocs_gen_files.open(f"figures/{file_name}", "wb") as f:
        f.write(content)
