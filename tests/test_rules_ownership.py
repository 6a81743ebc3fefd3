"""Ownership rules (OWN001, OWN002): severities and pointers the case files can't express."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_readiness.findings import Severity
from tests.rulecheck import case as _case

CASES = Path(__file__).parent / "cases"


def test_own001_points_at_each_shared_owner_once(tmp_path: Path) -> None:
    assert _case("OWN001", "bad.yaml", tmp_path) == [
        ("/spec/owners/technical/0", Severity.ERROR),
        ("/spec/owners/technical/3", Severity.ERROR),
        ("/spec/owners/technical/4", Severity.ERROR),
    ]


@pytest.mark.parametrize(("name", "severity"), [("bad-pilot.yaml", Severity.INFO), ("bad.yaml", Severity.ERROR)])
def test_own002_info_before_production_error_at_it(name: str, severity: Severity, tmp_path: Path) -> None:
    assert _case("OWN002", name, tmp_path) == [("/spec/owners/technical", severity)]
