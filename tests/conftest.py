"""Shared test set-up."""

import contextlib
import fcntl
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# The tests share scripts/testing/sitetools.py with the benchmarks (build, copy, serve,
# Chromium); `import scripts...` (the release tools) needs the repository on the path too.
REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "scripts" / "testing"), str(REPO)]
from sitetools import (  # noqa: E402 (after the path above)
    CHROMIUM_ARGS,
    TEST_CHROMIUM,
    build_failure,
    build_site,
    serve,
)


def _session_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run: under pytest-xdist, the one the workers'
    own folders are in (each worker's basetemp is SESSION/popen-gwN)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _made_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], str | None]
) -> Path:
    """``SESSION/name``, made by ``make`` (it returns why it failed, or None) in the first
    worker that asks; the others wait for it and share the folder (or the failure).

    Why: under xdist every worker has its own session fixtures, so each would build the
    same site again (about 10 s of CPU a build) while the other one needs that CPU."""
    root = _session_root(tmp_path_factory)
    made, outcome = root / name, root / f"{name}.outcome"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not outcome.exists():
            shutil.rmtree(made, ignore_errors=True)  # a worker that died making it
            made.mkdir()
            failure = make(made)
            outcome.write_text(failure or "", "utf-8")
    failure = outcome.read_text("utf-8")
    if failure:
        pytest.fail(failure, pytrace=False)
    return made


@pytest.fixture(autouse=True, scope="session")
def _isolated_figure_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the tests' figure renders out of the author's ~/.cache/gdcore (and vice versa).
    One cache for all the workers: it is safe to share (writes are atomic), and a figure
    drawn once is drawn once for the whole run."""
    cache = _session_root(tmp_path_factory) / "gdcore-cache"
    cache.mkdir(exist_ok=True)
    os.environ["GDCORE_CACHE_DIR"] = str(cache)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


# ---------------------------------------------------------------- the built site
# Fixtures for tests of the MkDocs site (tests/test_site_build.py and later ones).


def _strict_build(**env: str) -> Callable[[Path], str | None]:
    def make(site: Path) -> str | None:
        try:
            return build_failure(build_site(site, **env))
        except subprocess.TimeoutExpired as e:
            return f"mkdocs build timed out after {e.timeout} s"

    return make


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site (both languages, every figure), built once with `mkdocs build --strict`.

    Returns the site directory (one for every worker: tests only read it). A failed build,
    or any WARNING in MkDocs' output, fails every test that uses it, with MkDocs' output
    shown.
    """
    return _made_once(tmp_path_factory, "site", _strict_build())


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as the deploy workflow builds it (SITE_URL under a path, like Pages)."""
    from publishing import OFFLINE_COPY, PDF_EDITION, REPO_URL, SITE_URL

    make = _strict_build(
        SITE_URL=SITE_URL.rstrip("/"),  # as actions/configure-pages gives it: no trailing /
        REPO_URL=REPO_URL,
        OFFLINE_COPY=OFFLINE_COPY,
        PDF_EDITION=PDF_EDITION,
        SOURCE_DATE_EPOCH="1700000000",
    )
    return _made_once(tmp_path_factory, "published-site", make)


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m scripts offline`, run from another folder, with publishing settings that
    must not leak into the copy."""

    def make(folder: Path) -> str | None:
        env = dict(os.environ, SITE_URL="https://must-not-leak.example/", OFFLINE_COPY="x.zip")
        proc = subprocess.run(
            [
                sys.executable,
                str(REPO / "scripts"),
                "offline",
                "--output",
                str(folder / "copy.zip"),
            ],
            cwd=tmp_path_factory.getbasetemp(),  # it must not depend on the working directory
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if proc.returncode != 0:
            return f"python -m scripts offline failed:\n{proc.stdout}{proc.stderr}"
        return None

    return _made_once(tmp_path_factory, "offline", make) / "copy.zip"


@pytest.fixture(scope="session")
def offline_dir(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline copy, unzipped: its one folder."""
    import zipfile

    dest = tmp_path_factory.mktemp("offline-unzipped")
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(dest)
    return dest / "machine-learning-notes"


# ---------------------------------------------------------------- a real browser
# Shared by every browser test (tests/test_browser.py, the α explorer's tests, ...):
#
#   served_site   session: "http://127.0.0.1:PORT/", the strict build served over HTTP
#   browser       session: a launched Playwright Chromium (skips without it; fails in CI)
#   page_at(...)  a context manager: a fresh context + page, with every request URL recorded
#
# Mark browser tests with @pytest.mark.browser.

CHROMIUM_MISSING = (
    "Chromium is needed for the browser tests: install it with `apt-get install "
    "chromium-headless-shell` (Debian/Ubuntu; /usr/bin/chromium-headless-shell, else "
    "/usr/bin/chromium, or set CHROMIUM_PATH) and Playwright with "
    '`pip install -c requirements/lock.txt -e ".[test]"`. '
    "In CI (CI=true) this is a failure, not a skip."
)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _browser_unavailable() -> str | None:
    """Why the browser tests cannot run here (None: Playwright and Chromium are installed)."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed"
    if not (Path(TEST_CHROMIUM).is_file() and os.access(TEST_CHROMIUM, os.X_OK)):
        return f"No Chromium at {TEST_CHROMIUM}"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a browser, skip the ``browser`` tests up front (before building the site).

    In CI they are left to run, and the ``browser`` fixture fails them.
    """
    reason = _browser_unavailable()
    if reason is None or _in_ci():
        return
    skip = pytest.mark.skip(reason=f"{reason}. {CHROMIUM_MISSING}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _missing_browser(reason: str) -> None:
    message = f"{reason}. {CHROMIUM_MISSING}"
    if _in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """The built site (fixture ``built_site``) served over HTTP on 127.0.0.1, a free port.

    Returns the base URL with a trailing slash, e.g. ``"http://127.0.0.1:43117/"``: the
    Chinese pages are at ``base``, ``base + "gradient-descent-intuition/"``, ..., the English
    ones at ``base + "en/"``, ``base + "en/gradient-descent-intuition/"``, .... A stdlib
    ThreadingHTTPServer in a daemon
    thread; SVG is served as image/svg+xml and a missing path gets the site's 404.html.
    """
    server, base = serve(built_site)
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium (a Playwright ``Browser``, sync API) for the whole session.

    Debian's /usr/bin/chromium-headless-shell, else /usr/bin/chromium (or $CHROMIUM_PATH;
    sitetools.TEST_CHROMIUM), launched with the flags that keep it
    off the network (CHROMIUM_ARGS). Without Chromium or Playwright the test is skipped with
    the install command; with CI=true in the environment it fails instead. Open pages with
    ``page_at(browser, url, ...)``: a fresh context per case, closed afterwards.
    """
    reason = _browser_unavailable()
    if reason is not None:
        _missing_browser(reason)
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        try:
            launched = pw.chromium.launch(executable_path=TEST_CHROMIUM, args=list(CHROMIUM_ARGS))
        except PlaywrightError as e:
            _missing_browser(f"Chromium at {TEST_CHROMIUM} did not start ({e})")
        yield launched
        launched.close()
    finally:
        pw.stop()


DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}

# The site's pages, by name -> path under the site root.
PAGES = {
    "zh-home": "",
    "zh-lecture": "gradient-descent-intuition/",
    "zh-summary": "gradient-descent-intuition/summary/",
    "en-home": "en/",
    "en-lecture": "en/gradient-descent-intuition/",
    "en-summary": "en/gradient-descent-intuition/summary/",
}


@contextlib.contextmanager
def page_at(browser: Any, url: str | None = None, **context_options: Any) -> Iterator[Any]:
    """Open ``url`` in a fresh browser context; yields the Playwright ``Page``.

    ``context_options`` go to ``browser.new_context`` (e.g. ``viewport=PHONE``,
    ``color_scheme="dark"``, ``java_script_enabled=False``); the viewport defaults to
    DESKTOP. Every request URL the page makes (including later ones) is appended to the
    list ``page.requested``; responses with status >= 400 and requests that failed go to
    ``page.failed`` (as ``"STATUS URL"``); console errors and uncaught page errors go to
    ``page.errors``. The context (and page) is closed on exit. Without ``url`` the page
    starts blank.
    """
    context_options.setdefault("viewport", DESKTOP)
    context = browser.new_context(**context_options)
    try:
        page = context.new_page()
        page.requested = []
        page.failed = []
        page.errors = []
        page.on("request", lambda request: page.requested.append(request.url))
        page.on(
            "response",
            lambda response: (
                page.failed.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )
        page.on(
            "requestfailed",
            lambda request: page.failed.append(f"{request.failure} {request.url}"),
        )
        page.on("pageerror", lambda error: page.errors.append(f"pageerror: {error}"))
        page.on(
            "console",
            lambda msg: (
                page.errors.append(f"console.{msg.type}: {msg.text}")
                if msg.type == "error"
                else None
            ),
        )
        if url is not None:
            page.goto(url, wait_until="load")
        yield page
    finally:
        context.close()


@pytest.fixture
def open_page(browser: Any, served_site: str) -> Iterator[Any]:
    """A function ``open_page(path="", **context_options)`` -> Playwright ``Page``.

    ``path`` is relative to ``served_site`` (e.g. ``"en/gradient-descent-intuition/"``); the
    options and the
    recorded ``page.requested`` / ``page.errors`` are those of ``page_at``. Every context it
    opened is closed when the test ends.
    """
    with contextlib.ExitStack() as stack:

        def _open(path: str = "", **context_options: Any) -> Any:
            return stack.enter_context(page_at(browser, served_site + path, **context_options))

        yield _open
