"""The safe fixes of `lint --fix`: SCHEMA001 findings that have exactly one answer (README.md,
"Fixing and promoting"; docs/design.md, "Editing").

1. An unknown key whose did-you-mean (the one SCHEMA001's message gives) is the only known key
   close enough, is not in that mapping already, is not what another unknown key there aims at,
   and whose value is valid for it: the key is renamed.
2. A duration written in words (`90 days`, `6 months`, `2 weeks`, `1 year`, `15 minutes`,
   `24 hours`, singular or plural, any case) as the whole value of a duration field: ISO 8601.
3. An enum value that differs from exactly one allowed value only by case, spaces, underscores or
   hyphens (`Production`, `human in the loop`): the allowed value.

A fixed value keeps its quotes. Fixes repeat until nothing changes (a renamed key may hold values
to fix); each round is checked like every edit (`data.check`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from typing import Any, NamedTuple

from ai_readiness.edit.data import DEFAULT_LIMITS, at, check, copy, rename
from ai_readiness.edit.splice import Edit, apply
from ai_readiness.edit.tree import MAP, SCALAR, SEQ, CannotEdit, Node, Tree
from ai_readiness.loader import Limits, LoadResult, compose
from ai_readiness.loader.scalars import resolve_plain
from ai_readiness.schema import check_of, fast_check, load_schema, schema_of, suggest_key
from ai_readiness.strings import escape_pointer_token

RENAME, DURATION, ENUM = "rename", "duration", "enum"
_DURATION_REF = "#/$defs/duration"
_WORDS = re.compile(r"\A\s*([0-9]+)\s*(year|month|week|day|hour|minute|second)s?\s*\Z", re.IGNORECASE)
_UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "M", "second": "S"}
_FOLDED = re.compile(r"[ _-]")
# What a plain scalar may not start with, or hold, to read back as the same text
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


class Fix(NamedTuple):
    """One fixed finding: the SCHEMA001 at ``pointer`` of ``document``, and the edit that fixes it
    (in the text it was found in)."""

    document: int
    pointer: str
    kind: str  # RENAME, DURATION or ENUM
    old: str
    new: str
    edit: Edit
    path: tuple[Any, ...] = ()  # the pointer's tokens (list indexes as numbers)

    @property
    def message(self) -> str:
        if self.kind == RENAME:
            return f"renamed the unknown key '{self.old}' to '{self.new}'"
        if self.kind == DURATION:
            return f"wrote the duration '{self.old}' as '{self.new}' (ISO 8601)"
        return f"wrote '{self.old}' as the allowed value '{self.new}'"


class FixResult(NamedTuple):
    text: str
    fixes: list[Fix]  # in the order made; each edit in the text of its round


class _Candidate(NamedTuple):
    kind: str
    path: list[Any]
    old: str
    new: str


def iso_duration(text: str) -> str | None:
    """``90 days`` as ``P90D``, ``15 minutes`` as ``PT15M``; None for anything else."""
    match = _WORDS.match(text)
    if not match:
        return None
    number, unit = str(int(match.group(1))), match.group(2).lower()
    return f"PT{number}{_UNITS[unit]}" if unit in ("hour", "minute", "second") else f"P{number}{_UNITS[unit]}"


def _folded(text: str) -> str:
    return _FOLDED.sub("", text).casefold()


@functools.cache
def _duration_pattern() -> re.Pattern[str]:
    return re.compile(load_schema()["$defs"]["duration"]["pattern"])


def _walk(value: Any, node: Any, path: list[Any], out: list[_Candidate]) -> None:
    if not isinstance(node, dict):
        return
    duration = node.get("$ref") == _DURATION_REF
    node = schema_of(node)
    if isinstance(value, dict):
        props = node.get("properties") or {}
        if node.get("additionalProperties") is False:
            patterns = [re.compile(p) for p in node.get("patternProperties", {})]
            aims: dict[str, list[str]] = {}
            for key in value:
                if key in props or any(p.search(key) for p in patterns):
                    continue
                misplaced, close = suggest_key(key, path, node)
                if misplaced is None and close:
                    aims[key] = close
            for key, close in aims.items():
                target = close[0]
                if len(close) != 1 or target in value:
                    continue
                if any(other != key and c[0] == target for other, c in aims.items()):
                    continue
                if check_of(props[target])(value[key]):
                    out.append(_Candidate(RENAME, [*path, key], key, target))
        for key, item in value.items():
            if key in props:
                _walk(item, props[key], [*path, key], out)
    elif isinstance(value, list):
        items = node.get("items")
        for index, item in enumerate(value):
            _walk(item, items, [*path, index], out)
    elif isinstance(value, str):
        if duration:
            if not _duration_pattern().search(value):
                iso = iso_duration(value)
                if iso is not None:
                    out.append(_Candidate(DURATION, path, value, iso))
            return
        allowed = node["enum"] if "enum" in node else [node["const"]] if "const" in node else None
        if allowed is not None and value not in allowed:
            same = [a for a in allowed if isinstance(a, str) and _folded(a) == _folded(value)]
            if len(same) == 1:
                out.append(_Candidate(ENUM, path, value, same[0]))


def _node_at(root: Node, path: list[Any]) -> tuple[Node, Node] | None:
    """(the node at ``path``, its key node or the node itself for a list item)."""
    node, key = root, root
    for token in path:
        if node.kind == MAP:
            entry = node.get(token) if isinstance(token, str) else None
            if entry is None:
                return None
            node, key = entry.value, entry.key
        elif node.kind == SEQ and isinstance(token, int) and token < len(node.items):
            node = key = node.items[token]
        else:
            return None
    return node, key


def styled(node: Node, value: str) -> str | None:
    """``value`` written as ``node`` is (plain, single- or double-quoted); None when ``node``
    is not a one-line scalar."""
    if node.kind != SCALAR or node.style in ("|", ">"):
        return None
    if node.style == "'":
        return "'" + value.replace("'", "''") + "'"
    if node.style == '"' or not plain_ok(value):
        from ai_readiness.templates import quote

        return quote(value)
    return value


def plain_ok(value: str) -> bool:
    """Whether ``value`` written plain reads back as the same text, in block and flow context."""
    return (
        bool(value)
        and value[0] not in _INDICATORS
        and value == value.strip()
        and not any(c in value for c in ",[]{}#\r\n\t")
        and ": " not in value
        and not value.endswith(":")
        and resolve_plain(value) == value
    )


def _fixes_of(text: str, loaded: LoadResult, documents: Collection[int] | None) -> list[Fix]:
    if loaded.findings:
        return []  # a YAML error anywhere: the file is left as it is
    schema = load_schema()
    wanted: list[tuple[int, _Candidate]] = []
    for doc in loaded.documents:
        if (documents is not None and doc.index not in documents) or fast_check()(doc.data):
            continue
        found: list[_Candidate] = []
        _walk(doc.data, schema, [], found)
        wanted += [(doc.index, c) for c in found]
    if not wanted:
        return []
    try:
        tree = Tree(text)
    except CannotEdit:
        return []
    fixes = []
    for index, candidate in wanted:
        root = tree.root(index)
        located = _node_at(root, candidate.path) if root is not None else None
        if located is None:
            continue
        node = located[1] if candidate.kind == RENAME else located[0]
        new = styled(node, candidate.new)
        if new is None or tree.line_of(node.content) != tree.line_of(node.end) or node.anchor in tree.aliased:
            continue
        pointer = "".join(f"/{escape_pointer_token(str(t))}" for t in candidate.path)
        edit = Edit(node.content, node.end, new)
        fixes.append(Fix(index, pointer, candidate.kind, candidate.old, candidate.new, edit, tuple(candidate.path)))
    return fixes


def safe_fixes(text: str, *, documents: Collection[int] | None = None, limits: Limits = DEFAULT_LIMITS) -> list[Fix]:
    """The fixes of one pass over ``text`` (documents by index: all when None), each an edit of
    ``text``: what an editor offers at a finding."""
    return _fixes_of(text, compose(text, "-", limits), documents)


def fix_text(
    text: str, *, documents: Collection[int] | None = None, limits: Limits = DEFAULT_LIMITS, rounds: int = 8
) -> FixResult:
    """``text`` with every safe fix applied, round after round until nothing changes."""
    made: list[Fix] = []
    for _ in range(rounds):
        loaded = compose(text, "-", limits)
        fixes = _fixes_of(text, loaded, documents)
        if not fixes:
            break
        expected = {doc.index: copy(doc.data) for doc in loaded.documents}
        for fix in sorted(fixes, key=lambda f: f.kind == RENAME):
            path = list(fix.path)
            holder = at(expected[fix.document], path[:-1])
            if fix.kind == RENAME:
                rename(holder, fix.old, fix.new)
            else:
                holder[path[-1]] = fix.new
        new = apply(text, [f.edit for f in fixes])
        try:
            check(new, expected, limits)
        except CannotEdit:
            break
        text = new
        made += fixes
    return FixResult(text, made)
