"""The package's folders are its layers, and each imports only from the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "webapp"

# Bottom to top. A module may import from its own layer and any layer before it in this list.
LAYERS = ["paths", "content", "queries", "drawing", "web", "commands", "webapp"]


def module_name(path: Path) -> str:
    parts = ["webapp", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "webapp"


def runtime_imports(path: Path) -> set[str]:
    """The package's modules this file imports when it runs (``if TYPE_CHECKING:`` blocks left out)."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
               and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
               for node in ast.walk(block)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "webapp" or target.startswith("webapp."):
                found |= {f"{target}.{alias.name}" if (PACKAGE.parent / f"{target}.{alias.name}".replace(".", "/")).with_suffix(".py").exists()
                          or (PACKAGE.parent / f"{target}.{alias.name}".replace(".", "/")).is_dir() else target
                          for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("webapp")}
    return found - {module}


GRAPH = {module_name(path): runtime_imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_sits_in_a_known_layer():
    assert {layer_of(m) for m in GRAPH} <= set(LAYERS)
    assert len([m for m in GRAPH if layer_of(m) == "webapp"]) == 1, "only create_app sits at the top"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_go_only_downward(module):
    mine = LAYERS.index(layer_of(module))
    upward = sorted(t for t in GRAPH[module] if LAYERS.index(layer_of(t)) > mine)
    assert not upward, f"{module} ({layer_of(module)}) imports from a layer above it: {upward}"


def test_no_import_cycles():
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == "open":
                cycle = trail[trail.index(target):] + [target] if target in trail else [module, target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, trail + [target])
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])


def test_the_pure_core_imports_no_flask():
    for path in sorted(PACKAGE.rglob("*.py")):
        if layer_of(module_name(path)) in ("content", "queries", "drawing"):
            names = {n.module for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                     if isinstance(n, ast.ImportFrom) and n.module} | {
                a.name for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(n, ast.Import) for a in n.names}
            assert not {n for n in names if n.split(".")[0] in ("flask", "werkzeug", "jinja2")}, path
