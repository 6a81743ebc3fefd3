"""The bundled examples, linted as users would lint them: copied into a repository with a
CODEOWNERS and commit dates before their evidence, `--today` pinned. All but the bad one are clean,
the production example under every rule of the registry; the text and JSON reports of the whole
set are golden files (see tests/reporting.py to regenerate them)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.config import Config
from ai_readiness.discovery import Root
from ai_readiness.engine import Options, lint
from ai_readiness.findings import Finding
from ai_readiness.rules.base import Rule
from ai_readiness.rules.catalog import ALL_RULES
from tests.conftest import TODAY
from tests.reporting import check_golden, example_repo, run


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return example_repo(tmp_path)


@pytest.mark.parametrize("example", ["production", "prototype"])
def test_example_is_clean(example: str, repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _, out = run(repo, ["lint", f"examples/{example}", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    findings = json.loads(out)["findings"]
    assert [f for f in findings if f["severity"] in ("error", "warning")] == []


@pytest.fixture(scope="module")
def production_findings(tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    repo = example_repo(tmp_path_factory.mktemp("production")).resolve()
    options = Options(
        paths=["examples/production"],
        cwd=repo,
        root=Root(repo, True),
        config=Config(),
        today=dt.date.fromisoformat(TODAY),
    )
    return lint(options).findings


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_the_production_example_is_clean_under_every_rule(rule: Rule, production_findings: list[Finding]) -> None:
    """The example that shows a production system meets every rule: not even an info finding."""
    assert [f for f in production_findings if f.rule == rule.id] == []


def test_bad_example_shows_what_findings_look_like(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _, out = run(repo, ["lint", "examples/bad", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    findings = json.loads(out)["findings"]
    assert {"SCHEMA001", "META001", "PUR001", "EVAL002"} <= {f["rule"] for f in findings}


@pytest.mark.parametrize("pure", [False, True], ids=["c", "pure"])
def test_golden_text_and_json(pure: bool, repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    if pure:  # the same report without the C library (docs/design.md, "Parsing")
        from ai_readiness import loader

        monkeypatch.setattr(loader, "HAS_C_PARSER", False)
    code, out = run(repo, ["lint", "examples", "--today", TODAY], capsys, monkeypatch)
    assert code == 1
    check_golden("examples.txt", out)
    _, out = run(repo, ["lint", "examples", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    check_golden("examples.json", out)
