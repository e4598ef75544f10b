"""site-patches' theme_env.py: the theme environment MkDocs builds with lists the same theme
files (without walking Material's hidden icons) and caches compiled templates. Fails when
MkDocs lists a theme's files otherwise."""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache, FileSystemLoader
from mkdocs.config import load_config
from mkdocs.structure.files import Files
from sitebuild.patches import theme_env

REPO_ROOT = Path(__file__).resolve().parents[2]


def _theme_files(config, env) -> list[tuple[str, str]]:
    files = Files([])
    files.add_files_from_theme(env, config)
    return [(f.src_uri, f.abs_src_path) for f in files]


def test_the_same_theme_files_as_mkdocs_lists_them(tmp_path: Path) -> None:
    config = load_config(str(REPO_ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    stock = config.theme.get_env()
    theme_env.speed_up(config, FileSystemBytecodeCache())
    faster = config.theme.get_env()
    assert type(stock.loader) is FileSystemLoader and type(faster.loader) is not FileSystemLoader
    expected = _theme_files(config, stock)
    assert len(expected) > 20  # Material's assets: not an empty listing on both sides
    assert any(uri.startswith("assets/javascripts/") for uri, _ in expected)
    assert _theme_files(config, faster) == expected
    # What it leaves out of the listing is only what MkDocs drops: hidden files.
    hidden = set(stock.loader.list_templates()) - set(faster.loader.list_templates())
    assert hidden and all(name.startswith(".") or "/." in name for name in hidden)
    assert isinstance(faster.bytecode_cache, FileSystemBytecodeCache)


def test_a_hidden_file_of_a_custom_theme_folder_is_not_listed_and_others_are(tmp_path):
    theme = tmp_path / "overrides"
    for name in ("main.html", "assets/site.css", ".hidden.css", "assets/.cache/x.css"):
        (theme / name).parent.mkdir(parents=True, exist_ok=True)
        (theme / name).write_text("x")
    listed = theme_env.ThemeLoader([str(theme)]).list_templates()
    assert listed == ["assets/site.css", "main.html"]
    assert set(listed) <= set(FileSystemLoader([str(theme)]).list_templates())


def test_wrapped_once_per_configuration(tmp_path: Path) -> None:
    """static-i18n runs on_config again for each language's build: wrap only once."""
    config = load_config(str(REPO_ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    cache = FileSystemBytecodeCache()
    theme_env.speed_up(config, cache)
    wrapped = config.theme.get_env
    theme_env.speed_up(config, cache)
    assert config.theme.get_env is wrapped
