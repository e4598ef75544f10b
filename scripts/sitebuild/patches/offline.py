"""The offline copy needs nothing from another host.

Material's ``offline`` plugin (enabled by ``OFFLINE=true``: mkdocs.yml and
``python -m scripts offline``) makes the site work from ``file://``: links to
``.../index.html``, the search index inlined into ``search/search_index.js``, and the
``iframe-worker`` shim, because Chromium starts no Web Worker from ``file://`` and Material's
search runs in one. But it adds that shim as ``https://unpkg.com/iframe-worker/shim``, which
a reader without a network cannot load. Here a vendored copy (vendor/iframe-worker/shim.js,
copied to ``assets/javascripts/iframe-worker.js``) takes its place.

The shim writes one inline script into the frame it runs the worker in (the frame inherits
the page's Content-Security-Policy): :func:`frame_script` is that script, to be hashed.

With the offline plugin disabled (the published site, ``mkdocs serve``) nothing changes.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

SHIM = Path(__file__).resolve().parent / "vendor" / "iframe-worker" / "shim.js"
SITE_PATH = "assets/javascripts/iframe-worker.js"
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def use_vendored_shim(config: Any) -> None:
    """Replace any iframe-worker in Material's polyfills with the vendored copy."""
    if not SHIM.is_file():
        raise PluginError(f"site-patches: the vendored iframe-worker shim is missing: {SHIM}")
    polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
    config.extra["polyfills"] = [*polyfills, SITE_PATH]


def copy_shim(site_dir: Path) -> None:
    dest = site_dir / SITE_PATH
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIM, dest)


def _function_source(shim: str, name: str) -> str | None:
    """The source text of ``function NAME(...){...}`` in ``shim`` (braces counted)."""
    start = shim.find(f"function {name}(")
    if start < 0:
        return None
    depth = 0
    for at in range(shim.index("{", start), len(shim)):
        depth += {"{": 1, "}": -1}.get(shim[at], 0)
        if depth == 0:
            return shim[start : at + 1]
    return None


@functools.cache
def _frame_template(shim: str) -> tuple[str, dict[str, str], str]:
    """The shim's frame script as a template: its text, the source of each function it
    interpolates, and the name that stands for the worker's URL."""
    match = re.search(r"<html><body><script>(.*?)<\\/script>", shim)
    names = re.findall(r"\$\{(\w+)\}", match[1]) if match else []
    functions = {name: _function_source(shim, name) for name in names}
    urls = [name for name, source in functions.items() if source is None]
    if match is None or len(urls) != 1:
        raise PluginError(
            "site-patches: vendor/iframe-worker/shim.js is not the shim offline.py knows: "
            "update frame_script"
        )
    return match[1], {k: v for k, v in functions.items() if v is not None}, urls[0]


def frame_script(page_html: str) -> str | None:
    """The inline script the shim writes into its worker frame on this page (None: the page
    has no search worker). Its text holds the worker's URL as Material passes it (the
    ``search`` of the page's ``__config``)."""
    match = _CONFIG.search(page_html)
    if match is None:
        return None
    worker = json.loads(match.group(1)).get("search")
    if not worker:
        return None
    template, functions, url = _frame_template(SHIM.read_text(encoding="utf-8"))
    values = {**functions, url: worker}
    return re.sub(r"\$\{(\w+)\}", lambda m: values[m[1]], template)
