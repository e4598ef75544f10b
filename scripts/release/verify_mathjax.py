"""Check the MathJax the build runs against MathJax's official npm release.

    cd /tmp && npm pack mathjax@3.2.2          # the official tarball: mathjax-3.2.2.tgz
    python -m scripts verify-mathjax /tmp/mathjax-3.2.2.tgz

The build runs MathJax from the django-static-mathjax package, a repackaging of MathJax's
source repository, not the npm release. This script prints the tarball's integrity (compare
it with ``npm view mathjax@3.2.2 dist.integrity``), then starts the mathjax-svg plugin's
typeset_maths.js as the build does, typesets every formula of docs/**/*.md with it and
asks node which of MathJax's files it loaded. Each of those must be byte for byte the npm
release's file, or differ only by no-op self-assignments (``x=x,``, ``(x=x)``: leftovers
of TypeScript casts that another compilation dropped). It also lists every other es5/ file
that differs, and how. Exit status 1 if a loaded file differs in any other way, or is
missing from the release.
"""

from __future__ import annotations

import argparse
import base64
import difflib
import hashlib
import re
import tarfile
import tempfile
from pathlib import Path

from sitebuild.mathjax.typesetter import Formula, Typesetter, mathjax_version

REPO_ROOT = Path(__file__).resolve().parents[2]
_IDENTIFIER = r"[A-Za-z_$][\w$]*"
_SELF_ASSIGNMENT = re.compile(rf"(?<![\w$.])({_IDENTIFIER})=\1(?![\w$=.])")


def npm_es5_files(tarball: Path) -> dict[str, bytes]:
    """The files under package/es5/ of an npm tarball, by path relative to es5/."""
    files = {}
    with tarfile.open(tarball) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith("package/es5/"):
                files[member.name.removeprefix("package/es5/")] = tar.extractfile(member).read()
    return files


def without_self_assignments(text: str) -> str:
    """``text`` with every no-op ``x=x,`` / ``x=x;`` removed and ``(x=x)`` made ``x``."""
    while match := _SELF_ASSIGNMENT.search(text):
        start, end = match.span()
        before, after = text[start - 1 : start], text[end : end + 1]
        if before == "(" and after == ")":  # (x=x).y -> x.y
            text = text[: start - 1] + match[1] + text[end + 1 :]
        elif after in (",", ";"):  # x=x, rest -> rest
            text = text[:start] + text[end + 1 :]
        else:
            break
    return text


def differing_region(a: str, b: str) -> tuple[str, str]:
    """The part where ``a`` and ``b`` differ (after their common start and end)."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return a[start : len(a) - end], b[start : len(b) - end]


def compare(npm: bytes, installed: bytes) -> tuple[str, list[str]]:
    """How two versions of a file differ, and the changed pieces.

    "identical"; "no-op self-assignments only" (``x=x,`` and ``(x=x)`` -> ``x`` removed,
    which changes nothing); "self-assignments and parentheses only" (the same, plus
    parentheses left with nothing to group: check those pieces by eye); or "DIFFERS".
    """
    if npm == installed:
        return "identical", []
    a, b = differing_region(npm.decode("utf-8"), installed.decode("utf-8"))
    pieces = [
        f"{op} {a[i1:i2]!r} -> {b[j1:j2]!r}"
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if op != "equal"
    ]
    if len(a) > 100_000:
        return "DIFFERS", pieces[:20]
    normalised = without_self_assignments(a)
    if normalised == b:
        return "no-op self-assignments only", pieces
    if re.sub(r"[()]", "", normalised) == re.sub(r"[()]", "", b):
        return "self-assignments and parentheses only", pieces
    return "DIFFERS", pieces


def probe_formulas() -> list[Formula]:
    """Every formula of docs/*.md (roughly, as a probe of what MathJax loads)."""
    formulas = []
    for page in sorted((REPO_ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for display, inline, tagged in re.findall(
            r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)", text, re.S
        ):
            tex = display or inline or tagged
            formulas.append(Formula(tex, display=bool(display)))
    return formulas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts verify-mathjax", description=__doc__.splitlines()[0]
    )
    parser.add_argument("tarball", type=Path, help="mathjax-VERSION.tgz from `npm pack`")
    args = parser.parse_args(argv)

    data = args.tarball.read_bytes()
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    print(f"{args.tarball.name}: {integrity}")
    npm = npm_es5_files(args.tarball)

    typesetter = Typesetter()
    es5 = typesetter.es5
    print(f"installed MathJax {mathjax_version(es5)}: {es5}")
    with tempfile.TemporaryDirectory() as cache:
        typesetter.use_cache_dir(Path(cache))
        try:
            formulas = probe_formulas()
            typesetter.typeset(formulas, "docs/**/*.md")
            loaded = [Path(f).relative_to(es5).as_posix() for f in typesetter.loaded_files()]
        finally:
            typesetter.close()
    print(f"typeset {len(formulas)} formulas of docs/**/*.md; node loaded {len(loaded)} files:")

    failed = False
    for rel in loaded:
        if rel not in npm:
            print(f"  MISSING from the npm release: {rel}")
            failed = True
            continue
        verdict, pieces = compare(npm[rel], (es5 / rel).read_bytes())
        print(f"  {rel}: {verdict}")
        for piece in pieces:
            print(f"      {piece}")
        failed |= verdict not in ("identical", "no-op self-assignments only")

    others = sorted(set(npm) - set(loaded))
    differing = [
        rel for rel in others if not (es5 / rel).is_file() or (es5 / rel).read_bytes() != npm[rel]
    ]
    print(
        f"the release's other {len(others)} es5 files: {len(others) - len(differing)} "
        f"identical, {len(differing)} differ or are missing (not loaded by the build):"
    )
    for rel in differing:
        verdict = (
            compare(npm[rel], (es5 / rel).read_bytes())[0] if (es5 / rel).is_file() else "MISSING"
        )
        print(f"  {rel}: {verdict}")
    print("FAIL" if failed else "OK: what the build loads is MathJax's release, or equivalent")
    return 1 if failed else 0
