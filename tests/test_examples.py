"""The bundled examples, linted as SPEC §11 says: copied into a repository with a CODEOWNERS and
commit dates before their evidence, `--today` pinned. All but the bad one are clean; the text and
JSON reports of the whole set are golden files (see tests/reporting.py to regenerate them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

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


def test_bad_example_shows_what_findings_look_like(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _, out = run(repo, ["lint", "examples/bad", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    findings = json.loads(out)["findings"]
    assert {"SCHEMA001", "META001", "PUR001", "EVAL002"} <= {f["rule"] for f in findings}


@pytest.mark.parametrize("pure", [False, True], ids=["c", "pure"])
def test_golden_text_and_json(pure: bool, repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    if pure:  # the same report without the C library (SPEC §10)
        from ai_readiness import loader

        monkeypatch.setattr(loader, "HAS_C_PARSER", False)
    code, out = run(repo, ["lint", "examples", "--today", TODAY], capsys, monkeypatch)
    assert code == 1
    check_golden("examples.txt", out)
    _, out = run(repo, ["lint", "examples", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    check_golden("examples.json", out)
