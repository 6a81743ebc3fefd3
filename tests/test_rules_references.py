"""REF001: resolution against the manifest's folder and the repository root, and symbolic links
pointing outside the repository, which must be reported without anything outside being read."""

from __future__ import annotations

import datetime as _dt
import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.config import Config, Windows
from ai_readiness.context import DocContext
from ai_readiness.discovery import Root
from ai_readiness.engine import Options, lint
from ai_readiness.findings import Finding
from ai_readiness.rules.references import resolve_reference
from tests.conftest import TODAY

MANIFEST = "services/support/ai-readiness.yaml"
HEADER = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: support-answer-assistant}
spec:
  type: rag-assistant
  stage: prototype
"""

# Paths under these folders must not be opened or listed while a test watches them. Audit hooks
# can't be removed, so the one hook below stays installed and does nothing when the list is empty.
_WATCHED: list[str] = []
_SEEN: list[tuple[str, str]] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _WATCHED or event not in ("open", "os.listdir", "os.scandir") or not args:
        return
    target = args[0]
    if isinstance(target, bytes):
        target = os.fsdecode(target)
    elif isinstance(target, os.PathLike):
        target = os.fspath(target)
    if not isinstance(target, str):
        return  # a file descriptor
    # Through a link inside the repository too: compare where the path really leads.
    for path in {target, os.path.realpath(target)}:
        if any(path == w or path.startswith(w + os.sep) for w in _WATCHED):
            _SEEN.append((event, target))
            return


sys.addaudithook(_audit)


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    repo = tmp_path / "repo"
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return repo


def _lint(repo: Path, body: str) -> list[Finding]:
    manifest = repo / MANIFEST
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(HEADER + body, encoding="utf-8")
    options = Options(
        paths=[MANIFEST],
        cwd=repo,
        root=Root(repo.resolve(), False),
        config=Config(),
        today=_dt.date.fromisoformat(TODAY),
    )
    return [f for f in lint(options).findings if f.rule == "REF001"]


def _ctx(repo: Path) -> DocContext:
    return DocContext(
        path=MANIFEST,
        manifest=str(repo / MANIFEST),
        root=repo.resolve(),
        document=0,
        data={},
        declared_stage="prototype",
        stage="prototype",
        today=_dt.date.fromisoformat(TODAY),
        windows=Windows(),
    )


def test_relative_paths_start_at_the_manifest_folder_and_slash_at_the_root(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"docs/runbook.md": "root\n", "services/shared/runbook.md": "shared\n"})
    body = """\
  failureHandling: {runbook: /docs/runbook.md}
  reviews:
    - {type: security, status: approved, evidence: docs/runbook.md}
    - {type: privacy, status: approved, evidence: ../shared/runbook.md}
    - {type: legal, status: approved, evidence: ../../../runbook.md}
"""
    findings = _lint(repo, body)
    assert [f.pointer for f in findings] == ["/spec/reviews/0/evidence", "/spec/reviews/2/evidence"]
    missing, leaving = findings
    assert "'services/support/docs/runbook.md'" in missing.message and "does not exist" in missing.message
    assert "leaves the repository" in leaving.message


def test_a_missing_path_says_where_it_is_read_from_and_offers_the_other_reading(tmp_path: Path) -> None:
    """In a monorepo a path written from the repository root in a manifest further down (or the
    reverse) names nothing: the message says which folder paths are read from and, when the other
    reading exists, offers it."""
    repo = _repo(tmp_path, {"docs/runbook.md": "root\n", "services/support/eval/latest.md": "report\n"})
    body = """\
  failureHandling: {runbook: docs/runbook.md}
  evaluation:
    lastRun: {date: 2026-11-20, report: /eval/latest.md}
  reviews:
    - {type: security, status: approved, evidence: reviews/security.md}
    - {type: privacy, status: approved, evidence: /reviews/privacy.md}
"""
    messages = {f.pointer: f.message for f in _lint(repo, body)}
    assert messages == {
        "/spec/failureHandling/runbook": "failureHandling.runbook 'docs/runbook.md' does not exist: paths are read "
        "from the manifest's folder (services/support/), so it names 'services/support/docs/runbook.md', which is "
        "not in the repository; did you mean '/docs/runbook.md' (a leading '/' starts at the repository root)?",
        "/spec/evaluation/lastRun/report": "evaluation.lastRun.report '/eval/latest.md' does not exist: a leading "
        "'/' starts at the repository root, where there is no 'eval/latest.md'; did you mean 'eval/latest.md' "
        "(relative to the manifest's folder, services/support/)?",
        "/spec/reviews/0/evidence": "reviews[0].evidence 'reviews/security.md' does not exist: paths are read from "
        "the manifest's folder (services/support/), so it names 'services/support/reviews/security.md', which is "
        "not in the repository; fix the path (a leading '/' starts at the repository root) or add the file",
        "/spec/reviews/1/evidence": "reviews[1].evidence '/reviews/privacy.md' does not exist: a leading '/' starts "
        "at the repository root, where there is no 'reviews/privacy.md'; fix the path (without the leading '/' it "
        "is read from the manifest's folder) or add the file",
    }


def test_a_missing_path_of_a_manifest_at_the_root(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"README.md": "x\n"})
    (repo / "ai-readiness.yaml").write_text(
        HEADER + "  failureHandling: {runbook: docs/runbook.md}\n", encoding="utf-8"
    )
    options = Options(
        paths=["ai-readiness.yaml"],
        cwd=repo,
        root=Root(repo.resolve(), False),
        config=Config(),
        today=_dt.date.fromisoformat(TODAY),
    )
    (finding,) = [f for f in lint(options).findings if f.rule == "REF001"]
    assert finding.message == (
        "failureHandling.runbook 'docs/runbook.md' does not exist: there is no 'docs/runbook.md' in the repository; "
        "fix the path or add the file"
    )


def test_resolve_reference(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"services/support/docs/runbook.md": "x\n"})
    (repo / "services/support/docs/alias.md").symlink_to("runbook.md")
    (repo / "services/support/docs/loop").symlink_to("loop")
    ctx = _ctx(repo)
    assert resolve_reference(ctx, "https://wiki.example.com/runbook") == (None, None)
    assert resolve_reference(ctx, "docs/runbook.md") == (repo.resolve() / "services/support/docs/runbook.md", None)
    # A link inside the repository to a file inside it: the path as named, not the link's target.
    assert resolve_reference(ctx, "/services/support/docs/alias.md")[0] == (
        repo.resolve() / "services/support/docs/alias.md"
    )
    assert resolve_reference(ctx, "docs")[0] == repo.resolve() / "services/support/docs"  # a folder
    assert resolve_reference(ctx, "/")[0] == repo.resolve()
    for value in ("../../..", "..\\..\\..\\etc\\passwd", "/../etc/passwd", "C:/Windows/win.ini"):
        path, problem = resolve_reference(ctx, value)
        assert path is None and problem is not None
        assert "leaves the repository" in problem or "absolute path" in problem
    for value in ("docs/loop", "docs/a\0b", "docs/" + "x" * 5000):
        path, problem = resolve_reference(ctx, value)
        assert path is None and problem is not None and "does not exist" in problem


def _lint_watching(repo: Path, body: str, outside: Path) -> list[Finding]:
    """Lint with `outside` watched; a thread, because opening a FIFO for reading would block."""
    result: list[list[Finding]] = []
    _SEEN.clear()
    _WATCHED.append(str(outside))
    try:
        worker = threading.Thread(target=lambda: result.append(_lint(repo, body)), daemon=True)
        worker.start()
        worker.join(timeout=30)
        if worker.is_alive():  # blocked opening the FIFO: release it, then fail
            fd = os.open(outside / "secret", os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
            worker.join(timeout=5)
            pytest.fail("the linter opened a FIFO outside the repository")
    finally:
        _WATCHED.clear()
    assert _SEEN == [], f"read outside the repository: {_SEEN}"
    [findings] = result
    return findings


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symbolic links (POSIX)")
def test_symbolic_links_out_of_the_repository_are_reported_and_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    os.mkfifo(outside / "secret")
    (outside / "notes.md").write_text("outside\n", encoding="utf-8")
    repo = _repo(tmp_path, {"services/support/docs/runbook.md": "x\n"})
    docs = repo / "services/support/docs"
    (docs / "absolute.md").symlink_to(outside / "secret")  # a file link, absolute target
    (docs / "relative.md").symlink_to(Path("../../../../outside/secret"))  # relative target
    (repo / "shared").symlink_to(outside, target_is_directory=True)  # a folder link, mid-path
    body = """\
  risk:
    assessment: docs/absolute.md
    technicalDocumentation: docs/relative.md
    postMarketPlan: /shared/notes.md
  failureHandling: {runbook: docs/runbook.md}
  evaluation:
    datasets:
      - {id: listing, path: /shared}
"""
    findings = _lint_watching(repo, body, outside.resolve())
    assert [f.pointer for f in findings] == [
        "/spec/risk/assessment",
        "/spec/risk/technicalDocumentation",
        "/spec/risk/postMarketPlan",
        "/spec/evaluation/datasets/0/path",
    ]
    assert all("symbolic link" in f.message and str(outside) not in f.message for f in findings)
    assert (outside / "secret").is_fifo()


def test_globs_are_judged_on_their_text(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"services/support/src/app.py": "x\n"})
    body = '  paths: [src/**, "../**", "../../**", "../../../**", "/..", "/services/**", nothing/**]\n'
    findings = _lint(repo, body)
    assert [f.pointer for f in findings] == ["/spec/paths/3", "/spec/paths/4"]
