// Typesets TeX as SVG with MathJax 3, for the mathjax-svg MkDocs plugin (typesetter.py).
//
//   node typeset_maths.js ES5_DIR
//
// ES5_DIR is MathJax's es5/ folder (from the django-static-mathjax package). The plugin starts
// this once per build (once per `mkdocs serve` session) and talks to it in JSON lines:
//
//   out, once:  {"ready": true, "version": "3.2.2", "css": "..."}
//   in:         {"id": 7, "dir": "/abs/cache/dir", "formulas": [{"key": K, "tex": T, "display": B}]}
//   out:        {"id": 7, "errors": [{"key": K, "message": "..."}]}
//   in:         {"id": 8, "files": true}
//   out:        {"id": 8, "files": ["/abs/.../es5/node-main.js", ...]}
//
// Each typeset formula is written to DIR/K.json as {"html": "<mjx-container ...>", "glyphs":
// [[id, path], ...]}: the formula's SVG refers to its glyphs by id (MathJax's global font
// cache), and the plugin puts each page's glyphs once into the page. Results travel through
// files, not stdout, so a page's worth of SVG never fills the pipe. A formula MathJax cannot
// parse (or an undefined macro) is reported, not drawn in red.
//
// No markup from TeX: the packages that pass an author's markup, links, ids, classes or CSS
// into the output are left out (html: \href \class \cssId \style; action: \texttip \mathtip
// \toggle; unicode: \unicode's font name lands unescaped in a style attribute), also through
// \require, and MathJax's ui/safe filter runs on what is left (\bbox and \color styles, ...).
// ui/safe's own component only installs itself in a browser (`typeof window !== "undefined"`),
// so it is installed here by hand. The plugin checks the output as well: ui/safe lets
// `cursor: url(...)`, `java\tscript:` and `//host` through.
//
// It exits when its input closes or its parent process is gone, so a killed build leaves no
// node process behind (on Linux the plugin also has the kernel end it with the build).
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");

const es5 = path.resolve(process.argv[2] || "");

// TeX: the packages of MathJax's tex-chtml.js component (base, ams, newcommand, require,
// autoload, configmacros), without `noundefined`, so that a misspelt macro is an error instead
// of red text. `autoload` loads other extensions (\cancel, \boldsymbol, ...) on first use,
// except those that put markup into the page (see above).
const MARKUP_PACKAGES = ["html", "action", "unicode"];
const CONFIG = {
  loader: { load: ["input/tex", "output/svg", "a11y/assistive-mml", "ui/safe"] },
  tex: {
    packages: { "[-]": ["noundefined", ...MARKUP_PACKAGES] },
    autoload: Object.fromEntries(MARKUP_PACKAGES.map((name) => [name, []])),
    require: { allow: Object.fromEntries(MARKUP_PACKAGES.map((name) => [name, false])) },
    formatError: (jax, error) => {
      throw error;
    },
  },
  options: {
    safeOptions: {
      allow: { URLs: "safe", classes: "safe", cssIDs: "none", styles: "safe" },
      safeProtocols: { http: true, https: true, file: false, javascript: false, data: false },
    },
  },
  // One glyph cache per page (the plugin assembles it), instead of a copy of each glyph's path
  // in every formula that uses it.
  svg: { fontCache: "global" },
  startup: {
    typeset: false,
    ready() {
      const { SafeHandler } = MathJax._.ui.safe.SafeHandler;
      MathJax.startup.extendHandler((handler) => SafeHandler(handler));
      MathJax.startup.defaultReady();
    },
  },
};

function send(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

function writeAtomically(file, text) {
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, file);
}

async function typesetOne(MathJax, formula) {
  const adaptor = MathJax.startup.adaptor;
  const fontCache = MathJax.startup.output.fontCache;
  // Each formula on its own, so that its result does not depend on what came before (equation
  // numbers, \label) and its glyphs are exactly those it uses.
  MathJax.texReset();
  fontCache.clearCache();
  const node = await MathJax.tex2svgPromise(formula.tex, { display: formula.display });
  const glyphs = adaptor
    .childNodes(fontCache.getCache())
    .map((glyph) => [adaptor.getAttribute(glyph, "id"), adaptor.getAttribute(glyph, "d")]);
  return { html: adaptor.outerHTML(node), glyphs: glyphs };
}

async function handle(MathJax, request) {
  if (request.files) {
    const files = Object.keys(require.cache).filter((file) => file.startsWith(es5 + path.sep));
    return { id: request.id, files: files.sort() };
  }
  const errors = [];
  for (const formula of request.formulas) {
    let result;
    try {
      result = await typesetOne(MathJax, formula);
    } catch (error) {
      errors.push({ key: formula.key, message: String((error && error.message) || error) });
      continue;
    }
    writeAtomically(path.join(request.dir, `${formula.key}.json`), JSON.stringify(result));
  }
  return { id: request.id, errors: errors };
}

function watchParent() {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(1);
  }, 500).unref();
}

async function main() {
  watchParent();
  const input = readline.createInterface({ input: process.stdin, terminal: false });
  input.on("close", () => process.exit(0));
  // Requests that arrive while MathJax starts wait here, in order.
  const pending = [];
  input.on("line", (line) => pending.push(line));

  const MathJax = await require(path.join(es5, "node-main.js")).init(CONFIG);
  const adaptor = MathJax.startup.adaptor;
  const css = adaptor.textContent(MathJax.svgStylesheet());
  send({ ready: true, version: MathJax.version, css: css });

  let queue = Promise.resolve();
  const enqueue = (line) => {
    queue = queue.then(async () => send(await handle(MathJax, JSON.parse(line)))).catch(fail);
  };
  input.removeAllListeners("line");
  input.on("line", enqueue);
  pending.forEach(enqueue);
}

function fail(error) {
  // The stack for whoever reads it all, then one line that says what went wrong: the plugin
  // reports the last line (e.g. "ENOSPC: no space left on device, open ...").
  if (error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.stderr.write(`typeset_maths.js: ${(error && error.message) || error}\n`);
  process.exit(2);
}

main().catch(fail);
