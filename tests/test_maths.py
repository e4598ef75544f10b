"""Maths typeset at build time by MathJax (scripts/hooks/mathjax.py, scripts/typeset_maths.js).

* The hook on its own (fast): which elements hold formulas, the page it writes (glyphs once
  per page, MathJax's styles, assistive MathML), determinism, the cache, one-line errors.
* The built site (``built_site``): every formula of every page typeset in the HTML, no
  MathJax script; a malformed formula fails the build naming the page; a killed build leaves
  no node process behind.
* Chromium: every formula drawn with JavaScript off; at 375×812 no formula is wider than its
  container; the glyphs take the text's colour in both palettes.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import PAGES, PHONE
from hookmodules import load_hook
from maths_drawn import SHOW_EVERYTHING, maths_problems
from mkdocs.exceptions import PluginError
from sitetools import build_site, copy_project, mkdocs_env

mathjax = load_hook("mathjax")

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

    def make(root: Path = tmp_path):
        t = mathjax.Typesetter()
        t.use_cache_dir(root)
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


class Maths(HTMLParser):
    """What a built page holds: its arithmatex elements and what is inside each one."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []  # {"tags": [...], "text": "..."} per arithmatex element
        self.ids: list[str] = []
        self.uses: list[str] = []
        self.caches = 0
        self.styles = 0
        self._stack: list[str] = []
        self._inside: int | None = None  # depth of the arithmatex element we are in
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        self.caches += a.get("id") == "MJX-SVG-global-cache"
        self.styles += tag == "style" and a.get("id") == "MJX-SVG-styles"
        if tag == "use":
            self.uses.append(a.get("xlink:href") or a.get("href", ""))
        in_code = "code" in self._stack or "pre" in self._stack  # shown as written: not maths
        if self._inside is None and not in_code and "arithmatex" in a.get("class", "").split():
            self.elements.append({"tags": [], "text": ""})
            self._inside = len(self._stack)
        elif self._inside is not None:
            self.elements[-1]["tags"].append(tag)
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop() == tag:
                break
        if self._inside is not None and len(self._stack) <= self._inside:
            self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside is not None:
            self.elements[-1]["text"] += data


def typeset_problems(page_html: str) -> list[str]:
    """What is wrong with the formulas of a built page (empty: all typeset as they should)."""
    maths = Maths(page_html)
    problems = []
    for element in maths.elements:
        tags = element["tags"]
        shown = " ".join(element["text"].split())[:60]
        if not tags or tags[0] != "mjx-container" or "svg" not in tags:
            problems.append(f"not typeset as SVG: {shown!r}")
        if "mjx-assistive-mml" not in tags or "math" not in tags:
            problems.append(f"no MathML for screen readers: {shown!r}")
        if re.search(r"\\[()\[\]]", element["text"]):
            problems.append(f"TeX left in the page: {shown!r}")
    if maths.elements:
        if maths.caches != 1 or maths.styles != 1:
            problems.append(f"{maths.caches} glyph caches and {maths.styles} MathJax styles")
        missing = sorted({u for u in maths.uses if u[1:] not in maths.ids})
        if missing:
            problems.append(f"glyphs used but not on the page: {missing[:5]}")
        twice = sorted({i for i in maths.ids if maths.ids.count(i) > 1})
        if twice:
            problems.append(f"ids on the page twice: {twice[:5]}")
    elif maths.caches or maths.styles:
        problems.append("a glyph cache or MathJax's styles on a page without maths")
    return problems


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

    monkeypatch.setattr(mathjax, "node_executable", no_node)
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


# ------------------------------------------------------------------ the built site


@pytest.mark.slow
def test_every_formula_of_every_page_is_typeset_in_the_built_html(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 7, pages
    counted = {}
    for path in pages:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(built_site).as_posix()
        problems = typeset_problems(text)
        assert not problems, f"{rel}:\n  " + "\n  ".join(problems)
        assert not re.search(r"<script\b[^>]*mathjax", text, re.I), f"{rel} loads MathJax"
        assert not re.search(r"<script\b[^>]*>[^<]*MathJax", text), f"{rel}: a MathJax script"
        counted[rel] = len(Maths(text).elements)
    for rel in (
        "gradient-descent-intuition/index.html",
        "en/gradient-descent-intuition/index.html",
    ):
        assert counted[rel] >= 50, counted
    assert (
        counted["gradient-descent-intuition/summary/index.html"]
        == counted["en/gradient-descent-intuition/summary/index.html"]
        > 0
    ), counted


@pytest.mark.slow
def test_a_malformed_formula_fails_the_build_naming_page_and_formula(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "gradient-descent-intuition" / "index.en.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n\nA broken formula: $\\frac{1}{$\n", "utf-8"
    )
    proc = build_site(tmp_path / "site", project)
    assert proc.returncode != 0, "the build succeeded with a malformed formula"
    output = proc.stdout + proc.stderr
    lines = [line for line in output.splitlines() if "\\frac{1}{" in line]
    assert len(lines) == 1, output
    assert "lecture.en.md" in lines[0] and "MathJax" in lines[0], lines


def _typesetters_of(project: Path) -> list[int]:
    """Pids of the node processes running ``project``'s scripts/typeset_maths.js."""
    script = str(project / "scripts" / "typeset_maths.js").encode()
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if script in (proc / "cmdline").read_bytes():
                    pids.append(int(proc.name))
            except OSError:
                pass
    return pids


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux's /proc")
def test_a_killed_build_leaves_no_node_process(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "s")]
    build = subprocess.Popen(
        cmd,
        cwd=project,
        env=mkdocs_env(GDCORE_CACHE_DIR=str(tmp_path / "figures")),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not _typesetters_of(project):
            assert build.poll() is None, "the build ended before its node process was seen"
            assert time.monotonic() < deadline, "no node process started within 60 s"
            time.sleep(0.05)
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 10
        while _typesetters_of(project) and time.monotonic() < deadline:
            time.sleep(0.1)
        survivors = _typesetters_of(project)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors, f"node outlived the killed build: pids {survivors}"


# ------------------------------------------------------------------ in Chromium

WIDTHS = """() => {
  const blockOf = (e) => {
    let p = e.parentElement;
    while (p && getComputedStyle(p).display.startsWith("inline")) p = p.parentElement;
    return p;
  };
  const wide = [];
  for (const m of document.querySelectorAll(".arithmatex")) {
    const svg = m.querySelector("svg");
    if (!svg) continue;
    const box = svg.getBoundingClientRect();
    const block = m.tagName === "DIV" ? m : blockOf(m);
    const outer = block.getBoundingClientRect();
    const style = getComputedStyle(block);
    const left = outer.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
    const right = outer.right - parseFloat(style.paddingRight) -
      parseFloat(style.borderRightWidth);
    const scrolls = m.tagName === "DIV" && m.scrollWidth > m.clientWidth;
    if (scrolls || box.left < left - 0.5 || box.right > right + 0.5) {
      wide.push(`${m.textContent.trim().slice(0, 60)}: ${box.width.toFixed(0)} px in ` +
        `${(right - left).toFixed(0)} px` + (scrolls ? " (scrolls)" : ""));
    }
  }
  return wide;
}"""


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_every_formula_is_drawn_without_javascript(open_page, name: str) -> None:
    page = open_page(PAGES[name], viewport=PHONE, java_script_enabled=False)
    maths, problems = maths_problems(page, show_everything=True)
    assert maths["maths"] > 0, maths
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_no_formula_is_wider_than_its_container_on_a_phone(open_page, name: str) -> None:
    page = open_page(PAGES[name], viewport=PHONE)
    page.evaluate(SHOW_EVERYTHING)
    wide = page.evaluate(WIDTHS)
    assert not wide, f"{name} at 375×812, formulas wider than their container:\n  " + (
        "\n  ".join(wide)
    )


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_formulas_take_the_text_colour(open_page, scheme: str) -> None:
    page = open_page("en/gradient-descent-intuition/", viewport=PHONE, color_scheme=scheme)
    colours = page.evaluate(
        """() => [...document.querySelectorAll(".arithmatex > mjx-container > svg")]
          .map((svg) => [
            getComputedStyle(svg.closest(".arithmatex").parentElement).color,
            getComputedStyle(svg.querySelector(":scope > g")).fill,
          ])"""
    )
    assert len(colours) >= 50
    wrong = [c for c in colours if c[0] != c[1]]
    assert not wrong, wrong[:5]
