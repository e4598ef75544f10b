"""Redraw only what changed, in drawing processes that a threaded caller can start.

A figure's cache entry is keyed on its own resolved spec and on the drawing code shared
by all figures: editing one figure's declaration redraws that figure's files only, editing
the drawing code redraws all of them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from lectures import INTUITION, LANGS, lecture
from sitetools import copy_project, pythonpath

from gdcore.render import render

FIGURE_NAMES = tuple(lecture().figures)
ALPHA_SMALL = re.compile(r"(\n  alpha-small:\n.*?\n +alpha: )([0-9.]+)", re.S)


def _render(project: Path, out: Path, cache: Path) -> None:
    """``python -m gdcore render`` in ``project`` (a copy), as an author runs it."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "gdcore",
            "render",
            "--lecture",
            f"docs/{INTUITION}",
            "--out",
            str(out),
        ],
        cwd=project,
        env={**os.environ, "PYTHONPATH": pythonpath(project), "GDCORE_CACHE_DIR": str(cache)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def _entries(cache: Path) -> dict[str, str]:
    """figure.lang -> the name of its cache entry (LECTURE.NAME.LANG.KEY.CHECK.svg)."""
    return {".".join(p.name.split(".")[1:3]): p.name for p in cache.glob("*.svg")}


def test_editing_one_figure_redraws_its_files_only_and_drawing_code_redraws_all(tmp_path):
    project = copy_project(tmp_path / "project")
    cache, out = tmp_path / "cache", tmp_path / "out"
    _render(project, out, cache)
    before = _entries(cache)
    assert len(before) == len(FIGURE_NAMES) * len(LANGS)

    declarations = project / "docs" / INTUITION / "lecture.yml"
    source = declarations.read_text(encoding="utf-8")
    assert ALPHA_SMALL.search(source), "no alpha: under alpha-small: in lecture.yml"
    declarations.write_text(ALPHA_SMALL.sub(r"\g<1>0.0055", source, count=1), encoding="utf-8")
    _render(project, out, cache)
    after = _entries(cache)
    changed = {key for key in before if after.get(key) != before[key]}
    assert changed == {"alpha-small.zh", "alpha-small.en"}
    written = (out / INTUITION / "alpha-small.en.svg").read_text(encoding="utf-8")
    assert '"alpha":0.0055' in written

    draw = project / "gdcore" / "draw.py"
    draw.write_text(draw.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    _render(project, out, cache)
    final = _entries(cache)
    assert not set(final.values()) & set(after.values()), "a figure was not redrawn"
    assert len(final) == len(before)


_THREADED_CALLER = """
    import sys, threading
    sys.path.insert(0, "tests")
    from gdcore import render, svgfile
    from lectures import lecture
    # A caller with other threads running, as mkdocs serve has: drawing must still happen
    # in drawing processes, none of them forked from this process.
    stop = threading.Event()
    threading.Thread(target=stop.wait, daemon=True).start()
    def figure_svg(spec):
        raise AssertionError(f"{spec.name} was drawn in the threaded caller")
    svgfile.figure_svg = figure_svg
    cached = sys.argv[2] == "cache"
    paths = render.render(sys.argv[1], lecture(), use_cache=cached, cache_dir=sys.argv[3])
    from gdcore import workers
    assert workers.started()
    stop.set()
    print(len(paths))
"""


@pytest.mark.parametrize("mode", ["cache", "no-cache"])
def test_a_threaded_caller_draws_in_worker_processes_with_the_same_bytes(tmp_path, mode):
    reference = tmp_path / "reference"
    render(reference, lecture(), use_cache=False, jobs=1)
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(_THREADED_CALLER),
            str(out),
            mode,
            str(tmp_path / "cache"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.returncode == 0, proc.stderr
    # Every figure in every language, each with its dark twin.
    assert proc.stdout.strip() == str(2 * len(FIGURE_NAMES) * len(LANGS))
    for path in sorted(reference.glob("*.svg")):
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name


_SERVE_LIKE = """
    import importlib, sys, threading
    threading.Thread(target=threading.Event().wait, daemon=True).start()  # as serve has
    out, cache, style = sys.argv[1], sys.argv[2], sys.argv[3]
    import gdcore
    def lecture():
        words = importlib.import_module("gdcore.words").load_languages(
            "docs/languages", ["zh", "en"]
        )
        return importlib.import_module("gdcore.lecture").load_lecture(
            "docs/gradient-descent-intuition", words
        )
    render = importlib.import_module("gdcore.render")
    render.render(out + "/1", lecture(), ["en"], ["alpha-small", "alpha-large"], cache_dir=cache)
    pool = importlib.import_module("gdcore.workers")._workers._pool
    # A drawing constant shared by all figures is edited, as an author does under serve.
    text = open(style).read()
    open(style, "w").write(text.replace('"curve": ("#37474f",', '"curve": ("#123456",'))
    gdcore = gdcore.reloaded()
    render = importlib.import_module("gdcore.render")
    render.render(out + "/2", lecture(), ["en"], ["alpha-small", "alpha-large"], cache_dir=cache)
    assert importlib.import_module("gdcore.workers")._workers._pool is pool, "processes replaced"
"""


def test_drawing_processes_draw_with_the_edited_code_after_a_reload(tmp_path):
    """Under serve, gdcore is re-imported after an edit; the same drawing processes then
    draw with the new code (they re-import gdcore themselves)."""
    project = copy_project(tmp_path / "project")
    style = project / "gdcore" / "style.py"
    assert '"curve": ("#37474f",' in style.read_text(encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_SERVE_LIKE), str(tmp_path), str(tmp_path / "c"),
         str(style)],
        cwd=project,
        env={**os.environ, "PYTHONPATH": pythonpath(project)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    for name in ("alpha-small", "alpha-large"):
        before = (tmp_path / "1" / f"{name}.en.svg").read_text(encoding="utf-8")
        after = (tmp_path / "2" / f"{name}.en.svg").read_text(encoding="utf-8")
        assert "#37474f" in before and "#123456" not in before
        assert "#123456" in after and "#37474f" not in after
