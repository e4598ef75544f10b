"""MkDocs hook: self-hosted MathJax 3, loaded only by pages that contain maths.

* ``on_post_page``: a page whose HTML holds ``class="arithmatex"`` (pymdownx.arithmatex,
  generic mode) gets ``<script defer src=".../assets/mathjax/tex-chtml.js">`` before
  ``</body>``, with a URL relative to the page (works from /, /en/ and nested pages). Its
  configuration, docs/javascripts/mathjax.js, is in ``extra_javascript`` and so comes earlier.
* ``on_post_build``: copies the minimal working set of MathJax's es5 build from the installed
  ``django-static-mathjax`` package (Python package ``mathjax``, files under
  ``mathjax/static/mathjax/es5/``) into ``SITE/assets/mathjax/``:

  - ``tex-chtml.js``: TeX input + CommonHTML output, with loader, startup, menu and
    assistive MathML bundled in;
  - ``output/chtml/fonts/woff-v2/``: the fonts, which CHTML loads relative to the script;
  - ``input/tex/extensions/``: the TeX extensions ``autoload`` fetches on first use
    (``\\cancel``, ``\\boldsymbol``, ``\\color``, ...).

  MathJax locates those relative to its own script, so nothing is fetched from another host.
  Nothing from MathJax is committed to the repository.

Under static-i18n every language is a separate build into the same site_dir, so these events
run once per language; files already copied (same size and mtime) are not copied again.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.mathjax")

SITE_SUBDIR = "assets/mathjax"
SCRIPT = "tex-chtml.js"
TREES = ("output/chtml/fonts/woff-v2", "input/tex/extensions")
MARKER = 'class="arithmatex"'

_pages_with_maths = 0


def mathjax_es5_dir() -> Path:
    """Where the installed django-static-mathjax package keeps MathJax's es5 build."""
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise PluginError(
            "MathJax not found: install django-static-mathjax (it provides the 'mathjax' "
            "package), e.g. pip install -e '.[docs]'"
        )
    for location in spec.submodule_search_locations:
        es5 = Path(location) / "static" / "mathjax" / "es5"
        if (es5 / SCRIPT).is_file():
            return es5
    raise PluginError(f"MathJax's es5/{SCRIPT} not found in the 'mathjax' package")


def mathjax_files() -> list[tuple[Path, str]]:
    """(source file, path relative to es5/) for the minimal working set."""
    es5 = mathjax_es5_dir()
    files = [(es5 / SCRIPT, SCRIPT)]
    for tree in TREES:
        base = es5 / tree
        if not base.is_dir():
            raise PluginError(f"MathJax directory missing: {base}")
        files += [
            (p, p.relative_to(es5).as_posix()) for p in sorted(base.rglob("*")) if p.is_file()
        ]
    return files


def on_pre_build(config) -> None:
    global _pages_with_maths
    _pages_with_maths = 0


def on_post_page(output: str, page, config) -> str:
    global _pages_with_maths
    if MARKER not in output:
        return output
    _pages_with_maths += 1
    src = get_relative_url(f"{SITE_SUBDIR}/{SCRIPT}", page.url)
    tag = f'<script defer src="{src}"></script>'
    head, sep, tail = output.rpartition("</body>")
    if not sep:
        raise PluginError(f"No </body> in {page.file.src_uri}: cannot add MathJax")
    return f"{head}{tag}\n{sep}{tail}"


def on_post_build(config) -> None:
    if not _pages_with_maths:
        return
    dest_root = Path(config.site_dir) / SITE_SUBDIR
    copied = 0
    for src, rel in mathjax_files():
        dest = dest_root / rel
        st = src.stat()
        try:
            dt = dest.stat()
            if dt.st_size == st.st_size and int(dt.st_mtime) == int(st.st_mtime):
                continue
        except FileNotFoundError:
            pass
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        copied += 1
    if copied:
        log.debug("Copied %d MathJax files to %s", copied, dest_root)
