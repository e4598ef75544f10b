"""The mathjax-svg plugin's typesetter on its own (sitebuild/mathjax: typesetter.py, safety.py,
typeset_maths.js): no site build, one node process per test at most.

Which elements hold formulas; the page it writes (glyphs once per page, MathJax's styles,
assistive MathML); determinism and the cache; what TeX may not put into a page (markup,
links, ids, event attributes, CSS that loads anything), as one line naming page and
formula; node that never answers, writes garbage or dies; a cache that cannot be written.
"""

from __future__ import annotations

import errno
import html
import re
import sys
from pathlib import Path

import pytest
from maths_html import Maths, typeset_problems
from mkdocs.exceptions import PluginError
from sitebuild.mathjax import safety
from sitebuild.mathjax import typesetter as mathjax

SAMPLE = """<!doctype html><html><head><title>t</title></head><body class="x">
<p>Inline <span class="arithmatex">\\(\\theta_1 &lt; \\alpha \\&amp; x\\)</span> and
<span class="arithmatex">\\(\\theta_1\\)</span> again.</p>
<div class="arithmatex">\\[
\\theta_1 := \\theta_1 - \\alpha \\cdot (\\text{正数})
\\]</div>
<div class="arithmatex">\\begin{aligned} a &amp;= b \\\\ c &amp;= d \\end{aligned}</div>
<pre><code><span class="arithmatex">\\(not maths\\)</span></code></pre>
<!-- <span class="arithmatex">\\(nor this\\)</span> -->
</body></html>"""


@pytest.fixture
def typesetter(tmp_path: Path):
    """A Typesetter whose cache is in tmp_path; its node process ends with the test."""
    made = []

    def make(root: Path = tmp_path, **options):
        t = mathjax.Typesetter(**options)
        t.use_cache_dir(root / ".cache" / "mathjax")
        made.append(t)
        return t

    yield make
    for t in made:
        t.close()


# ------------------------------------------------------------------ reading the formulas


def test_formulas_are_read_from_arithmatex_elements_outside_code_and_comments() -> None:
    found = mathjax.find_formulas(SAMPLE, "sample.md")
    assert [(f.tag, f.formula.display) for f in found] == [
        ("span", False),
        ("span", False),
        ("div", True),
        ("div", True),
    ]
    assert found[0].formula.tex == "\\theta_1 < \\alpha \\& x"  # HTML entities decoded
    assert found[2].formula.tex.strip() == "\\theta_1 := \\theta_1 - \\alpha \\cdot (\\text{正数})"
    assert found[3].formula.tex.startswith("\\begin{aligned}")
    assert found[0].formula.key != mathjax.Formula(found[0].formula.tex, display=True).key


@pytest.mark.parametrize(
    ("element", "problem"),
    [
        ('<span class="arithmatex">theta</span>', "no \\(...\\)"),
        ('<span class="arithmatex">\\(<b>x</b>\\)</span>', "holds HTML"),
    ],
)
def test_an_arithmatex_element_without_a_formula_fails(element: str, problem: str) -> None:
    with pytest.raises(PluginError, match=re.escape(problem)) as caught:
        mathjax.find_formulas(f"<p>{element}</p>", "page.md")
    assert str(caught.value).startswith("page.md: ")


# ------------------------------------------------------------------ the typeset page


def test_a_page_is_typeset_with_its_glyphs_once_and_mathml(typesetter) -> None:
    out = mathjax.typeset_page(SAMPLE, "sample.md", typesetter())
    assert typeset_problems(out) == []
    assert len(Maths(out).elements) == 4
    assert "\\(not maths\\)" in out and "\\(nor this\\)" in out  # code and comments untouched
    assert out.count('<path id="MJX-TEX-I-1D703"') == 1  # θ: used four times, stored once
    assert 'fill="currentColor"' in out  # the glyphs take the text's colour
    assert ">正</text>" in out and ">数</text>" in out  # Chinese in \text, drawn as text
    assert "<mtext>正数</mtext>" in out  # ... and read out from the MathML
    head = out[: out.index("</head>")]
    assert '<style id="MJX-SVG-styles">' in head and "mjx-assistive-mml" in head
    assert re.search(r'<body class="x"><svg id="MJX-SVG-global-cache"', out)


def test_typesetting_is_deterministic_and_cached(typesetter, tmp_path: Path, monkeypatch) -> None:
    first = mathjax.typeset_page(SAMPLE, "sample.md", typesetter())
    fresh = mathjax.typeset_page(SAMPLE, "sample.md", typesetter(tmp_path / "elsewhere"))
    assert fresh == first
    cached = list((tmp_path / ".cache" / "mathjax").glob("*/*.json"))
    assert len(cached) == 4, cached  # one file per distinct formula

    # With every formula in the cache, a build needs no node at all.
    def no_node():
        raise AssertionError("node was started although every formula is cached")

    monkeypatch.setattr(mathjax, "node_executable", lambda configured=None: no_node())
    warm = typesetter()
    assert mathjax.typeset_page(SAMPLE, "sample.md", warm) == first

    # A build notes the formulas it used: the next one starts node early only if one is missing.
    assert not typesetter().covers_last_build()
    warm.record_build()
    assert typesetter().covers_last_build()
    cached[0].unlink()
    assert not typesetter().covers_last_build()


@pytest.mark.parametrize(
    ("tex", "message"),
    [("\\frac{1}{", "Missing close brace"), ("\\thetaa + 1", "Undefined control sequence")],
)
def test_a_formula_mathjax_cannot_parse_is_one_line_naming_page_and_formula(
    typesetter, tex: str, message: str
) -> None:
    page = f'<html><head></head><body><p><span class="arithmatex">\\({tex}\\)</span></p></body>'
    with pytest.raises(PluginError) as caught:
        mathjax.typeset_page(page, "lecture.en.md", typesetter())
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith("lecture.en.md: ") and f'"{tex}"' in text and message in text


def absolute_points(d: str) -> list[tuple[str, list[float]]]:
    """Each segment of an SVG path (absolute or relative commands) as absolute numbers."""
    arguments = {"m": 2, "l": 2, "t": 2, "h": 1, "v": 1, "q": 4, "s": 4, "c": 6, "z": 0}
    tokens = re.findall(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)", d)
    segments, x, y, start, command, i = [], 0.0, 0.0, (0.0, 0.0), "", 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command, i = tokens[i], i + 1
        elif command in "Mm":
            command = "L" if command == "M" else "l"
        kind, relative = command.lower(), command.islower()
        if kind == "z":
            segments.append(("z", []))
            x, y = start
            continue
        values = [float(v) for v in tokens[i : i + arguments[kind]]]
        i += arguments[kind]
        if kind == "h":
            values = [values[0] + x * relative]
            x = values[0]
        elif kind == "v":
            values = [values[0] + y * relative]
            y = values[0]
        else:
            values = [v + (x if k % 2 == 0 else y) * relative for k, v in enumerate(values)]
            x, y = values[-2], values[-1]
        if kind == "m":
            start = (x, y)
        segments.append((kind, [round(v, 6) for v in values]))
    return segments


def test_glyph_paths_are_written_relative_with_the_same_points(typesetter) -> None:
    tex = "\\sum_{i=1}^m \\left( \\sqrt{x^{(i)}} \\right)^2 \\Longrightarrow \\int \\frac{a}{b}"
    page = f'<html><head></head><body><div class="arithmatex">\\[{tex}\\]</div></body></html>'
    t = typesetter()
    glyphs = dict(
        t.typeset([mathjax.Formula(tex, display=True)], "t.md")[
            mathjax.Formula(tex, display=True).key
        ].glyphs
    )
    out = mathjax.typeset_page(page, "t.md", t)
    written = dict(re.findall(r'<path id="([^"]+)" d="([^"]+)"', out))
    assert written.keys() == glyphs.keys() and len(glyphs) >= 10
    commands = set()
    for gid, d in glyphs.items():
        commands |= set(re.findall(r"[A-Z]", d))
        assert absolute_points(written[gid]) == absolute_points(d), gid
        assert written[gid][0] == "m" and len(written[gid]) < len(d), gid
    assert {"M", "Q", "T", "H", "V", "L", "Z"} <= commands  # every kind MathJax uses


# ------------------------------------------------------------------ no markup from TeX

PAGE = '<html><head></head><body><p><span class="arithmatex">\\({tex}\\)</span></p></body></html>'
LEFT_OUT = "left out on purpose"


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        # The html, action and unicode packages are not loaded, not even by \require:
        ("\\texttip{x}{<img src=x onerror=alert(1)>}", "\\texttip"),
        ("\\href{javascript:alert(1)}{x}", "\\href"),
        ("\\href{https://example.org/}{x}", "\\href"),
        ("\\class{md-typeset}{x}", "\\class"),
        ("\\cssId{__drawer}{x}", "\\cssId"),
        ("\\style{color: red}{x}", "\\style"),
        ('\\unicode["><img src=x onerror=alert(1)>]{x41}', "\\unicode"),
        ("\\require{html}\\href{a}{b}", 'Extension "[tex]/html" is not allowed'),
        ("\\require{action}\\toggle{a}{b}\\endtoggle", 'Extension "[tex]/action"'),
        # ... and what ui/safe lets through is caught in the output:
        ("\\bbox[cursor: url(https://evil.example/c.cur)]{x}", "a value that loads something"),
        ("\\color{url(https://evil.example/#p)}{x}", "a value that loads something"),
    ],
)
def test_tex_that_would_put_markup_into_the_page_fails_in_one_line(
    typesetter, tex: str, expected: str
) -> None:
    with pytest.raises(PluginError) as caught:
        page = PAGE.format(tex=html.escape(tex, quote=False))  # as arithmatex writes it
        mathjax.typeset_page(page, "lecture.en.md", typesetter())
    text = str(caught.value)
    assert "\n" not in text
    shown = " ".join(tex.split())
    assert text.startswith("lecture.en.md: ") and f'"{shown}"' in text, text
    assert expected in text, text
    if expected.startswith("\\"):
        assert LEFT_OUT in text, text


def test_what_ui_safe_leaves_alone_still_typesets(typesetter) -> None:
    """\\bbox and \\color are kept: ui/safe passes a colour and a border, the check too."""
    page = PAGE.format(tex="\\bbox[yellow,5px,border: 2px solid red]{\\color{blue}{x}}")
    out = mathjax.typeset_page(page, "page.md", typesetter())
    assert typeset_problems(out) == []
    assert 'fill="blue"' in out and "border: 2px solid red" in out


SAFE = (
    '<mjx-container class="MathJax" jax="SVG" style="position: relative;"><svg style="vertical-'
    'align: -0.025ex;" xmlns="http://www.w3.org/2000/svg" viewBox="0 -442 572 453" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"><g data-mml-node="math"><use data-c="1D465" '
    'xlink:href="#MJX-TEX-I-1D465"></use></g></svg><mjx-assistive-mml unselectable="on">'
    "<math><mi>x</mi></math></mjx-assistive-mml></mjx-container>"
)


@pytest.mark.parametrize(
    ("replace", "by", "problem"),
    [
        ("<g data", '<title><img src=x onerror="alert(1)"></title><g data', "a <title> element"),
        ('style="position', 'style="font-family: "><img>;" data-x="', "an <img> element"),
        ("<mi>x</mi>", '<mi onclick="alert(1)">x</mi>', "an event attribute"),
        ("<mi>x</mi>", '<mi id="__drawer">x</mi>', "an id"),
        ("<mi>x</mi>", '<mi class="md-header">x</mi>', "a class of its own"),
        ('<g data-mml-node="math">', '<g data-mml-node="math"><a href="java\tscript:x">', ""),
        ("#MJX-TEX-I-1D465", "https://evil.example/glyph.svg#x", "a link"),
        ("#MJX-TEX-I-1D465", "//evil.example/#x", "a link"),
        ("position: relative;", "background: u\\72l(x)", "a CSS escape"),
        ("position: relative;", "cursor: URL ( x )", "a value that loads something"),
        ('jax="SVG"', 'jax="SVG" data-x="javascript:alert(1)"', "a value with a URL scheme"),
        ("<mi>x</mi>", "<mi>x</mi><!-- x -->", "an HTML comment"),
        ("</mjx-container>", "</mjx-container><p>", "a <p> element"),
        ("<mi>x</mi>", "<mi>x</mi></mrow>", "an unbalanced </mrow>"),
    ],
)
def test_the_output_check_refuses_what_ui_safe_lets_through(
    replace: str, by: str, problem: str
) -> None:
    assert safety.output_problem(SAFE) is None
    assert replace in SAFE
    found = safety.output_problem(SAFE.replace(replace, by, 1))
    assert found is not None and problem in found, found


def test_glyph_ids_that_are_not_mathjaxs_fail(typesetter) -> None:
    t = typesetter()
    tex = "x"
    formula = mathjax.Formula(tex, display=False)
    t.typeset([formula], "page.md")
    t._results[formula.key] = mathjax.Typeset(
        t._results[formula.key].html, (('x" onload="alert(1)', "M0 0"),)
    )
    t._checked.clear()
    with pytest.raises(PluginError, match="a glyph id"):
        t.typeset([formula], "page.md")


# ------------------------------------------------------------------ node misbehaving


def fake_node(tmp_path: Path, body: str) -> str:
    """An executable that stands in for node (it gets typeset_maths.js and es5/ as arguments)."""
    path = tmp_path / "fake-node"
    path.write_text(f"#!{sys.executable}\nimport sys, time\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def typeset_once(typesetter, **options) -> PluginError:
    t = typesetter(**options)
    with pytest.raises(PluginError) as caught:
        mathjax.typeset_page(PAGE.format(tex="x+1"), "page.md", t)
    return caught.value


def test_a_node_that_never_answers_times_out_in_one_line(typesetter, tmp_path: Path) -> None:
    import time

    node = fake_node(tmp_path, "sys.stdin.read()")
    start = time.monotonic()
    error = str(typeset_once(typesetter, node=node, timeout=1))
    assert time.monotonic() - start < 10
    assert "\n" not in error and "gave no answer within 1 s" in error, error


def test_a_node_that_writes_something_else_than_json_is_one_line(typesetter, tmp_path) -> None:
    node = fake_node(
        tmp_path, "print('Debugger listening on ws://...', flush=True); time.sleep(60)"
    )
    error = str(typeset_once(typesetter, node=node, timeout=20))
    assert "\n" not in error and "not a JSON message: 'Debugger listening" in error, error


def test_a_node_that_stops_says_why_in_one_line(typesetter, tmp_path: Path) -> None:
    node = fake_node(
        tmp_path,
        "print('    at Object.writeFileSync (node:fs)', file=sys.stderr)\n"
        "print('typeset_maths.js: ENOSPC: no space left on device, write', file=sys.stderr)\n"
        "sys.exit(2)",
    )
    error = str(typeset_once(typesetter, node=node, timeout=20))
    assert "\n" not in error, error
    assert "stopped, exit 2: typeset_maths.js: ENOSPC: no space left on device" in error


def test_a_node_that_is_not_there_is_one_line(typesetter, tmp_path: Path) -> None:
    error = str(typeset_once(typesetter, node=str(tmp_path / "no-such-node"), timeout=20))
    assert "\n" not in error and "is not an executable" in error, error


# ------------------------------------------------------------------ a cache that cannot be used


def test_a_cache_that_cannot_be_written_typesets_into_a_temporary_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    t = mathjax.Typesetter()
    try:
        problem = t.use_cache_dir(blocker / "mathjax")
        assert problem, "a cache under a file was accepted"
        temporary = t.cache_dir
        assert temporary is not None and temporary.is_dir()
        out = mathjax.typeset_page(SAMPLE, "sample.md", t)
        assert typeset_problems(out) == []
    finally:
        t.close()
    assert not temporary.exists(), "the temporary cache outlived the typesetter"


def test_a_full_disk_is_one_line(typesetter, tmp_path: Path, monkeypatch) -> None:
    t = typesetter()

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(PluginError) as caught:
        t._store(mathjax.MANIFEST, "[]")
    text = str(caught.value)
    assert "\n" not in text and "No space left on device" in text, text
    assert not list(t.cache_dir.glob("*.partial"))


def test_another_write_error_is_reported_not_raised(typesetter, monkeypatch, caplog) -> None:
    t = typesetter()

    def denied(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "write_text", denied)
    t._store(mathjax.MANIFEST, "[]")
    assert [r.message for r in caplog.records if "it is not cached" in r.message]


def test_a_checked_output_is_not_checked_again_but_a_changed_one_is(
    typesetter, monkeypatch
) -> None:
    """The check's verdicts are kept with the cache, by the digest of what was checked: a
    warm build does not parse every formula again, and an entry changed since is."""
    first = typesetter()
    out = mathjax.typeset_page(SAMPLE, "sample.md", first)
    first.record_build()

    def not_again(html: str) -> str | None:
        raise AssertionError("an output checked by an earlier build was checked again")

    monkeypatch.setattr(mathjax, "output_problem", not_again)
    assert mathjax.typeset_page(SAMPLE, "sample.md", typesetter()) == out

    monkeypatch.setattr(mathjax, "output_problem", safety.output_problem)
    entry = next(first.cache_dir.glob("*.json"))
    if entry.name in (mathjax.MANIFEST, mathjax.CHECKED):
        entry = next(p for p in first.cache_dir.glob("*.json") if len(p.stem) == 64)
    data = entry.read_text(encoding="utf-8").replace(
        "<g ",
        "<title><img src=x onerror=alert(1)></title><g ",
        1,  # (no quote: JSON)
    )
    entry.write_text(data, encoding="utf-8")
    with pytest.raises(PluginError, match="a <title> element"):
        mathjax.typeset_page(SAMPLE, "sample.md", typesetter())
