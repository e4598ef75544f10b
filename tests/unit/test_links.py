"""site-patches' links.py: SITE_URL checked and escaped, the footer's links checked. These
are pure functions (issue 23: they were tested by seven full builds); one build test in
tests/site/test_site_build.py checks that a bad value stops the build in one line."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from sitebuild.patches import links

BAD_FOOTER_LINKS = [
    ("REPO_URL", "javascript:alert(1)", "must be an http(s) URL, not a javascript: URL"),
    ("REPO_URL", "//evil.example/repo", "must be an http(s) URL"),
    ("REPO_URL", "github.com/example/repo", "must be an http(s) URL"),
    ("OFFLINE_COPY", "javascript:alert(1)", "or a relative path in the site, not a javascript:"),
    ("OFFLINE_COPY", "java\tscript:alert(1)", "must be an http(s) URL or a relative path"),
    ("OFFLINE_COPY", "data:text/html,<b>x</b>", "not a data: URL"),
    ("OFFLINE_COPY", "/offline.zip", "must be an http(s) URL or a relative path in the site"),
]
KEYS = {"REPO_URL": "repository", "OFFLINE_COPY": "offline_copy"}


def config(site_url: str | None = None, **extra: str) -> SimpleNamespace:
    return SimpleNamespace(site_url=site_url, extra=extra)


@pytest.mark.parametrize(("variable", "value", "message"), BAD_FOOTER_LINKS)
def test_footer_links_must_be_http_or_relative(variable: str, value: str, message: str) -> None:
    with pytest.raises(PluginError) as caught:
        links.check_links(config(**{KEYS[variable]: value}))
    text = str(caught.value)
    assert message in text and "\n" not in text
    assert text.startswith(f"{variable} (mkdocs.yml extra.{KEYS[variable]}) ")
    assert repr(value) in text


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("repository", "https://github.com/example/repo"),
        ("offline_copy", "gradient-descent-intuition-offline.zip"),
        ("offline_copy", "https://example.org/x.zip"),
        ("repository", ""),  # an empty variable: no link
    ],
)
def test_good_footer_links_pass(key: str, value: str) -> None:
    links.check_links(config(**{key: value}))


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("javascript:alert(1)//example.org/", "not a javascript URL"),
        ("ftp://example.org/site/", "not a ftp URL"),
        ('https://exa"mple.org/', "is not a host name"),
        ("https://user:pw@example.org/", "is not a host name"),
        ("https://example.org/site/?a=1", "without a query or fragment"),
        ("https://example.org/site/#top", "without a query or fragment"),
        ("https://example.org/a b/", "without blanks or backslashes"),
        ("https://example.org/a\\b/", "without blanks or backslashes"),
        ("https://example.org:8x/", "Port could not be cast"),
    ],
)
def test_a_site_url_that_is_no_site_address_is_one_line(value: str, problem: str) -> None:
    with pytest.raises(PluginError) as caught:
        links.check_links(config(value))
    text = str(caught.value)
    assert text.startswith("SITE_URL (mkdocs.yml site_url) must be the http(s) address")
    assert problem in text and repr(value) in text and "\n" not in text


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("https://example.org/gdi/", "https://example.org/gdi/"),
        ("https://USER.github.io/REPO/", "https://USER.github.io/REPO/"),
        ('https://example.org/a"b/', "https://example.org/a%22b/"),
        ("https://example.org/<script>'x'&y/", "https://example.org/%3Cscript%3E%27x%27%26y/"),
        ("https://example.org/%3Cok%3E/", "https://example.org/%3Cok%3E/"),  # kept, not twice
        ("https://example.org/50%/", "https://example.org/50%25/"),
        ("https://example.org/é/", "https://example.org/%C3%A9/"),
        ("https://example.org/a(b)~c;d=e:f@g!$*+,/", "https://example.org/a(b)~c;d=e:f@g!$*+,/"),
    ],
)
def test_site_url_is_escaped_once_for_every_use(value: str, escaped: str) -> None:
    c = config(value)
    links.check_links(c)
    assert c.site_url == escaped
    links.check_links(c)  # static-i18n's builds run it again: nothing changes
    assert c.site_url == escaped
    assert not set("\"'<>&\\ `") & set(c.site_url.removeprefix("https://"))
