"""Benchmark: what each page of the site costs a reader, and how soon its maths is drawn.

    python -m scripts bench pages [--site DIR] [--repeat N]

Builds the site (``mkdocs build --strict`` into a temporary folder, unless ``--site`` names
a built one), serves it on 127.0.0.1 and opens every page in Chromium (Debian's
/usr/bin/chromium, or $CHROMIUM_PATH; light palette, empty cache).

1. Every page at 1280×800: the number of requests, and the bytes of every response as it
   travels, uncompressed and gzip-compressed (each text body compressed with gzip -6, as
   GitHub Pages does; fonts and images are sent as they are), in total and without MathJax
   (the site used to load it in the browser; --site can name such an older build); the
   lecture's figures.
2. The lecture page in both languages as a phone sees it (375×812), with the cache disabled
   (CDP ``Network.setCacheDisabled``), at full CPU and with the CPU slowed 4× (CDP
   ``Emulation.setCPUThrottlingRate``, a mid-range phone): the bytes of everything the page
   loads apart from figures, and the time from navigation to first contentful paint and to
   every formula drawn (no formula shown as raw TeX any more, MathJax's web fonts in if it
   uses them, and not before the first paint); the median of N page views.

For comparison it also builds and measures a stock Material page: a one-page site with only
``theme: material`` (same Material version, no fonts from Google, no extra CSS/JS).

Targets: theme + figures of the lecture page, MathJax excluded, at most 200 KB gzip; no page
loads MathJax (formulas are typeset at build time); the six lecture figures of a language
at most 150 KB together, uncompressed; the English lecture page at 375×812, apart from
figures, at most 130 KB gzip; every formula drawn at first contentful paint (within one
frame, 50 ms, of it).

Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from scripts.testing.sitetools import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO_ROOT,
    build_failure,
    build_site,
    serve,
)

PAGES = {
    "zh home": "",
    "zh lecture": "lecture/",
    "zh summary": "summary/",
    "en home": "en/",
    "en lecture": "en/lecture/",
    "en summary": "en/summary/",
    "404": "no-such-page/",
}
MATHJAX = "/assets/mathjax/"
# GitHub Pages compresses these (by type); fonts and images are already compressed.
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "xml")
KB = 1000  # the targets are in kB as a browser's network panel shows them

TARGET_LECTURE_GZIP = 200 * KB  # theme + figures, MathJax excluded
TARGET_FIGURES = 150 * KB  # the six lecture figures of a language, uncompressed
TARGET_PHONE_GZIP = 130 * KB  # the English lecture at 375x812, everything but figures
TARGET_DRAWN_AFTER_PAINT = 50  # ms: every formula drawn at first contentful paint
PHONE = {"width": 375, "height": 812}
CPU_RATES = (1, 4)  # full speed; 4x slower, a mid-range phone

# When every formula is drawn. `typeset`: when the page last stopped showing a formula as raw
# TeX, `\(...\)` or `\[...\]` (while MathJax typesets in the browser); null if it never did
# (formulas typeset at build time are in the HTML as SVG). `fonts`: the last time MathJax's
# web fonts (CHTML) finished loading, if the page uses them.
DRAWN_SCRIPT = r"""
(() => {
  const state = window.__benchMaths = {raw: false, typeset: null, fonts: null};
  const rawTeX = () => [...document.querySelectorAll(".arithmatex")].some((m) =>
    m.textContent.includes("\\(") || m.textContent.includes("\\["));
  new MutationObserver(() => {
    if (rawTeX()) {
      state.raw = true;
    } else if (state.raw) {
      state.raw = false;
      state.typeset = performance.now();
    }
  }).observe(document, {childList: true, subtree: true, characterData: true});
  document.fonts.addEventListener("loadingdone", (event) => {
    if (event.fontfaces.some((f) => f.family.replace(/"/g, "").startsWith("MJX"))) {
      state.fonts = performance.now();
    }
  });
})();
"""

WAIT_FOR_MATHS = r"""async () => {
  const maths = [...document.querySelectorAll(".arithmatex")];
  const done = () => maths.every((m) => m.querySelector("mjx-container") &&
    !m.textContent.includes("\\(") && !m.textContent.includes("\\["));
  const deadline = performance.now() + 60000;
  while (!done() && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  await document.fonts.ready;
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const state = window.__benchMaths || {};
  return {
    maths: maths.length,
    done: done(),
    typeset: state.typeset,
    fonts: state.fonts,
    fcp: paint ? paint.startTime : null,
    load: nav.loadEventStart,
    domContentLoaded: nav.domContentLoadedEventEnd,
  };
}"""

LOAD_ALL_IMAGES = """async () => {
  // As a reader who opens the folds and scrolls through: every image shown, in the
  // palette shown (the other palette's twin is display: none and never fetched).
  document.querySelectorAll("article details").forEach((d) => { d.open = true; });
  const images = [...document.images].filter((img) => img.getClientRects().length > 0);
  for (const img of images) img.loading = "eager";
  await Promise.all(images.map((img) => img.complete ? null :
    new Promise((done) => { img.onload = done; img.onerror = done; })));
}"""


def mkdocs_build(project: Path, site: Path) -> None:
    failure = build_failure(build_site(site, project))
    if failure:
        sys.exit(f"in {project}: {failure}")


def stock_project(folder: Path) -> Path:
    """A one-page site with the stock Material theme (and no Google Fonts, as ours)."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(
        "# Stock page\n\nA paragraph of text, and a [link](#stock-page).\n", encoding="utf-8"
    )
    (folder / "mkdocs.yml").write_text(
        "site_name: Stock\ntheme:\n  name: material\n  font: false\n", encoding="utf-8"
    )
    return folder


def gzip_size(body: bytes, content_type: str) -> int:
    if any(t in content_type for t in TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=6, mtime=0))
    return len(body)


def kind(path: str) -> str:
    if path.startswith(MATHJAX):
        return "mathjax"
    if path.startswith("/figures/"):
        return "figures"
    if path.startswith("/assets/"):
        return "theme"
    if path.startswith(("/stylesheets/", "/javascripts/")):
        return "ours"
    if path.startswith("/search/"):
        return "search"
    return "html"


def measure(
    browser, url: str, *, viewport: dict | None = None, cpu_rate: int = 1, all_images: bool = True
) -> dict:
    """One page view with the cache disabled: every response, and the timings.

    ``all_images``: also load the lazy images, as a reader who scrolls through the page.
    """
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800})
    context.add_init_script(DRAWN_SCRIPT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if cpu_rate != 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_rate})
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    timing = page.evaluate(WAIT_FOR_MATHS)
    if all_images:
        page.evaluate(LOAD_ALL_IMAGES)
    page.wait_for_load_state("networkidle")
    rows = []
    for r in responses:
        path = urlsplit(r.url).path
        try:
            body = r.body()
        except Exception:  # e.g. a redirect has no body
            body = b""
        ctype = r.headers.get("content-type", "")
        rows.append(
            {
                "url": r.url,
                "path": path,
                "status": r.status,
                "kind": kind(path),
                "raw": len(body),
                "gz": gzip_size(body, ctype),
            }
        )
    context.close()
    return {"rows": rows, "timing": timing}


def drawn_at(timing: dict) -> float | None:
    """When every formula was drawn (ms from navigation): not before the first paint."""
    if not timing["done"] or timing["fcp"] is None:
        return None
    return max(t for t in (timing["fcp"], timing["typeset"], timing["fonts"]) if t is not None)


def total(rows: list[dict], *, mathjax: bool) -> tuple[int, int, int]:
    chosen = [r for r in rows if mathjax or r["kind"] != "mathjax"]
    return len(chosen), sum(r["raw"] for r in chosen), sum(r["gz"] for r in chosen)


def fmt_kb(n: int) -> str:
    return f"{n / KB:7.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts bench pages", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--repeat", type=int, default=5, help="page views per timing")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        site = args.site
        if site is None:
            site = tmp_path / "site"
            print("building the site ...", file=sys.stderr)
            mkdocs_build(REPO_ROOT, site)
        stock_site = tmp_path / "stock-site"
        print("building a stock Material page ...", file=sys.stderr)
        mkdocs_build(stock_project(tmp_path / "stock"), stock_site)
        server, base = serve(site)
        stock_server, stock_base = serve(stock_site)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                results = {name: measure(browser, base + path) for name, path in PAGES.items()}
                results["stock Material"] = measure(browser, stock_base)
                phone = {}
                for name in ("zh lecture", "en lecture"):
                    for rate in CPU_RATES:
                        print(f"{name} at 375x812, CPU / {rate} ...", file=sys.stderr)
                        phone[name, rate] = [
                            measure(
                                browser,
                                base + PAGES[name],
                                viewport=PHONE,
                                cpu_rate=rate,
                                all_images=False,
                            )
                            for _ in range(args.repeat)
                        ]
                browser.close()
        finally:
            server.shutdown()
            stock_server.shutdown()
        return report(results, phone, base, stock_base)


def cell(xs: list[float]) -> str:
    """Median [min-max] in ms."""
    if not xs:
        return "n/a"
    return f"{statistics.median(xs):.0f} [{min(xs):.0f}-{max(xs):.0f}]"


def report(results: dict, phone: dict, base: str, stock_base: str) -> int:
    missed = []
    print("\n## Bytes per page (empty cache; kB = 1000 bytes; gzip = gzip -6 of text bodies)\n")
    print(
        "| page | requests | kB | kB gzip | without MathJax: requests | kB | kB gzip "
        "| MathJax requests | MathJax kB gzip |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, res in results.items():
        rows = res["rows"]
        n, raw, gz = total(rows, mathjax=True)
        n0, raw0, gz0 = total(rows, mathjax=False)
        mj = [r for r in rows if r["kind"] == "mathjax"]
        print(
            f"| {name} | {n} | {fmt_kb(raw)} | {fmt_kb(gz)} | {n0} | {fmt_kb(raw0)} "
            f"| {fmt_kb(gz0)} | {len(mj)} | {fmt_kb(sum(r['gz'] for r in mj))} |"
        )
        offsite = [r["url"] for r in rows if not r["url"].startswith((base, stock_base, "data:"))]
        if offsite:
            missed.append(f"{name}: requests to other hosts: {offsite}")
        if mj:
            missed.append(f"{name}: loads {len(mj)} MathJax files (maths is typeset at build)")

    print("\n## Where the bytes of the lecture pages go (kB uncompressed / gzip)\n")
    kinds = ("html", "theme", "ours", "figures", "search", "mathjax")
    print("| page | " + " | ".join(kinds) + " |")
    print("| --- |" + " ---: |" * len(kinds))
    for name in ("zh lecture", "en lecture", "stock Material"):
        rows = results[name]["rows"]
        cells = []
        for k in kinds:
            sel = [r for r in rows if r["kind"] == k]
            raw, gz = sum(r["raw"] for r in sel), sum(r["gz"] for r in sel)
            cells.append(f"{raw / KB:.1f} / {gz / KB:.1f}" if sel else "-")
        print(f"| {name} | " + " | ".join(cells) + " |")

    print("\n## Every file of the zh lecture page (bytes uncompressed / gzip)\n")
    for r in sorted(results["zh lecture"]["rows"], key=lambda r: -r["raw"]):
        print(f"  {r['raw']:8d} {r['gz']:8d}  {r['kind']:8s} {r['status']} {r['path']}")
    print("\n## The stock Material page\n")
    for r in sorted(results["stock Material"]["rows"], key=lambda r: -r["raw"]):
        print(f"  {r['raw']:8d} {r['gz']:8d}  {r['kind']:8s} {r['status']} {r['path']}")

    print("\n## Figures requested by the lecture pages (bytes uncompressed)\n")
    for name in ("zh lecture", "en lecture"):
        figs = [r for r in results[name]["rows"] if r["kind"] == "figures"]
        print(f"{name}: {len(figs)} files, {sum(r['raw'] for r in figs)} bytes")
        for r in figs:
            print(f"  {r['raw']:7d}  {r['path']}")
        scenario = [r for r in figs if "explorer" not in r["path"] and "-step-" not in r["path"]]
        size = sum(r["raw"] for r in scenario)
        print(f"  the lecture's own figures: {len(scenario)} files, {size / KB:.1f} kB")
        if size > TARGET_FIGURES:
            missed.append(f"{name}: lecture figures {size / KB:.1f} kB > {TARGET_FIGURES / KB}")
        n0, raw0, gz0 = total(results[name]["rows"], mathjax=False)
        if gz0 > TARGET_LECTURE_GZIP:
            missed.append(f"{name}: {gz0 / KB:.1f} kB gzip without MathJax > 200")

    print(
        "\n## The lecture on a phone (375x812, cache disabled): everything but figures, "
        "and when the maths is drawn\n"
    )
    print(
        "ms from navigation, median [min-max] of the page views; drawn = no formula shown "
        "as raw TeX any more, MathJax's web fonts (if used) in, and not before the first "
        "contentful paint (FCP).\n"
    )
    print(
        "| page | CPU | formulas | requests | kB | kB gzip | FCP | all formulas drawn "
        "| drawn after FCP | load event |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (name, rate), runs in phone.items():
        rows = [r for r in runs[0]["rows"] if r["kind"] != "figures"]
        raw, gz = sum(r["raw"] for r in rows), sum(r["gz"] for r in rows)
        timings = [run["timing"] for run in runs]
        fcp = [t["fcp"] for t in timings if t["fcp"] is not None]
        drawn = [d for d in map(drawn_at, timings) if d is not None]
        after = [d - t["fcp"] for t in timings if (d := drawn_at(t)) is not None]
        print(
            f"| {name} | {'full' if rate == 1 else f'/ {rate}'} | {timings[0]['maths']} "
            f"| {len(rows)} | {fmt_kb(raw)} | {fmt_kb(gz)} | {cell(fcp)} | {cell(drawn)} "
            f"| {cell(after)} | {cell([t['load'] for t in timings])} |"
        )
        if len(drawn) < len(runs):
            missed.append(f"{name} (CPU / {rate}): formulas not all drawn within 60 s")
        elif statistics.median(after) > TARGET_DRAWN_AFTER_PAINT:
            missed.append(
                f"{name} (CPU / {rate}): formulas drawn {statistics.median(after):.0f} ms "
                "after the first contentful paint"
            )
        if name == "en lecture" and rate == 1 and gz > TARGET_PHONE_GZIP:
            missed.append(
                f"en lecture at 375x812: {gz / KB:.1f} kB gzip apart from figures "
                f"> {TARGET_PHONE_GZIP / KB:.0f}"
            )
    for name in ("zh lecture", "en lecture"):
        rows = [r for r in phone[name, 1][0]["rows"] if r["kind"] != "figures"]
        print(f"\n{name} at 375x812, apart from figures (bytes uncompressed / gzip):")
        for r in sorted(rows, key=lambda r: -r["raw"]):
            print(f"  {r['raw']:8d} {r['gz']:8d}  {r['kind']:8s} {r['status']} {r['path']}")

    print()
    if missed:
        print("Targets missed:\n  " + "\n  ".join(missed))
        return 1
    print("All targets met.")
    return 0
