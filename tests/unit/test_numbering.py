"""Numbered figures, equations and sections, and {{ ref … }} links (issue 24), without a
build: the notes plugin's numbering of a lecture's pages and its page step."""

from __future__ import annotations

import textwrap

import pytest
from mkdocs.exceptions import PluginError
from sitebuild.notes import numbering, pages
from sitebuild.notes.markers import scan
from test_pages import site_config

WORDS = {
    "en": {"figure": "Figure {n}", "equation": "Equation ({n})", "section": "Section {n}"},
    "zh": {"figure": "图 {n}", "equation": "式 ({n})", "section": "第 {n} 节"},
}

INDEX = textwrap.dedent(
    """\
    # A lecture

    ## 1. First { #first }

    {{ figure one }}

    $$
    a = b \\label{first-rule}
    $$

    ```
    {{ figure not-shown }}
    $$ c \\label{in-code} $$
    ## 9. Not a heading { #in-code }
    ```

    ## 2. Second { #second }

    {{ figure two }}

    $$
    \\begin{aligned} x &= y \\\\ z &= w \\end{aligned} \\label{second-rule}
    $$

    ### An exercise { #exercise }

    {{ figure one }}
    """
)
SUMMARY = textwrap.dedent(
    """\
    # Key points

    {{ figure three }}

    See {{ ref figure two }}, {{ ref equation second-rule }} and {{ ref section second }}.
    """
)


def _numbered(index: str = INDEX, summary: str = SUMMARY) -> numbering.Numbering:
    config = site_config()
    return numbering.number_lecture(
        [("index.md", index, scan(index, config)), ("summary.md", summary, scan(summary, config))],
        "docs/lecture",
    )


def test_figures_equations_and_sections_are_numbered_in_the_lecture_s_order():
    numbers = _numbered()
    found = {key: (t.number, t.page, t.anchor) for key, t in numbers.targets.items()}
    assert found == {
        ("figure", "one"): ("1", "index.md", "figure-one"),
        ("figure", "two"): ("2", "index.md", "figure-two"),
        ("figure", "three"): ("4", "summary.md", "figure-three"),  # after index's 3 showings
        ("equation", "first-rule"): ("1", "index.md", "eq-first-rule"),
        ("equation", "second-rule"): ("2", "index.md", "eq-second-rule"),
        ("section", "first"): ("1", "index.md", "first"),
        ("section", "second"): ("2", "index.md", "second"),
    }
    # Every showing has its own number, a figure shown twice too.
    assert numbers.figures_shown == {"index.md": ("1", "2", "3"), "summary.md": ("4",)}


@pytest.mark.parametrize("lang", WORDS)
def test_a_reference_is_a_link_with_the_number_in_the_page_s_language(lang):
    numbers = _numbered()
    words = WORDS[lang]
    link = numbering.ref_link(numbers, "figure", "two", "summary.md", words, "x:1")
    assert link == f"[{words['figure'].format(n=2)}](index.md#figure-two)"
    link = numbering.ref_link(numbers, "equation", "first-rule", "index.md", words, "x:1")
    assert link == f"[{words['equation'].format(n=1)}](#eq-first-rule)"
    link = numbering.ref_link(numbers, "section", "second", "summary.md", words, "x:1")
    assert link == f"[{words['section'].format(n=2)}](index.md#second)"


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("figure", "nope", "the lecture has no figure 'nope'"),
        ("equation", "nope", "the lecture has no equation 'nope'"),
        ("section", "exercise", "the lecture has no section 'exercise'"),  # no number
        ("table", "one", "refer to a figure, an equation or a section"),
    ],
)
def test_a_dangling_reference_fails_with_the_page_and_line(kind, name, message):
    with pytest.raises(PluginError) as error:
        numbering.ref_link(_numbered(), kind, name, "index.md", WORDS["en"], "docs/x/index.md:7")
    assert str(error.value).startswith("docs/x/index.md:7: ")
    assert message in str(error.value)


def test_a_label_defined_twice_fails_with_both_places():
    twice = INDEX + "\n$$\nq \\label{first-rule}\n$$\n"
    with pytest.raises(PluginError, match=r"docs/lecture/index.md:\d+: equation 'first-rule' is "):
        _numbered(index=twice)


def test_a_label_that_is_not_a_name_is_refused():
    with pytest.raises(PluginError, match=r"\\label\{a b\}: a label is a name"):
        _numbered(index="$$\nx \\label{a b}\n$$\n")


def _fill(text: str, numbers: numbering.Numbering, here: str = "index.md") -> str:
    figures, equations = numbering.page_numbers(numbers, here)
    page = pages.Page(
        f"docs/lecture/{here}",
        {},
        None,
        figure=lambda name, element_id, number: f"<FIGURE {element_id} {number}>",
        widget=lambda name: "",
        figure_names=frozenset({"one", "two", "three", "not-shown"}),
        figure_numbers=figures,
        equation_numbers=equations,
        ref=lambda kind, name, where: numbering.ref_link(
            numbers, kind, name, here, WORDS["en"], where
        ),
    )
    return pages.fill_page(text, scan(text, site_config()), page)


def test_the_page_step_numbers_captions_and_formulas_and_fills_references():
    numbers = _numbered()
    out = _fill(INDEX, numbers)
    assert "<FIGURE figure-one 1>" in out and "<FIGURE figure-two 2>" in out
    assert "<FIGURE figure-one-2 3>" in out
    assert "a = b \\tag{1}\\label{first-rule}" in out
    assert "\\end{aligned} \\tag{2}\\label{second-rule}" in out
    assert "$$ c \\label{in-code} $$" in out  # code stays as written
    out = _fill(SUMMARY, numbers, "summary.md")
    assert "<FIGURE figure-three 4>" in out
    assert (
        "See [Figure 2](index.md#figure-two), [Equation (2)](index.md#eq-second-rule) and "
        "[Section 2](index.md#second)." in out
    )


def test_a_label_in_inline_maths_is_refused():
    text = "Inline $x \\label{first-rule}$ here.\n"
    with pytest.raises(PluginError, match=r"index.md:1: .*only a display formula"):
        _fill(text, _numbered())


def test_a_reference_inside_maths_is_refused():
    text = "$$\nx = {{ ref equation first-rule }}\n$$\n"
    with pytest.raises(PluginError, match=r"index.md:2: .* is a link: write it outside maths"):
        _fill(text, _numbered())


def test_numbered_formulas_get_their_id_and_their_number_as_text():
    import markdown

    text = "Before.\n\n$$\na = b \\tag{1}\\label{first-rule}\n$$\n\n$$\nc\n$$\n"
    md = markdown.Markdown(
        extensions=["pymdownx.arithmatex", numbering.NumberedFormulas()],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    assert md.convert(text) == (
        "<p>Before.</p>\n"
        '<div class="gd-equation" id="eq-first-rule"><div class="arithmatex">\\[\na = b\n\\]'
        '</div><span class="gd-equation-number">(1)</span></div>\n'
        '<div class="arithmatex">\\[\nc\n\\]</div>'
    )
