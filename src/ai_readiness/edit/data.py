"""What an edit must leave: the data an edited text must load to, compared strictly.

Every edit is checked before it is kept: the edited text is loaded again and must give no YAML
finding and exactly the data the edit meant (the old data with the intended changes), type for
type: `1` is not `true`, `"1"` is not `1`. An edit that fails the check is not made.
"""

from __future__ import annotations

import math
from typing import Any

from ai_readiness.edit.tree import CannotEdit
from ai_readiness.loader import Limits, compose

DEFAULT_LIMITS = Limits()


def same(a: Any, b: Any) -> bool:
    """Equal data, type for type (and key order aside)."""
    if a.__class__ is not b.__class__:
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy(v) for v in value]
    return value


def at(data: Any, path: list[Any]) -> Any:
    for token in path:
        data = data[token]
    return data


def rename(mapping: dict[str, Any], old: str, new: str) -> None:
    """Rename a key in place, keeping its place among the others."""
    items = list(mapping.items())
    mapping.clear()
    for key, value in items:
        mapping[new if key == old else key] = value


def check(text: str, expected: dict[int, Any], limits: Limits) -> None:
    """``text`` loads without a YAML finding and its documents are exactly ``expected`` (data by
    document index), else CannotEdit."""
    loaded = compose(text, "-", limits)
    if loaded.findings:
        raise CannotEdit(f"the edit would make the YAML invalid ({loaded.findings[0].message})")
    found = {doc.index: doc.data for doc in loaded.documents}
    if found.keys() != expected.keys() or not all(same(found[i], data) for i, data in expected.items()):
        raise CannotEdit("the edit would not give the data it means to (please report this as a bug)")
