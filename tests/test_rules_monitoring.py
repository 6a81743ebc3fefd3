"""Monitoring rules (MON001-MON004): severities, counts and pointers the case files can't express (cases compare
(rule, line) pairs, so findings sharing a line collapse)."""

from __future__ import annotations

from pathlib import Path

from ai_readiness.findings import Severity
from tests.rulecheck import sorted_case as _case

CASES = Path(__file__).parent / "cases"
ERROR, WARNING = Severity.ERROR, Severity.WARNING


def test_mon001_one_finding_for_the_list(tmp_path: Path) -> None:
    assert _case("MON001", "bad-no-complete-alert.yaml", tmp_path) == [("/spec/monitoring/signals", ERROR)]


def test_mon003_one_finding_per_metric_at_first_release_threshold(tmp_path: Path) -> None:
    assert _case("MON003", "bad.yaml", tmp_path) == [
        ("/spec/evaluation/thresholds/1/metric", WARNING),
        ("/spec/evaluation/thresholds/4/metric", WARNING),
    ]


def test_mon004_one_finding_per_missing_key(tmp_path: Path) -> None:
    assert _case("MON004", "bad-all-missing.yaml", tmp_path) == [
        ("/spec/monitoring/feedback/channel", ERROR),
        ("/spec/monitoring/feedback/triageOwner", ERROR),
        ("/spec/monitoring/feedback/triageWithin", ERROR),
    ]
