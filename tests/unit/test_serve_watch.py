"""site-patches' serve_watch.py: `mkdocs serve` polls the sources every 0.1 s, and every
path MkDocs watched before the plugin ran is still watched, once. Fails when MkDocs' own
interval is no longer the 0.5 s this is for."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from mkdocs.livereload import LiveReloadServer
from sitebuild.patches import serve_watch as hook


def _server(tmp_path: Path) -> LiveReloadServer:
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))


def _watched(server: LiveReloadServer) -> list[tuple[str, float]]:
    return sorted((e.watch.path, e.timeout) for e in server.observer.emitters)


def test_what_mkdocs_watched_moves_to_a_faster_poll(tmp_path: Path) -> None:
    docs, theme, extra = (tmp_path / name for name in ("docs", "theme", "gdcore"))
    for folder in (docs, theme, extra):
        folder.mkdir()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: x\n")
    server = _server(tmp_path)
    before = server.observer
    assert before.timeout == 0.5  # MkDocs' own interval: what the hook is for
    server.watch(str(docs))
    server.watch(str(config_file))
    server.watch(str(theme))  # mkdocs serve --watch-theme
    config = SimpleNamespace(
        docs_dir=str(docs),
        config_file_path=str(config_file),
        theme=SimpleNamespace(dirs=[str(theme)]),
    )
    assert hook.poll_faster(server, config) is server
    server.watch(str(extra))  # mkdocs.yml's watch:, after on_serve
    assert server.observer is not before and not before.emitters
    interval = hook.POLL_INTERVAL_S
    # (watchdog watches a file through its folder, not recursively)
    assert _watched(server) == sorted(
        (str(path), interval) for path in (docs, config_file.parent, theme, extra)
    )
    server.unwatch(str(docs))  # still the server's own bookkeeping: it can stop watching
    assert str(docs) not in [path for path, _ in _watched(server)]


def test_a_theme_folder_that_was_not_watched_stays_unwatched(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    server = _server(tmp_path)
    server.watch(str(docs))
    config = SimpleNamespace(
        docs_dir=str(docs), config_file_path=None, theme=SimpleNamespace(dirs=[str(tmp_path)])
    )
    hook.poll_faster(server, config)
    assert _watched(server) == [(str(docs), hook.POLL_INTERVAL_S)]


def test_a_saved_file_is_noticed(tmp_path: Path) -> None:
    """The new observer really polls: a change under a moved path asks for a rebuild."""
    import time

    docs = tmp_path / "docs"
    docs.mkdir()
    page = docs / "index.md"
    page.write_text("a\n")
    server = _server(tmp_path)
    server.watch(str(docs))
    config = SimpleNamespace(
        docs_dir=str(docs), config_file_path=None, theme=SimpleNamespace(dirs=[])
    )
    hook.poll_faster(server, config)
    server.observer.start()
    try:
        time.sleep(0.3)  # the first snapshot
        page.write_text("b, a longer line\n")
        deadline = time.monotonic() + 10
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server._want_rebuild
    finally:
        server.observer.stop()
        server.observer.join()
