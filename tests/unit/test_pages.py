"""A page's markers ({{ … }}), filled in one pass: facts as text or TeX, figures, widgets,
the repository link; code shows what was written; anything else fails in one line that
names the page, the line and what to write.

These call the notes plugin's page step (sitebuild.notes.pages.fill_page) on the parse it
gets in a build (sitebuild.notes.markers.scan, with the site's own Markdown extensions), so
no site is built. tests/site/test_markers_in_a_build.py builds one page end to end.
"""

from __future__ import annotations

import functools
import re
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from lectures import lecture
from mkdocs.exceptions import PluginError
from sitebuild.notes import pages
from sitebuild.notes.markers import scan
from sitebuild.notes.plugin import _check_front_matter

ROOT = Path(__file__).resolve().parents[2]
L = lecture()
FACTS = L.facts("en")


@functools.cache
def site_config():
    """The site's Markdown extensions, as mkdocs.yml configures them."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


def _page(facts=FACTS, repository=None, where="gradient-descent-intuition/index.en.md"):
    return pages.Page(
        where,
        facts,
        repository,
        figure=lambda name, element_id, number=None: f"<FIGURE {name} {element_id}>",
        widget=lambda name: f"<WIDGET {name}>",
        figure_names=frozenset(L.declared),
        widget_names=frozenset(L.widgets),
    )


def fill(markdown: str, page=None) -> str:
    return pages.fill_page(markdown, scan(markdown, site_config()), page or _page())


def test_facts_are_text_in_prose_and_tex_in_maths():
    out = fill(
        textwrap.dedent(
            """\
            J is {{ J.coef }} here, $J = {{ J.coef }} {{ J.factor }}^2$, and
            $$
            c = {{ J.c }}
            $$
            \\({{ J.c }}\\)
            """
        )
    )
    f = FACTS
    assert out.startswith(f"J is {f['J.coef'].text} here, $J = {f['J.coef'].tex} ")
    assert f"c = {f['J.c'].tex}\n" in out and f"\\({f['J.c'].tex}\\)" in out
    assert f["J.coef"].text != f["J.coef"].tex  # 7/3 against \frac{7}{3}


def test_code_of_every_kind_shows_markers_as_written_and_indented_prose_is_filled():
    markdown = textwrap.dedent(
        """\
        Filled: {{ J.coef }}.

            indented code: {{ J.coef }} {{ figure nope }}

        !!! note
            An admonition's prose: {{ J.c }}, and its maths $c = {{ J.c }}$.

                and its own code block: {{ J.c }}

        1. A list item with a code block:

            ```
            {{ J.coef }}
            {{ widget alpha-explorer }}
            ```

        A span: `{{ J.c }}` and `{{ figure update-rule }}` and `{{ J.coef }`.

        <pre><code>{{ J.coef }} in an HTML block</code></pre>

        ~~~
        {{ J .coef }} {{ 'x' }}
        ~~~
        """
    )
    out = fill(markdown)
    f = FACTS
    assert out.startswith(f"Filled: {f['J.coef'].text}.\n")
    assert "    indented code: {{ J.coef }} {{ figure nope }}\n" in out
    assert f"An admonition's prose: {f['J.c'].text}, and its maths $c = {f['J.c'].tex}$." in out
    assert "        and its own code block: {{ J.c }}\n" in out
    assert "    {{ J.coef }}\n    {{ widget alpha-explorer }}\n" in out
    assert "A span: `{{ J.c }}` and `{{ figure update-rule }}` and `{{ J.coef }`." in out
    assert "<pre><code>{{ J.coef }} in an HTML block</code></pre>" in out
    assert "{{ J .coef }} {{ 'x' }}" in out


def test_figures_and_widgets_alone_on_their_line_are_written_out_with_their_own_ids():
    out = fill(
        "A.\n\n{{ figure alpha-small }}\n\nB.\n\n{{ figure alpha-small }}\n\n"
        "{{ widget alpha-explorer }}\n\nC.\n"
    )
    assert "<FIGURE alpha-small figure-alpha-small>" in out
    assert "<FIGURE alpha-small figure-alpha-small-2>" in out
    assert "\n<WIDGET alpha-explorer>\n" in out


def test_the_repository_link_is_built_escaped_or_left_as_words():
    text = "by [the site's own code]({{ repository }})."
    assert fill(text) == "by the site's own code."
    assert fill(text, _page(repository="https://github.com/o/r")) == (
        'by <a href="https://github.com/o/r">the site\'s own code</a>.'
    )
    # A ")" or a quote in the address cannot end the link or the attribute.
    hostile = 'https://x.example/a)"onmouseover="alert(1)'
    out = fill(text, _page(repository=hostile))
    assert 'href="https://x.example/a)&quot;onmouseover=&quot;alert(1)"' in out
    assert 'onmouseover="' not in out


BAD = {
    "unknown fact": ("text {{ J.nope }}", r"unknown placeholder \{\{ J\.nope \}\}"),
    "no closing braces": ("text {{ J.coef } more", r"has no closing \}\}; write \{\{ NAME \}\}"),
    "a space in the name": ("text {{ J .coef }}", r"\{\{ J \.coef \}\} is not a marker; write"),
    "a filter": ("text {{ J.coef | safe }}", r"\{\{ J\.coef \| safe \}\} is not a marker"),
    "quoted": ("text {{ 'J.coef' }}", r"\{\{ 'J\.coef' \}\} is not a marker"),
    "an empty marker": ("text {{ }}", r"\{\{ \}\} is not a marker"),
    "repository as text": ("see {{ repository }}", r"is a link target: write \[words\]"),
    "repository autolink": ("see <{{ repository }}>", r"is a link target: write \[words\]"),
    "figure in a sentence": (
        "See {{ figure alpha-small }} here.",
        r"put \{\{ figure alpha-small \}\} on a line of its own",
    ),
    "lazy continuation": (
        "A sentence that goes on\n{{ figure alpha-small }}",
        r"on a line of its own",
    ),
    "list item": (
        "- {{ figure alpha-small }}",
        r"at the start of its line, not indented|on a line of its own",
    ),
    "indented": (
        "!!! note\n\n    {{ figure alpha-small }}",
        r"at the start of its line, not indented",
    ),
    "unknown figure": (
        "{{ figure nope }}",
        r"no figure 'nope' in this page's lecture \(its figures: alpha-large",
    ),
    "unknown widget": ("{{ widget nope }}", r"no widget 'nope'"),
    "widget twice": (
        "{{ widget alpha-explorer }}\n\n{{ widget alpha-explorer }}",
        r"appears more than once",
    ),
    "the old image": (
        "![](figures/alpha-small.svg)",
        r"write \{\{ figure alpha-small \}\} alone on a line instead of an image of "
        r"'figures/alpha-small.svg'",
    ),
    "the old image with a language": (
        "![x](figures/alpha-small.zh.svg)",
        r"write \{\{ figure alpha-small \}\}",
    ),
    "an HTML img": (
        '<p><img src="figures/alpha-small.svg" alt="a curve"></p>',
        r"instead of an HTML <img>",
    ),
}


@pytest.mark.parametrize(("markdown", "message"), BAD.values(), ids=BAD.keys())
def test_every_other_way_fails_in_one_line_naming_the_page_and_line(markdown, message):
    with pytest.raises(PluginError) as raised:
        fill(f"Intro.\n\n{markdown}\n")
    text = str(raised.value)
    assert "\n" not in text
    # The line of the (last) marker: the page starts with "Intro." and a blank line.
    line = 3 + markdown[: markdown.rfind("{{") if "{{" in markdown else 0].count("\n")
    assert text.startswith(f"gradient-descent-intuition/index.en.md:{line}: "), text
    assert re.search(message, text), text


def test_a_page_of_no_lecture_has_no_facts():
    page = _page(facts=None, where="index.en.md")
    with pytest.raises(
        PluginError, match=r"^index\.en\.md:1: \{\{ J\.coef \}\}: this page is part of no lecture"
    ):
        fill("{{ J.coef }}", page)
    assert fill("by [code]({{ repository }})", page) == "by code"


def test_the_front_matter_is_filled_and_an_unquoted_marker_fails():
    page = _page()
    assert pages.fill_text("J = {{ J.coef }}", page, "description") == f"J = {FACTS['J.coef'].text}"
    with pytest.raises(PluginError, match=r"front matter title: unknown placeholder"):
        pages.fill_text("{{ J.nope }}", page, "title")
    # YAML reads `title: {{ J.coef }}` as a mapping and MkDocs drops the whole front matter.
    source = "---\ntitle: A\ndescription: {{ J.coef }}\n---\n\n# A\n"
    unquoted = SimpleNamespace(
        meta={}, file=SimpleNamespace(src_uri="x/index.en.md", content_string=source)
    )
    with pytest.raises(
        PluginError,
        match=r"^x/index\.en\.md:3: a front-matter value with \{\{ … \}\} must be quoted",
    ):
        _check_front_matter(unquoted, "")
    quoted = SimpleNamespace(meta={"title": "A"}, file=unquoted.file)
    _check_front_matter(quoted, "")  # read by YAML: nothing to say


def test_a_fact_its_data_cannot_give_names_the_fact_and_the_page(tmp_path):
    """A fact whose data does not allow it (y_of_x of points off a line): the error names
    the fact and the page that uses it."""
    from lectures import DOCS, languages

    from gdcore.lecture import load_lecture

    folder = tmp_path / "gradient-descent-intuition"
    folder.mkdir()
    text = (DOCS / "gradient-descent-intuition" / "lecture.yml").read_text(encoding="utf-8")
    text = text.replace("points: [[1, 1], [2, 2], [3, 3]]", "points: [[1, 1], [2, 2.5], [3, 3]]")
    text = text.replace("  - holds: J.min == 0\n", "  - holds: J.min > 0\n")
    (folder / "lecture.yml").write_text(text, encoding="utf-8")
    other = load_lecture(folder, languages())
    with pytest.raises(
        PluginError,
        match=r"^gradient-descent-intuition/index\.en\.md:3: \{\{ J\.y_of_x \}\}: J\.y_of_x: "
        r"the training set .* is not on one line",
    ):
        fill("Intro.\n\n$y = {{ J.y_of_x }}$\n", _page(facts=other.facts("en")))


def test_a_scan_is_reused_only_for_the_same_text_and_extensions():
    """Under `mkdocs serve` an unchanged page is not parsed again; a changed text or set of
    Markdown extensions is."""
    text = "!!! note\n    {{ figure alpha-small }}\n"
    with_admonition = SimpleNamespace(markdown_extensions=["admonition"], mdx_configs={})
    first = scan(text, with_admonition)
    assert [m.alone for m in first.markers] == [True]  # the admonition's only content
    assert scan(text, with_admonition) is first
    # Without the admonition extension the paragraph goes on in the next line: not alone.
    plain = SimpleNamespace(markdown_extensions=[], mdx_configs={})
    assert [m.alone for m in scan(text, plain).markers] == [False]
    edited = text.replace("alpha-small", "alpha-large")
    assert [m.inner for m in scan(edited, with_admonition).markers] == ["figure alpha-large"]
