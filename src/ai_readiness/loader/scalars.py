"""Scalar resolution: what a scalar's text means under the YAML 1.2 core schema, plain or tagged
with a core tag (docs/design.md, "YAML": `yes`, `no`, `on` and dates are text). Both composers
use it; the fast pass spells the plain steps out inline."""

from __future__ import annotations

import re
from typing import Any

_NULLS = frozenset(("~", "null", "Null", "NULL"))  # and the empty plain scalar
_TRUES = frozenset(("true", "True", "TRUE"))
_FALSES = frozenset(("false", "False", "FALSE"))
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")
NUMBER_START = frozenset("-+.0123456789")  # the first characters of every number's text
SURROGATE = re.compile("[\ud800-\udfff]")  # in a double-quoted scalar: a `\u` escape to judge
# Python refuses to turn longer digit strings into int (CVE-2020-10735): such a value is a
# SCHEMA001 rather than a crash.
MAX_INT_DIGITS = 4300
_MAX_INT_BITS = 14_284  # about 4,300 decimal digits

CORE = "tag:yaml.org,2002:"
STR, _INT_TAG, _FLOAT_TAG, _BOOL, _NULL = (CORE + t for t in ("str", "int", "float", "bool", "null"))
SEQ, MAP = CORE + "seq", CORE + "map"


class Unrepresentable:
    """A scalar that is YAML but can't be a value (huge integer): stays out of the data."""

    __slots__ = ("why",)

    def __init__(self, why: str) -> None:
        self.why = why


# The plain scalars that are not text or numbers under the core schema, with their values.
WORDS: dict[str, Any] = {
    **dict.fromkeys(_NULLS),
    **dict.fromkeys(_TRUES, True),
    **dict.fromkeys(_FALSES, False),
}


def resolve_plain(value: str) -> Any:
    """A plain scalar under the YAML 1.2 core schema. `fast.fast_compose` spells the same steps
    out."""
    if not value:
        return None
    resolved = WORDS.get(value, value)
    if resolved is value and value[0] in NUMBER_START:
        return number(value)
    return resolved


def number(value: str) -> Any:
    """A plain scalar that starts like a number: an int, a float, an Unrepresentable, or the
    text itself when it is no number."""
    if _INT.match(value):
        digits = len(value.lstrip("+-"))
        if digits > MAX_INT_DIGITS:
            return Unrepresentable(f"an integer of {digits} digits")
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    if _OCT.match(value) or _HEX.match(value):
        integer = int(value[2:], 8 if value[1] == "o" else 16)
        if integer.bit_length() > _MAX_INT_BITS:
            return Unrepresentable(f"an integer of about {int(integer.bit_length() * 0.30103) + 1} digits")
        return integer
    if _INF.match(value):
        return float("-inf") if value[0] == "-" else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


def float_value(value: str) -> float | None:
    """A ``!!float`` scalar's value, or None when it is not one of the core schema's float forms
    (`0x10` is an integer, not a float)."""
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value[0] == "-" else float("inf")
    if _NAN.match(value):
        return float("nan")
    return None


# The core tags a scalar may carry besides `!!str`, with the type its value must have.
EXPLICIT: dict[str, type] = {_INT_TAG: int, _FLOAT_TAG: float, _BOOL: bool, _NULL: type(None)}
