"""The α explorer and the stepper in Chromium: mouse, keyboard alone, touch, no JavaScript.

One strict build served on 127.0.0.1 (``served_site``), one Chromium (``browser``), a fresh
context per case (``open_page``; see conftest.py). After every move the page must show the
frame and the numbers gdcore computed for that α or step (``explorer_entries`` /
``stepper_entries``), in the page's language. Also: frames load lazily, no request leaves
127.0.0.1, the widgets fit a 375 px phone with 44 px targets, axe finds nothing in them in
either palette, and the frame-switch latency is measured and printed (not asserted:
machines are noisy; scripts/bench_explorer.py measures it properly).

Without Chromium these tests skip (with CI=true they fail): `apt-get install chromium`.
"""

from __future__ import annotations

import re
import statistics

import pytest
from conftest import PHONE
from lectures import lecture
from page_probes import own_host

_L = lecture()


def explorer_entries(lang):
    return _L.widget_entries("alpha-explorer", lang)["frames"]


def stepper_entries(lang):
    return _L.widget_entries("step-by-step", lang)["frames"]


pytestmark = [pytest.mark.browser, pytest.mark.slow]

PATHS = {"zh": "gradient-descent-intuition/", "en": "en/gradient-descent-intuition/"}
LANGS = tuple(PATHS)
EXPLORER = ".gd-explorer"
STEPPER = ".gd-stepper"
SLIDER = "#gd-alpha-explorer-alpha"

STATE = """(sel) => {
  const root = document.querySelector(sel);
  const img = [...root.querySelectorAll("img.gd-widget-img")]  // the palette's own image
    .find((i) => i.getBoundingClientRect().width > 0) || root.querySelector("img.gd-widget-img");
  const text = (s) => { const e = root.querySelector(s); return e ? e.textContent.trim() : null; };
  const range = root.querySelector("input[type=range]");
  const current = [...root.querySelectorAll("tbody tr[aria-current]")].map((r) => r.dataset.k);
  return {
    shown: root.getAttribute("data-shown"),
    value: range ? range.value : null,
    valuetext: range ? range.getAttribute("aria-valuetext") : null,
    output: text(".gd-explorer-value"),
    label: text(".gd-explorer-figure .gd-explorer-label"),
    summary: text(".gd-explorer-figure .gd-explorer-summary"),
    step: text(".gd-stepper-label"),
    current: current,
    src: img.getAttribute("src"),
    alt: img.getAttribute("alt"),
    loaded: img.complete && img.naturalWidth > 0,
    visible: img.getBoundingClientRect().width > 0,
  };
}"""

RECORD = """(sel) => {
  window.__gdShown = window.__gdShown || {};
  const log = (window.__gdShown[sel] = []);
  document.querySelector(sel).addEventListener("gd-frame-shown", (e) => log.push(e.detail));
}"""


def figure_in(src: str) -> tuple[str, str]:
    """(frame name, language) of a figure URL."""
    m = re.search(
        r"(?:^|/)figures/([\w-]+?)(?:\.dark)?\.(zh|en)\.svg(?:#only-(?:light|dark))?$", src
    )
    assert m, src
    return m.group(1), m.group(2)


def wait_shown(page, sel: str, k: int) -> dict:
    page.wait_for_function(
        """([sel, k]) => {
          const root = document.querySelector(sel);
          const img = [...root.querySelectorAll("img.gd-widget-img")]  // the palette's own image
    .find((i) => i.getBoundingClientRect().width > 0) || root.querySelector("img.gd-widget-img");
          return root.getAttribute("data-shown") === String(k) && img.complete;
        }""",
        arg=[sel, k],
    )
    return page.evaluate(STATE, sel)


def assert_alpha(page, lang: str, k: int) -> None:
    """The explorer shows frame k: slider, figure, alt text, words and numbers are gdcore's."""
    entry = explorer_entries(lang)[k]
    state = wait_shown(page, EXPLORER, k)
    assert state["value"] == str(k), state
    assert figure_in(state["src"]) == (entry["figure"], lang), state["src"]
    assert state["loaded"] and state["visible"], f"frame {k} is not displayed: {state}"
    assert state["alt"] == entry["alt"]
    assert state["label"] == entry["label"]
    assert state["summary"] == entry["summary"]
    assert state["valuetext"] == entry["label"]
    # The value line: "= 1/c ≈ 0.214", never a rounded equality.
    assert state["output"] == entry["eq_alpha"]


def assert_step(page, lang: str, k: int) -> None:
    entry = stepper_entries(lang)[k]
    state = wait_shown(page, STEPPER, k)
    assert figure_in(state["src"]) == (entry["figure"], lang), state["src"]
    assert state["loaded"] and state["visible"], f"step {k} is not displayed: {state}"
    assert state["alt"] == entry["alt"]
    assert state["step"] == entry["label"]
    assert state["current"] == [entry["k"]], "the table must highlight the current step"


def look_at(page, sel: str) -> None:
    """Scroll a widget's figure into view and wait until it has loaded, as a reader sees it
    before touching the controls. (Clicking within milliseconds of the scroll swaps the
    frame while the lazy first one is still loading, and Chromium reports that request
    as aborted.)"""
    img = page.locator(f"{sel} img.gd-widget-img:visible")
    img.scroll_into_view_if_needed()
    page.wait_for_function("(el) => el.complete && el.naturalWidth > 0", arg=img.element_handle())


def start_of(page) -> int:
    return int(page.locator(EXPLORER).get_attribute("data-start"))


def focus_before(page, sel: str) -> None:
    """Put the keyboard focus just before the widget, as if the reader had read up to it."""
    page.locator(sel).evaluate(
        """(root) => {
          const before = root.previousElementSibling;
          before.setAttribute("tabindex", "-1");
          before.focus();
        }"""
    )


def active(page) -> dict:
    return page.evaluate(
        """() => {
          const e = document.activeElement;
          return {tag: e.tagName.toLowerCase(), id: e.id, delta: e.getAttribute("data-delta"),
                  widget: e.closest(".gd-explorer, .gd-stepper")?.className || null};
        }"""
    )


def tab_into(page, sel: str) -> dict:
    focus_before(page, sel)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement.closest(s)", sel):
            return active(page)
    pytest.fail(f"Tab never reached {sel}")


def assert_clean(page, base: str) -> None:
    offsite = [u for u in page.requested if not own_host(u, base)]
    assert not offsite, f"requests that left 127.0.0.1: {offsite}"
    assert not getattr(page, "failed", []), page.failed
    assert not page.errors, page.errors


# ------------------------------------------------------------------ the α explorer


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_with_the_keyboard_alone(open_page, served_site, lang):
    page = open_page(PATHS[lang])
    look_at(page, EXPLORER)
    n = len(explorer_entries(lang))
    k = start_of(page)
    assert page.evaluate(STATE, EXPLORER)["value"] == str(k)

    # Tab order: "−" button, the slider, "+" button.
    first = tab_into(page, EXPLORER)
    assert (first["tag"], first["delta"]) == ("button", "-1"), first
    page.keyboard.press("Tab")
    assert active(page)["id"] == SLIDER[1:]

    page.keyboard.press("ArrowRight")
    assert_alpha(page, lang, k + 1)
    page.keyboard.press("ArrowLeft")
    assert_alpha(page, lang, k)
    page.keyboard.press("End")
    assert_alpha(page, lang, n - 1)
    page.keyboard.press("Home")
    assert_alpha(page, lang, 0)

    # The buttons: Enter and Space step α; at either end they do nothing but keep focus.
    page.keyboard.press("Tab")
    assert active(page)["delta"] == "1"
    page.keyboard.press("Enter")
    assert_alpha(page, lang, 1)
    page.keyboard.press("Space")
    assert_alpha(page, lang, 2)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert active(page)["delta"] == "-1"
    for expected in (1, 0, 0):
        page.keyboard.press("Enter")
        assert_alpha(page, lang, expected)
    assert active(page)["delta"] == "-1", "the button lost the focus at the end of the range"
    minus = page.locator(f"{EXPLORER} button[data-delta='-1']")
    assert minus.get_attribute("aria-disabled") == "true"
    assert_clean(page, served_site)


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_with_the_mouse(open_page, served_site, lang):
    page = open_page(PATHS[lang])
    look_at(page, EXPLORER)
    n = len(explorer_entries(lang))
    k = start_of(page)
    page.locator(f"{EXPLORER} button[data-delta='1']").click()
    assert_alpha(page, lang, k + 1)
    page.locator(f"{EXPLORER} button[data-delta='-1']").click()
    assert_alpha(page, lang, k)

    slider = page.locator(SLIDER)
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.click(box["x"] + box["width"] - 2, y)  # the right end of the track
    assert_alpha(page, lang, n - 1)
    page.mouse.click(box["x"] + 2, y)  # the left end
    assert_alpha(page, lang, 0)

    # Drag the thumb from the left end to the middle: every frame on the way may be asked
    # for; the one shown at the end is the slider's.
    page.mouse.move(box["x"] + 8, y)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(box["x"] + 8 + i * (box["width"] / 2 - 8) / 10, y)
    page.mouse.up()
    value = int(slider.input_value())
    assert 0 < value < n - 1, value
    assert_alpha(page, lang, value)
    assert_clean(page, served_site)


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_by_touch(open_page, served_site, lang):
    page = open_page(PATHS[lang], viewport=PHONE, has_touch=True, is_mobile=True)
    look_at(page, EXPLORER)
    n = len(explorer_entries(lang))
    k = start_of(page)
    plus = page.locator(f"{EXPLORER} button[data-delta='1']")
    plus.scroll_into_view_if_needed()
    plus.tap()
    assert_alpha(page, lang, k + 1)
    box = page.locator(SLIDER).bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    assert_alpha(page, lang, n - 1)
    page.touchscreen.tap(box["x"] + 2, box["y"] + box["height"] / 2)
    assert_alpha(page, lang, 0)
    assert_clean(page, served_site)


# ------------------------------------------------------------------ the stepper


@pytest.mark.parametrize("lang", LANGS)
def test_stepper_with_the_mouse(open_page, served_site, lang):
    page = open_page(PATHS[lang])
    look_at(page, STEPPER)
    n = len(stepper_entries(lang))
    assert page.evaluate(STATE, STEPPER)["current"] == ["0"]
    previous = page.locator(f"{STEPPER} button[data-delta='-1']")
    following = page.locator(f"{STEPPER} button[data-delta='1']")
    assert previous.get_attribute("aria-disabled") == "true"
    for k in range(1, n):
        following.click()
        assert_step(page, lang, k)
    assert following.get_attribute("aria-disabled") == "true"
    following.click(force=True)  # aria-disabled at the last step: nothing happens
    page.wait_for_timeout(100)
    assert_step(page, lang, n - 1)
    previous.click()
    assert_step(page, lang, n - 2)
    assert_clean(page, served_site)


@pytest.mark.parametrize("lang", LANGS)
def test_stepper_with_the_keyboard_alone(open_page, served_site, lang):
    page = open_page(PATHS[lang])
    look_at(page, STEPPER)
    first = tab_into(page, STEPPER)
    assert (first["tag"], first["delta"]) == ("button", "-1"), first
    page.keyboard.press("Tab")
    assert active(page)["delta"] == "1"
    page.keyboard.press("Enter")
    assert_step(page, lang, 1)
    page.keyboard.press("Space")
    assert_step(page, lang, 2)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert_step(page, lang, 1)
    page.keyboard.press("Enter")
    assert_step(page, lang, 0)
    assert active(page)["delta"] == "-1", "Previous lost the focus at step 0"
    assert_clean(page, served_site)


# ------------------------------------------------------------------ without JavaScript


@pytest.mark.parametrize("lang", LANGS)
def test_widgets_without_javascript(open_page, lang):
    page = open_page(PATHS[lang], java_script_enabled=False)
    explorer = page.locator(EXPLORER)
    assert not explorer.locator(".gd-explorer-controls").is_visible()
    grid = explorer.locator(".gd-explorer-grid img")
    assert 4 <= grid.count() <= 6
    grid.last.scroll_into_view_if_needed()
    frames = {f["figure"]: f for f in explorer_entries(lang)}
    for i in range(grid.count()):
        img = grid.nth(i)
        assert img.is_visible()
        img.evaluate("(img) => img.decode()")
        assert img.evaluate("(img) => img.naturalWidth") > 0
        name, img_lang = figure_in(img.get_attribute("src"))
        assert img_lang == lang and img.get_attribute("alt") == frames[name]["alt"]
    # The current frame and its numbers are still there.
    assert (
        explorer.locator(".gd-explorer-figure .gd-explorer-summary").inner_text()
        == (explorer_entries(lang)[start_of(page)]["summary"])
    )

    stepper = page.locator(STEPPER)
    assert not stepper.locator(".gd-stepper-controls").is_visible()
    table = stepper.locator("table")
    assert table.is_visible()
    rows = table.locator("tbody tr")
    assert rows.count() == len(stepper_entries(lang))
    for i, entry in enumerate(stepper_entries(lang)):
        cells = rows.nth(i).locator("th, td").all_inner_texts()
        assert cells == [entry["k"], entry["theta"], entry["slope"], entry["step"] or "—"]


# ------------------------------------------------------------------ loading, layout


def frames_requested(page, prefix: str) -> set[str]:
    return {
        m.group(1)
        for u in page.requested
        if (m := re.search(rf"/figures/({prefix}[\w-]*?)(?:\.dark)?\.(?:zh|en)\.svg$", u))
    }


def assert_requested(page, prefix: str, expected: set[str]) -> None:
    """Wait until the frames in ``expected`` were requested, then a little more: exactly
    those frames (with the prefix) must have been requested."""
    for _ in range(100):
        if frames_requested(page, prefix) >= expected:
            break
        page.wait_for_timeout(50)
    page.wait_for_timeout(300)
    assert frames_requested(page, prefix) == expected


@pytest.mark.parametrize("lang", LANGS)
def test_frames_load_lazily(open_page, served_site, lang):
    page = open_page(PATHS[lang])
    entries = explorer_entries(lang)
    k = start_of(page)
    current = entries[k]["figure"]
    assert frames_requested(page, "alpha-explorer-") <= {current}
    page.locator(f"{EXPLORER} img.gd-widget-img:visible").scroll_into_view_if_needed()
    # Only the current frame: no other frame, nothing of the <noscript> grid.
    assert_requested(page, "alpha-explorer-", {current})

    # Reaching for the slider fetches its neighbours first, then every frame when the
    # browser is idle (so a jump to any α shows at once).
    page.locator(SLIDER).hover()
    everything = {e["figure"] for e in entries}
    assert_requested(page, "alpha-explorer-", everything)
    order = [
        m.group(1)
        for u in page.requested
        if (m := re.search(r"/figures/(alpha-explorer-\d+)(?:\.dark)?\.(?:zh|en)\.svg$", u))
    ]
    assert set(order[1:3]) == {entries[k - 1]["figure"], entries[k + 1]["figure"]}, order
    page.locator(SLIDER).focus()
    page.keyboard.press("End")
    assert_alpha(page, lang, len(entries) - 1)

    assert frames_requested(page, "shrinking-steps-step-") <= {stepper_entries(lang)[0]["figure"]}
    page.locator(f"{STEPPER} img.gd-widget-img:visible").scroll_into_view_if_needed()
    assert_requested(page, "shrinking-steps-step-", {stepper_entries(lang)[0]["figure"]})
    assert_clean(page, served_site)


AXE_WIDGETS = """async () => {
  const result = await axe.run({include: [[".gd-explorer"], [".gd-stepper"]]},
                               {resultTypes: ["violations"]});
  return result.violations.flatMap((v) => v.nodes.map((n) =>
    `${v.id} [${n.impact || v.impact}] ${n.target.join(" ")}: ` +
    (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 200)));
}"""

SIZES = """() => {
  const box = (e) => { const r = e.getBoundingClientRect();
                       return {w: r.width, h: r.height, left: r.left, right: r.right}; };
  const q = (s) => [...document.querySelectorAll(s)];
  return {
    clientWidth: document.documentElement.clientWidth,
    scrollWidth: document.documentElement.scrollWidth,
    widgets: q(".gd-explorer, .gd-stepper").map(box),
    targets: q(".gd-explorer button, .gd-explorer input, .gd-stepper button").map((e) =>
      ({what: e.outerHTML.slice(0, 60), ...box(e)})),
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_widgets_fit_a_phone_with_big_targets_and_pass_axe(open_page, lang, scheme):
    page = open_page(PATHS[lang], viewport=PHONE, color_scheme=scheme)
    sizes = page.evaluate(SIZES)
    assert sizes["scrollWidth"] <= sizes["clientWidth"], sizes
    for w in sizes["widgets"]:
        assert w["left"] >= 0 and w["right"] <= sizes["clientWidth"], w
    assert len(sizes["targets"]) == 5
    for t in sizes["targets"]:
        assert t["w"] >= 44 and t["h"] >= 44, f"touch target under 44 px: {t}"

    from axe_playwright_python.sync_playwright import Axe

    page.locator(SLIDER).focus()
    page.keyboard.press("ArrowRight")
    wait_shown(page, EXPLORER, start_of(page) + 1)
    page.evaluate(Axe().axe_script)
    findings = page.evaluate(AXE_WIDGETS)
    assert not findings, "\n".join(findings)


# ------------------------------------------------------------------ latency (printed)


def test_frame_switch_latency_is_printed(open_page, served_site, capsys):
    """Input event → first paint with the new frame, from explorer.js's gd-frame-shown."""
    page = open_page(PATHS["en"], viewport=PHONE)
    n = len(explorer_entries("en"))
    k = start_of(page)
    page.evaluate(RECORD, EXPLORER)
    slider = page.locator(SLIDER)
    slider.scroll_into_view_if_needed()
    slider.focus()  # the neighbours are fetched now, then every frame when idle
    cases = []
    for key, j, case in [
        ("ArrowRight", k + 1, "neighbour"),
        ("ArrowRight", k + 2, "neighbour"),
        ("End", n - 1, "jump, first time"),
        ("Home", 0, "jump, first time"),
        ("End", n - 1, "shown before"),
        ("Home", 0, "shown before"),
    ]:
        page.wait_for_timeout(400)  # a reader's pause: the frames are fetched by then
        page.keyboard.press(key)
        assert_alpha(page, "en", j)
        cases.append(case)
    shown = page.evaluate("(s) => window.__gdShown[s]", EXPLORER)
    assert [d["index"] for d in shown] == [k + 1, k + 2, n - 1, 0, n - 1, 0]
    by_case: dict[str, list[float]] = {}
    for case, detail in zip(cases, shown, strict=True):
        by_case.setdefault(case, []).append(detail["ms"])
    with capsys.disabled():
        print(
            "\nα explorer frame switch, input → painted (ms): "
            + "; ".join(
                f"{case} {', '.join(f'{ms:.0f}' for ms in values)}"
                f" (median {statistics.median(values):.0f})"
                for case, values in by_case.items()
            )
        )
    assert_clean(page, served_site)
