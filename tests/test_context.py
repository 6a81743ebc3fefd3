"""What rules see: the cleaned document."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ai_readiness.context import clean

_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=3)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3)),
    max_leaves=12,
)


@given(_VALUES)
def test_the_valid_document_shortcut_cleans_like_the_general_walk(value: Any) -> None:
    # an invalid pointer that names nothing forces the general walk
    assert repr(clean(value, frozenset())) == repr(clean(value, frozenset({"/not/there"})))


def test_missing_values_leave_mappings_and_invalid_ones_leave_everything() -> None:
    data: dict[str, Any] = {
        "a": None,
        "b": "",
        "c": [],
        "d": {},
        "e": {"f": None},
        "g": [None, "", {}],
        "h": 0,
        "i": False,
        "j": "x",
    }
    assert clean(data, frozenset()) == {"g": [None, "", {}], "h": 0, "i": False, "j": "x"}
    assert clean(data, frozenset({"/j", "/g/1"})) == {"g": [None, None, {}], "h": 0, "i": False}
