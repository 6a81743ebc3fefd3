"""HO001: severities, counts and pointers the case files can't express (cases compare
(rule, line) pairs, so findings sharing a line collapse)."""

from __future__ import annotations

from pathlib import Path

from ai_readiness.findings import Severity
from tests.rulecheck import lint_text as _lint
from tests.rulecheck import sorted_case as _case
from tests.rulecheck import spec_text as _spec

CASES = Path(__file__).parent / "cases"
ERROR, WARNING = Severity.ERROR, Severity.WARNING


def test_ho001_absent_oversight_is_one_finding_per_key(tmp_path: Path) -> None:
    assert _case("HO001", "bad-absent.yaml", tmp_path) == [
        ("/spec/humanOversight/mode", ERROR),
        ("/spec/humanOversight/override", ERROR),
        ("/spec/humanOversight/reviewers", ERROR),
        ("/spec/humanOversight/stop", ERROR),
    ]


def test_ho001_leaves_missing_mode_to_stage001_at_production(tmp_path: Path) -> None:
    assert _case("HO001", "bad-prod-no-mode.yaml", tmp_path) == [("/spec/humanOversight/stop", ERROR)]
    stage = _lint((CASES / "HO001" / "bad-prod-no-mode.yaml").read_text(encoding="utf-8"), tmp_path, "STAGE001")
    assert "/spec/humanOversight/mode" in {f.pointer for f in stage}


def test_ho001_reports_missing_mode_before_production(tmp_path: Path) -> None:
    text = _spec(
        "type: classifier\nstage: pilot\nrisk: {tier: high}\n"
        'humanOversight: {reviewers: ["@acme/claims"], override: Edit it., stop: Flag off.}'
    )
    assert [f.pointer for f in _lint(text, tmp_path, "HO001")] == ["/spec/humanOversight/mode"]
