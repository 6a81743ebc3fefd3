"""Which files folder discovery takes, and what it leaves alone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
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

    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "ai-readiness"]  # the other lints folders: discovery excludes
    assert hook["exclude"] == WORKFLOW_FOLDER.pattern.replace("(?:", "(")
    assert not is_manifest_path(".github/workflows/ai-readiness.yml")
    assert not is_manifest_path("a/.github/actions/lint/ai-readiness.yaml")
    assert is_manifest_path(".github/ai-readiness.yaml") and is_manifest_path("workflows/ai-readiness.yaml")


# -- nothing is left out in silence -----------------------------------------------------------------


def _without_root_powers() -> list[str] | None:
    """A command prefix under which permissions bind: nothing for an ordinary user; for root,
    `setpriv` without the capabilities that let root read any folder (None where unavailable)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if probe.returncode == 0 else None


def test_an_unreadable_folder_outside_git_gets_a_note(tmp_path: Path) -> None:
    prefix = _without_root_powers()
    if prefix is None:
        pytest.skip("root here cannot give up the capability to read any folder (no setpriv)")
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "ai-readiness.yaml").write_text(GOOD.replace("NAME", "ok"), encoding="utf-8")
    locked = tmp_path / "team: 100% locked"
    (locked / "inside").mkdir(parents=True)
    (locked / "inside" / "ai-readiness.yaml").write_text(GOOD.replace("NAME", "bad: ["), encoding="utf-8")
    locked.chmod(0)
    try:
        cli = [sys.executable, "-c", "import sys; from ai_readiness.cli import main; sys.exit(main())"]
        done = subprocess.run(
            [*prefix, *cli, "lint", "--today", TODAY], cwd=tmp_path, capture_output=True, text=True, check=False
        )
    finally:
        locked.chmod(0o755)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "in 1 file" in done.stdout
    assert "note: team: 100% locked: not linted: cannot read the folder (Permission denied)" in done.stderr


def test_a_named_file_that_exclude_matches_gets_a_note(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "vendor").mkdir()
    (repo / "vendor" / "ai-readiness.yaml").write_text(GOOD.replace("stage: prototype", "stage: x"), encoding="utf-8")
    (repo / ".ai-readiness.toml").write_text('exclude = ["vendor/**"]\n', encoding="utf-8")
    commit_all(repo)
    monkeypatch.chdir(repo / "vendor")
    code, report, err = lint(capsys, "ai-readiness.yaml")
    assert (code, report["files"]) == (0, [])
    assert "note: vendor/ai-readiness.yaml: not linted: it matches the `exclude` pattern 'vendor/**'" in err
    code, report, err = lint(capsys, ".")
    assert (code, report["files"]) == (0, [])
    assert "note: .: no manifest linted: 1 manifest matched by the `exclude` pattern 'vendor/**'" in err


@pytest.mark.parametrize("in_git", [True, False], ids=["git", "walk"])
def test_a_folder_without_manifests_gets_a_note(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, in_git: bool
) -> None:
    folder = make_repo(tmp_path / "repo") if in_git else tmp_path / "plain"
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "readme.md").write_text("x\n", encoding="utf-8")
    (folder / "docs" / ".hidden").mkdir()
    (folder / "docs" / ".hidden" / "ai-readiness.yaml").write_text(GOOD.replace("NAME", "h"), encoding="utf-8")
    (folder / "docs" / "ignored").mkdir()
    (folder / "docs" / "ignored" / "ai-readiness.yaml").write_text(GOOD.replace("NAME", "i"), encoding="utf-8")
    (folder / ".gitignore").write_text("ignored/\n.hidden/\n", encoding="utf-8")
    if in_git:
        commit_all(folder)
    monkeypatch.chdir(folder)
    code, report, err = lint(capsys, "docs")
    if not in_git:  # walking skips only hidden folders: the ignored one is found
        assert code == 0 and [f["path"] for f in report["files"]] == ["docs/ignored/ai-readiness.yaml"]
        (folder / "docs" / "ignored" / "ai-readiness.yaml").unlink()
        code, report, err = lint(capsys, "docs")
    assert (code, report["files"]) == (0, [])
    expected = "git lists no ai-readiness.yaml" if in_git else "there is no ai-readiness.yaml or ai-readiness.yml in it"
    assert f"note: docs: no manifest linted: {expected}" in err


def test_submodules_are_named_not_skipped_in_silence(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A submodule is another repository: `lint .` in the superproject says it left it out; a
    submodule named on the command line is linted in its own repository; one that is not checked
    out gets a note."""
    library = make_repo(tmp_path / "library")
    (library / "ai-readiness.yaml").write_text(GOOD.replace("NAME", "library"), encoding="utf-8")
    (library / "CODEOWNERS").write_text("* @acme/ml\n", encoding="utf-8")
    commit_all(library)
    top = make_repo(tmp_path / "top")
    (top / "ai-readiness.yaml").write_text(GOOD.replace("NAME", "top"), encoding="utf-8")
    (top / "CODEOWNERS").write_text("* @acme/ml\n", encoding="utf-8")
    git(top, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(library), "vendor/library")
    commit_all(top)
    monkeypatch.chdir(top)
    code, report, err = lint(capsys)
    assert code == 0 and linted(report) == ["ai-readiness.yaml"]
    assert "note: vendor/library: not linted: a git submodule (lint it on its own)" in err
    code, report, err = lint(capsys, "vendor/library")
    assert code == 0 and linted(report) == ["ai-readiness.yaml"] and "note:" not in err
    assert report["files"][0]["systems"][0]["name"] == "library"
    # a clone without the submodule checked out
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(top), str(clone))
    monkeypatch.chdir(clone)
    code, report, err = lint(capsys, "vendor/library")
    assert (code, report["files"]) == (0, [])
    assert "note: vendor/library: no manifest linted: it is a git submodule that is not checked out" in err


def test_a_bare_repository_gets_a_note(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "ai-readiness.yaml").write_text(GOOD.replace("NAME", "svc"), encoding="utf-8")
    commit_all(repo)
    git(tmp_path, "clone", "-q", "--bare", str(repo), "bare.git")
    monkeypatch.chdir(tmp_path / "bare.git")
    for args in ((), ("refs",)):
        code, report, err = lint(capsys, *args)
        assert (code, report["files"]) == (0, [])
        assert f"note: {args[0] if args else '.'}: no manifest linted: it is a git directory" in err


def test_a_repository_inside_a_walked_folder_gets_a_note(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside git, a folder that is a repository of its own is not linted with the others: a file
    is judged in the repository that holds it."""
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "ai-readiness.yaml").write_text(GOOD.replace("NAME", "plain"), encoding="utf-8")
    inner = make_repo(tmp_path / "inner")
    (inner / "ai-readiness.yaml").write_text(GOOD.replace("NAME", "plain"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, report, err = lint(capsys)
    assert code == 0 and linted(report) == ["plain/ai-readiness.yaml"]
    assert "note: inner: not linted: another git repository (lint it on its own)" in err


def _folder_then_last_part(path: str) -> str:
    """The real path as the linter takes it without a cache: os.path.realpath gives up at a link
    loop and leaves the rest as written, while the last part is always resolved on its own."""
    parent, name = os.path.split(path)
    if not name or name in (".", ".."):
        return os.path.realpath(path)
    joined = os.path.join(os.path.realpath(parent), name)
    return os.path.realpath(joined) if os.path.islink(joined) else joined


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_the_cached_real_path_is_the_real_path(tmp_path: Path) -> None:
    """realpath_cached resolves a new folder from its parent's answer: the same answer as the
    folder's os.path.realpath and one lstat for the last part, for every path, through links
    (relative, absolute, chained, dangling, to the root, up the tree), link loops and `..`, with
    a cache that lives through many paths."""
    import itertools

    from ai_readiness.discovery import realpath_cached

    base = tmp_path.resolve()
    (base / "a" / "b" / "c").mkdir(parents=True)
    (base / "d" / "e").mkdir(parents=True)
    (base / "a" / "b" / "c" / "f.yaml").touch()
    links = {
        "a/b/l1": "../d",
        "d/l2": str(base / "a" / "b"),
        "d/l3": "l3",  # a loop
        "d/l5": "l6",  # a loop of two
        "d/l6": "l5",
        "d/dangling": "missing",
        "d/l4": "e/../../a",
        "d/root": "/",
        "a/up": "..",
    }
    for link, target in links.items():
        os.symlink(target, base / link)
    names = ["a", "b", "d", "l1", "l2", "l3", "l4", "l5", "dangling", "root", "up", "f.yaml", "..", ".", "x"]
    shared: dict[str, str] = {}
    for parts in itertools.chain(
        itertools.product(names, repeat=2),
        itertools.product(["a", "d", "l1", "l2", "l3", "up", ".."], repeat=4),
        [("d", "l3", "..", "l2", "a", "l4")],  # past a loop, `..` must not resume the walk
        [("a", "up") * 40 + ("b", "c", "f.yaml")],  # deeper than the parts walked one by one
    ):
        path = os.path.join(base, *parts)
        expected = _folder_then_last_part(path)
        assert realpath_cached(path, {}) == expected, path
        assert realpath_cached(path, shared) == expected, path
