"""The figures as a reader sees them in Chromium: legible on a phone, in the reader's palette,
one file per figure downloaded, and the α explorer and the stepper on one screen.

* Text size: every text run of every figure on every page (and every explorer and stepper
  frame) as drawn at the figure's displayed width (tests/figure_measure.py): at 375×812 at
  least 11 CSS px, mathtext sub/superscripts at least 8; on a 1280×800 desktop about 13–16.
  Measured on the light files: a dark twin differs from its light file only in colours.
* Palette: each figure element's screenshot is dark in the dark palette and light in the
  light one, whether the system chose it (emulated prefers-color-scheme) or the reader
  (Material's toggle, without a reload).
* Weight: only the palette's own file of each figure is requested (its twin is a lazy,
  hidden image, or no image at all without JavaScript).
* One screen: when the slider (or a stepper button) gets keyboard focus, the controls,
  the figure and the numbers line (the current row) are all in the viewport.

Without Chromium these tests skip (with CI=true they fail): `apt-get install chromium`.
"""

from __future__ import annotations

import io

import pytest
from conftest import DESKTOP, PHONE, page_at
from figure_measure import FIGURE_IMAGES, TEXT_SIZES
from lectures import lecture
from sitetools import REPO_ROOT

ALPHA_SWEEP = lecture().widgets["alpha-explorer"]
STEPPER = lecture().widgets["step-by-step"].frames

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = (
    "",
    "gradient-descent-intuition/",
    "gradient-descent-intuition/summary/",
    "en/",
    "en/gradient-descent-intuition/",
    "en/gradient-descent-intuition/summary/",
)
# Figures the lecture page names in its Markdown (the same in both languages).
LECTURE_FIGURES = (
    (REPO_ROOT / "docs" / "gradient-descent-intuition" / "index.en.md")
    .read_text("utf-8")
    .count("{{ figure ")
)
LECTURES = {"zh": "gradient-descent-intuition/", "en": "en/gradient-descent-intuition/"}
SCHEMES = {"light": "default", "dark": "slate"}

LOAD_ALL = """async () => {
  const images = [...document.querySelectorAll(".md-content img")];
  for (const img of images) img.loading = "eager";  // lazy images: load the visible ones now
  await Promise.all(images.filter((img) => img.getBoundingClientRect().width > 0)
    .map((img) => img.complete ? null : new Promise((done) => {
      img.addEventListener("load", done);
      img.addEventListener("error", done);
    })));
}"""


def _sizes(page) -> list[dict]:
    """Text sizes of every figure the page shows (explorer and stepper: every frame)."""
    page.evaluate(LOAD_ALL)
    images = page.evaluate(FIGURE_IMAGES)
    return page.evaluate(TEXT_SIZES, [[url, i["width"]] for i in images for url in i["urls"]])


# In the light palette only: a dark twin is its light file with the colours mapped
# (tests/figures/test_palette.py checks that exactly), so its text sizes are the same; that
# the dark palette shows the dark files is test_figures_follow_the_system_palette's.
@pytest.mark.parametrize("path", PAGES)
def test_every_figure_text_is_legible_on_a_phone(open_page, path):
    page = open_page(path, viewport=PHONE)
    sizes = _sizes(page)
    if "lecture" in path:
        # The lecture's figures (§5's among them, in its fold), the explorer's frames, the
        # stepper's frames.
        expected = LECTURE_FIGURES + len(ALPHA_SWEEP.frames) + len(STEPPER)
        assert len(sizes) == expected, [s["url"] for s in sizes]
    for figure in sizes:
        name = figure["url"].rsplit("/", 1)[-1]
        assert ".dark." not in name, name
        smallest, script = figure["smallest"], figure["smallestScript"]
        assert smallest["px"] >= 11, f"{name}: {smallest['text']!r} at {smallest['px']:.1f} px"
        if script is not None:
            assert script["px"] >= 8, f"{name}: {script['text']!r} at {script['px']:.1f} px"


@pytest.mark.parametrize("lang", LECTURES)
def test_figures_are_not_larger_than_they_need_be_on_a_desktop(open_page, lang):
    for figure in _sizes(open_page(LECTURES[lang], viewport=DESKTOP)):
        name = figure["url"].rsplit("/", 1)[-1]
        assert figure["smallest"]["px"] >= 13, name
        assert figure["largest"] <= 16, name


# ------------------------------------------------------------------ the palette


def _mean_luminance(png: bytes) -> float:
    """Mean grey level (0 black … 1 white) of a screenshot."""
    from PIL import Image, ImageStat

    grey = Image.open(io.BytesIO(png)).convert("L")
    return ImageStat.Stat(grey).mean[0] / 255


def _figure_shots(page) -> list[tuple[str, float]]:
    """(file name, mean luminance) of every figure image shown in the content, folds open."""
    page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")
    page.evaluate(LOAD_ALL)
    shots = []
    for img in page.query_selector_all(".md-content figure img.gd-figure-img"):
        if img.bounding_box() is None:  # display: none: the other palette's twin
            continue
        img.scroll_into_view_if_needed()
        name = img.evaluate("(e) => e.currentSrc.split('/').pop()")
        shots.append((name, _mean_luminance(img.screenshot())))
    return shots


def _check_palette(shots: list[tuple[str, float]], scheme: str) -> None:
    # The lecture's figures, the explorer's and the stepper's frame.
    assert len(shots) == LECTURE_FIGURES + 2, shots
    for name, luminance in shots:
        assert name.endswith(".svg#only-dark" if scheme == "dark" else ".svg#only-light"), name
        if scheme == "dark":
            assert luminance < 0.3, f"{name}: mean luminance {luminance:.2f} in the dark palette"
        else:
            assert luminance > 0.8, f"{name}: mean luminance {luminance:.2f} in the light palette"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LECTURES)
def test_figures_follow_the_system_palette(open_page, lang, scheme):
    page = open_page(LECTURES[lang], viewport=PHONE, color_scheme=scheme)
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    _check_palette(_figure_shots(page), scheme)


@pytest.mark.parametrize("lang", LECTURES)
def test_figures_follow_materials_toggle_without_a_reload(open_page, lang):
    page = open_page(LECTURES[lang], viewport=DESKTOP, color_scheme="light")
    _check_palette(_figure_shots(page), "light")
    page.click("label.md-header__button[for^='__palette']:visible")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    _check_palette(_figure_shots(page), "dark")
    page.click("label.md-header__button[for^='__palette']:visible")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")
    _check_palette(_figure_shots(page), "light")


# Material's bundle, held back: the page as a reader on a slow network has it before then.
BUNDLE = "**/assets/javascripts/bundle.*.min.js"
BEFORE_THE_BUNDLE = """() => {
  const light = document.querySelector(".md-content img.gd-figure-img[src$='#only-light']");
  return {
    scheme: document.body.dataset.mdColorScheme,
    lightFigure: light ? getComputedStyle(light).display : "missing",
    footer: !!document.querySelector(".md-footer"),  // parsed to the end of the content
    bundle: typeof window.component$ !== "undefined",
  };
}"""


@pytest.mark.parametrize("lang", LECTURES)
def test_a_dark_system_gets_the_dark_page_before_materials_script(browser, served_site, lang):
    """A first visit (nothing saved) on a dark system: the page is dark and the light figure
    hidden, not fetched, while Material's bundle is still on its way (site's main.html)."""
    held: list = []
    with page_at(browser, viewport=PHONE, color_scheme="dark") as page:
        page.route(BUNDLE, lambda route: held.append(route))
        page.goto(served_site + LECTURES[lang], wait_until="commit")
        page.wait_for_selector(".md-footer", state="attached")
        page.wait_for_timeout(300)  # time to lay out, and to fetch a lazy image in view
        state = page.evaluate(BEFORE_THE_BUNDLE)
        fetched = [u.rsplit("/", 1)[-1] for u in page.requested if "/figures/" in u]
        assert held, "Material's bundle was not requested"
        for route in held:
            route.continue_()
        page.wait_for_function("() => typeof window.component$ !== 'undefined'")
        after = page.evaluate("document.body.dataset.mdColorScheme")
    assert state == {"scheme": "slate", "lightFigure": "none", "footer": True, "bundle": False}
    assert all(".dark." in name for name in fetched), fetched
    assert after == "slate"


def _scroll_through(page) -> list[str]:
    """Scroll the whole page down slowly; the figure files requested meanwhile."""
    height = page.evaluate("document.documentElement.scrollHeight")
    # A step of 600 px on an 812 px screen: every figure passes through the viewport.
    for y in range(0, height, 600):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(40)
    page.wait_for_load_state("networkidle")
    return [u.rsplit("/", 1)[-1] for u in page.requested if "/figures/" in u]


@pytest.mark.parametrize(
    ("scheme", "javascript"), [("light", True), ("dark", True), ("dark", False)]
)
def test_a_reader_downloads_one_file_per_figure(open_page, scheme, javascript):
    page = open_page(
        "en/gradient-descent-intuition/",
        viewport=PHONE,
        color_scheme=scheme,
        java_script_enabled=javascript,
    )
    fetched = _scroll_through(page)
    dark = scheme == "dark" and javascript  # without JavaScript Material's page is light
    assert fetched, "no figure was requested"
    assert all((".dark." in name) == dark for name in fetched), fetched
    assert len(fetched) == len(set(fetched)), fetched
    # The lecture's figures but §5's (its fold stays closed, and a lazy image there is not
    # fetched), the explorer's and the stepper's first frame. Without JavaScript lazy
    # loading is off: every figure, §5's too, and the explorer's grid of five frames
    # instead of its slider.
    assert len(fetched) == (LECTURE_FIGURES - 1 + 2 if javascript else LECTURE_FIGURES + 7), fetched


# ------------------------------------------------------------------ one screen

IN_VIEW = """(selectors) => {
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
  return selectors.map((sel) => {
    const el = [...document.querySelectorAll(sel)].find((e) => e.getBoundingClientRect().width);
    if (!el) return [sel, "missing"];
    const box = el.getBoundingClientRect();
    const inside = box.top >= header - 1 && box.bottom <= window.innerHeight + 1;
    return [sel, inside ? "visible" : `at ${Math.round(box.top)}–${Math.round(box.bottom)}` +
            ` (view ${Math.round(header)}–${window.innerHeight})`];
  });
}"""

EXPLORER_PARTS = [
    "#gd-alpha-explorer-alpha",
    ".gd-explorer img.gd-widget-img",
    ".gd-explorer-figure .gd-explorer-summary",
]
STEPPER_PARTS = [
    ".gd-stepper-controls",
    ".gd-stepper img.gd-widget-img",
    ".gd-stepper-table tr[aria-current]",
]


def _focus_by_keyboard(page, target: str, start_at: str) -> None:
    """Scroll so the widget's top is at ``start_at`` ("bottom": just below the viewport,
    "top": far above it), then Tab from the element before ``target`` to ``target``.

    First the page settles: the fonts and the figures laid out are loaded (each image's
    width and height attributes reserve its box, so loading them all moves nothing; the
    maths is typeset at build time)."""
    page.evaluate("async () => { await document.fonts.ready; }")
    page.evaluate(LOAD_ALL)
    page.evaluate(
        """([target, where]) => {
          const el = document.querySelector(target);
          const box = el.getBoundingClientRect();
          const y = window.scrollY + box.top;
          window.scrollTo(0, where === "bottom" ? y - window.innerHeight + 20 : y + 600);
          // The focusable element just before the target, by document order.
          const all = [...document.querySelectorAll("a[href], button, input, [tabindex]")]
            .filter((e) => !e.closest("[hidden]") && e.getBoundingClientRect().width);
          const before = all[all.indexOf(el) - 1];
          before.focus({preventScroll: true});
        }""",
        [target, start_at],
    )
    page.keyboard.press("Tab")
    assert page.evaluate(f"document.activeElement === document.querySelector({target!r})")
    page.wait_for_timeout(100)


def _explorer_on_one_screen(page, start_at: str) -> None:
    _focus_by_keyboard(page, "#gd-alpha-explorer-alpha", start_at)
    seen = dict(page.evaluate(IN_VIEW, EXPLORER_PARTS))
    assert seen == dict.fromkeys(EXPLORER_PARTS, "visible"), f"explorer: {seen}"
    page.keyboard.press("End")  # the last frame: its numbers line may be longest
    last = len(ALPHA_SWEEP.frames) - 1
    page.wait_for_function(
        f"() => document.querySelector('.gd-explorer').dataset.shown === '{last}'"
    )
    seen = dict(page.evaluate(IN_VIEW, EXPLORER_PARTS))
    assert seen == dict.fromkeys(EXPLORER_PARTS, "visible"), f"explorer, last frame: {seen}"


def _stepper_on_one_screen(page, start_at: str) -> None:
    _focus_by_keyboard(page, ".gd-stepper-controls button[data-delta='1']", start_at)
    for k in range(len(STEPPER)):
        if k:
            page.keyboard.press("Enter")
            page.wait_for_function(
                f"() => document.querySelector('.gd-stepper').dataset.shown === '{k}'"
            )
        seen = dict(page.evaluate(IN_VIEW, STEPPER_PARTS))
        assert seen == dict.fromkeys(STEPPER_PARTS, "visible"), f"stepper, step {k}: {seen}"


# The explorer, then the stepper further down, on one page (the stepper's checks do not
# depend on the explorer's frame: each scrolls to its own widget first).
@pytest.mark.parametrize("start_at", ["bottom", "top"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", LECTURES)
def test_widget_controls_figure_and_numbers_on_one_screen(open_page, lang, viewport, start_at):
    page = open_page(LECTURES[lang], viewport=viewport)
    _explorer_on_one_screen(page, start_at)
    _stepper_on_one_screen(page, start_at)
