"""Evaluation rules (EVAL001-EVAL009): severities, pointers and windows the case files can't
express (cases compare (rule, line) pairs only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_readiness.config import Config, Windows
from ai_readiness.dates import parse_duration
from ai_readiness.findings import Severity
from tests.rulecheck import lint_text as _lint
from tests.rulecheck import sorted_case as _case

CASES = Path(__file__).parent / "cases"
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def _windows(**windows: str) -> Config:
    parsed = {}
    for key, text in windows.items():
        duration = parse_duration(text)
        assert duration is not None
        parsed[key] = duration
    return Config(windows=Windows(**parsed))


def test_eval001_both_parts_at_their_lists(tmp_path: Path) -> None:
    assert _case("EVAL001", "bad.yaml", tmp_path) == [
        ("/spec/evaluation/metrics", ERROR),
        ("/spec/evaluation/thresholds", ERROR),
    ]


def test_eval002_every_reference_and_repeat(tmp_path: Path) -> None:
    assert _case("EVAL002", "bad.yaml", tmp_path) == [
        ("/spec/components/models/1/id", ERROR),
        ("/spec/data/sources/1/id", ERROR),
        ("/spec/evaluation/datasets/1/id", ERROR),
        ("/spec/evaluation/metrics/1/id", ERROR),
        ("/spec/evaluation/metrics/2/id", ERROR),
        ("/spec/evaluation/thresholds/0/dataset", ERROR),
        ("/spec/evaluation/thresholds/0/metric", ERROR),
        ("/spec/monitoring/feedback/feedsDataset", ERROR),
        ("/spec/monitoring/signals/1/metric", ERROR),
        ("/spec/monitoring/unmonitored/0/metric", ERROR),
    ]


def test_eval002_same_line_references_are_two_findings(tmp_path: Path) -> None:
    assert _case("EVAL002", "bad-no-lists.yaml", tmp_path) == [
        ("/spec/evaluation/thresholds/0/dataset", ERROR),
        ("/spec/evaluation/thresholds/0/metric", ERROR),
        ("/spec/monitoring/feedback/feedsDataset", ERROR),
    ]


def test_eval003_is_a_warning_at_the_op(tmp_path: Path) -> None:
    assert _case("EVAL003", "bad.yaml", tmp_path) == [
        (f"/spec/evaluation/thresholds/{i}/op", WARNING) for i in range(4)
    ]


def test_eval003_judges_a_repeated_metric_by_its_first_declaration(tmp_path: Path) -> None:
    text = (CASES / "EVAL003" / "good.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "      - {id: refusal_rate, kind: safety}\n",
        "      - {id: refusal_rate, kind: safety}\n      - {id: p95_latency, kind: performance, direction: higher}\n",
    )
    assert _lint(text, tmp_path, "EVAL003") == []


def test_eval005_is_an_error_at_the_thresholds(tmp_path: Path) -> None:
    assert _case("EVAL005", "bad.yaml", tmp_path) == [("/spec/evaluation/thresholds", ERROR)]


@pytest.mark.parametrize(("name", "severity"), [("bad.yaml", WARNING), ("bad-prod.yaml", ERROR)])
def test_eval006_warns_before_production_errors_at_it(name: str, severity: Severity, tmp_path: Path) -> None:
    assert _case("EVAL006", name, tmp_path) == [("/spec/evaluation/triggers", severity)]


@pytest.mark.parametrize(("name", "severity"), [("bad.yaml", ERROR), ("bad-default.yaml", WARNING)])
def test_eval007_warns_before_production_errors_at_it(name: str, severity: Severity, tmp_path: Path) -> None:
    assert _case("EVAL007", name, tmp_path) == [("/spec/evaluation/lastRun/date", severity)]


def test_eval007_default_schedule_is_the_configured_window(tmp_path: Path) -> None:
    # 2026-09-28 + 2 x P31D = 2026-11-29: not older than that.
    assert _case("EVAL007", "bad-default.yaml", tmp_path, config=_windows(default_eval_schedule="P31D")) == []
    # A declared schedule wins over the window.
    assert _case("EVAL007", "bad.yaml", tmp_path, config=_windows(default_eval_schedule="P1Y")) == [
        ("/spec/evaluation/lastRun/date", ERROR)
    ]


@pytest.mark.parametrize(("name", "severity"), [("bad.yaml", WARNING), ("bad-high.yaml", ERROR)])
def test_eval008_is_an_error_at_tier_high(name: str, severity: Severity, tmp_path: Path) -> None:
    assert _case("EVAL008", name, tmp_path) == [("/spec/evaluation/metrics", severity)]


def test_eval008_configured_severity_replaces_the_high_tier_error(tmp_path: Path) -> None:
    config = Config(rules={"EVAL008": "info"})
    assert _case("EVAL008", "bad-high.yaml", tmp_path, config=config) == [("/spec/evaluation/metrics", INFO)]


@pytest.mark.parametrize(
    ("name", "pointer"),
    [
        ("bad.yaml", "/spec/evaluation/redTeam/lastPerformed"),
        ("bad-absent.yaml", "/spec/evaluation/redTeam/lastPerformed"),
        ("bad-no-red-team.yaml", "/spec/evaluation/redTeam/lastPerformed"),
        ("bad-no-date.yaml", "/spec/evaluation/redTeam/lastPerformed"),
    ],
)
def test_eval009_is_a_warning_at_production(name: str, pointer: str, tmp_path: Path) -> None:
    assert _case("EVAL009", name, tmp_path) == [(pointer, WARNING)]


def test_eval009_absent_red_team_sits_on_the_spec_key(tmp_path: Path) -> None:
    text = (CASES / "EVAL009" / "bad-absent.yaml").read_text(encoding="utf-8")
    (found,) = _lint(text, tmp_path, "EVAL009")
    assert (found.line, found.column, found.span.end_column) == (5, 1, 5)  # `spec`


def test_eval009_window_is_configured(tmp_path: Path) -> None:
    assert _case("EVAL009", "bad.yaml", tmp_path, config=_windows(red_team_max_age="P91D")) == []


def test_eval009_not_run_before_production(tmp_path: Path) -> None:
    text = (CASES / "EVAL009" / "bad-absent.yaml").read_text(encoding="utf-8")
    assert _lint(text, tmp_path, "EVAL009", target_stage="pilot") == []
