"""Shared fixtures: a clean git environment and helpers to build real repositories."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = "2026-11-28"


@pytest.fixture(autouse=True)
def _clean_git_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A test run inside a git hook must not leak GIT_* variables into the repositories the
    tests build (pre-commit's own test suite does the same)."""
    for key in list(os.environ):
        if key.startswith("GIT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test Author")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "author@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test Committer")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "committer@example.com")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    for key in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"):  # a run in Actions names its repository
        monkeypatch.delenv(key, raising=False)
    yield


@pytest.fixture(autouse=True)
def _reports_follow_their_schema(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every readiness report a test makes in this process (report --format json, lint --report,
    report --merge) is checked against schemas/report.schema.json as it is written."""
    from ai_readiness.reporters import summary
    from tests.reporting import check_report_schema

    written = summary.scorecard_json

    def checked(document: dict[str, Any], compact: bool = False) -> str:
        check_report_schema(document)
        return written(document, compact)

    monkeypatch.setattr(summary, "scorecard_json", checked)
    yield


def git(cwd: Path, *args: str, date: str | None = None) -> str:
    env = dict(os.environ)
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def make_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Test")
    git(path, "config", "user.email", "test@example.com")
    git(path, "config", "commit.gpgsign", "false")
    return path


def commit_all(repo: Path, message: str = "commit", date: str | None = None) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def org_reports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """500 report files of 20 systems each (bench/reports.py: a real report's systems under new
    names), made once per session for the tests of merging and of the page at scale."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("org_reports", ROOT / "bench" / "reports.py")
    assert spec is not None and spec.loader is not None
    reports = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reports)

    def run(args: list[str], cwd: Path) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_"))}
        done = subprocess.run(
            [sys.executable, "-m", "ai_readiness", *args], cwd=cwd, env=env, capture_output=True, text=True
        )
        assert done.returncode in (0, 1), done.stderr
        return done.stdout

    template_repo = tmp_path_factory.mktemp("org-template")
    template = reports.template(run, template_repo)
    paths: list[Path] = reports.write_reports(template, tmp_path_factory.mktemp("org-reports"), 500, 20)
    return paths


@pytest.fixture(scope="session")
def org_page(org_reports: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML page of the 500 merged reports (10,000 systems)."""
    import sys

    out = tmp_path_factory.mktemp("org-page") / "organisation.html"
    done = subprocess.run(
        [sys.executable, "-m", "ai_readiness", "report", "--merge", "--format", "html", "--output", str(out),
         *map(str, org_reports)],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out
