"""What the browser tests measure on a figure as the page draws it (shared JavaScript).

``TEXT_SIZES`` takes a list of ``[url, displayed width in CSS px]`` and, for each SVG,
fetches it, lays it out inline at that width in an off-screen box, and returns every text
run's size in CSS px as drawn: its computed font size times the scale of its screen
transform (the viewBox scaling and any transform on the way). A run smaller than the
largest run of its own ``<text>`` is a sub- or superscript (matplotlib's mathtext writes
each glyph run as a ``<tspan>`` of its ``<text>``).

``FIGURE_IMAGES`` lists the figure images the page shows in its content (visible ones only:
the other palette's image is ``display: none``), with their displayed width and, for the
explorer and the stepper, every frame's URL derived from the shown image's URL.
"""

from __future__ import annotations

TEXT_SIZES = """async (items) => {
  // Every SVG laid out at once, then measured: one layout of the page for all of them
  // (one at a time, each would lay the whole page out again: 0.2 s per figure).
  const sources = await Promise.all(items.map(([url]) => fetch(url).then((r) => r.text())));
  const boxes = items.map(([url, width], k) => {
    const svg = new DOMParser().parseFromString(sources[k], "image/svg+xml").documentElement;
    const box = document.createElement("div");
    box.style.cssText = "position:absolute;left:-10000px;top:0;visibility:hidden;";
    const [, , vbw, vbh] = svg.getAttribute("viewBox").split(/\\s+/).map(Number);
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(width * vbh / vbw));
    box.appendChild(document.importNode(svg, true));
    document.body.appendChild(box);
    return box;
  });
  const out = items.map(([url, width], k) => {
    const runs = [];
    for (const text of boxes[k].firstChild.querySelectorAll("text")) {
      const parts = text.querySelectorAll("tspan").length ? [...text.querySelectorAll("tspan")]
        : [text];
      const sizes = parts.filter((p) => p.textContent.trim()).map((p) => {
        const m = p.getScreenCTM();
        const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
        return {text: p.textContent.trim(), px: parseFloat(getComputedStyle(p).fontSize) * scale};
      });
      const largest = Math.max(...sizes.map((s) => s.px));
      for (const s of sizes) runs.push({...s, script: s.px < largest - 0.01});
    }
    const normal = runs.filter((r) => !r.script);
    const script = runs.filter((r) => r.script);
    const least = (rs) => rs.reduce((a, r) => (a && a.px <= r.px ? a : r), null);
    return {url, width, runs: runs.length, smallest: least(normal), smallestScript: least(script),
            largest: Math.max(...normal.map((r) => r.px))};
  });
  for (const box of boxes) box.remove();
  return out;
}"""

FIGURE_IMAGES = """() => {
  const visible = (e) => e.getBoundingClientRect().width > 0;
  const isFigure = (img) => /\\/figures\\/.+\\.svg(#.*)?$/.test(img.currentSrc || img.src);
  const images = [...document.querySelectorAll(".md-content img")]
    .filter((img) => isFigure(img) && visible(img));
  return images.map((img) => {
    const src = img.currentSrc || img.src;
    const widget = img.closest(".gd-explorer, .gd-stepper");
    const frames = widget ? JSON.parse(widget.getAttribute("data-frames")).map((f) => f.figure)
      : [];
    const name = (src.match(/\\/figures\\/([\\w-]+?)(?:\\.dark)?\\.(?:zh|en)\\.svg/) || [])[1];
    const urls = frames.length && name ? frames.map((f) => src.replace(name, f)) : [src];
    return {src, width: img.getBoundingClientRect().width, urls: urls.map((u) => u.split("#")[0]),
            widget: widget ? widget.className : null, noscript: !!img.closest("noscript")};
  });
}"""
