"""gdcore's modules import each other one way, and gdcore is the engine: it names no lecture.

Every import counts, at module level or inside a function (a deferred import still ties
the two modules together), ``importlib.import_module("gdcore.x")`` included, except those
under ``if TYPE_CHECKING:``.
"""

import ast
import re
from pathlib import Path

from gdcore.lecture import DECLARATIONS
from gdcore.yamlfile import load

ROOT = Path(__file__).resolve().parents[2]
GDCORE = ROOT / "gdcore"


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(GDCORE).with_suffix("").parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(p): p
        for p in GDCORE.rglob("*.py")
        if p.name not in {"__main__.py"} and not (p.name == "__init__.py" and p.parent == GDCORE)
    }


def _imports(path: Path, known: set[str]) -> set[str]:
    """The gdcore modules that ``path`` imports (names relative to gdcore)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(n) for child in node.body for n in ast.walk(child))
    names: list[str] = []
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) in ("importlib.import_module", "import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append(node.args[0].value)
    found = set()
    for name in names:
        parts = name.split(".")
        if parts[0] != "gdcore":
            continue
        for end in range(len(parts), 1, -1):  # the longest prefix that is a module
            candidate = ".".join(parts[1:end])
            if candidate in known:
                found.add(candidate)
                break
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, known) - {name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_gdcore_has_no_import_cycle():
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle)


def test_the_cycle_check_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_check_sees_imports_made_by_importlib():
    graph = _graph()
    assert "svgfile" in graph["workers"]  # workers imports it only through importlib


def test_a_figure_goes_one_way_from_declaration_to_cache():
    """The chain named in the README: no module imports one further down it."""
    chain = [
        "costs",
        "descent",
        "facts",
        "declarations",
        "lecture",
        "draw",
        "svgfile",
        "cache",
        "render",
    ]
    graph = _graph()
    for i, module in enumerate(chain):
        later = set(chain[i + 1 :]) & graph[module]
        assert not later, f"{module} imports {sorted(later)}, which come after it"


def test_gdcore_never_imports_mkdocs():
    for path in GDCORE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+mkdocs", text, re.M), path


def _lecture_names() -> set[str]:
    """Every name a lecture declares: the lecture, its costs, figures, widgets and runs (a
    fact is named after one of them). Not a figure's series ids, which are local to their
    figure, nor one-letter cost names (J), which are the maths' own."""
    names = set()
    for path in (ROOT / "docs").glob(f"*/{DECLARATIONS}"):
        data = load(path)
        names.add(path.parent.name)
        for section in ("costs", "figures", "widgets", "runs"):
            names.update(n for n in (data.get(section) or {}) if len(n) > 1)
    return names


def test_the_engine_names_no_lecture_figure_widget_or_fact():
    names = _lecture_names()
    assert {"update-rule", "alpha-explorer", "step-by-step", "gradient-descent-intuition"} <= names
    for path in GDCORE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in names:
            # as a word of its own, in code or in a string
            assert not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text), (
                f"{path.relative_to(ROOT)} names {name!r}, which belongs to a lecture"
            )
