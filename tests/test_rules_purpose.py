"""PUR001: counts and pointers the case files can't express (cases compare (rule, line) pairs, so
findings sharing a line collapse)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rulecheck import CASES, lint_text


@pytest.mark.parametrize(
    ("name", "pointers"),
    [
        ("bad.yaml", ["/spec/purpose/decisions/humanOwned/0", "/spec/purpose/decisions/humanOwned/2"]),
        ("bad-no-purpose.yaml", ["/spec/purpose/decisions/humanOwned"]),
    ],
)
def test_one_finding_per_gap(name: str, pointers: list[str], tmp_path: Path) -> None:
    text = (CASES / "PUR001" / name).read_text(encoding="utf-8")
    assert sorted(f.pointer for f in lint_text(text, tmp_path, "PUR001")) == pointers
