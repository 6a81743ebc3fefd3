"""Never read outside the repository: manifests named on the command line,
symlinked manifests and symlinked referenced files that point outside are refused, and the
outside files are never opened.

Two proofs that nothing outside was opened: the outside targets are FIFOs (opening a FIFO for
reading blocks until a writer comes, and none does: a run that finishes never opened one, root
or not), and the command line runs under a Python audit hook that records every `open` of a path
outside the repository, which covers regular files too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ai_readiness.rules.catalog import BY_ID
from tests.conftest import EXAMPLES, commit_all, make_repo

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks (POSIX)")

TIMEOUT = 60  # a run that blocks on a FIFO never ends: the timeout turns that into a failure
TODAY = "2026-11-28"
PROTOTYPE = (EXAMPLES / "prototype" / "ai-readiness.yaml").read_text(encoding="utf-8")
WITH_RUNBOOK = PROTOTYPE.replace("metadata:\n  name: contract-clause-classifier", "metadata:\n  name: with-runbook")
WITH_RUNBOOK += (
    "  failureHandling: {runbook: docs/runbook.md}\n  evaluation:\n    datasets: [{id: eval, path: /data/eval.jsonl}]\n"
)

# Runs the CLI and reports every `open` (and folder listing) of a path under sys.argv[1].
AUDITED = """\
import os, sys
if sys.path and sys.path[0] == "":
    del sys.path[0]  # imports must not list the working folder: some tests audit it
outside = os.path.realpath(sys.argv[1])
hits = []
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
        real = os.path.realpath(os.fsdecode(args[0]))
        if real == outside or real.startswith(outside + os.sep):
            hits.append((event, real))
sys.addaudithook(hook)
from ai_readiness.cli import main
code = main(sys.argv[2:])
sys.stderr.write(f"OUTSIDE-OPENS {hits!r}\\n")
sys.exit(code)
"""


def run(cwd: Path, outside: Path, *args: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-c", AUDITED, str(outside), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert "OUTSIDE-OPENS []" in done.stderr, done.stderr  # nothing outside was opened
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files outside the repository: FIFOs that block whoever opens them, and regular files."""
    folder = tmp_path / "outside"
    folder.mkdir()
    os.mkfifo(folder / "secret.yaml")
    os.mkfifo(folder / "runbook.md")
    os.mkfifo(folder / "CODEOWNERS")
    (folder / "real.yaml").write_text(PROTOTYPE.replace("contract-clause-classifier", "outsider"), encoding="utf-8")
    (folder / "eval.jsonl").write_text("{}\n", encoding="utf-8")
    (folder / "ai-readiness.yaml").write_text(PROTOTYPE, encoding="utf-8")
    return folder


def _populate(repo: Path, outside: Path) -> None:
    (repo / "ai-readiness.yaml").write_text(WITH_RUNBOOK, encoding="utf-8")
    (repo / "docs").mkdir()
    (repo / "docs" / "runbook.md").symlink_to(outside / "runbook.md")  # a FIFO outside
    (repo / "data").mkdir()
    (repo / "data" / "eval.jsonl").symlink_to(outside / "eval.jsonl")  # a regular file outside
    for name, target in (("fifo", "secret.yaml"), ("real", "real.yaml")):
        (repo / name).mkdir()
        (repo / name / "ai-readiness.yaml").symlink_to(outside / target)
    (repo / "relative").mkdir()
    (repo / "relative" / "ai-readiness.yml").symlink_to(Path("..", "..", "outside", "real.yaml"))
    (repo / "through").symlink_to(outside, target_is_directory=True)
    (repo / ".github").mkdir()
    (repo / ".github" / "CODEOWNERS").symlink_to(outside / "CODEOWNERS")


@pytest.fixture(params=["git", "plain"])
def repo(request: pytest.FixtureRequest, tmp_path: Path, outside: Path) -> Path:
    if request.param == "git":
        repo = make_repo(tmp_path / "repo")
        _populate(repo, outside)
        commit_all(repo)  # git stores the symlinks as links: it never reads their targets
    else:
        repo = tmp_path / "repo"
        repo.mkdir()
        _populate(repo, outside)
    return repo


@pytest.mark.parametrize(
    ("arg", "shown", "rule"),
    [
        ("../outside/real.yaml", "real.yaml", None),
        ("OUTSIDE/ai-readiness.yaml", "ai-readiness.yaml", None),
        ("sub/../../outside/real.yaml", "real.yaml", None),
        ("../outside/secret.yaml", "secret.yaml", "YAML003"),  # a FIFO: never opened
        ("/etc/hostname", "hostname", ""),  # whatever it holds, it is no manifest
    ],
)
def test_a_manifest_named_outside_the_repository_is_judged_in_its_own_folder(
    repo: Path, outside: Path, arg: str, shown: str, rule: str | None
) -> None:
    """A file is judged in the repository that holds it; outside git, the file's own folder is
    the root. The working folder's repository is not read at all (the audit covers it)."""
    if arg == "/etc/hostname" and not os.path.isfile(arg):
        pytest.skip("no /etc/hostname")
    arg = arg.replace("OUTSIDE", str(outside))
    code, out, err = run(repo, repo, "lint", "--today", TODAY, arg)
    assert "outside the repository" not in err
    if rule is None:
        assert (code, out.splitlines()[-1]) == (0, "0 errors, 0 warnings, 0 info in 1 file"), out + err
        assert "META003 compares the linted files only" in err
    else:
        assert code == 1 and out.startswith(f"{shown}:1:1: error {rule}"), out + err


@pytest.mark.parametrize("named", [False, True], ids=["discovered", "named"])
def test_a_symlinked_manifest_pointing_outside_is_yaml003(repo: Path, outside: Path, named: bool) -> None:
    paths = ["fifo/ai-readiness.yaml", "real/ai-readiness.yaml", "relative/ai-readiness.yml"]
    code, out, _ = run(repo, outside, "lint", "--today", TODAY, *(paths if named else []))
    assert code == 1
    for path in paths:
        assert f"{path}:1:1: error YAML003 the manifest is a symbolic link to a file outside the repository" in out
    assert "outsider" not in out  # the outside manifest's name never reached META003


def test_a_symlinked_folder_pointing_outside(repo: Path, outside: Path) -> None:
    code, out, _ = run(repo, outside, "lint", "--today", TODAY, "through/real.yaml", "through/secret.yaml")
    assert code == 1
    assert out.count("error YAML003 the manifest is a symbolic link to a file outside the repository") == 2


def test_meta003_never_reads_outside_manifests(repo: Path, outside: Path) -> None:
    # Only the root manifest is linted; META003 reads every other manifest of the repository,
    # the symlinked ones included, by their text: never through a link that leaves it.
    code, out, _ = run(repo, outside, "lint", "--today", TODAY, "ai-readiness.yaml")
    assert "META003" not in out and "fifo/" not in out
    assert code in (0, 1)


@pytest.mark.skipif(BY_ID["REF001"].check is None, reason="REF001 has no check yet")
def test_a_symlinked_referenced_file_pointing_outside_is_ref001(repo: Path, outside: Path) -> None:
    code, out, _ = run(repo, outside, "lint", "--today", TODAY, "ai-readiness.yaml")
    assert code == 1
    ref = [line for line in out.splitlines() if " REF001 " in line]
    runbook = [line for line in ref if "runbook" in line]
    dataset = [line for line in ref if "eval.jsonl" in line]
    assert runbook and "error REF001" in runbook[0], out
    assert dataset and "error REF001" in dataset[0], out
