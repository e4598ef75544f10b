"""MkDocs hook: the offline copy needs nothing from another host.

Material's ``offline`` plugin (enabled by ``OFFLINE=true``, see mkdocs.yml and
scripts/offline.py) makes the site work from ``file://``: links to ``.../index.html``, the
search index inlined into ``search/search_index.js``, and the ``iframe-worker`` shim, because
Chromium starts no Web Worker from ``file://`` and Material's search runs in one. But it
adds that shim as ``https://unpkg.com/iframe-worker/shim``, which a reader without a network
cannot load, so search would not work. This hook puts a vendored copy in its place
(scripts/vendor/iframe-worker/shim.js, copied to ``assets/javascripts/iframe-worker.js``).

With the plugin disabled (the published site, ``mkdocs serve``) it does nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

SHIM = Path(__file__).resolve().parent.parent / "vendor" / "iframe-worker" / "shim.js"
SITE_PATH = "assets/javascripts/iframe-worker.js"


def offline_enabled(config) -> bool:
    plugin = config.plugins.get("offline") or config.plugins.get("material/offline")
    return bool(plugin is not None and plugin.config.enabled)


def on_config(config):
    if not offline_enabled(config):
        return config
    if not SHIM.is_file():
        raise PluginError(f"offline hook: the vendored iframe-worker shim is missing: {SHIM}")
    polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in str(p)]
    config.extra["polyfills"] = [*polyfills, SITE_PATH]
    return config


def on_post_build(config):
    if not offline_enabled(config):
        return
    dest = Path(config.site_dir) / SITE_PATH
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIM, dest)
