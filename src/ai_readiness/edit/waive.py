"""A waiver written into a manifest: one `spec.exceptions` entry for a rule (the editor's "waive
RULE" action; docs/design.md, "Language server").

The entry names the rule, holds a `reason` placeholder (META001 flags it until someone writes the
reason), an `approvedBy` line left commented out (ATT001 asks for it: only a person may approve)
and `expires`. It goes after the existing exceptions, or as a new `exceptions` key after
`spec`'s other keys; a present but missing `exceptions` (`exceptions:`, `~`, `[]`) is filled in
place. Like every edit, it is checked: the text must load to the old data plus the entry.
"""

from __future__ import annotations

import datetime as _dt

from ai_readiness.edit.data import DEFAULT_LIMITS, at, check, copy
from ai_readiness.edit.splice import Edit, apply
from ai_readiness.edit.tree import MAP, SCALAR, SEQ, CannotEdit, Entry, Node, Tree
from ai_readiness.edit.writer import Writer
from ai_readiness.loader import Limits, compose

REASON = "<why this is acceptable until it expires>"
APPROVER = '"@org/team"  # who accepted the risk; not a technical owner of the system'


def _missing(node: Node) -> bool:
    if node.kind == SCALAR:
        return node.style is None and node.tag is None and node.value is None
    return node.kind == SEQ and node.flow and not node.items and node.tag is None


def _entry_lines(rule: str, expires: _dt.date, dash: str, keys: str) -> list[str]:
    """The entry's lines: its dash at the width of ``dash``, its keys at the width of ``keys``."""
    return [
        f"{dash}-{' ' * max(len(keys) - len(dash) - 1, 1)}rule: {rule}",
        f'{keys}reason: "{REASON}"',
        f"{keys}# approvedBy: {APPROVER}",
        f"{keys}expires: {expires.isoformat()}",
    ]


def waive_edits(text: str, document: int, rule: str, expires: _dt.date) -> list[Edit]:
    """The edits that add an exception for ``rule`` to the system ``document`` of ``text``."""
    tree = Tree(text)
    root = tree.root(document)
    if root is None:
        raise CannotEdit("the document is not a mapping")
    writer = Writer(tree)
    entry = root.get("spec")
    spec = entry.value if entry is not None else None
    if spec is None or spec.kind != MAP or spec.flow or not spec.entries:
        raise CannotEdit("`spec` is not a mapping written in block style")
    writer.editable(spec)
    nl = tree.newline
    column = tree.column(spec.content)
    indent = " " * column
    existing = spec.get("exceptions")
    if existing is None:
        last = writer._last_line(spec.entries[-1])
        index = tree.line_start(tree.past_comments(last, column))
        dash = indent + " " * writer.dash
        lines = [f"{indent}exceptions:", *_entry_lines(rule, expires, dash, dash + "  ")]
        return [writer._insertion(index, "".join(line + nl for line in lines))]
    value = existing.value
    writer.editable(value)
    if _missing(value):
        return _fill(tree, writer, existing, rule, expires, column)
    if value.kind != SEQ or value.flow or not value.items:
        raise CannotEdit("`exceptions` is not a list written in block style")
    first = value.items[0]
    dash_index = tree.text.rfind("-", tree.line_start(tree.line_of(first.start)), first.start + 1)
    if dash_index < 0:
        raise CannotEdit("`exceptions` is not a list written in block style")
    dash_column = tree.column(dash_index)
    key_column = tree.column(first.content) if first.kind == MAP and not first.flow else dash_column + 2
    index = tree.line_start(tree.past_comments(writer._last_line(existing), dash_column))
    lines = _entry_lines(rule, expires, " " * dash_column, " " * key_column)
    return [writer._insertion(index, "".join(line + nl for line in lines))]


def _fill(tree: Tree, writer: Writer, entry: Entry, rule: str, expires: _dt.date, column: int) -> list[Edit]:
    value = entry.value
    if entry.colon is None:
        raise CannotEdit("a key without `:` cannot take a value")
    edits = []
    if value.end > value.content:
        edits.append(Edit(entry.colon + 1, value.end, ""))
    index = tree.line_start(tree.line_of(max(value.end, entry.key.end)) + 1)
    dash = " " * (column + writer.dash)
    lines = _entry_lines(rule, expires, dash, dash + "  ")
    edits.append(writer._insertion(index, "".join(line + tree.newline for line in lines)))
    return edits


def waive_text(
    text: str, document: int, rule: str, expires: _dt.date, limits: Limits = DEFAULT_LIMITS
) -> tuple[str, list[Edit]]:
    """``text`` with an exception for ``rule`` added to the system ``document``, checked (the
    edited text must load to the old data plus the entry), and the edits that made it."""
    loaded = compose(text, "-", limits)
    if loaded.findings:
        raise CannotEdit("the file has a YAML error")
    expected = {doc.index: copy(doc.data) for doc in loaded.documents}
    if document not in expected:
        raise CannotEdit("the document is not a mapping")
    spec = at(expected[document], ["spec"]) if isinstance(expected[document].get("spec"), dict) else None
    if spec is None:
        raise CannotEdit("`spec` is not a mapping")
    item = {"rule": rule, "reason": REASON, "expires": expires.isoformat()}
    current = spec.get("exceptions")
    spec["exceptions"] = [*current, item] if isinstance(current, list) else [item]
    edits = waive_edits(text, document, rule, expires)
    new = apply(text, edits)
    check(new, expected, limits)
    return new, edits
