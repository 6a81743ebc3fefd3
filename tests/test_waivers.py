"""`exceptions`: a valid, unexpired waiver suppresses its rule's findings in its document; they stay
visible as suppressed and count toward nothing (docs/design.md, "Waivers")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from tests.conftest import TODAY

MANIFEST = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: waived}
spec:
  type: llm-feature
  stage: production
  owners: {technical: ["@acme/ml"]}
  reviews:
    - {type: security, status: approved, by: "@acme/ml", date: 2026-09-01, evidence: https://x.example/1}
  exceptions:
    - {rule: SEC001, reason: Independent review booked for December., approvedBy: "@acme/ciso", expires: 2026-12-31}
---
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: not-waived}
spec:
  type: llm-feature
  stage: production
  owners: {technical: ["@acme/ml"]}
  reviews:
    - {type: security, status: approved, by: "@acme/ml", date: 2026-09-01, evidence: https://x.example/1}
"""


def lint(
    tmp_path: Path, text: str, capsys: Any, monkeypatch: pytest.MonkeyPatch, *extra: str
) -> tuple[int, dict[str, Any]]:
    (tmp_path / "ai-readiness.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    code = main(["lint", "--format", "json", "--today", TODAY, "--select", "SEC,ATT,SCHEMA", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_a_waiver_suppresses_its_rule_in_its_document_only(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, report = lint(tmp_path, MANIFEST, capsys, monkeypatch)
    sec = [f for f in report["findings"] if f["rule"] == "SEC001"]
    assert [(f["document"], f["suppressed"] is not None) for f in sec] == [(0, True), (1, False)]
    assert sec[0]["suppressed"] == {
        "rule": "SEC001",
        "reason": "Independent review booked for December.",
        "approvedBy": "@acme/ciso",
        "expires": "2026-12-31",
    }
    assert report["summary"]["errors"] == 1 and report["summary"]["suppressed"] == 1
    assert code == 1


def test_suppressed_findings_count_toward_nothing(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    only_waived = MANIFEST.split("---\n")[0]
    code, report = lint(tmp_path, only_waived, capsys, monkeypatch)
    assert code == 0
    assert report["summary"] == {
        "files": 1,
        "systems": 1,
        "errors": 0,
        "warnings": 0,
        "info": 0,
        "suppressed": 1,
        "skipped": 0,
    }
    main(["lint", "--today", TODAY, "--select", "SEC,ATT"])
    text = capsys.readouterr().out
    assert text == "0 errors, 0 warnings, 0 info in 1 file, 1 suppressed\n"


@pytest.mark.parametrize(
    "flaw",
    [
        "expires: 2026-11-27",  # expired yesterday
        "expires: 2027-12-31",  # longer than P365D
        'approvedBy: "@acme/ml"',  # a technical owner approves their own waiver
    ],
)
def test_a_flawed_waiver_suppresses_nothing_even_with_att001_off(
    flaw: str, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = flaw.split(":")[0]
    entry = {"expires": "expires: 2026-12-31", "approvedBy": 'approvedBy: "@acme/ciso"'}[key]
    text = MANIFEST.split("---\n")[0].replace(entry, flaw)
    code, report = lint(tmp_path, text, capsys, monkeypatch)
    rules = sorted(f["rule"] for f in report["findings"] if f["suppressed"] is None)
    assert rules == ["ATT001", "SEC001"] and code == 1
    (tmp_path / ".ai-readiness.toml").write_text('[rules]\nATT001 = "off"\n', encoding="utf-8")
    code, report = lint(tmp_path, text, capsys, monkeypatch)
    assert [f["rule"] for f in report["findings"] if f["suppressed"] is None] == ["SEC001"] and code == 1


def test_schema_errors_cannot_be_waived(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        MANIFEST.split("---\n")[0]
        .replace("rule: SEC001", "rule: SCHEMA001")
        .replace("stage: production", "stage: live")
    )
    code, report = lint(tmp_path, text, capsys, monkeypatch)
    live = sorted(f["rule"] for f in report["findings"] if f["suppressed"] is None)
    assert live == ["ATT001", "SCHEMA001", "SEC001"] and code == 1
