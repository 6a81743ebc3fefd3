"""META003 compares names with every manifest of the repository, not only the linted files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.cli import main
from tests.conftest import commit_all, git, make_repo


def manifest(name: str, description: str = "x") -> str:
    return (
        "apiVersion: ai-readiness/v1\nkind: AISystem\n"
        f"metadata:\n  name: {name}\n  description: {description}\n"
        "spec: {type: other, stage: prototype, owners: {technical: ['@a/b']}, purpose: {intendedUse: x}}\n"
    )


def meta003(repo: Path, capsys: Any, *args: str) -> list[tuple[str, int, str]]:
    capsys.readouterr()
    main(["lint", "--format", "json", "--select", "META003", *args])
    return [(f["path"], f["line"], f["message"]) for f in json.loads(capsys.readouterr().out)["findings"]]


def test_one_changed_file_is_compared_with_the_whole_repository(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo")
    for folder, name in [("a", "shared"), ("b", "other"), ("c", "third")]:
        (repo / folder).mkdir()
        (repo / folder / "ai-readiness.yaml").write_text(manifest(name, "mentions shared in text"), encoding="utf-8")
    (repo / "d").mkdir()
    (repo / "d" / "ai-readiness.yml").write_text(manifest("shared"), encoding="utf-8")
    commit_all(repo)
    monkeypatch.chdir(repo)
    found = meta003(repo, capsys, "a/ai-readiness.yaml")
    assert found == [("a/ai-readiness.yaml", 4, found[0][2])]
    assert "also declared in d/ai-readiness.yml at line 4" in found[0][2]
    # a manifest not yet added to git is not part of the repository: it counts once staged, or
    # when it is linted itself (`lint .` finds untracked files); an ignored one never does
    (repo / "e").mkdir()
    (repo / "e" / "ai-readiness.yaml").write_text(manifest("other"), encoding="utf-8")
    assert meta003(repo, capsys, "b/ai-readiness.yaml") == []
    assert [f[0] for f in meta003(repo, capsys)] == [
        "a/ai-readiness.yaml",
        "b/ai-readiness.yaml",
        "d/ai-readiness.yml",
        "e/ai-readiness.yaml",
    ]
    git(repo, "add", "e/ai-readiness.yaml")
    assert [f[0] for f in meta003(repo, capsys, "b/ai-readiness.yaml")] == ["b/ai-readiness.yaml"]
    git(repo, "rm", "-q", "--cached", "e/ai-readiness.yaml")
    (repo / ".gitignore").write_text("e/\n", encoding="utf-8")
    assert [f[0] for f in meta003(repo, capsys)] == ["a/ai-readiness.yaml", "d/ai-readiness.yml"]
    (repo / ".ai-readiness.toml").write_text('exclude = ["d/**"]\n', encoding="utf-8")
    assert meta003(repo, capsys, "a/ai-readiness.yaml") == []


def test_every_linted_document_gets_one_finding(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "ai-readiness.yaml").write_text(
        manifest("twin") + "---\n" + manifest("twin") + "---\n" + manifest("twin"), encoding="utf-8"
    )
    commit_all(repo)
    monkeypatch.chdir(repo)
    found = meta003(repo, capsys)
    assert [(p, line) for p, line, _ in found] == [
        (
            "ai-readiness.yaml",
            4,
        ),
        ("ai-readiness.yaml", 11),
        ("ai-readiness.yaml", 18),
    ]
    assert "also declared in this file at line 11 and 1 more" in found[0][2]


def test_outside_git_only_the_files_of_the_run_are_compared(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder outside git is no repository: walking it to find rivals would compare unrelated
    manifests (and take seconds from `/`)."""
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "ai-readiness.yaml").write_text(manifest("same"), encoding="utf-8")
    (tmp_path / "y" / "ai-readiness.yaml").write_text(manifest("same"), encoding="utf-16")
    monkeypatch.chdir(tmp_path)
    assert meta003(tmp_path, capsys, "x/ai-readiness.yaml") == []
    found = meta003(tmp_path, capsys, "x/ai-readiness.yaml", "y")
    assert [f[0] for f in found] == ["x/ai-readiness.yaml", "y/ai-readiness.yaml"]
    assert "y/ai-readiness.yaml" in found[0][2]


def test_many_linted_names_are_found_by_words(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "repo")
    for i in range(40):
        (repo / f"s{i}").mkdir()
        (repo / f"s{i}" / "ai-readiness.yaml").write_text(manifest(f"system-{i}"), encoding="utf-8")
    (repo / "late").mkdir()
    (repo / "late" / "ai-readiness.yaml").write_text(manifest("system-7", "a copy"), encoding="utf-8")
    commit_all(repo)
    monkeypatch.chdir(repo)
    linted = [f"s{i}/ai-readiness.yaml" for i in range(40)]
    found = meta003(repo, capsys, *linted)
    assert [(p, line) for p, line, _ in found] == [("s7/ai-readiness.yaml", 4)]
    assert "late/ai-readiness.yaml" in found[0][2]


def _children() -> set[str]:
    """This process's child processes, running or not yet reaped (Linux)."""
    tasks = Path("/proc/self/task")
    return {pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_the_early_name_search_leaves_no_git_process_behind(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of a few files starts git's search for their names before the rules run; whether
    its answer is used (another manifest declares a name) or not (every manifest was linted),
    no git process outlives the run."""
    repo = make_repo(tmp_path / "repo")
    for folder, name in [("a", "shared"), ("b", "shared"), ("c", "alone")]:
        (repo / folder).mkdir()
        (repo / folder / "ai-readiness.yaml").write_text(manifest(name), encoding="utf-8")
    commit_all(repo)
    monkeypatch.chdir(repo)
    before = _children()
    found = meta003(repo, capsys, "a/ai-readiness.yaml")  # the search's answer names b
    assert [f[0] for f in found] == ["a/ai-readiness.yaml"] and "b/ai-readiness.yaml" in found[0][2]
    assert _children() == before
    every = meta003(repo, capsys, "a/ai-readiness.yaml", "b/ai-readiness.yaml", "c/ai-readiness.yaml")
    assert [f[0] for f in every] == ["a/ai-readiness.yaml", "b/ai-readiness.yaml"]  # nothing else to search
    assert _children() == before
