"""site-patches' csp.py: which inline scripts a page runs, their hashes, the policy's place."""

from __future__ import annotations

import base64
import hashlib

import pytest
from sitebuild.patches import csp

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<script>var a = 1</script>
<script type="application/json" id="__config">{"base": "."}</script>
<script src="x.js"></script>
<!-- <script>commented()</script> -->
<script type="module">import "./m.js"</script>
<script type=text/javascript>b()</script>
<script type="text/plain">not run</script>
</head><body><script>\r\nc()\r\n</script></body></html>"""


def test_only_the_scripts_a_browser_runs_are_inline_scripts() -> None:
    assert csp.inline_scripts(PAGE) == ["var a = 1", 'import "./m.js"', "b()", "\r\nc()\r\n"]


def test_a_hash_is_of_the_text_as_the_browser_reads_it() -> None:
    expected = base64.b64encode(hashlib.sha256(b"\nc()\n").digest()).decode()
    assert csp.script_hash("\r\nc()\r\n") == f"'sha256-{expected}'"  # CRLF read as LF


def test_the_policy_allows_the_site_and_the_hashes_only() -> None:
    policy = csp.policy(["'sha256-b'", "'sha256-a'", "'sha256-b'"])
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives == {
        "default-src": "'self'",
        "script-src": "'self' 'sha256-a' 'sha256-b'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in policy


def test_the_policy_comes_before_every_script() -> None:
    out = csp.add_policy(PAGE, ["'sha256-x'"], "page.md")
    meta = out.index('<meta http-equiv="Content-Security-Policy"')
    assert out.index('<meta charset="utf-8">') < meta < out.index("<script")
    assert out.replace(out[meta : out.index(">", meta) + 1], "") == PAGE
    without_charset = PAGE.replace('<meta charset="utf-8">', "")
    out = csp.add_policy(without_charset, [], "page.md")
    assert out.index("<head>") + len("<head>") == out.index("<meta http-equiv")


@pytest.mark.parametrize(
    ("page", "problem"),
    [
        ("<html><body></body></html>", "no <head>"),
        (csp.add_policy(PAGE, [], "p"), "has a Content-Security-Policy <meta> already"),
    ],
)
def test_a_page_the_policy_cannot_be_put_into_fails(page: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        csp.add_policy(page, [], "page.md")
