"""The render cache: one verified file per figure and language.

An entry is named ``LECTURE.NAME.LANG.KEY.CHECK.svg``. KEY covers exactly what the figure's bytes
depend on: the drawing code and style shared by every figure (the sources of
DRAWING_MODULES and the drawing libraries' versions) and the figure's own resolved spec
(its runs, every filled word, colours, window, metadata, language). So editing one
scenario redraws that scenario's files only; editing drawing code redraws all. CHECK is
a hash of the entry's bytes: a damaged entry (garbage, empty, truncated) is dropped,
reported and drawn again, never used.

Problems are reported on the ``gdcore`` logger (by default: a line on stderr), not as
warnings of the host: a site build in strict mode must not fail because its cache was
damaged or cannot be written. A cache directory that cannot be used (a file, read-only)
is reported once, and figures are then drawn without caching.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import logging
import os
import struct
from array import array
from pathlib import Path
from typing import Any

from gdcore.spec import FigureSpec

__all__ = [
    "DRAWING_MODULES",
    "FigureCache",
    "cache_key",
    "default_cache_dir",
    "drawing_digest",
]

log = logging.getLogger("gdcore")

DRAWING_MODULES = ("errors", "style", "plot", "draw", "layout", "svgfile", "kinds/*")
"""gdcore's modules every figure's drawing depends on (the modules they import excluded:
those pass their part through the spec); ``kinds/*`` is every kind's module."""

_LIBRARIES = ("matplotlib", "mplfonts", "numpy")
_CHECK_CHARS = 16

# Reported once per process: a damaged entry by path, an unusable cache by directory.
_reported: set[str] = set()


def _report_once(key: str, message: str, *args: object) -> None:
    if key not in _reported:
        _reported.add(key)
        log.warning(message, *args)


def default_cache_dir() -> Path:
    """$GDCORE_CACHE_DIR, else $XDG_CACHE_HOME/gdcore, else ~/.cache/gdcore."""
    if env := os.environ.get("GDCORE_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gdcore"


def cache_path(cache_dir: str | os.PathLike[str] | None) -> Path:
    return Path(cache_dir) if cache_dir is not None else default_cache_dir()


@functools.cache
def _library_versions() -> bytes:
    # Read once per process: installed versions do not change under a running build, and
    # reading them is most of drawing_digest()'s time (about 6 ms), which runs on every build.
    return b"".join(f"{dist}={importlib.metadata.version(dist)}\0".encode() for dist in _LIBRARIES)


def drawing_digest() -> str:
    """Hash of the drawing code and style shared by all figures, and the libraries' versions."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for module in DRAWING_MODULES:
        for path in sorted(here.glob(f"{module}.py")):
            name = path.relative_to(here).as_posix()
            h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(_library_versions())
    return h.hexdigest()


# Keys computed by this import, by spec object: a spec is immutable.
_keys: dict[int, tuple[FigureSpec, str, str]] = {}


def cache_key(spec: FigureSpec, drawing: str | None = None) -> str:
    """Hash of what figure ``spec`` depends on: the drawing code and style, and the spec."""
    drawing = drawing or drawing_digest()
    known = _keys.get(id(spec))
    if known is not None and known[0] is spec and known[1] == drawing:
        return known[2]
    h = hashlib.sha256(drawing.encode() + b"\0")
    _feed(h, spec)
    key = h.hexdigest()[:20]
    _keys[id(spec)] = (spec, drawing, key)
    return key


def _feed(h: Any, value: object) -> None:
    """Add ``value`` (frozen data: dataclasses, tuples, strings, numbers, None) to hash ``h``
    exactly and unambiguously (a float by its 8 bytes; every item tagged and counted)."""
    if isinstance(value, tuple):
        if value and all(type(v) is float for v in value):  # runs and curves: in one go
            h.update(b"F%d:" % len(value) + array("d", value).tobytes())
        else:
            h.update(b"T%d:" % len(value))
            for item in value:
                _feed(h, item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        h.update(b"D" + type(value).__name__.encode() + b":")
        for f in dataclasses.fields(value):
            h.update(f.name.encode() + b"=")
            _feed(h, getattr(value, f.name))
    elif isinstance(value, str):
        data = value.encode()
        h.update(b"S%d:" % len(data) + data)
    elif value is None or isinstance(value, bool):
        h.update(repr(value).encode() + b";")
    elif isinstance(value, int):
        h.update(b"I%d;" % value)
    elif isinstance(value, float):
        h.update(b"f" + struct.pack("<d", value))
    else:
        raise TypeError(f"cannot key a {type(value).__name__} in a figure spec")


def _check(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:_CHECK_CHARS]


class FigureCache:
    """The cache directory as it is now: entries looked up, verified, stored."""

    def __init__(self, directory: Path, drawing: str | None = None) -> None:
        self.directory = directory
        self.drawing = drawing or drawing_digest()
        self.usable = True
        self._entries: dict[str, str] = {}  # LECTURE.NAME.LANG.KEY -> file name
        try:
            names = os.listdir(directory)
        except FileNotFoundError:
            names = []
        except OSError as error:
            self._unusable(error)
            names = []
        for name in names:
            parts = name.split(".")
            if len(parts) == 6 and parts[-1] == "svg":
                self._entries[".".join(parts[:4])] = name

    def __len__(self) -> int:
        """The number of entries (any figure, any key) in the directory."""
        return len(self._entries)

    def _unusable(self, error: OSError) -> None:
        self.usable = False
        _report_once(
            f"dir:{self.directory}",
            "gdcore: cannot use the figure cache %s (%s): drawing without caching",
            self.directory,
            error.strerror or error,
        )

    def _prefix(self, spec: FigureSpec) -> str:
        return f"{spec.lecture}.{spec.name}.{spec.lang}.{cache_key(spec, self.drawing)}"

    def get(self, spec: FigureSpec) -> bytes | None:
        """The cached bytes of ``spec``, verified; None if absent or damaged (then dropped)."""
        file_name = self._entries.get(self._prefix(spec))
        if file_name is None:
            return None
        path = self.directory / file_name
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if data and _check(data) == file_name.split(".")[4]:
            return data
        self._entries.pop(self._prefix(spec), None)
        path.unlink(missing_ok=True)
        _report_once(
            f"entry:{path}",
            "gdcore: the cached figure %s was damaged: dropped and drawn again",
            path,
        )
        return None

    def put(self, spec: FigureSpec, data: bytes) -> None:
        """Store ``data`` as ``spec``'s entry (atomically), dropping older entries of it."""
        if not self.usable:
            return
        prefix = self._prefix(spec)
        path = self.directory / f"{prefix}.{_check(data)}.svg"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for stale in self.directory.glob(f"{spec.lecture}.{spec.name}.{spec.lang}.*.svg"):
                stale.unlink(missing_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError as error:
            self._unusable(error)
            return
        self._entries[prefix] = path.name
