"""Benchmark the α explorer: what it adds to the lecture page, and how fast frames switch.

Not a test: timings depend on the machine. Builds the site (or uses --site DIR), serves it
on 127.0.0.1, and drives Debian's Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) with
Playwright:

* weight: the widgets' HTML in the page, explorer.js, explorer.css and the frames the
  page requests at load (one explorer frame, one stepper frame), uncompressed and gzip;
* latency: from the input event to the first paint after the new frame is shown (the
  ``gd-frame-shown`` event of docs/javascripts/explorer.js), for a frame already fetched
  (the neighbours are fetched when the reader reaches for the slider), a frame not yet
  fetched (End / Home jump across the sweep) and a frame shown before (cached);
  with the CPU at full speed and slowed down 4× (a mid-range phone).

    python -m scripts bench explorer [--site DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
import sys
import tempfile
from pathlib import Path

from scripts.testing.sitetools import CHROMIUM, CHROMIUM_ARGS, build_failure, build_site, serve

WIDGET = re.compile(r'<section class="gd-(?:explorer|stepper)".*?</section>', re.S)


def build(site: Path) -> None:
    failure = build_failure(build_site(site))
    if failure:
        sys.exit(failure)


def sizes(data: bytes) -> tuple[float, float]:
    return len(data) / 1000, len(gzip.compress(data, 9)) / 1000


def weight(site: Path, lang_prefix: str = "") -> None:
    page = (site / lang_prefix / "lecture" / "index.html").read_text("utf-8")
    widgets = "".join(m.group(0) for m in WIDGET.finditer(page)).encode()
    lang = "en" if lang_prefix else "zh"
    parts = {
        "widgets' HTML (data, fallbacks)": widgets,
        "javascripts/explorer.js": (site / "javascripts" / "explorer.js").read_bytes(),
        "stylesheets/explorer.css": (site / "stylesheets" / "explorer.css").read_bytes(),
    }
    # The light palette's frames (their dark twins weigh the same and replace them).
    for src in re.findall(r'<img[^>]*class="[^"]*gd-widget-img[^"]*"[^>]*#only-light"[^>]*>', page):
        name = re.search(r'src="[^"]*/([^"/]+\.svg)#only-light"', src).group(1)
        parts[f"figures/{name}"] = (site / "figures" / name).read_bytes()
    total = [0.0, 0.0]
    print(f"Weight added to the {lang} lecture page (kB = 1000 bytes; uncompressed / gzip -9):")
    for name, data in parts.items():
        raw, gz = sizes(data)
        total[0] += raw
        total[1] += gz
        print(f"  {name:44} {raw:7.1f} {gz:7.1f}")
    print(f"  {'total':44} {total[0]:7.1f} {total[1]:7.1f}")
    frames = sorted((site / "figures").glob(f"alpha-explorer-??.{lang}.svg"))
    raw = sum(p.stat().st_size for p in frames) / 1000
    gz = sum(len(gzip.compress(p.read_bytes(), 9)) for p in frames) / 1000
    print(f"  (all {len(frames)} explorer frames, fetched only on demand: {raw:.1f} / {gz:.1f})")


WAIT_SHOWN = """() => { window.__shown = null;
  document.querySelector('.gd-explorer').addEventListener('gd-frame-shown',
    e => { window.__shown = e.detail; }, { once: true }); }"""


def latency(base: str, runs: int, throttle: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    cases = ("neighbour", "jump, first time shown", "shown before")
    out: dict[str, list[float]] = {case: [] for case in cases}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 375, "height": 812})
            page = context.new_page()
            if throttle > 1:
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
            page.goto(base + "en/lecture/", wait_until="load")
            slider = page.locator("#gd-explorer-alpha")
            slider.scroll_into_view_if_needed()

            def press(key: str, page=page) -> float:
                page.evaluate(WAIT_SHOWN)
                page.keyboard.press(key)
                page.wait_for_function("window.__shown !== null")
                return page.evaluate("window.__shown.ms")

            slider.focus()  # the reader reaches for the slider: neighbours, then all frames
            page.wait_for_load_state("networkidle")
            out["neighbour"].append(press("ArrowRight"))
            out["jump, first time shown"].append(press("End"))
            out["jump, first time shown"].append(press("Home"))
            out["shown before"].append(press("End"))
            context.close()
        browser.close()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m scripts bench explorer", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gd-bench-") as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            build(site)
        weight(site)
        weight(site, "en/")
        server, base = serve(site)
        try:
            for throttle in (1, 4):
                print(
                    f"\nFrame switch, input → painted (ms), CPU slowed {throttle}×, "
                    f"{args.runs} runs, 375 px viewport:"
                )
                for case, ms in latency(base, args.runs, throttle).items():
                    print(
                        f"  {case:14} median {statistics.median(ms):6.1f}  max {max(ms):6.1f}"
                        f"  ({len(ms)} switches)"
                    )
        finally:
            server.shutdown()
