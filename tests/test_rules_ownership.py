"""Ownership rules (OWN001, OWN002): severities and pointers the case files can't express."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from ai_readiness.config import Config
from ai_readiness.discovery import Root
from ai_readiness.engine import Options, lint
from ai_readiness.findings import Severity
from tests.conftest import TODAY

CASES = Path(__file__).parent / "cases"


def _case(rule: str, name: str, tmp_path: Path) -> list[tuple[str, Severity]]:
    """(pointer, severity) of the rule's findings on a case file, in document order."""
    (tmp_path / "ai-readiness.yaml").write_text((CASES / rule / name).read_text(encoding="utf-8"), encoding="utf-8")
    options = Options(
        paths=["ai-readiness.yaml"],
        cwd=tmp_path,
        root=Root(tmp_path.resolve(), False),
        config=Config(),
        today=_dt.date.fromisoformat(TODAY),
    )
    return [(f.pointer, f.severity) for f in lint(options).findings if f.rule == rule]


def test_own001_points_at_each_shared_owner_once(tmp_path: Path) -> None:
    assert _case("OWN001", "bad.yaml", tmp_path) == [
        ("/spec/owners/technical/0", Severity.ERROR),
        ("/spec/owners/technical/3", Severity.ERROR),
        ("/spec/owners/technical/4", Severity.ERROR),
    ]


@pytest.mark.parametrize(("name", "severity"), [("bad-pilot.yaml", Severity.INFO), ("bad.yaml", Severity.ERROR)])
def test_own002_info_before_production_error_at_it(name: str, severity: Severity, tmp_path: Path) -> None:
    assert _case("OWN002", name, tmp_path) == [("/spec/owners/technical", severity)]
