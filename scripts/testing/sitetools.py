"""What the tests and the benchmarks share to build, copy, serve and open the site.

- ``mkdocs_env()`` / ``build_site()`` / ``build_failure()``: a strict MkDocs build in a
  subprocess, without the MkDocs 2 banners and a developer's exported publishing settings;
- ``copy_project()``: the files a build needs, copied elsewhere (serve and build tests);
- ``serve()``: a built site over HTTP on 127.0.0.1, much as GitHub Pages serves it;
- ``CHROMIUM`` / ``TEST_CHROMIUM`` / ``CHROMIUM_ARGS``: Debian's Chromium, the one the
  browser tests drive, and the flags that keep it off the network (see shared/NOTES.md).

Imported by tests/conftest.py and the benchmarks (scripts/bench/); no third-party import.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# What a build reads: copy these to build or serve the project elsewhere.
PROJECT_FILES = ("docs", "gdcore", "scripts", "mkdocs.yml")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The browser tests' Chromium: Debian's chromium-headless-shell where it is installed, the
# same Blink and V8 as chromium without the desktop browser around them (what Playwright
# itself runs headless). A lecture page opens in 0.5 s instead of 0.75, and the browser tests
# take 121 s instead of 192 on 2 cores. The benchmarks measure the reader's chromium.
# $CHROMIUM_PATH, when set, is used for both.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
TEST_CHROMIUM = os.environ.get("CHROMIUM_PATH") or (
    HEADLESS_SHELL if os.access(HEADLESS_SHELL, os.X_OK) else CHROMIUM
)
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium reaches out to Google's hosts at start-up (see NOTES.md).
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)

# Settings that change what a build publishes (mkdocs.yml reads them from the environment).
PUBLISHING = ("SITE_URL", "REPO_URL", "OFFLINE", "OFFLINE_COPY", "PDF_EDITION")


def mkdocs_env(**extra: str) -> dict[str, str]:
    """This environment without publishing settings and the MkDocs 2 banners, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in PUBLISHING}
    env.update({"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    env.update(extra)
    return env


def build_site(
    site: Path, project: Path = REPO_ROOT, timeout: float = 600, **env: str
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``project`` into ``site``; the finished process."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    return subprocess.run(
        cmd,
        cwd=project,
        env=mkdocs_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def build_failure(proc: subprocess.CompletedProcess[str]) -> str | None:
    """Why a finished ``build_site`` did not give a clean strict build (None: it did)."""
    output = f"{proc.stdout}{proc.stderr}"
    warnings = [line for line in output.splitlines() if line.lstrip().startswith("WARNING")]
    if proc.returncode == 0 and not warnings:
        return None
    return (
        f"`mkdocs build --strict` failed (exit {proc.returncode}, "
        f"{len(warnings)} warning line(s)):\n{output}"
    )


def pythonpath(project: Path) -> str:
    """A PYTHONPATH that runs ``project``'s own code: its gdcore and its build plugins
    (scripts/sitebuild), before any installed copy."""
    return os.pathsep.join([str(project), str(project / "scripts")])


def copy_project(dest: Path, source: Path = REPO_ROOT) -> Path:
    """Copy what a build reads (PROJECT_FILES) of ``source`` into ``dest``; returns ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site much as GitHub Pages does.

    SVG as image/svg+xml (and the other types the site uses), the site's own 404.html
    (with status 404) for a missing path, no directory listings, no logging to stderr.
    """

    extensions_map = {  # noqa: RUF012 (the stdlib's own attribute)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".svg": "image/svg+xml",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".json": "application/json",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".xml": "application/xml",
        ".gz": "application/gzip",
        ".html": "text/html; charset=utf-8",
    }

    def list_directory(self, path):  # no listings: a folder without index.html is a 404
        self.send_error(404)
        return None

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None

    def log_message(self, format, *args):
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``site`` on 127.0.0.1 (a free port) from a daemon thread.

    Returns the server (call ``shutdown()`` and ``server_close()`` when done) and the base
    URL with a trailing slash, e.g. ``"http://127.0.0.1:43117/"``.
    """
    handler = functools.partial(SiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
