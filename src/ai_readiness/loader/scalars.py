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
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
# The rarer forms without regular expressions: dates, the common text that starts with a digit,
# fail every test, and a set lookup costs less than a match (and nothing to compile at start-up).
_OCTAL_DIGITS = frozenset("01234567")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_INFINITY = frozenset((".inf", ".Inf", ".INF"))  # after an optional sign
_NOT_A_NUMBER = frozenset((".nan", ".NaN", ".NAN"))
NUMBER_START = frozenset("-+.0123456789")  # the first characters of every number's text
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


def has_surrogate(text: str) -> bool:
    """Whether a double-quoted scalar holds a surrogate (its `\\u` escapes may name one or a
    pair): exactly the code points UTF-8 refuses to encode. Cheaper than a regular expression
    over the surrogate range, which also takes a third of a millisecond to compile."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


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
    prefix, rest = value[:2], value[2:]
    if rest and (
        (prefix == "0o" and _OCTAL_DIGITS.issuperset(rest)) or (prefix == "0x" and _HEX_DIGITS.issuperset(rest))
    ):
        integer = int(rest, 8 if prefix == "0o" else 16)
        if integer.bit_length() > _MAX_INT_BITS:
            return Unrepresentable(f"an integer of about {int(integer.bit_length() * 0.30103) + 1} digits")
        return integer
    special = _special_float(value)
    return value if special is None else special


def float_value(value: str) -> float | None:
    """A ``!!float`` scalar's value, or None when it is not one of the core schema's float forms
    (`0x10` is an integer, not a float)."""
    if _FLOAT.match(value):
        return float(value)
    return _special_float(value)


def _special_float(value: str) -> float | None:
    """`.inf`, `-.Inf`, `.nan` and the like (a new NaN each time: NaNs are told apart by
    identity, as in `[.nan, .nan]` under uniqueItems), or None."""
    if value in _NOT_A_NUMBER:
        return float("nan")
    if value[:1] in ("-", "+"):
        if value[1:] in _INFINITY:
            return float("-inf") if value[0] == "-" else float("inf")
    elif value in _INFINITY:
        return float("inf")
    return None


# The core tags a scalar may carry besides `!!str`, with the type its value must have.
EXPLICIT: dict[str, type] = {_INT_TAG: int, _FLOAT_TAG: float, _BOOL: bool, _NULL: type(None)}
