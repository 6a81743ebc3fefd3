"""No import cycles among the package's modules, counting imports inside functions too (an import
under `if TYPE_CHECKING:` never runs and does not count): data flows one way, files to findings to
text, and a module can be read without the ones that use it."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

# Cycles not broken yet, each the set of modules it joins. An entry that no longer names a cycle
# fails the test too: remove it.
KNOWN: list[frozenset[str]] = [
    frozenset(("ai_readiness._schemacheck", "ai_readiness.schema")),
    frozenset(
        (
            "ai_readiness.reporters",
            "ai_readiness.reporters.github",
            "ai_readiness.reporters.json",
            "ai_readiness.reporters.text",
        )
    ),
]


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / "ai_readiness").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``tree`` imports when it runs."""
    found: set[str] = set()

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(m for a in child.names if (m := known(a.name)))
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                for alias in child.names:
                    full = f"{child.module}.{alias.name}"
                    if (m := known(full if full in modules else child.module)) is not None:
                        found.add(m)
            visit(child)

    visit(tree)
    return found


def cycles() -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    modules = _modules()
    edges = {
        name: _imports(ast.parse(path.read_text(encoding="utf-8")), modules) - {name} for name, path in modules.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
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

    for name in sorted(modules):
        if name not in index:
            connect(name)
    return found


def test_no_import_cycles() -> None:
    found = cycles()
    new = [sorted(c) for c in found if c not in KNOWN]
    assert not new, f"import cycles: {new}"
    gone = [sorted(c) for c in KNOWN if c not in found]
    assert not gone, f"no longer cycles, remove them from KNOWN: {gone}"


def test_the_check_sees_function_level_imports_and_skips_type_checking_ones() -> None:
    modules = {"ai_readiness.a": Path("a.py"), "ai_readiness.b": Path("b.py"), "ai_readiness.c": Path("c.py")}
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from ai_readiness.c import X\n"
        "def f():\n    from ai_readiness import b\n"
    )
    assert _imports(tree, modules) == {"ai_readiness.b"}
