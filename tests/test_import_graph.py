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
