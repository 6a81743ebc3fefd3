"""A file is judged in the repository that holds it: the repository (its root, configuration,
CODEOWNERS, history and other manifests) is found from the named paths, as git and ruff find
it, wherever the working folder is."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from tests.conftest import commit_all, make_repo

TODAY = "2026-11-28"


def manifest(name: str, intended_use: str = "Answer questions.") -> str:
    return (
        "apiVersion: ai-readiness/v1\nkind: AISystem\n"
        f"metadata:\n  name: {name}\n"
        "spec:\n  type: other\n  stage: prototype\n  owners: {technical: ['@acme/ml']}\n"
        f"  purpose: {{intendedUse: {intended_use}}}\n"
    )


def lint_json(capsys: Any, *args: str) -> tuple[int, dict[str, Any], str]:
    capsys.readouterr()
    code = main(["lint", "--format", "json", "--today", TODAY, *args])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out else {}), captured.err


def found(report: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [(f["rule"], f["path"], f["line"]) for f in report["findings"]]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with its own configuration (META001 off), a CODEOWNERS that assigns nothing
    to the team, and two manifests declaring one name."""
    repo = make_repo(tmp_path / "repo")
    (repo / "svc").mkdir()
    (repo / "svc" / "ai-readiness.yaml").write_text(manifest("twin", "TODO describe it"), encoding="utf-8")
    (repo / "old").mkdir()
    (repo / "old" / "ai-readiness.yaml").write_text(manifest("twin"), encoding="utf-8")
    (repo / ".ai-readiness.toml").write_text('[rules]\nMETA001 = "off"\n', encoding="utf-8")
    (repo / "CODEOWNERS").write_text("* @someone-else\n", encoding="utf-8")
    commit_all(repo)
    return repo


EXPECTED = [("META003", "svc/ai-readiness.yaml", 4), ("OWN003", "svc/ai-readiness.yaml", 8)]


def test_a_file_is_judged_in_its_repository_from_anywhere(
    repo: Path, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    code, inside, _ = lint_json(capsys, "svc/ai-readiness.yaml")
    assert code == 1 and found(inside) == EXPECTED  # the repository's configuration turned META001 off
    assert "old/ai-readiness.yaml" in inside["findings"][0]["message"]

    # From a folder outside any repository that holds unrelated manifests and its own configuration:
    # neither its manifests nor its configuration count.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "ai-readiness.yaml").write_text(manifest("twin"), encoding="utf-8")
    (elsewhere / ".ai-readiness.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    for named in (str(repo / "svc" / "ai-readiness.yaml"), "../repo/svc/ai-readiness.yaml"):
        code, outside, err = lint_json(capsys, named)
        assert (code, found(outside)) == (1, EXPECTED), err
        assert outside["findings"] == inside["findings"]
        assert "not a git repository" not in err

    # From inside another repository: the same (it was "outside the repository", exit 2).
    other = make_repo(tmp_path / "other")
    (other / "ai-readiness.yaml").write_text(manifest("twin"), encoding="utf-8")
    commit_all(other)
    monkeypatch.chdir(other)
    code, from_other, _ = lint_json(capsys, "../repo/svc/ai-readiness.yaml")
    assert code == 1 and from_other["findings"] == inside["findings"]
    # a named folder of the other repository, too: paths stay relative to that repository's root
    code, folder, _ = lint_json(capsys, "../repo/svc")
    assert code == 1 and found(folder) == EXPECTED
    # and its history: --base compares with that repository's commits
    (repo / "svc" / "ai-readiness.yaml").write_text(manifest("renamed", "TODO describe it"), encoding="utf-8")
    code, change, err = lint_json(capsys, "../repo/svc", "--base", "HEAD")
    assert code == 0 and found(change) == [("OWN003", "svc/ai-readiness.yaml", 8)], err


def test_configuration_is_found_upward_from_the_working_folder_inside_the_repository(
    repo: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "svc" / ".ai-readiness.toml").write_text('[rules]\nOWN003 = "off"\n', encoding="utf-8")
    monkeypatch.chdir(repo / "svc")
    _, report, _ = lint_json(capsys, "ai-readiness.yaml")
    assert found(report) == [("META003", "svc/ai-readiness.yaml", 4), ("META001", "svc/ai-readiness.yaml", 9)]
    # from outside, the search starts at the repository's root
    monkeypatch.chdir(repo.parent)
    _, report, _ = lint_json(capsys, "repo/svc/ai-readiness.yaml")
    assert found(report) == EXPECTED


def test_paths_in_two_repositories_are_exit_two(
    repo: Path, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = make_repo(tmp_path / "other")
    (other / "ai-readiness.yaml").write_text(manifest("solo"), encoding="utf-8")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "ai-readiness.yaml").write_text(manifest("solo"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for second, where in ((other, f"the git repository at {other}"), (plain, "no git repository")):
        code, report, err = lint_json(capsys, "repo/svc/ai-readiness.yaml", str(second / "ai-readiness.yaml"))
        assert (code, report) == (2, {})
        assert f"in the git repository at {repo}" in err and where in err
        assert "lint one repository at a time" in err and len(err.splitlines()) == 1


def test_outside_git_a_named_file_is_judged_in_its_own_folder(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside git the root is the working folder when the files lie under it, else the file's
    folder; META003 compares the files of the run only (no walking to find rivals)."""
    work = tmp_path / "work"
    (work / "a").mkdir(parents=True)
    (work / "b").mkdir()
    (work / "a" / "ai-readiness.yaml").write_text(manifest("same"), encoding="utf-8")
    (work / "b" / "ai-readiness.yaml").write_text(manifest("same"), encoding="utf-8")
    (work / ".ai-readiness.toml").write_text('[rules]\nMETA001 = "off"\n', encoding="utf-8")
    (work / "a" / "notes.md").write_text("x\n", encoding="utf-8")
    monkeypatch.chdir(work)
    code, report, err = lint_json(capsys, "a/ai-readiness.yaml")
    assert (code, found(report)) == (0, []), err
    assert "META003 compares the linted files only" in err
    code, report, _ = lint_json(capsys, "a/ai-readiness.yaml", "b/ai-readiness.yaml")
    assert found(report) == [("META003", "a/ai-readiness.yaml", 4), ("META003", "b/ai-readiness.yaml", 4)]
    code, report, _ = lint_json(capsys)
    assert [f["path"] for f in report["files"]] == ["a/ai-readiness.yaml", "b/ai-readiness.yaml"]

    # from a folder above: the root is still the working folder (paths relative to it)
    monkeypatch.chdir(tmp_path)
    _, report, _ = lint_json(capsys, "work/a/ai-readiness.yaml")
    assert [f["path"] for f in report["files"]] == ["work/a/ai-readiness.yaml"]

    # from a folder beside it: the file's own folder is the root, and a path leaving it leaves the root
    beside = tmp_path / "beside"
    beside.mkdir()
    (beside / "ai-readiness.yaml").write_text(manifest("same"), encoding="utf-8")
    monkeypatch.chdir(beside)
    with_runbook = manifest("same") + "  failureHandling: {runbook: notes.md}\n  risk: {assessment: ../b/x.md}\n"
    (work / "a" / "ai-readiness.yaml").write_text(with_runbook, encoding="utf-8")
    _, report, _ = lint_json(capsys, "../work/a/ai-readiness.yaml")
    assert [f["path"] for f in report["files"]] == ["ai-readiness.yaml"]
    assert [(f["rule"], f["pointer"]) for f in report["findings"]] == [("REF001", "/spec/risk/assessment")]
    assert "leaves the repository" in report["findings"][0]["message"]
    # two named files in different folders: the folder that holds both
    _, report, _ = lint_json(capsys, os.fspath(work / "a" / "ai-readiness.yaml"), "../work/b/ai-readiness.yaml")
    assert [f["path"] for f in report["files"]] == ["a/ai-readiness.yaml", "b/ai-readiness.yaml"]
