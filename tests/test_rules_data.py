"""Data rules (DATA001-DATA003): severities, pointers and the pin grammar the case files can't
express (cases compare (rule, line) pairs only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_readiness.config import Config
from ai_readiness.findings import Severity
from ai_readiness.rules.data import is_pinned_name
from tests.rulecheck import lint_text as _lint
from tests.rulecheck import sorted_case as _case

CASES = Path(__file__).parent / "cases"
ERROR, WARNING = Severity.ERROR, Severity.WARNING


def test_data001_wrong_access_at_the_value_missing_access_at_the_source(tmp_path: Path) -> None:
    assert _case("DATA001", "bad.yaml", tmp_path) == [
        ("/spec/data/sources/0/access", ERROR),
        ("/spec/data/sources/1/access", ERROR),
        ("/spec/data/sources/2/access", ERROR),
    ]


def test_data001_invalid_access_counts_as_absent(tmp_path: Path) -> None:
    text = (CASES / "DATA001" / "bad-invalid-access.yaml").read_text(encoding="utf-8")
    (found,) = _lint(text, tmp_path, "DATA001")
    assert found.pointer == "/spec/data/sources/0/access"
    assert "invalid `access`" in found.message


@pytest.mark.parametrize(("name", "severity"), [("bad.yaml", WARNING), ("bad-prod.yaml", ERROR)])
def test_data002_warns_before_production_errors_at_it(name: str, severity: Severity, tmp_path: Path) -> None:
    found = _case("DATA002", name, tmp_path)
    assert found and {s for _, s in found} == {severity}


def test_data002_every_part_at_its_node(tmp_path: Path) -> None:
    assert _case("DATA002", "bad.yaml", tmp_path) == [
        ("/spec/data/conflictPolicy", WARNING),
        ("/spec/data/sources/1/freshness", WARNING),
        ("/spec/data/sources/2/freshness", WARNING),
        ("/spec/data/sources/3/freshness", WARNING),
    ]


def test_data002_deprecated_counts_as_prototype(tmp_path: Path) -> None:
    text = (CASES / "DATA002" / "bad-prod.yaml").read_text(encoding="utf-8").replace("production", "deprecated")
    assert [f.severity for f in _lint(text, tmp_path, "DATA002")] == [WARNING]


def test_data003_is_a_warning_at_every_stage(tmp_path: Path) -> None:
    found = _case("DATA003", "bad.yaml", tmp_path)
    assert {s for _, s in found} == {WARNING}
    assert ("/spec/components/models/5/revision", WARNING) in found  # neither model nor revision


def test_data003_can_be_turned_off(tmp_path: Path) -> None:
    assert _case("DATA003", "bad.yaml", tmp_path, config=Config(rules={"DATA003": "off"})) == []


@pytest.mark.parametrize(
    ("model", "pinned"),
    [
        ("gpt-4o-2024-08-06", True),
        ("claude-3-5-sonnet-20241022", True),
        ("gemini-1.5-pro-2024-09-24-preview", True),
        ("llama3.1:8b", True),
        ("text-embedding@003", True),
        ("models/gemini:latest", True),  # any ':' is a version marker (docs/rules.md, DATA003)
        ("gpt-4o", False),
        ("gpt-4-0613", False),  # MMDD only: not a date
        ("claude-3-5-sonnet-latest", False),
        ("build-202410221", False),  # part of a longer number
        ("ranker-2024-13-01", False),  # no month 13
        ("ranker-2024-08-32", False),
        ("ranker-2024-0801", False),  # mixed separators
    ],
)
def test_pin_grammar(model: str, pinned: bool) -> None:
    assert is_pinned_name(model) is pinned
