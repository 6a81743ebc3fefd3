"""Where a report comes from (`repository` in the report's JSON, repository.py): GitHub's variables
when set, else git's `origin` without credentials and `HEAD`; a local origin is no remote."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.discovery import Root
from ai_readiness.repository import identify, web_address
from tests.conftest import TODAY, commit_all, git, make_repo
from tests.reporting import GITHUB_ENV, run


@pytest.mark.parametrize(
    ("remote", "url"),
    [
        ("https://github.com/acme/loans.git", "https://github.com/acme/loans"),
        ("https://x-access-token:ghs_secret@github.com/acme/loans.git", "https://github.com/acme/loans"),
        ("https://jane@github.com/acme/loans", "https://github.com/acme/loans"),
        ("git@github.com:acme/loans.git", "https://github.com/acme/loans"),
        ("github.com:acme/loans", "https://github.com/acme/loans"),
        ("ssh://git@github.com:22/acme/loans.git", "https://github.com/acme/loans"),
        ("git://github.com/acme/loans.git", "https://github.com/acme/loans"),
        ("https://GitLab.Example.com/group/sub/loans.git/", "https://gitlab.example.com/group/sub/loans"),
        ("http://git.example.com:8080/acme/loans", "http://git.example.com:8080/acme/loans"),
        ("https://github.com/acme/loans?ref=x#frag", "https://github.com/acme/loans"),
        ("file:///srv/git/loans.git", None),
        ("/srv/git/loans.git", None),
        ("../loans", None),
        ("./loans.git", None),
        ("C:/git/loans.git", None),
        ("C:\\git\\loans.git", None),
        ("ext::sh -c touch% /tmp/pwned", None),
        ("https://github.com", None),
        ("https://github.com/acme/lo ans", None),
        ("https://evil.example/<script>/x", None),
    ],
)
def test_web_address(remote: str, url: str | None) -> None:
    assert web_address(remote) == url


def test_from_git_origin_and_head(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "loans")
    head = commit_all(repo)
    git(repo, "remote", "add", "origin", "https://x-access-token:ghs_secret@github.com/acme/loans.git")
    assert identify(Root(repo, True), {}) == {
        "name": "acme/loans",
        "url": "https://github.com/acme/loans",
        "commit": head,
    }


def test_github_variables_win(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "loans")
    commit_all(repo)
    git(repo, "remote", "add", "origin", "git@github.com:someone/fork.git")
    assert identify(Root(repo, True), GITHUB_ENV) == {
        "name": "acme/ai-systems",
        "url": "https://github.com/acme/ai-systems",
        "commit": GITHUB_ENV["GITHUB_SHA"],
    }


@pytest.mark.parametrize("origin", [None, "file:///srv/git/loans.git", "/srv/git/loans.git"])
def test_without_a_remote_the_name_is_the_folder(tmp_path: Path, origin: str | None) -> None:
    repo = make_repo(tmp_path / "loans-service")
    head = commit_all(repo)
    if origin:
        git(repo, "remote", "add", "origin", origin)
    assert identify(Root(repo, True), {}) == {"name": "loans-service", "url": None, "commit": head}


def test_before_the_first_commit_and_outside_git(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "fresh")
    assert identify(Root(repo, True), {})["commit"] is None
    folder = tmp_path / "plain"
    folder.mkdir()
    assert identify(Root(folder, False), {}) == {"name": "plain", "url": None, "commit": None}


def test_credentials_never_reach_the_report(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "loans")
    (repo / "ai-readiness.yaml").write_text(
        "apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {name: a}\nspec: {type: other, stage: prototype}\n",
        encoding="utf-8",
    )
    head = commit_all(repo)
    git(repo, "remote", "add", "origin", "https://jane:hunter2-token@git.example.com/acme/loans.git")
    for fmt in ("json", "html", "markdown"):
        _, out = run(repo, ["report", "--format", fmt, "--today", TODAY], capsys, monkeypatch)
        assert "hunter2" not in out and "jane:" not in out
    _, out = run(repo, ["report", "--format", "json", "--today", TODAY], capsys, monkeypatch)
    assert json.loads(out)["repository"] == {
        "name": "acme/loans",
        "url": "https://git.example.com/acme/loans",
        "commit": head,
    }
