"""TRN001: severities, counts and pointers the case files can't express (cases compare
(rule, line) pairs, so findings sharing a line collapse)."""

from __future__ import annotations

from pathlib import Path

from ai_readiness.findings import Severity
from tests.rulecheck import sorted_case as _case

CASES = Path(__file__).parent / "cases"
ERROR, WARNING = Severity.ERROR, Severity.WARNING


def test_trn001_both_parts(tmp_path: Path) -> None:
    assert _case("TRN001", "bad.yaml", tmp_path) == [
        ("/spec/transparency/aiDisclosure", ERROR),
        ("/spec/transparency/citations", ERROR),
    ]
