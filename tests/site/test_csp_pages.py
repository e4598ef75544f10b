"""The Content-Security-Policy of every built page (site-patches: csp.py), read from the
relocatable, the published and the offline builds: one policy, before anything it covers,
allowing exactly the inline scripts the page has (checked here with a parser of our own),
never 'unsafe-inline' for scripts. That every page works under it, and an injected script
does not: tests/browser/test_csp_browser.py."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitetools import build_site, copy_project

pytestmark = pytest.mark.slow

JAVASCRIPT = {"", "module", "text/javascript", "application/javascript"}


class Head(HTMLParser):
    """The CSP <meta>s, the first script or stylesheet's position, every inline script."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.policies: list[str] = []
        self.first_policy_at: int | None = None
        self.first_fetch_at: int | None = None
        self.scripts: list[str] = []
        self._inline: bool | None = None
        self._count = 0
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count += 1
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append(a["content"])
            self.first_policy_at = self.first_policy_at or self._count
        if tag in ("script", "link", "style") and self.first_fetch_at is None:
            self.first_fetch_at = self._count
        if tag == "script":
            self._inline = "src" not in a and a.get("type", "").lower() in JAVASCRIPT
            if self._inline:
                self.scripts.append("")

    def handle_data(self, data: str) -> None:
        if self._inline:
            self.scripts[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inline = None


def sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def check_site(site: Path, extra: dict[str, list[str]] | None = None) -> int:
    pages = sorted(site.rglob("*.html"))
    assert pages
    for path in pages:
        rel = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8")
        head = Head(text)
        assert len(head.policies) == 1, f"{rel}: {len(head.policies)} policies"
        assert head.first_policy_at < head.first_fetch_at, f"{rel}: the policy comes too late"
        policy = directives(head.policies[0])
        assert policy["default-src"] == ["'self'"], rel
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], rel
        assert policy["img-src"] == ["'self'", "data:"], rel
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"], rel
        sources = policy["script-src"]
        assert sources[0] == "'self'" and "'unsafe-inline'" not in sources, rel
        expected = {f"'sha256-{sha256(s)}'" for s in head.scripts + (extra or {}).get(rel, [])}
        assert set(sources[1:]) == expected, rel
        # An old URL's page (plugins.notes.redirects) is no theme page: its script is a file.
        if 'http-equiv="refresh"' not in text:
            assert len(head.scripts) >= 3, f"{rel}: Material's inline scripts are gone?"
    return len(pages)


def test_every_page_allows_exactly_its_inline_scripts(built_site: Path) -> None:
    assert check_site(built_site) >= 7


def test_every_published_page_too(published_site: Path) -> None:
    assert check_site(published_site) >= 7


def test_every_page_of_the_offline_copy_with_its_search_workers_frame(offline_dir: Path) -> None:
    """The offline copy's Web Worker shim writes one inline script into the frame it runs
    search in (the frame has the page's policy): its text names the page's worker URL."""
    shim = (offline_dir / "assets/javascripts/iframe-worker.js").read_text(encoding="utf-8")
    template = re.search(r"<html><body><script>(.*?)<\\/script>", shim).group(1)
    functions = {  # iframe-worker 1.0.4's two functions, as minified
        "c": re.search(r"function c\(s,n\)\{[^}]*\}", shim).group(0),
        "d": re.search(r"function d\(\.\.\.s\)\{return .*?,Promise\.resolve\(\)\)\}", shim).group(
            0
        ),
    }
    extra = {}
    for path in offline_dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        worker = json.loads(
            re.search(r'<script id="__config" type="application/json">(.*?)</script>', text).group(
                1
            )
        )["search"]
        frame = template.replace("${c}", functions["c"]).replace("${d}", functions["d"])
        extra[path.relative_to(offline_dir).as_posix()] = [frame.replace("${e}", worker)]
    assert check_site(offline_dir, extra) >= 6


def test_an_inline_script_in_a_pages_content_fails_the_strict_build(tmp_path: Path) -> None:
    """Content may not bring its own script: the policy would not allow it (no hash)."""
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "gradient-descent-intuition" / "summary.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n<script>alert(1)</script>\n", "utf-8")
    proc = build_site(tmp_path / "site", project)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    lines = [line for line in output.splitlines() if "inline <script>" in line]
    assert len(lines) == 1 and "summary.en.md" in lines[0], output
