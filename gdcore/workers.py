"""Drawing processes: started once, reused, safe to start from a threaded process, and
gone when the process that started them dies.

They come from a fork server (spawn where there is none), never forked from the caller
itself: forking a process that runs other threads, as ``mkdocs serve`` does, risks
deadlocks. The fork server imports matplotlib once; each drawing process imports gdcore
itself, and again when gdcore's code has changed (WORKER_MODULES), so one process serves
every rebuild of ``mkdocs serve``.

Whatever kills the caller (SIGKILL included), no drawing process survives it: each one
exits when the caller's end of a pipe closes, and the fork server exits once its last
client is gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import signal
import sys
import threading
import types
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

__all__ = [
    "WORKER_MODULES",
    "Workers",
    "code_key",
    "hand_over",
    "prepare",
    "running",
    "started",
    "take_over",
]

WORKER_MODULES = ("*", "kinds/*")
"""The gdcore modules a drawing process runs (all of them: a drawing process imports only
what drawing needs, but a module it does not import costs nothing to hash): after an edit
to one of them, a drawing process re-imports gdcore before its next drawing (it keeps
matplotlib, its fonts and caches: cheaper than a new process). An edit to this module
replaces the processes."""

_PRELOAD = ["numpy", "matplotlib.figure", "matplotlib.backends.backend_svg"]
PR_SET_PDEATHSIG = 1


def _digest(modules: tuple[str, ...]) -> str:
    here = Path(__file__).parent
    h = hashlib.sha256()
    for module in modules:
        for path in sorted(here.glob(f"{module}.py")):
            name = path.relative_to(here).as_posix()
            h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def code_key() -> str:
    """Hash of the code a drawing process runs (WORKER_MODULES, as on disk now)."""
    return _digest(WORKER_MODULES)


def _pool_key() -> str:
    return _digest(("workers",))


# In a drawing process: the code_key() of the gdcore it imported.
_loaded: str | None = None


def _draw_task(key: str, specs: bytes) -> list[bytes]:
    """In a drawing process: draw the pickled ``specs`` with gdcore as of ``key``."""
    global _loaded
    if key != _loaded:
        # gdcore changed since this process imported it: import it again (all but this
        # module, which is running), then read the specs with the new classes.
        for name in [n for n in sys.modules if n == "gdcore" or n.startswith("gdcore.")]:
            if name != __name__:
                del sys.modules[name]
        importlib.invalidate_caches()
        _loaded = key
    # gdcore.svgfile sits below this module: a drawing process needs nothing above it.
    return importlib.import_module("gdcore.svgfile").draw_group(pickle.loads(specs))


def _die_with_parent(lifeline: Connection) -> None:
    """Exit as soon as the process that started the drawing processes dies.

    ``lifeline`` is the read end of a pipe whose only write end that process holds: the
    read returns (EOF) when it dies, however it dies, even while it is a zombie. Watching
    the direct parent is not enough: that is the fork server, which outlives its clients.
    """

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            lifeline.recv_bytes()
        os._exit(1)

    threading.Thread(target=watch, name="gdcore-lifeline", daemon=True).start()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            # And if the fork server itself is killed: the kernel kills this process too.
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass


def _init_worker(path: list[str], lifeline: Connection, key: str) -> None:
    global _loaded
    # Ctrl-C in a terminal interrupts the whole process group: the caller decides what
    # to do (mkdocs serve stops), and a drawing process stops with it (its lifeline);
    # interrupted itself, it would only print a traceback over the author's terminal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(lifeline)
    sys.path[:] = path
    _loaded = key
    from gdcore.style import ensure_fonts

    ensure_fonts()


def _ready() -> int:
    return os.getpid()


def _context() -> Any:
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # Paid once, in the fork server; every drawing process is forked from it.
        context.set_forkserver_preload(_PRELOAD)
    return context


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start processes without making them import the caller's main script.

    multiprocessing re-imports ``__main__`` in every process it does not fork (from its
    path, for a script such as the ``mkdocs`` command): slow, and a script without an
    ``if __name__ == "__main__"`` guard would run again. A drawing process needs only
    gdcore, so while the processes start, ``__main__`` is a bare module.
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class Workers:
    """``jobs`` drawing processes running gdcore's code as it was when they started."""

    def __init__(self, jobs: int) -> None:
        self.key = _pool_key()
        self.jobs = jobs
        context = _context()
        if context.get_start_method() == "forkserver":
            _start_fork_server()  # (a no-op when it runs already)
        # The drawing processes read from _lifeline; only this process holds _alive, its
        # write end: when this process dies, they exit (see _die_with_parent).
        self._lifeline, self._alive = context.Pipe(duplex=False)
        self._pool = ProcessPoolExecutor(
            jobs,
            mp_context=context,
            initializer=_init_worker,
            initargs=(list(sys.path), self._lifeline, code_key()),
        )
        # Start them now (each submit starts one): the caller has other work to do meanwhile.
        with _main_module_hidden():
            for _ in range(jobs):
                self._pool.submit(_ready)

    def draw(self, specs: list[Any]) -> Future[list[bytes]]:
        """Draw ``specs`` (FigureSpecs) in one drawing process: their SVG bytes, in order."""
        return self._pool.submit(_draw_task, code_key(), pickle.dumps(specs))

    def shutdown(self, wait: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=True)
        self._alive.close()  # and processes still busy exit too

    @property
    def broken(self) -> bool:
        return bool(getattr(self._pool, "_broken", False))


_workers: Workers | None = None


def _start_fork_server() -> None:
    """Start the fork server with Ctrl-C ignored from its first instruction.

    The fork server imports matplotlib before it starts ignoring SIGINT itself, so a Ctrl-C
    in a build's first seconds printed a KeyboardInterrupt traceback from it over the
    author's terminal. An ignored signal stays ignored across exec (and Python then
    installs no handler of its own): started with SIGINT ignored, it never sees one. Only
    the main thread may change a signal's handler; elsewhere it starts as it would.
    """
    if threading.current_thread() is not threading.main_thread():
        multiprocessing.forkserver.ensure_running()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


def prepare() -> None:
    """Start the fork server (it imports matplotlib, about 0.5 s) and return at once: a
    caller with work of its own before it needs the drawing processes does that work
    meanwhile, instead of waiting for the first one to start."""
    if _workers is None and _context().get_start_method() == "forkserver":
        _start_fork_server()


def running(jobs: int) -> Workers:
    """The drawing processes, started (or replaced) as needed."""
    global _workers
    if _workers is not None and (
        _workers.broken or _workers.jobs != jobs or _workers.key != _pool_key()
    ):
        _workers.shutdown()
        _workers = None
    if _workers is None:
        _workers = Workers(jobs)
    return _workers


def started() -> bool:
    """Whether drawing processes are running (and can run the current code)."""
    return _workers is not None and not _workers.broken and _workers.key == _pool_key()


def hand_over() -> Workers | None:
    """Give the running processes to the next import of gdcore (see gdcore.reloaded)."""
    global _workers
    workers, _workers = _workers, None
    return workers


def take_over(workers: Workers | None) -> None:
    """Reuse processes handed over by a previous import, if they run the same code."""
    global _workers
    if workers is None:
        return
    if _workers is None and not workers.broken and workers.key == _pool_key():
        # The same processes, driven by this import's code (pickling refers to it).
        _workers = Workers.__new__(Workers)
        _workers.__dict__.update(workers.__dict__)
    else:
        workers.shutdown()
