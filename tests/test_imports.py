"""No import cycles among the package's modules.

A cycle makes the import order matter (a name may not exist yet when the other module asks for it)
and ties two modules that a reader should be able to understand one after the other. The graph is
read from the source with `ast`: an edge for every `import` and `from ... import` of a module of
the package (a name imported from a package counts as its submodule when there is one), leaving
out imports under `if TYPE_CHECKING:`, which never run.
"""

from __future__ import annotations

import ast
from collections.abc import Container
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "ai_readiness"

# Cycles through an import inside a function, known and still to be removed: each entry is the set
# of modules of one cycle. Delete an entry once its cycle is gone (a test says when).
KNOWN_FUNCTION_LEVEL: list[frozenset[str]] = []


def modules(src: Path = SRC) -> dict[str, tuple[Path, bool]]:
    """Module name -> (file, whether it is a package's __init__)."""
    found = {}
    for path in sorted((src / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(node: ast.Import | ast.ImportFrom, name: str, is_package: bool, known: Container[str]) -> list[str]:
    """The modules an import statement in module ``name`` names: ``from p import m`` names the
    submodule ``p.m`` when there is one, else ``p``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: from the module's package upward
        package = name.split(".") if is_package else name.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base] if base else package)
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]


def import_graph(known: dict[str, tuple[Path, bool]], *, module_level_only: bool) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, (path, is_package) in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        pending: list[tuple[ast.AST, bool]] = [(tree, True)]
        while pending:
            node, top = pending.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.If) and _is_type_checking(child):
                    pending.extend((c, top) for c in child.orelse)
                    continue
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    if top or not module_level_only:
                        imported = _imported(child, name, is_package, known)
                        graph[name].update(m for m in imported if m in known and m != name)
                    continue
                inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                pending.append((child, inner))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, without
    recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def test_no_module_level_import_cycle() -> None:
    found = cycles(import_graph(modules(), module_level_only=True))
    assert not found, "import cycles at module level: " + "; ".join(" <-> ".join(sorted(c)) for c in found)


def test_no_import_cycle_through_functions_but_the_known_ones() -> None:
    found = cycles(import_graph(modules(), module_level_only=False))
    new = [c for c in found if c not in KNOWN_FUNCTION_LEVEL]
    assert not new, "import cycles: " + "; ".join(" <-> ".join(sorted(c)) for c in new)
    gone = [c for c in KNOWN_FUNCTION_LEVEL if c not in found]
    assert not gone, "these cycles are gone, remove them from KNOWN_FUNCTION_LEVEL: " + "; ".join(
        " <-> ".join(sorted(c)) for c in gone
    )


@pytest.mark.parametrize(
    ("files", "module_level_only", "expected"),
    [
        ({"a.py": "from ai_readiness import b\n", "b.py": "import ai_readiness.a\n"}, True, [{"a", "b"}]),
        (  # through a function: not at module level, but a cycle all the same
            {"a.py": "import ai_readiness.b\n", "b.py": "def f():\n    from ai_readiness.a import x\n"},
            True,
            [],
        ),
        (
            {"a.py": "import ai_readiness.b\n", "b.py": "def f():\n    from ai_readiness.a import x\n"},
            False,
            [{"a", "b"}],
        ),
        (  # only for the type checker: never runs
            {
                "a.py": "import ai_readiness.b\n",
                "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ai_readiness.a import X\n",
            },
            False,
            [],
        ),
        (  # a relative import, and a name that is a submodule of a package
            {
                "p/__init__.py": "from . import c\n",
                "p/c.py": "from ..a import x\n",
                "a.py": "from ai_readiness.p import c\n",
            },
            True,
            [{"a", "p.c"}],
        ),
        ({"a.py": "import ai_readiness.b\n", "b.py": "import ai_readiness.c\n", "c.py": "x = 1\n"}, True, []),
    ],
)
def test_cycles_are_found(
    files: dict[str, str], module_level_only: bool, expected: list[set[str]], tmp_path: Path
) -> None:
    for name, text in files.items():
        path = tmp_path / PACKAGE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / PACKAGE / "__init__.py").touch()
    graph = import_graph(modules(tmp_path), module_level_only=module_level_only)
    found = [{m.removeprefix(f"{PACKAGE}.") for m in c} for c in cycles(graph)]
    assert sorted(map(sorted, found)) == sorted(map(sorted, expected))
