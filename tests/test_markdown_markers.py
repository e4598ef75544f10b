"""Figures and widget markers in the Markdown: code shows what was written, and every other
way of showing a figure gets gdcore's alt text and caption or fails the build saying what to
write instead.

Each test builds a copy of the project (scripts/sitetools.py) with a page edited.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from gdcore.scenarios import get
from hookmodules import load_hook
from htmltags import Tags
from sitetools import build_failure, build_site, copy_project

from gdcore.text import fill

pytestmark = pytest.mark.slow

# Shown inside code on the English home page: each must come out exactly as written.
IN_CODE = """

## Writing figures { #writing-figures }

```markdown
![](figures/alpha-small.svg)
![](figures/nope.svg)
<!-- stepper -->
<!-- alpha-explorer -->
```

~~~
<!-- stepper -->
![](figures/alpha-large.svg "a title")
~~~

An indented code block:

    ![](figures/nope.svg)
    <!-- stepper -->

In a sentence: `![](figures/nope.svg)`, `![][fig]` and `<!-- stepper -->` are code.

A comment in a sentence <!-- stepper --> is a comment, not the stepper.

A figure:

![](figures/alpha-small.svg)

The same figure again:

![](figures/alpha-small.svg)

And once more:

![](figures/alpha-small.svg)
"""


def _edited_project(tmp_path: Path, page: str, addition: str) -> Path:
    project = copy_project(tmp_path / "project")
    path = project / "docs" / page
    path.write_text(path.read_text(encoding="utf-8") + addition, encoding="utf-8")
    return project


def _code_texts(page: str) -> list[str]:
    """The text of every <pre><code> and inline <code> of a built page, as a reader sees it."""
    blocks = re.findall(r"<code\b[^>]*>(.*?)</code>", page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


@pytest.fixture(scope="module")
def site_with_code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("markers")
    project = _edited_project(tmp, "index.en.md", IN_CODE)
    site = tmp / "site"
    failure = build_failure(build_site(site, project))
    if failure:
        pytest.fail(failure, pytrace=False)
    return site


def test_code_shows_figures_and_markers_as_written(site_with_code: Path) -> None:
    page = (site_with_code / "en" / "index.html").read_text(encoding="utf-8")
    codes = _code_texts(page)
    fenced = [c for c in codes if "figures/nope.svg" in c and "alpha-explorer" in c]
    assert fenced == [
        "![](figures/alpha-small.svg)\n![](figures/nope.svg)\n<!-- stepper -->\n"
        "<!-- alpha-explorer -->\n"
    ], codes
    assert '<!-- stepper -->\n![](figures/alpha-large.svg "a title")\n' in codes
    assert "![](figures/nope.svg)\n<!-- stepper -->\n" in codes  # the indented block
    assert {"![](figures/nope.svg)", "![][fig]", "<!-- stepper -->"} <= set(codes)
    # Nothing of the explorer or the stepper on the home page: only code.
    assert 'class="gd-stepper"' not in page and 'class="gd-explorer"' not in page


def test_figures_outside_code_still_get_alt_and_caption(site_with_code: Path) -> None:
    page = (site_with_code / "en" / "index.html").read_text(encoding="utf-8")
    scenario = get("alpha-small")
    alt = fill(scenario.desc["en"], scenario, "en")
    caption = fill(scenario.title["en"], scenario, "en")
    figures = re.findall(r'<figure class="gd-figure" id="([^"]+)">(.*?)</figure>', page, re.S)
    assert [element_id for element_id, _ in figures] == [
        "figure-alpha-small",
        "figure-alpha-small-2",
        "figure-alpha-small-3",
    ]
    for _, body in figures:
        img = re.search(r"<img [^>]*>", body)[0]
        assert 'src="../figures/alpha-small.en.svg#only-light"' in img
        assert 'src="../figures/alpha-small.dark.en.svg#only-dark"' in body  # its dark twin
        assert html.unescape(re.search(r'alt="([^"]*)"', img)[1]) == alt
        assert html.unescape(re.search(r"<figcaption>(.*?)</figcaption>", body, re.S)[1]) == caption


def test_no_page_has_two_elements_with_one_id(site_with_code: Path) -> None:
    duplicated = {}
    for path in sorted(site_with_code.rglob("*.html")):
        counts = Counter(
            a["id"] for _, a in Tags(path.read_text(encoding="utf-8")).tags if "id" in a
        )
        twice = sorted(i for i, n in counts.items() if n > 1)
        if twice:
            duplicated[str(path.relative_to(site_with_code))] = twice
    assert not duplicated, duplicated


BAD = {
    "title": (
        '![](figures/alpha-small.svg "a title")',
        "write ![](figures/alpha-small.svg) without a title; the caption comes from gdcore",
    ),
    "alt-text": (
        "![The curve](figures/alpha-small.svg)",
        "write ![](figures/alpha-small.svg) without alt text",
    ),
    "in-a-sentence": (
        "See ![](figures/alpha-small.svg) here.",
        "put ![](figures/alpha-small.svg) on a line of its own",
    ),
    "lazy-continuation": (
        "A sentence that goes on\n![](figures/alpha-small.svg)",
        "put ![](figures/alpha-small.svg) on a line of its own",
    ),
    "list-item": (
        "- ![](figures/alpha-small.svg)",
        "put ![](figures/alpha-small.svg) on a line of its own",
    ),
    "reference-style": (
        "![][fig]\n\n[fig]: figures/alpha-small.svg",
        "write ![](figures/alpha-small.svg) on a line of its own, not as a reference-style",
    ),
    "other-language": (
        "![](figures/alpha-small.zh.svg)",
        "write ![](figures/alpha-small.svg), without .zh: the build shows the figure in the "
        "page's language (alpha-small.en.svg here)",
    ),
    "html-img": (
        '<p><img src="figures/alpha-small.svg" alt="a curve"></p>',
        "write ![](figures/alpha-small.svg) on a line of its own instead of an HTML <img>",
    ),
    "indented": (
        "!!! note\n\n    ![](figures/alpha-small.svg)",
        "write ![](figures/alpha-small.svg) at the start of its line, not indented",
    ),
    "dot-slash": (
        "![](./figures/alpha-small.svg)",
        "write ![](figures/alpha-small.svg) instead of './figures/alpha-small.svg'",
    ),
    "fragment": (
        "![](figures/alpha-small.svg#only-light)",
        "write ![](figures/alpha-small.svg) instead of 'figures/alpha-small.svg#only-light'",
    ),
    "unknown": ("![](figures/nope.svg)", "unknown figure 'nope'"),
    "marker-indented": (
        "!!! note\n\n    <!-- stepper -->",
        "write <!-- stepper --> at the start of its line, not indented",
    ),
    "marker-twice": ("<!-- stepper -->\n\n<!-- stepper -->", "appears more than once"),
}


@pytest.mark.parametrize(("markdown", "message"), BAD.values(), ids=BAD.keys())
def test_every_other_way_fails_and_says_what_to_write(
    tmp_path: Path, markdown: str, message: str
) -> None:
    project = _edited_project(tmp_path, "index.en.md", f"\n\n{markdown}\n")
    proc = build_site(tmp_path / "site", project)
    assert proc.returncode != 0, f"the build passed with {markdown!r}"
    output = proc.stdout + proc.stderr
    lines = [line for line in output.splitlines() if message in line]
    assert len(lines) == 1, output
    assert re.search(r"index\.en\.md:\d+: ", lines[0]), lines[0]
    assert "Traceback" not in output


def test_a_scan_is_reused_only_for_the_same_text_and_extensions():
    """Under `mkdocs serve` an unchanged page is not parsed again; a changed text or set of
    Markdown extensions is."""
    markdown_markers = load_hook("markdown_markers")  # not a hook, but loaded as one
    text = "!!! note\n    ![](figures/alpha-small.svg)\n"
    with_admonition = SimpleNamespace(markdown_extensions=["admonition"], mdx_configs={})
    first = markdown_markers.scan(text, with_admonition)
    assert [image.alone for image in first.images] == [True]  # the admonition's only content
    assert markdown_markers.scan(text, with_admonition) is first
    # The same text without the admonition extension: a paragraph that goes on in the next
    # line, so the image is not alone in it. A stale scan would say it is.
    plain = SimpleNamespace(markdown_extensions=[], mdx_configs={})
    assert [image.alone for image in markdown_markers.scan(text, plain).images] == [False]
    edited = text.replace("alpha-small", "alpha-large")
    assert [image.src for image in markdown_markers.scan(edited, with_admonition).images] == [
        "figures/alpha-large.svg"
    ]
