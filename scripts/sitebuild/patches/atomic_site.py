"""A build replaces the site folder whole, or not at all.

MkDocs empties ``site_dir`` and writes into it as it goes (mkdocs-static-i18n: one language
after another), so two builds into one folder at once mixed their files (the wrong
language's 404.html at the root, or a FileNotFoundError when one emptied what the other
wrote), and a killed or failed build left half a site. Here a build (``mkdocs build``,
``gh-deploy``) writes into a new folder beside ``site_dir`` (``.NAME.building-PID-XXXX``, on
the same file system) and, once everything is written, exchanges it with ``site_dir`` in one
step (Linux's ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames, a moment with no
folder but never a mixed one). Of two builds at once, each site is whole and the last one
to finish stays. A build that fails leaves the previous site as it was; one that is killed
leaves its folder, which the next build removes. ``mkdocs serve`` (its own temporary folder)
and ``--dirty`` builds (they keep what is there) write in place, as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names ``a`` and ``b`` in one step (False: not available here)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # kernel or file system lacks it
        return False
    raise OSError(code, os.strerror(code), str(a))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SiteSwap:
    """One build's own folder beside ``site``, swapped in by :meth:`finish`."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.site.parent.mkdir(parents=True, exist_ok=True)
        self._remove_leftovers()
        name = f".{site.name}.building-{os.getpid()}-{secrets.token_hex(4)}"
        self.folder = site.with_name(name)
        self.folder.mkdir()  # not mkdtemp: its 0700 would end up as the site's mode

    def _remove_leftovers(self) -> None:
        """The folders of builds that were killed (their process is gone)."""
        for stem in ("building", "old"):
            for leftover in self.site.parent.glob(f".{self.site.name}.{stem}-*"):
                pid = leftover.name.rsplit(f".{stem}-", 1)[-1].split("-", 1)[0]
                if pid.isdigit() and not _alive(int(pid)):
                    shutil.rmtree(leftover, ignore_errors=True)

    def finish(self) -> None:
        """Put the built folder in the site's place; the old site is removed."""
        while True:
            if not self.site.exists():
                try:
                    os.rename(self.folder, self.site)
                    return
                except OSError as e:
                    if e.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                        raise
                    continue  # another build put its site there first: exchange with it
            if _exchange(self.folder, self.site):
                shutil.rmtree(self.folder, ignore_errors=True)  # now the old site
                return
            old = self.site.with_name(f".{self.site.name}.old-{os.getpid()}-{secrets.token_hex(4)}")
            with contextlib.suppress(FileNotFoundError):
                os.rename(self.site, old)
            try:
                os.rename(self.folder, self.site)
            except OSError as e:
                if e.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                    raise
                continue
            finally:
                shutil.rmtree(old, ignore_errors=True)
            return

    def abandon(self) -> None:
        """The build failed: its folder goes, the site stays as it was."""
        shutil.rmtree(self.folder, ignore_errors=True)
