"""Which files folder discovery takes, and what it leaves alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from tests.conftest import EXAMPLES, commit_all, git, make_repo

TODAY = "2026-11-28"
GOOD = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: NAME}
spec:
  type: classifier
  stage: prototype
  owners: {technical: ["@acme/ml"]}
  purpose: {intendedUse: Tag contract clauses by risk.}
"""
WORKFLOW = (EXAMPLES / "workflows" / "ai-readiness-pull-request.yml").read_text(encoding="utf-8")


def lint(capsys: Any, *args: str) -> tuple[int, dict[str, Any], str]:
    capsys.readouterr()
    code = main(["lint", "--format", "json", "--today", TODAY, *args])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out else {}), captured.err


def linted(report: dict[str, Any]) -> list[str]:
    return [f["path"] for f in report["files"]]


def _with_workflows(folder: Path) -> None:
    (folder / "svc").mkdir(parents=True)
    (folder / "svc" / "ai-readiness.yaml").write_text(GOOD.replace("NAME", "svc"), encoding="utf-8")
    for place in (".github/workflows", ".github/actions/ai-readiness", "sub/.github/workflows"):
        (folder / place).mkdir(parents=True)
        (folder / place / "ai-readiness.yml").write_text(WORKFLOW, encoding="utf-8")
    (folder / ".github" / "CODEOWNERS").write_text("* @acme/ml\n", encoding="utf-8")


@pytest.mark.parametrize("in_git", [True, False], ids=["git", "walk"])
def test_github_workflow_and_action_folders_are_left_alone(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, in_git: bool
) -> None:
    """`.github/workflows/ai-readiness.yml` is the natural name of the workflow that runs the
    tool: folder discovery leaves it alone (it gave 9 SCHEMA001 errors); named, it is linted."""
    folder = make_repo(tmp_path / "repo") if in_git else tmp_path / "plain"
    _with_workflows(folder)
    if in_git:
        commit_all(folder)
    monkeypatch.chdir(folder)
    for args in ((), (".github",), (".github/workflows",), ("sub",)):
        code, report, _ = lint(capsys, *args)
        assert code == 0 and not report["findings"], args
        assert linted(report) == (["svc/ai-readiness.yaml"] if not args else [])
    code, report, _ = lint(capsys, ".github/workflows/ai-readiness.yml")
    assert code == 1 and linted(report) == [".github/workflows/ai-readiness.yml"]
    assert {f["rule"] for f in report["findings"]} == {"SCHEMA001"}


def test_a_workflow_is_no_base_system(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under --base, a workflow named like a manifest that the change removes is no removed system."""
    repo = make_repo(tmp_path / "repo")
    _with_workflows(repo)
    commit_all(repo)
    git(repo, "rm", "-q", ".github/workflows/ai-readiness.yml")
    commit_all(repo, "rename the workflow")
    monkeypatch.chdir(repo)
    code, report, err = lint(capsys, "--base", "HEAD~1")
    assert (code, report["findings"]) == (0, []), err


def test_the_workflow_folders_pattern_matches_the_hook() -> None:
    from ruamel.yaml import YAML

    from ai_readiness.discovery import WORKFLOW_FOLDER, is_manifest_path
    from tests.conftest import ROOT

    (hook,) = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["exclude"] == WORKFLOW_FOLDER.pattern.replace("(?:", "(")
    assert not is_manifest_path(".github/workflows/ai-readiness.yml")
    assert not is_manifest_path("a/.github/actions/lint/ai-readiness.yaml")
    assert is_manifest_path(".github/ai-readiness.yaml") and is_manifest_path("workflows/ai-readiness.yaml")
