// MathJax 3 configuration for pymdownx.arithmatex (generic mode), Material's documented set-up.
// The MathJax script itself is self-hosted (assets/mathjax/tex-chtml.js) and is added by
// scripts/hooks/mathjax.py only to pages that contain maths; this file only configures it.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {
    // Typeset only what arithmatex marked as maths.
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex"
  }
};

// Material emits document$ for the first page and, with instant navigation (not enabled
// here), for every page swapped in. MathJax's startup typesets the first page by itself, so
// only later emissions re-typeset, and only where MathJax has been loaded.
(function () {
  var first = true;
  if (typeof document$ === "undefined") return;
  document$.subscribe(function () {
    if (first) { first = false; return; }
    var mj = window.MathJax;
    if (!mj || !mj.startup || !mj.startup.promise || !mj.typesetPromise) return;
    mj.startup.promise.then(function () {
      mj.startup.output.clearCache();
      mj.typesetClear();
      mj.texReset();
      return mj.typesetPromise();
    });
  });
})();
