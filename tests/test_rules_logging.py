"""Logging rules (LOG001, LOG002): severities, counts and pointers the case files can't express (cases compare
(rule, line) pairs, so findings sharing a line collapse)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_readiness.config import Config, Windows
from ai_readiness.dates import parse_duration
from ai_readiness.findings import Severity
from tests.rulecheck import lint_text as _lint
from tests.rulecheck import sorted_case as _case
from tests.rulecheck import spec_text as _spec

CASES = Path(__file__).parent / "cases"
ERROR, WARNING = Severity.ERROR, Severity.WARNING


@pytest.mark.parametrize(
    ("name", "severity", "events"),
    [
        ("bad-prod.yaml", ERROR, ["model_version", "retrieved_context"]),
        ("bad-pilot-agent.yaml", WARNING, ["tool_calls"]),
        ("bad-deprecated.yaml", WARNING, ["output"]),
    ],
)
def test_log001_warns_before_production_errors_at_it(
    name: str, severity: Severity, events: list[str], tmp_path: Path
) -> None:
    text = (CASES / "LOG001" / name).read_text(encoding="utf-8")
    found = _lint(text, tmp_path, "LOG001")
    assert [f.severity for f in found] == [severity] * len(events)
    assert {f.pointer for f in found} == {"/spec/logging/events"}
    for event in events:
        assert sum(f"'{event}'" in f.message for f in found) == 1, event


def test_log002_every_part_at_its_node(tmp_path: Path) -> None:
    assert _case("LOG002", "bad.yaml", tmp_path) == [
        ("/spec/logging/piiRedaction", ERROR),
        ("/spec/logging/retention", ERROR),
    ]


@pytest.mark.parametrize(
    ("today", "retention", "short"),
    [
        ("2026-11-28", "P180D", True),  # 2027-05-27 < 2027-05-28
        ("2026-11-28", "P181D", False),  # both end 2027-05-28
        ("2026-07-01", "P181D", True),  # 2026-12-29 < 2027-01-01
        ("2026-07-01", "P184D", False),
        ("2026-07-01", "P1Y", False),
    ],
)
def test_log002_retention_compares_by_calendar(today: str, retention: str, short: bool, tmp_path: Path) -> None:
    text = _spec(f"type: classifier\nstage: pilot\nrisk: {{euAiAct: high}}\nlogging: {{retention: {retention}}}")
    found = _lint(text, tmp_path, "LOG002", today=today)
    assert [f.pointer for f in found] == (["/spec/logging/retention"] if short else [])


def test_log002_minimum_is_the_configured_window(tmp_path: Path) -> None:
    window = parse_duration("P90D")
    assert window is not None
    config = Config(windows=Windows(high_risk_min_retention=window))
    text = _spec("type: classifier\nstage: pilot\nrisk: {euAiAct: high}\nlogging: {retention: P90D}")
    assert _lint(text, tmp_path, "LOG002", config=config) == []
