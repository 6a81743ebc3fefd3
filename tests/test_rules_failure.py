"""FAIL001: severities, counts and pointers the case files can't express (cases compare
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
    # docs/design.md, "Schema failures": a value with a SCHEMA001 finding counts as absent.
    assert [(f.pointer, f.severity) for f in _lint(text, tmp_path, "FAIL001")] == [
        ("/spec/failureHandling/killSwitch/lastTested", WARNING)
    ]
