"""Running one rule on a manifest text or a case file, for the rule tests that assert what the
case files can't (severities, pointers of several findings on one line, configured windows)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ai_readiness.config import Config
from ai_readiness.discovery import Root
from ai_readiness.engine import Options, lint
from ai_readiness.findings import Finding, Severity
from tests.conftest import TODAY

CASES = Path(__file__).parent / "cases"


def lint_text(
    text: str,
    tmp_path: Path,
    rule: str,
    today: str = TODAY,
    config: Config | None = None,
    target_stage: str | None = None,
) -> list[Finding]:
    """The findings of ``rule`` on ``text``, linted as ai-readiness.yaml in ``tmp_path``."""
    (tmp_path / "ai-readiness.yaml").write_text(text, encoding="utf-8")
    options = Options(
        paths=["ai-readiness.yaml"],
        cwd=tmp_path,
        root=Root(tmp_path.resolve(), False),
        config=config or Config(),
        today=_dt.date.fromisoformat(today),
        target_stage=target_stage,
    )
    return [f for f in lint(options).findings if f.rule == rule]


def case(rule: str, name: str, tmp_path: Path, config: Config | None = None) -> list[tuple[str, Severity]]:
    """(pointer, severity) of the rule's findings on a case file, in document order."""
    text = (CASES / rule / name).read_text(encoding="utf-8")
    return [(f.pointer, f.severity) for f in lint_text(text, tmp_path, rule, config=config)]


def sorted_case(rule: str, name: str, tmp_path: Path, config: Config | None = None) -> list[tuple[str, Severity]]:
    """case(), sorted by pointer."""
    return sorted(case(rule, name, tmp_path, config))
