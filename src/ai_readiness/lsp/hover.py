"""Hover on a key: its description from the schema and the rules that check it (each rule's
`keys`; a policy's requirements too)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ai_readiness.edit.tree import MAP, SCALAR, SEQ, CannotEdit, Node, Tree

if TYPE_CHECKING:
    from ai_readiness.findings import Span
    from ai_readiness.rules.base import Rule


class KeyAt(NamedTuple):
    dotted: str  # `spec.evaluation.thresholds[].op`
    span: Span


def key_at(text: str, line: int, column: int) -> KeyAt | None:
    """The key under the 1-based ``line`` and code-point ``column``, as a dotted path."""
    from ai_readiness.findings import Span

    try:
        tree = Tree(text)
    except CannotEdit:
        return None
    if line > len(tree.starts):
        return None
    index = tree.starts[line - 1] + column - 1
    for _, root in tree.documents:
        if not root.start <= index <= max(root.end, root.raw_end):
            continue
        stack: list[tuple[Node, tuple[str, ...]]] = [(root, ())]
        while stack:
            node, path = stack.pop()
            if node.kind == MAP:
                for entry in node.entries:
                    key = entry.key
                    if key.kind != SCALAR or not isinstance(key.value, str):
                        continue
                    here = (*path, key.value)
                    if key.content <= index <= key.end and tree.line_of(key.content) == tree.line_of(key.end):
                        first = tree.line_of(key.content)
                        start = key.content - tree.starts[first] + 1
                        return KeyAt(_dotted(here), Span(first + 1, start, first + 1, start + key.end - key.content))
                    stack.append((entry.value, here))
            elif node.kind == SEQ:
                stack.extend((item, (*path, "[]")) for item in node.items)
    return None


def _dotted(path: tuple[str, ...]) -> str:
    out = ""
    for token in path:
        out += token if token == "[]" else (f".{token}" if out else token)
    return out


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node and node["$ref"].startswith("#/$defs/"):
        target = schema["$defs"].get(node["$ref"].removeprefix("#/$defs/"), {})
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def description(dotted: str) -> str | None:
    """The schema's description of the key ``dotted`` (None for keys it does not know)."""
    from ai_readiness.schema import load_schema

    schema = load_schema()
    node: Any = schema
    for token in dotted.replace("[]", ".[]").split("."):
        node = _resolve(schema, node)
        node = node.get("items") if token == "[]" else node.get("properties", {}).get(token)
        if not isinstance(node, dict):
            return None
    text = _resolve(schema, node).get("description")
    return text if isinstance(text, str) else None


def hover_text(dotted: str, rules: tuple[Rule, ...]) -> str | None:
    """Markdown for the key ``dotted``: what it holds, the rules that check it, and those that check
    keys beneath it. The key's name and text from a policy pack are escaped: they are the
    repository's; the schema and the built-in rules are the tool's own."""
    from ai_readiness.docs import help_uri
    from ai_readiness.reporters.summary import md

    about = description(dotted)
    exact = [r for r in rules if dotted in r.keys]
    below = [r for r in rules if r not in exact and any(k.startswith((f"{dotted}.", f"{dotted}[]")) for k in r.keys)]
    if about is None and not exact and not below:
        return None

    def line(rule: Rule) -> str:
        uri = help_uri(rule)
        label = f"[{rule.id}]({uri})" if uri else rule.id
        if rule.source == "builtin":
            return f"* {label} `{rule.name}`: {rule.summary}"
        return f"* {label} {md(rule.summary, 300)} ({md(rule.source, 200)})"

    parts = [f"**{md(dotted)}**"]
    if about:
        parts.append(about)
    if exact:
        parts.append("Checked by:\n" + "\n".join(line(r) for r in exact))
    if below:
        parts.append("Keys beneath it are checked by: " + ", ".join(r.id for r in below))
    return "\n\n".join(parts)
