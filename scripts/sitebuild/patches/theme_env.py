"""The theme's Jinja environments, cheaper to build with.

MkDocs makes a fresh theme environment (``config.theme.get_env()``) for every build,
static-i18n runs one build per language, Material's search plugin makes one more whenever
the configuration is loaded, and ``mkdocs serve`` does all of that on every rebuild. Two
costs came back each time (about 0.2 s of a rebuild on a 2-core machine):

1. Compiling Material's templates. Jinja's FileSystemBytecodeCache keeps the compiled
   code in a per-user directory of the system's temporary directory and checks each
   template's source checksum, so an edited template (a theme override) is compiled
   afresh.
2. Listing the theme's files. MkDocs copies a theme's static files, found by listing
   every file of every theme directory and then dropping the hidden ones (its filter's
   ``.*`` and ``*/.*``). Material keeps 14 000 icons under ``.icons/``, so the listing
   walked 14 500 files to keep 160. :class:`ThemeLoader` does not go into what the
   filter drops: the same files, without the walk.

Both are set where every such environment is made: ``config.theme.get_env`` is wrapped
at the start of ``on_config``, before the search plugin asks for its environment. The
site's bytes do not change; the tests compare the file lists.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemLoader


class ThemeLoader(FileSystemLoader):
    """Jinja's FileSystemLoader whose listing leaves out hidden files and folders."""

    def list_templates(self) -> list[str]:
        # As FileSystemLoader.list_templates, but a name MkDocs drops is never walked to.
        found: set[str] = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                for filename in filenames:
                    if filename.startswith("."):
                        continue
                    path = os.path.join(dirpath, filename)[len(searchpath) :]
                    template = path.strip(os.path.sep).replace(os.path.sep, "/")
                    found.add(template.removeprefix("./"))
        return sorted(found)


def faster(
    make_env: Callable[[], Environment], bytecode_cache: BytecodeCache
) -> Callable[[], Environment]:
    """``make_env`` (a theme's get_env) with ``bytecode_cache`` and :class:`ThemeLoader`."""

    def get_env() -> Environment:
        env = make_env()
        loader = env.loader
        if type(loader) is FileSystemLoader:  # MkDocs' own: swap in the same, listed faster
            env.loader = ThemeLoader(
                loader.searchpath, encoding=loader.encoding, followlinks=loader.followlinks
            )
        env.bytecode_cache = bytecode_cache
        return env

    get_env.faster = True  # type: ignore[attr-defined]
    return get_env


def speed_up(config: Any, bytecode_cache: BytecodeCache) -> None:
    """Wrap ``config.theme.get_env`` (once per loaded configuration, not per build)."""
    theme = config.theme
    if not getattr(theme.get_env, "faster", False):
        theme.get_env = faster(theme.get_env, bytecode_cache)
