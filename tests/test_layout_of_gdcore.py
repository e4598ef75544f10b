"""gdcore's modules import each other one way: no module reaches back up the chain.

Every import counts, at module level or inside a function (a deferred import still
ties the two modules together), except those under ``if TYPE_CHECKING:``.
"""

import ast
from pathlib import Path

GDCORE = Path(__file__).resolve().parent.parent / "gdcore"


def _imports(path: Path) -> set[str]:
    """The gdcore modules that ``path`` imports (package-relative names)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(n) for child in node.body for n in ast.walk(child))
    found = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "gdcore" and len(parts) > 1 and (GDCORE / f"{parts[1]}.py").is_file():
                found.add(parts[1])
    return found


def _graph() -> dict[str, set[str]]:
    modules = {p.stem: p for p in GDCORE.glob("*.py") if p.stem not in {"__init__", "__main__"}}
    return {name: _imports(path) - {name} for name, path in modules.items()}


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


def test_a_figure_goes_one_way_from_scenario_to_cache():
    """The chain named in the README: no module imports one further down it."""
    chain = ["costs", "descent", "scenarios", "text", "spec", "draw", "svgfile", "cache"]
    graph = _graph()
    for i, module in enumerate(chain):
        later = set(chain[i + 1 :]) & graph[module]
        assert not later, f"{module} imports {sorted(later)}, which come after it"
