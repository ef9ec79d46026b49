"""The import graph has no cycle: no module imports, even lazily inside a function, one
that imports it back, and no package (``fourfold.datasets``, ``fourfold.recipes``...) depends
on another that depends on it."""

from __future__ import annotations

import ast
from pathlib import Path

import fourfold

PACKAGE = Path(fourfold.__file__).parent


def _modules() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def _graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the fourfold modules it imports anywhere in its code."""
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("fourfold"):
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    graph[name].add(target if target in modules else node.module)
            elif isinstance(node, ast.Import):
                graph[name].update(a.name for a in node.names if a.name in modules)
    return {name: {t for t in targets if t in modules and t != name}
            for name, targets in graph.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def _package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_no_module_imports_itself_back():
    assert _cycles(_graph(_modules())) == []


def test_no_package_depends_on_itself_through_another():
    packages: dict[str, set[str]] = {}
    for module, targets in _graph(_modules()).items():
        packages.setdefault(_package(module), set()).update(
            _package(target) for target in targets if _package(target) != _package(module))
    assert _cycles(packages) == []


def _top_level_imports(path: Path) -> set[str]:
    """Modules ``path`` imports when it is imported: its module-level statements, not
    imports inside functions or classes, nor under ``if TYPE_CHECKING``."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_sklearn_estimators_import_keras_only_inside_functions():
    # `import fourfold.sklearn` and its classes must not load Keras: only fitting or
    # unpickling an estimator does (tests/sklearn checks the same at run time).
    modules = _modules()
    seen: set[str] = set()
    waiting = [name for name in modules if name.startswith("fourfold.sklearn")]
    heavy: dict[str, set[str]] = {}
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        imported = _top_level_imports(modules[name])
        found = {module for module in imported if module.split(".")[0] in ("keras", "jax")}
        if found:
            heavy[name] = found
        waiting.extend(module for module in imported if module in modules)
        # importing a package's module runs the package's __init__ first
        parent = name.rsplit(".", 1)[0]
        if parent in modules:
            waiting.append(parent)
    assert "fourfold.sklearn.classifier" in seen and heavy == {}
