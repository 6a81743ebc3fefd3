"""Operations rules (MON, LOG, TRN, HO, FAIL): severities, counts and pointers the case files
can't express (cases compare (rule, line) pairs, so findings sharing a line collapse)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_readiness.config import Config, Windows
from ai_readiness.dates import parse_duration
from ai_readiness.findings import Severity
from tests.conftest import EXAMPLES
from tests.rulecheck import lint_text as _lint
from tests.rulecheck import sorted_case as _case

CASES = Path(__file__).parent / "cases"
ERROR, WARNING = Severity.ERROR, Severity.WARNING

MANIFEST = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: claims-triage}
spec:
"""


def _spec(body: str) -> str:
    return MANIFEST + "".join(f"  {line}\n" for line in body.strip("\n").split("\n"))


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


def test_trn001_both_parts(tmp_path: Path) -> None:
    assert _case("TRN001", "bad.yaml", tmp_path) == [
        ("/spec/transparency/aiDisclosure", ERROR),
        ("/spec/transparency/citations", ERROR),
    ]


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


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "bad.yaml",
            [
                ("/spec/failureHandling/killSwitch/lastTested", WARNING),
                ("/spec/failureHandling/killSwitch/owner", ERROR),
            ],
        ),
        (
            "bad-untested.yaml",
            [
                ("/spec/failureHandling/killSwitch/lastTested", WARNING),
                ("/spec/failureHandling/killSwitch/owner", ERROR),
            ],
        ),
        ("bad-window-edge.yaml", [("/spec/failureHandling/killSwitch/lastTested", WARNING)]),
    ],
)
def test_fail001_missing_keys_are_errors_the_stale_test_a_warning(
    name: str, expected: list[tuple[str, Severity]], tmp_path: Path
) -> None:
    assert _case("FAIL001", name, tmp_path) == expected


def test_fail001_test_age_is_the_configured_window(tmp_path: Path) -> None:
    window = parse_duration("P1Y")
    assert window is not None
    config = Config(windows=Windows(kill_switch_test_max_age=window))
    assert _case("FAIL001", "bad-window-edge.yaml", tmp_path, config=config) == []


def test_fail001_invalid_last_tested_counts_as_missing(tmp_path: Path) -> None:
    text = _spec(
        "type: agent\nstage: production\nfailureHandling:\n"
        '  killSwitch: {mechanism: flag, owner: "@acme/ml", lastTested: last week}'
    )
    # SPEC §11: a value with a SCHEMA001 finding counts as absent for every other rule.
    assert [(f.pointer, f.severity) for f in _lint(text, tmp_path, "FAIL001")] == [
        ("/spec/failureHandling/killSwitch/lastTested", WARNING)
    ]


RULES = ("MON001", "MON002", "MON003", "MON004", "LOG001", "LOG002", "TRN001", "HO001", "FAIL001")


@pytest.mark.parametrize("rule", RULES)
def test_production_example_is_clean(rule: str, tmp_path: Path) -> None:
    text = (EXAMPLES / "production" / "ai-readiness.yaml").read_text(encoding="utf-8")
    assert _lint(text, tmp_path, rule) == []
