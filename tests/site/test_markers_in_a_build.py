"""Markers in a real build: code shows them as written, figures shown again get their own
ids, and a wrong marker fails the build in one line (tests/unit/test_pages.py checks every
way one by one, without a build).

The page edited is lecture 1's key points (a copy of the project, scripts/sitetools.py).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest
from htmltags import Tags
from lectures import INTUITION, lecture
from sitetools import REPO_ROOT, build_failure, build_site, copy_project

pytestmark = pytest.mark.slow

PAGE = f"{INTUITION}/summary.en.md"
# Shown inside code: each must come out exactly as written.
IN_CODE = """

## Writing figures { #writing-figures }

```markdown
{{ figure alpha-small }}
{{ figure nope }}
{{ widget step-by-step }}
{{ J .coef }}
```

~~~
{{ widget alpha-explorer }}
![](figures/alpha-large.svg "a title")
~~~

An indented code block:

    {{ figure nope }}
    {{ J.coef }

In a sentence: `{{ figure nope }}`, `![](figures/nope.svg)` and `{{ widget step-by-step }}`
are code.

A figure:

{{ figure alpha-small }}

The same figure again:

{{ figure alpha-small }}

And once more:

{{ figure alpha-small }}
"""


def _edited_project(tmp_path: Path, addition: str) -> Path:
    project = copy_project(tmp_path / "project")
    path = project / "docs" / PAGE
    path.write_text(path.read_text(encoding="utf-8") + addition, encoding="utf-8")
    return project


def _code_texts(page: str) -> list[str]:
    """The text of every <pre><code> and inline <code> of a built page, as a reader sees it."""
    blocks = re.findall(r"<code\b[^>]*>(.*?)</code>", page, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


@pytest.fixture(scope="module")
def site_with_code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("markers")
    project = _edited_project(tmp, IN_CODE)
    site = tmp / "site"
    failure = build_failure(build_site(site, project))
    if failure:
        pytest.fail(failure, pytrace=False)
    return site


def _summary(site: Path) -> str:
    return (site / "en" / INTUITION / "summary" / "index.html").read_text(encoding="utf-8")


def test_code_shows_markers_as_written(site_with_code: Path) -> None:
    page = _summary(site_with_code)
    codes = _code_texts(page)
    assert (
        "{{ figure alpha-small }}\n{{ figure nope }}\n{{ widget step-by-step }}\n{{ J .coef }}\n"
        in codes
    ), codes
    assert '{{ widget alpha-explorer }}\n![](figures/alpha-large.svg "a title")\n' in codes
    assert "{{ figure nope }}\n{{ J.coef }\n" in codes  # the indented block
    assert {"{{ figure nope }}", "![](figures/nope.svg)", "{{ widget step-by-step }}"} <= set(codes)
    # No widget on the key points page: only code.
    assert 'class="gd-stepper"' not in page and 'class="gd-explorer"' not in page


def test_figures_outside_code_get_alt_caption_and_ids_of_their_own(site_with_code: Path) -> None:
    page = _summary(site_with_code)
    alt, caption = lecture().alt("alpha-small", "en"), lecture().caption("alpha-small", "en")
    figures = re.findall(r'<figure class="gd-figure" id="([^"]+)">(.*?)</figure>', page, re.S)
    assert [element_id for element_id, _ in figures] == [
        "figure-alpha-small",
        "figure-alpha-small-2",
        "figure-alpha-small-3",
    ]
    # The key points page's figures are numbered on from the lecture page's (issue 24).
    first = (REPO_ROOT / "docs" / INTUITION / "index.en.md").read_text("utf-8").count(
        "{{ figure "
    ) + 1
    for k, (_, body) in enumerate(figures):
        img = re.search(r"<img [^>]*>", body)[0]
        # Every language's figure files sit in the lecture's figures/ at the site root.
        figures_url = f"../../../{INTUITION}/figures"
        assert f'src="{figures_url}/alpha-small.en.svg#only-light"' in img
        assert f'src="{figures_url}/alpha-small.dark.en.svg#only-dark"' in body  # its dark twin
        assert html.unescape(re.search(r'alt="([^"]*)"', img)[1]) == alt
        shown = html.unescape(re.search(r"<figcaption>(.*?)</figcaption>", body, re.S)[1])
        assert shown == f"Figure {first + k}. {caption}"


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


def test_a_wrong_marker_fails_the_build_in_one_line(tmp_path: Path) -> None:
    project = _edited_project(tmp_path, "\n\nSee {{ J .coef }} here.\n")
    proc = build_site(tmp_path / "site", project)
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    errors = [line for line in output.splitlines() if "is not a marker" in line]
    assert len(errors) == 1, output
    assert re.search(rf"{re.escape(PAGE)}:\d+: \{{\{{ J \.coef \}}\}} is not a marker", errors[0])
    assert "Traceback" not in output
