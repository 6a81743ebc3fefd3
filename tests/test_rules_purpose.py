"""Purpose and risk rules (PUR001, RISK001, RISK002): counts and pointers the case files can't
express (cases compare (rule, line) pairs, so findings sharing a line collapse)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from ai_readiness.config import Config
from ai_readiness.discovery import Root
from ai_readiness.engine import Options, lint
from tests.conftest import TODAY

CASES = Path(__file__).parent / "cases"


def _pointers(rule: str, name: str, tmp_path: Path, target_stage: str | None = None) -> list[str]:
    (tmp_path / "ai-readiness.yaml").write_text((CASES / rule / name).read_text(encoding="utf-8"), encoding="utf-8")
    options = Options(
        paths=["ai-readiness.yaml"],
        cwd=tmp_path,
        root=Root(tmp_path.resolve(), False),
        config=Config(),
        today=_dt.date.fromisoformat(TODAY),
        target_stage=target_stage,
    )
    return sorted(f.pointer for f in lint(options).findings if f.rule == rule)


@pytest.mark.parametrize(
    ("rule", "name", "pointers"),
    [
        ("PUR001", "bad.yaml", ["/spec/purpose/decisions/humanOwned/0", "/spec/purpose/decisions/humanOwned/2"]),
        ("PUR001", "bad-no-purpose.yaml", ["/spec/purpose/decisions/humanOwned"]),
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
