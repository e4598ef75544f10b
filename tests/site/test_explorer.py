"""The α explorer (section 3) and the stepper (section 6) in the built pages.

Both widgets are written by the notes plugin (scripts/sitebuild/notes/widgets.py) from
gdcore's numbers; these tests read one strict build (the session fixture ``built_site``)
and compare every frame's data, words and numbers with ``Lecture.widget_entries``: the
page shows nothing gdcore did not compute. Also: the fallbacks without JavaScript, lazy loading
(one explorer frame and one stepper frame are real images, the rest are fetched on
demand), search leaving the widgets out, the weight budget, and the hook's own errors.
The browser side is in tests/test_explorer_browser.py.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lectures import INTUITION
from lectures import lecture as load

L = load()
ALPHA_SWEEP = L.widgets["alpha-explorer"]
STEPPER = L.widgets["step-by-step"].frames


def explorer_entries(lang):
    return L.widget_entries("alpha-explorer", lang)["frames"]


def stepper_entries(lang):
    return L.widget_entries("step-by-step", lang)["frames"]


pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
LECTURE = {
    "zh": "gradient-descent-intuition/index.html",
    "en": "en/gradient-descent-intuition/index.html",
}
LANGS = tuple(LECTURE)
VOID = {
    *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"),
    *("track", "wbr"),
}
BUDGET_BYTES = 200_000  # what the widgets may add to the page (issue 5)


# ------------------------------------------------------------------ a small HTML tree


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def walk(self):
        """The elements inside, in order; not into a <template>, whose content is inert
        (as in a browser, where it is not part of the document until a script adds it)."""
        for child in self.children:
            if isinstance(child, Node):
                yield child
                if child.tag != "template":
                    yield from child.walk()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.walk()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
        ]

    def find(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert len(found) == 1, f"expected one <{tag or '*'} class={cls}>, found {len(found)}"
        return found[0]

    def text(self, sep: str = "") -> str:
        """The text inside; ``sep`` goes between elements (" " keeps numbers apart)."""
        return sep.join(c if isinstance(c, str) else c.text(sep) for c in self.children)

    def inside(self, tag: str) -> bool:
        node = self.parent
        while node is not None:
            if node.tag == tag:
                return True
            node = node.parent
        return False


class Tree(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self._open = self.root
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self._open)
        self._open.children.append(node)
        if tag not in VOID:
            self._open = node

    def handle_startendtag(self, tag, attrs):
        self._open.children.append(Node(tag, {k: v or "" for k, v in attrs}, self._open))

    def handle_endtag(self, tag):
        node = self._open
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self._open = node.parent

    def handle_data(self, data):
        self._open.children.append(data)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def lecture(built_site: Path) -> dict[str, Node]:
    return {
        lang: Tree((built_site / rel).read_text(encoding="utf-8")).root
        for lang, rel in LECTURE.items()
    }


def resolve(page_rel: str, src: str) -> str:
    """The file ``src`` (a URL relative to page ``page_rel``, maybe with a #fragment)."""
    path = src.split("#")[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), path))


def frame_of(src: str, lang: str) -> str:
    m = re.fullmatch(
        rf"(?:\.\./)*(?:{INTUITION}/)?figures/([\w-]+)\.{lang}\.svg(?:#only-light)?", src
    )
    assert m, f"not a figure of the page's language: {src}"
    return m.group(1)


def section_of(page: Node, node: Node) -> str:
    """The id of the h2 section that ``node`` sits in."""
    current = None
    for n in page.walk():
        if n.tag == "h2" and "id" in n.attrs:
            current = n.attrs["id"]
        if n is node:
            return current
    raise AssertionError("node not in page")


# ------------------------------------------------------------------ the α explorer


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_sits_in_the_learning_rate_section(lecture, lang):
    page = lecture[lang]
    explorer = page.find(cls="gd-explorer")
    assert section_of(page, explorer) == "learning-rate"
    assert "{{ widget alpha-explorer }}" not in page.text()


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_holds_every_frame_as_gdcore_computes_it(built_site, lecture, lang):
    explorer = lecture[lang].find(cls="gd-explorer")
    frames = json.loads(explorer.attrs["data-frames"])
    expected = explorer_entries(lang)
    assert frames == expected
    assert [f["figure"] for f in frames] == [f.name for f in ALPHA_SWEEP.frames]
    assert len(frames) == len(ALPHA_SWEEP.alphas)
    regimes = [f["regime"] for f in frames]
    assert {"one-step", "bounce", "diverge"} <= set(regimes)
    for f in frames:  # each frame's file is there, in the page's language
        figures = built_site / INTUITION / "figures"
        assert (figures / f"{f['figure']}.{lang}.svg").is_file(), f["figure"]


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_shows_one_frame_with_its_numbers(built_site, lecture, lang):
    explorer = lecture[lang].find(cls="gd-explorer")
    frames = explorer_entries(lang)
    start = int(explorer.attrs["data-start"])
    current = frames[start]

    imgs = [i for i in explorer.find_all("img") if not i.inside("noscript")]
    assert len(imgs) == 1, "the explorer must have exactly one real <img> (lazy loading)"
    img = imgs[0]
    # Its dark-palette twin waits in a <template> (javascripts/figures.js adds it).
    (template,) = explorer.find("figure", "gd-explorer-figure").find_all("template")
    assert [d.attrs["src"] for d in template.find_all("img")] == [
        img.attrs["src"].replace(f".{lang}.svg#only-light", f".dark.{lang}.svg#only-dark")
    ]
    assert "gd-widget-img" in img.classes
    assert frame_of(img.attrs["src"], lang) == current["figure"]
    assert (built_site / resolve(LECTURE[lang], img.attrs["src"])).is_file()
    assert img.attrs["alt"] == current["alt"], "the figure's alt text must be gdcore's"
    assert img.attrs.get("width") and img.attrs.get("height"), "no reserved space"

    # Another frame's URL is this src with the frame name replaced (explorer.js): the
    # same directory and language suffix hold every frame.
    for f in frames:
        other = img.attrs["src"].replace(current["figure"], f["figure"])
        assert (built_site / resolve(LECTURE[lang], other)).is_file(), other

    figure = explorer.find("figure", "gd-explorer-figure")
    assert squash(figure.find(cls="gd-explorer-label").text()) == current["label"]
    summary = figure.find(cls="gd-explorer-summary")
    assert squash(summary.text()) == current["summary"]
    assert summary.attrs.get("aria-live") == "polite"


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_slider_is_a_labelled_range_input(lecture, lang):
    explorer = lecture[lang].find(cls="gd-explorer")
    frames = explorer_entries(lang)
    start = int(explorer.attrs["data-start"])
    controls = explorer.find(cls="gd-explorer-controls")
    assert "hidden" in controls.attrs, "without JavaScript the controls must stay hidden"

    slider = controls.find("input")
    assert slider.attrs["type"] == "range"
    assert (slider.attrs["min"], slider.attrs["max"], slider.attrs["step"]) == (
        "0",
        str(len(frames) - 1),
        "1",
    )
    assert slider.attrs["value"] == str(start)
    assert slider.attrs["aria-valuetext"] == frames[start]["label"]
    label = controls.find("label")
    assert label.attrs["for"] == slider.attrs["id"]
    assert squash(label.text()), "the slider's label is empty"
    assert "α" in label.text()
    # The value line writes α exactly: "= 0.1", "= 1/c ≈ 0.214".
    assert squash(controls.find("output").text()) == frames[start]["eq_alpha"]
    buttons = controls.find_all("button")
    assert [b.attrs["data-delta"] for b in buttons] == ["-1", "1"]
    assert all(b.attrs.get("type") == "button" and b.attrs.get("aria-label") for b in buttons)
    scale = controls.find(cls="gd-explorer-scale")
    assert [squash(s.text()) for s in scale.find_all("span")] == [
        frames[0]["alpha"],
        frames[-1]["alpha"],
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_without_javascript_shows_a_grid_of_frames(built_site, lecture, lang):
    explorer = lecture[lang].find(cls="gd-explorer")
    frames = {f["figure"]: f for f in explorer_entries(lang)}
    noscript = explorer.find("noscript")
    cells = noscript.find_all("figure")
    assert 4 <= len(cells) <= 6, f"{len(cells)} frames in the grid"
    shown = []
    for cell in cells:
        img = cell.find("img")
        name = frame_of(img.attrs["src"], lang)
        assert (built_site / resolve(LECTURE[lang], img.attrs["src"])).is_file()
        f = frames[name]
        assert img.attrs["alt"] == f["alt"]
        assert squash(cell.find(cls="gd-explorer-label").text()) == f["label"]
        assert squash(cell.find(cls="gd-explorer-summary").text()) == f["summary"]
        shown.append(f["regime"])
    # 1/c, 2/c and a diverging α among them, and one that is far too small.
    assert {"one-side", "one-step", "oscillate", "bounce", "diverge"} <= set(shown), shown


# ------------------------------------------------------------------ the stepper


@pytest.mark.parametrize("lang", LANGS)
def test_stepper_sits_at_the_end_of_the_shrinking_steps_section(lecture, lang):
    page = lecture[lang]
    stepper = page.find(cls="gd-stepper")
    assert section_of(page, stepper) == "shrinking-steps"
    assert "{{ widget step-by-step }}" not in page.text()


@pytest.mark.parametrize("lang", LANGS)
def test_stepper_holds_every_step_as_gdcore_computes_it(built_site, lecture, lang):
    stepper = lecture[lang].find(cls="gd-stepper")
    frames = json.loads(stepper.attrs["data-frames"])
    assert frames == stepper_entries(lang)
    assert [f["figure"] for f in frames] == [f.name for f in STEPPER]
    assert [f["k"] for f in frames] == [str(k) for k in range(len(STEPPER))]
    for f in frames:
        figures = built_site / INTUITION / "figures"
        assert (figures / f"{f['figure']}.{lang}.svg").is_file(), f["figure"]

    imgs = stepper.find_all("img")
    assert len(imgs) == 1, "the stepper must have exactly one real <img> (lazy loading)"
    assert frame_of(imgs[0].attrs["src"], lang) == frames[0]["figure"]
    assert imgs[0].attrs["alt"] == frames[0]["alt"]
    caption = stepper.find("figcaption")
    assert squash(caption.text()) == frames[0]["label"]
    assert caption.attrs.get("aria-live") == "polite"

    controls = stepper.find(cls="gd-stepper-controls")
    assert "hidden" in controls.attrs
    buttons = controls.find_all("button")
    assert [b.attrs["data-delta"] for b in buttons] == ["-1", "1"]
    assert buttons[0].attrs.get("aria-disabled") == "true", "Previous at step 0"
    assert all(squash(b.text()) for b in buttons), "buttons need visible words"


@pytest.mark.parametrize("lang", LANGS)
def test_stepper_table_lists_every_steps_numbers(lecture, lang):
    """The table is there with or without JavaScript: k, θ_k, slope, step (— at the end)."""
    stepper = lecture[lang].find(cls="gd-stepper")
    table = stepper.find("table")
    assert squash(table.find("caption").text())
    assert len(table.find("thead").find_all("th")) == 4
    rows = [
        [squash(c.text()) for c in tr.walk() if c.tag in ("th", "td")]
        for tr in table.find("tbody").find_all("tr")
    ]
    expected = [[f["k"], f["theta"], f["slope"], f["step"] or "—"] for f in stepper_entries(lang)]
    assert rows == expected
    current = [tr for tr in table.find_all("tr") if "aria-current" in tr.attrs]
    assert [tr.attrs["data-k"] for tr in current] == ["0"]


# ------------------------------------------------------------------ the page as a whole

NUMBER = re.compile(r"\d+(?:\.\d+)?")


@pytest.mark.parametrize("lang", LANGS)
def test_widgets_show_no_number_gdcore_did_not_produce(lecture, lang):
    """Every number in the widgets' text is one of gdcore's (the words are the hook's)."""
    gdcore_numbers = set()
    for entry in [*explorer_entries(lang), *stepper_entries(lang)]:
        for value in entry.values():
            gdcore_numbers |= set(NUMBER.findall(value))
    for cls in ("gd-explorer", "gd-stepper"):
        text = lecture[lang].find(cls=cls).text(" ")
        stray = set(NUMBER.findall(text)) - gdcore_numbers
        assert not stray, f"{cls} ({lang}) shows numbers gdcore did not produce: {stray}"


@pytest.mark.parametrize("lang", LANGS)
def test_only_the_current_frames_are_images_outside_noscript(lecture, lang):
    srcs = [
        i.attrs.get("src", "") for i in lecture[lang].find_all("img") if not i.inside("noscript")
    ]
    explorer = [s for s in srcs if "/alpha-explorer-" in s]
    stepper = [s for s in srcs if "/shrinking-steps-step-" in s]
    assert len(explorer) == 1, explorer
    assert len(stepper) == 1, stepper


@pytest.mark.parametrize("lang", LANGS)
def test_widgets_come_with_their_script_and_styles(built_site, lecture, lang):
    page = lecture[lang]
    scripts = [s.attrs["src"] for s in page.find_all("script") if s.attrs.get("src")]
    links = page.find_all("link")
    styles = [x.attrs["href"] for x in links if "stylesheet" in x.attrs.get("rel", "")]
    assert any(s.endswith("javascripts/explorer.js") for s in scripts), scripts
    assert any(s.endswith("stylesheets/explorer.css") for s in styles), styles
    assert (built_site / "javascripts" / "explorer.js").is_file()
    assert (built_site / "stylesheets" / "explorer.css").is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_search_leaves_the_widgets_out(built_site, lang):
    # Each language's own index (scripts/hooks/search_language.py): zh at the root, en/...
    prefix = "" if lang == "zh" else f"{lang}/"
    index = json.loads((built_site / prefix / "search" / "search_index.json").read_text("utf-8"))
    text = json.dumps(index, ensure_ascii=False)
    for entry in explorer_entries(lang):
        assert entry["summary"] not in text, entry["summary"]
    for entry in stepper_entries(lang):
        assert entry["label"] not in text
    # ... but not what follows them.
    assert any(
        d["location"] == "gradient-descent-intuition/#question" and d["text"] for d in index["docs"]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_widgets_weigh_at_most_200_kb(built_site, lang):
    """The widgets' HTML + explorer.js + explorer.css + the two frames loaded at first."""
    page = (built_site / LECTURE[lang]).read_text("utf-8")
    widgets = re.findall(r'<section class="gd-(?:explorer|stepper)".*?</section>', page, re.S)
    assert len(widgets) == 2
    parts = [w.encode() for w in widgets]
    parts.append((built_site / "javascripts" / "explorer.js").read_bytes())
    parts.append((built_site / "stylesheets" / "explorer.css").read_bytes())
    for src in re.findall(
        r'<img[^>]*class="[^"]*gd-widget-img[^"]*"[^>]*src="([^"]+#only-light)"', page
    ):
        parts.append((built_site / resolve(LECTURE[lang], src)).read_bytes())
    assert len(parts) == 6
    total = sum(len(p) for p in parts)
    assert total <= BUDGET_BYTES, f"{total} bytes (gzip: {len(gzip.compress(b''.join(parts)))})"
