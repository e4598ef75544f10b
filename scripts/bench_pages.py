"""Benchmark: what each page of the site costs a reader, and how soon its maths is typeset.

    python scripts/bench_pages.py [--site DIR] [--repeat N]

Builds the site (``mkdocs build --strict`` into a temporary folder, unless ``--site`` names
a built one), serves it on 127.0.0.1 and opens every page in Chromium (Debian's
/usr/bin/chromium, or $CHROMIUM_PATH; desktop viewport, light palette, empty cache). For each
page: the number of requests, and the bytes of every response as it travels, uncompressed and
gzip-compressed (each text body compressed with gzip -6, as GitHub Pages does; fonts and
images are sent as they are), in total and without MathJax; the lecture's figures; and the
time from navigation start, and from the load event, to MathJax's typesetting done (its
``startup.promise``; the median of N page views) and to its fonts loaded.

For comparison it also builds and measures a stock Material page: a one-page site with only
``theme: material`` (same Material version, no fonts from Google, no extra CSS/JS).

Targets (the lecture page): theme + figures, MathJax excluded, at most 200 KB gzip;
MathJax only on pages with maths; maths typeset within 300 ms of the load event; the six
lecture figures of a language at most 150 KB together, uncompressed.

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

from sitetools import CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, build_failure, build_site, serve

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
TARGET_TYPESET_AFTER_LOAD = 300  # ms

# Records when MathJax's startup typesetting is done, without changing what it does:
# MathJax calls startup.pageReady from its configuration (docs/javascripts/mathjax.js sets
# window.MathJax = {...}; this wraps the first such object it sees).
TIMING_SCRIPT = """
(() => {
  let value;
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get() { return value; },
    set(v) {
      if (v && !v.version && !v.__benchWrapped) {
        v.__benchWrapped = true;
        v.startup = v.startup || {};
        const own = v.startup.pageReady;
        v.startup.pageReady = function () {
          const start = performance.now();
          const done = own ? own.call(this) : window.MathJax.startup.defaultPageReady();
          return Promise.resolve(done).then((r) => {
            const typeset = {start: start, end: performance.now(), fonts: null};
            window.__benchTypeset = typeset;
            // CHTML asks for its web fonts while typesetting; the maths shows in its own
            // glyphs once they are in.
            document.fonts.ready.then(() => { typeset.fonts = performance.now(); });
            return r;
          });
        };
      }
      value = v;
    },
  });
})();
"""

WAIT_FOR_MATHS = """async () => {
  const mj = window.MathJax;
  const maths = document.querySelectorAll(".arithmatex").length;
  if (maths && mj && mj.startup && mj.startup.promise) await mj.startup.promise;
  await document.fonts.ready;
  await new Promise((done) => setTimeout(done, 0));
  const nav = performance.getEntriesByType("navigation")[0];
  return {
    maths: maths,
    typeset: window.__benchTypeset || null,
    load: nav.loadEventStart,
    domContentLoaded: nav.domContentLoadedEventEnd,
    mathFonts: [...document.fonts].filter((f) => f.family.startsWith("MJX") &&
      f.status === "loaded").length,
  };
}"""

LOAD_ALL_IMAGES = """async () => {
  const images = [...document.images];
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


def measure(browser, url: str) -> dict:
    """One page view with an empty cache: every response, and the timings."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(TIMING_SCRIPT)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    timing = page.evaluate(WAIT_FOR_MATHS)
    # A reader who scrolls through the page sees every image: load the lazy ones too.
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


def total(rows: list[dict], *, mathjax: bool) -> tuple[int, int, int]:
    chosen = [r for r in rows if mathjax or r["kind"] != "mathjax"]
    return len(chosen), sum(r["raw"] for r in chosen), sum(r["gz"] for r in chosen)


def fmt_kb(n: int) -> str:
    return f"{n / KB:7.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--repeat", type=int, default=5, help="page views per timing")
    args = parser.parse_args()

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
                timings = {}
                for name, path in PAGES.items():
                    if results[name]["timing"]["maths"]:
                        timings[name] = [
                            measure(browser, base + path)["timing"] for _ in range(args.repeat)
                        ]
                browser.close()
        finally:
            server.shutdown()
            stock_server.shutdown()
        return report(results, timings, base, stock_base)


def report(results: dict, timings: dict, base: str, stock_base: str) -> int:
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
        if bool(mj) != bool(res["timing"]["maths"]) and name != "stock Material":
            missed.append(f"{name}: {res['timing']['maths']} formulas, {len(mj)} MathJax files")

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

    print("\n## MathJax typesetting (ms; median of the runs, min-max in brackets)\n")
    print(
        "| page | formulas | runs | load event | typeset done (from navigation) "
        "| typeset done after load | maths fonts in (from navigation) | fonts in after load "
        "| maths fonts |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, runs in timings.items():
        loads = [t["load"] for t in runs]
        done = [t["typeset"]["end"] for t in runs if t["typeset"]]
        after = [t["typeset"]["end"] - t["load"] for t in runs if t["typeset"]]
        fonts = [t["typeset"]["fonts"] - t["load"] for t in runs if t["typeset"]]
        fonts_nav = [t["typeset"]["fonts"] for t in runs if t["typeset"]]

        def cell(xs: list[float]) -> str:
            if not xs:
                return "n/a"
            return f"{statistics.median(xs):.0f} [{min(xs):.0f}-{max(xs):.0f}]"

        print(
            f"| {name} | {runs[0]['maths']} | {len(runs)} | {cell(loads)} | {cell(done)} "
            f"| {cell(after)} | {cell(fonts_nav)} | {cell(fonts)} | {runs[0]['mathFonts']} |"
        )
        if not after:
            missed.append(f"{name}: MathJax typesetting was not observed")
        elif statistics.median(after) > TARGET_TYPESET_AFTER_LOAD:
            missed.append(f"{name}: maths typeset {statistics.median(after):.0f} ms after load")

    print()
    if missed:
        print("Targets missed:\n  " + "\n  ".join(missed))
        return 1
    print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
