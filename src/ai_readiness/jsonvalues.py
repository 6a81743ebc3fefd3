"""What the schema's keywords mean for loaded data, shared by both validity checks (the closures
in schema.py and the generated `_schemacheck`) and by jsonschema's explanations: which values are
numbers, JSON equality, and the calendar check of the ``date`` format."""

from __future__ import annotations

import datetime as _dt
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import TypeGuard


def is_number(value: Any) -> TypeGuard[int | float]:
    """Booleans are not numbers; NaN, infinities and unrepresentable values are not either."""
    cls = value.__class__
    if cls is int:
        return True
    return cls is float and math.isfinite(value)


def valid_date(value: Any) -> bool:
    """The ``date`` format: a day that exists (2026-02-30 does not)."""
    if not isinstance(value, str) or len(value) != 10:
        return True  # the pattern judges the shape
    try:
        _dt.date(int(value[0:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        return False
    return True


def unique_key(value: Any) -> Any:
    """A hashable stand-in for a value under JSON equality (1 == 1.0, true != 1), so that
    ``uniqueItems`` takes one pass. jsonschema compares unhashable items pair by pair: a 1 MiB
    list of lists took hours. One frame per level: nesting is capped far below the recursion
    limit (config.MAX_DEPTH_CAP)."""
    if value.__class__ is bool:
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)
    if isinstance(value, list):
        return ("l", tuple(map(unique_key, value)))
    if isinstance(value, dict):
        return ("d", frozenset(zip(value, map(unique_key, value.values()), strict=True)))
    return ("v", value)  # text and null


def equal(a: Any, b: Any) -> bool:
    """JSON equality, at every depth: 1 == 1.0 but true != 1, and [true] != [1]."""
    return bool(unique_key(a) == unique_key(b))
