"""The render cache: one file per figure and language, keyed on what its bytes depend on.

The site build renders once per language and once per rebuild under ``mkdocs serve``, so
an unchanged figure must cost a file read, not a drawing.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from pathlib import Path

from gdcore import source_digest

__all__ = ["cache_key", "default_cache_dir", "entry", "source_key", "store"]


def default_cache_dir() -> Path:
    """$GDCORE_CACHE_DIR, else $XDG_CACHE_HOME/gdcore, else ~/.cache/gdcore."""
    if env := os.environ.get("GDCORE_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gdcore"


def cache_path(cache_dir: str | os.PathLike[str] | None) -> Path:
    return Path(cache_dir) if cache_dir is not None else default_cache_dir()


def source_key() -> str:
    """Hash of gdcore's sources and the drawing libraries' versions."""
    h = hashlib.sha256(source_digest().encode())
    for dist in ("matplotlib", "mplfonts", "numpy"):
        h.update(f"{dist}={importlib.metadata.version(dist)}\0".encode())
    return h.hexdigest()


def cache_key(name: str, lang: str, digest: str | None = None) -> str:
    """Hash of gdcore's sources, the drawing libraries' versions, the figure and language."""
    digest = digest or source_key()
    return hashlib.sha256(f"{digest}\0{name}\0{lang}".encode()).hexdigest()[:20]


def entry(cache: Path, name: str, lang: str, digest: str) -> Path:
    """Where figure ``name`` in ``lang`` is cached."""
    return cache / f"{name}.{lang}.{cache_key(name, lang, digest)}.svg"


def store(cache: Path, path: Path, data: bytes) -> None:
    """Write a cache entry atomically and drop older entries of the same figure."""
    cache.mkdir(parents=True, exist_ok=True)
    figure_lang = path.name.rsplit(".", 2)[0]
    for stale in cache.glob(f"{figure_lang}.*.svg"):
        stale.unlink(missing_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
