"""Risk rules (RISK001, RISK002): counts and pointers the case files can't express (cases compare
(rule, line) pairs, so findings sharing a line collapse)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rulecheck import CASES, lint_text


def _pointers(rule: str, name: str, tmp_path: Path, target_stage: str | None = None) -> list[str]:
    text = (CASES / rule / name).read_text(encoding="utf-8")
    return sorted(f.pointer for f in lint_text(text, tmp_path, rule, target_stage=target_stage))


@pytest.mark.parametrize(
    ("rule", "name", "pointers"),
    [
        ("RISK001", "bad-missing.yaml", ["/spec/risk/euAiAct", "/spec/risk/tier"]),
        ("RISK001", "bad-prohibited.yaml", ["/spec/risk/euAiAct"]),
        ("RISK002", "bad.yaml", ["/spec/humanOversight", "/spec/risk/postMarketPlan"]),
        ("RISK002", "bad-prototype.yaml", ["/spec/risk/postMarketPlan", "/spec/risk/technicalDocumentation"]),
        ("RISK002", "bad-pilot-no-logging.yaml", ["/spec/logging"]),
    ],
)
def test_one_finding_per_gap(rule: str, name: str, pointers: list[str], tmp_path: Path) -> None:
    assert _pointers(rule, name, tmp_path) == pointers


def test_risk002_leaves_absent_sections_to_stage001_at_target_production(tmp_path: Path) -> None:
    # The same pilot gaps linted as production: STAGE001 reports them (logging.events, …).
    assert _pointers("RISK002", "bad.yaml", tmp_path, target_stage="production") == ["/spec/risk/postMarketPlan"]
