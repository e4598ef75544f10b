"""Build the offline copy of the site: a zip that works opened from the file system.

    python -m scripts offline                     # -> site-offline.zip
    python -m scripts offline -o /tmp/notes.zip   # somewhere else
    python -m scripts offline --keep-dir DIR      # also leave the unzipped site in DIR

It builds the project this script belongs to, whatever the working directory. It runs
``mkdocs build --strict`` with ``OFFLINE=true``, which turns on Material's ``offline`` plugin
(mkdocs.yml): links to ``.../index.html`` instead of directory URLs, the search index inlined
into a script, and the Web Worker shim (vendored by the site-patches plugin) that lets
search run from ``file://``. ``SITE_URL`` (and ``OFFLINE_COPY``) are removed from the
environment: the copy has no absolute URL, so nothing in it points to (or fetches from) the
published site. Figures are files of the site and the maths is typeset into the pages at
build time, so maths and figures work without a network (and without JavaScript).

The zip holds one folder, ``machine-learning-notes/``; readers unzip it and open
``index.html`` (中文) or ``en/index.html`` (English) in a browser. The zip is deterministic:
entries sorted, every timestamp 1980-01-01 (or ``SOURCE_DATE_EPOCH``), fixed permissions,
so the same build gives the same bytes. Left out: ``404.html`` (no server to serve it) and
the source maps of Material's scripts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = REPO_ROOT / "site-offline.zip"
TOP_FOLDER = "machine-learning-notes"
LEFT_OUT = {"404.html"}  # no server to serve it
LEFT_OUT_SUFFIXES = (".map",)  # source maps of Material's scripts: for debugging, 1 MB
EPOCH_1980 = (1980, 1, 1, 0, 0, 0)


def build_offline_site(site_dir: Path) -> None:
    """``mkdocs build --strict`` of this project into ``site_dir``, offline flavour."""
    env = dict(os.environ)
    env.pop("SITE_URL", None)
    env.pop("OFFLINE_COPY", None)  # the copy does not offer itself for download
    env.pop("PDF_EDITION", None)  # nor the PDFs, which the copy does not hold
    env.update({"OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    proc = subprocess.run(cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    warnings = [line for line in output.splitlines() if line.lstrip().startswith("WARNING")]
    if proc.returncode != 0 or warnings:
        sys.stderr.write(output)
        raise SystemExit(f"offline build failed: {' '.join(cmd)} (exit {proc.returncode})")


def zip_timestamp() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return EPOCH_1980
    stamp = time.gmtime(max(int(epoch), 315532800))  # a zip cannot go before 1980
    return tuple(stamp[:6])  # type: ignore[return-value]


def write_zip(site_dir: Path, output: Path, top: str = TOP_FOLDER) -> int:
    """Zip ``site_dir`` as ``top/...`` into ``output``, deterministically. Returns the count."""
    files = sorted(
        p
        for p in site_dir.rglob("*")
        if p.is_file()
        and p.relative_to(site_dir).as_posix() not in LEFT_OUT
        and not p.name.endswith(LEFT_OUT_SUFFIXES)
    )
    stamp = zip_timestamp()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(site_dir).as_posix()}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, so the permissions above are read as such
            zf.writestr(info, path.read_bytes())
    partial.replace(output)
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts offline",
        description="Build the offline copy of the site (a zip to open from the file system).",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"the zip to write (default: {DEFAULT_OUTPUT.name} in the repository)",
    )
    parser.add_argument(
        "--keep-dir",
        type=Path,
        help="also keep the unzipped offline site in this directory (replaced if it exists)",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="gd-offline-") as tmp:
        site_dir = Path(tmp) / "site"
        build_offline_site(site_dir)
        count = write_zip(site_dir, args.output.resolve())
        if args.keep_dir:
            if args.keep_dir.exists():
                shutil.rmtree(args.keep_dir)
            shutil.copytree(site_dir, args.keep_dir)
    size = args.output.stat().st_size
    print(f"{args.output}: {count} files, {size / 1e6:.1f} MB")
    print(f"Unzip it and open {TOP_FOLDER}/index.html (中文) or {TOP_FOLDER}/en/index.html.")
    return 0
