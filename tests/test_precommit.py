"""The hook of `.pre-commit-hooks.yaml` under the real pre-commit.

pre-commit installs hooks from a git repository, so the project's working tree (with any
uncommitted change) is copied into a temporary repository and committed there. pre-commit
builds the hook's virtualenv once per test session, with pip and the package registry, in a
temporary PRE_COMMIT_HOME; after that nothing is downloaded: where the machine allows it
(`unshare -n`, as root), the hook runs in a network namespace with no network at all.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("pre_commit", reason="pre-commit is a test dependency: pip install -e '.[test]'")

TIMEOUT = 900  # building the hook's virtualenv runs pip: generous, never a speed assertion
HOOK_ID = "ai-readiness"
REPO_HOOK_ID = "ai-readiness-repo"
FIX_HOOK_ID = "ai-readiness-fix"
TODAY = _dt.datetime.now(_dt.timezone.utc).date().isoformat()  # the hook runs without --today
# pip's words when the registry can't be reached: then the hook can't be installed, and the
# tests skip rather than fail (nothing else here needs a network).
OFFLINE_SIGNS = (
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "No matching distribution found",
    "Could not find a version that satisfies",
)

GOOD = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: NAME}
spec:
  type: classifier
  stage: prototype
  owners: {technical: ["@acme/ml"]}
  purpose: {intendedUse: Tag contract clauses by risk.}
  evaluation: {lastRun: {date: LAST_RUN}}
"""


def _env(home: Path) -> dict[str, str]:
    """A clean environment (this fixture may run before conftest strips GIT_*)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Test Author",
        GIT_AUTHOR_EMAIL="author@example.com",
        GIT_COMMITTER_NAME="Test Committer",
        GIT_COMMITTER_EMAIL="committer@example.com",
        NO_COLOR="1",
    )
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str], check: bool = False) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def _git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return _run(["git", *args], cwd, env, check=True)


def _init(path: Path, env: dict[str, str]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    _git(path, env, "init", "-q", "-b", "main")
    _git(path, env, "config", "commit.gpgsign", "false")
    return path


def _project_files() -> list[Path]:
    """The project's files as they are on disk: tracked and untracked, not ignored."""
    if (ROOT / ".git").exists():
        done = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            env={k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
            capture_output=True,
            check=True,
        )
        names = [n for n in done.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
        return [ROOT / n for n in names if (ROOT / n).is_file()]
    skip = {".git", ".venv", ".ci-venv", "node_modules", "__pycache__", ".pytest_cache", ".mypy_cache", ".hypothesis"}
    return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, pre_commit_home: Path) -> tuple[Path, str]:
    """A committed copy of the project: the repository pre-commit installs the hook from."""
    env = _env(pre_commit_home)
    repo = _init(tmp_path_factory.mktemp("hook-repo") / "ai-readiness", env)
    for source in _project_files():
        target = repo / source.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-q", "-m", "snapshot of the working tree")
    sha = _git(repo, env, "rev-parse", "HEAD").stdout.strip()
    return repo, sha


def _config(hook_repo: tuple[Path, str], args: list[str] | None = None) -> str:
    path, sha = hook_repo
    extra = f"\n        args: [{', '.join(args)}]" if args else ""
    return f"repos:\n  - repo: {path.as_posix()}\n    rev: {sha}\n    hooks:\n      - id: {HOOK_ID}{extra}\n"


@pytest.fixture(scope="session")
def installed(hook_repo: tuple[Path, str], pre_commit_home: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Build the hook's virtualenv once (pip, with the registry); skip when it can't be reached."""
    env = _env(pre_commit_home)
    consumer = _init(tmp_path_factory.mktemp("install") / "repo", env)
    (consumer / ".pre-commit-config.yaml").write_text(_config(hook_repo), encoding="utf-8")
    done = _run([sys.executable, "-m", "pre_commit", "install-hooks", "--color=never"], consumer, env)
    if done.returncode != 0:
        log = pre_commit_home / "pre-commit.log"
        text = done.stdout + done.stderr + (log.read_text(encoding="utf-8", errors="replace") if log.exists() else "")
        if any(sign in text for sign in OFFLINE_SIGNS):
            pytest.skip("the package registry can't be reached: pre-commit can't install the hook")
        raise AssertionError(f"pre-commit install-hooks failed:\n{text}")


def _offline_prefix() -> list[str]:
    """`unshare -n` (a network namespace with no network) where this machine allows it."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    try:
        probe = subprocess.run([unshare, "-n", "true"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [unshare, "-n"] if probe.returncode == 0 else []


@pytest.fixture
def consumer(tmp_path: Path, pre_commit_home: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """A repository that uses the hook: one committed system and a CODEOWNERS."""
    env = _env(pre_commit_home)
    repo = _init(tmp_path / "consumer", env)
    (repo / ".github").mkdir()
    (repo / ".github" / "CODEOWNERS").write_text("* @acme/ml\n", encoding="utf-8")
    (repo / "alpha").mkdir()
    (repo / "alpha" / "ai-readiness.yaml").write_text(
        GOOD.replace("NAME", "alpha").replace("LAST_RUN", TODAY), encoding="utf-8"
    )
    (repo / "alpha" / "model.py").write_text("THRESHOLD = 0.5\n", encoding="utf-8")
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-q", "-m", "alpha")
    yield repo, env


def test_manifest_declares_the_hook() -> None:
    from ruamel.yaml import YAML

    hook, repo_hook, fix_hook = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    # the third: the safe fixes, then the lint, on the manifests a commit changes
    assert fix_hook["id"] == FIX_HOOK_ID and fix_hook["entry"] == "ai-readiness lint --fix"
    assert {k: v for k, v in fix_hook.items() if k not in ("id", "name", "description", "entry")} == {
        k: v for k, v in hook.items() if k not in ("id", "name", "description", "entry")
    }
    # the second hook: the whole repository on every commit, no file names passed
    assert repo_hook["id"] == REPO_HOOK_ID and repo_hook["entry"] == "ai-readiness lint"
    assert repo_hook["pass_filenames"] is False and repo_hook["always_run"] is True
    assert repo_hook["language"] == "python" and repo_hook["name"] and repo_hook["description"]
    assert hook["id"] == HOOK_ID and hook["entry"] == "ai-readiness lint" and hook["language"] == "python"
    assert hook["files"] == r"(^|/)ai-readiness\.ya?ml$" and hook["types"] == ["yaml"]
    assert hook["exclude"] == r"(^|/)\.github/(workflows|actions)/"
    assert hook["require_serial"] is True and hook["name"] and hook["description"]
    # require_serial arrived in pre-commit 1.13.0, the newest field the hook uses
    assert hook["minimum_pre_commit_version"] == "1.13.0"
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_try_repo_passes_a_good_manifest_and_fails_a_bad_one(
    hook_repo: tuple[Path, str], installed: None, consumer: tuple[Path, dict[str, str]]
) -> None:
    repo, env = consumer
    try_repo = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo[0]), HOOK_ID, "--all-files"]
    try_repo += ["--color=never", "--ref", hook_repo[1]]

    good = _run(try_repo, repo, env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    (repo / "beta").mkdir()
    (repo / "beta" / "ai-readiness.yml").write_text(
        GOOD.replace("NAME", "beta").replace("prototype", "launched").replace("LAST_RUN", TODAY), encoding="utf-8"
    )
    (repo / "beta" / "notes.yaml").write_text("not: [a manifest\n", encoding="utf-8")  # not the hook's file
    _git(repo, env, "add", "-A")
    bad = _run(try_repo, repo, env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "beta/ai-readiness.yml:6:10: error SCHEMA001" in bad.stdout  # the findings are printed
    assert "notes.yaml" not in bad.stdout


def test_the_hook_leaves_github_workflows_alone(
    hook_repo: tuple[Path, str], installed: None, consumer: tuple[Path, dict[str, str]]
) -> None:
    """The workflow that runs the tool is naturally named `.github/workflows/ai-readiness.yml`:
    pre-commit must not pass it to the hook as a manifest (it gave 9 SCHEMA001 errors)."""
    repo, env = consumer
    workflow = (ROOT / "examples" / "workflows" / "ai-readiness-pull-request.yml").read_text(encoding="utf-8")
    for place in (".github/workflows", ".github/actions/lint", "sub/.github/workflows"):
        (repo / place).mkdir(parents=True)
        (repo / place / "ai-readiness.yml").write_text(workflow, encoding="utf-8")
    _git(repo, env, "add", "-A")
    try_repo = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo[0]), HOOK_ID, "--color=never"]
    try_repo += ["--ref", hook_repo[1]]
    every = _run([*try_repo, "--all-files"], repo, env)
    assert every.returncode == 0, every.stdout + every.stderr
    assert "Passed" in every.stdout and "SCHEMA001" not in every.stdout
    only = _run([*try_repo, "--files", ".github/workflows/ai-readiness.yml"], repo, env)
    assert only.returncode == 0 and "no files to check" in only.stdout, only.stdout + only.stderr


def test_commits_through_the_installed_hook(
    hook_repo: tuple[Path, str], installed: None, consumer: tuple[Path, dict[str, str]]
) -> None:
    """git runs the hook with its own GIT_* variables (GIT_INDEX_FILE, GIT_DIR, ...): the
    repository-wide rules (META003 through git ls-files and git grep, GIT001 through the
    history) must answer as they do by hand. Where the machine allows it, the commits
    run with no network: the installed hook downloads nothing."""
    repo, env = consumer
    (repo / ".pre-commit-config.yaml").write_text(_config(hook_repo, ["--fail-on", "warning"]), encoding="utf-8")
    _git(repo, env, "add", ".pre-commit-config.yaml")
    _git(repo, env, "commit", "-q", "-m", "use the hook")
    _run([sys.executable, "-m", "pre_commit", "install", "--color=never"], repo, env, check=True)
    offline = _offline_prefix()

    def commit(*args: str) -> subprocess.CompletedProcess[str]:
        return _run([*offline, "git", "commit", *args], repo, env)

    def head() -> str:
        return _git(repo, env, "rev-parse", "HEAD").stdout.strip()

    # a second system named like the committed one: META003 must find alpha through git
    (repo / "beta").mkdir()
    manifest = repo / "beta" / "ai-readiness.yaml"
    manifest.write_text(GOOD.replace("NAME", "alpha").replace("LAST_RUN", TODAY), encoding="utf-8")
    _git(repo, env, "add", "-A")
    before = head()
    refused = commit("-m", "beta, misnamed")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert head() == before
    assert "beta/ai-readiness.yaml:3:18: error META003" in output and "alpha/ai-readiness.yaml" in output

    manifest.write_text(GOOD.replace("NAME", "beta").replace("LAST_RUN", TODAY), encoding="utf-8")
    _git(repo, env, "add", "-A")
    accepted = commit("-m", "beta")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert head() != before

    # `commit -a` runs the hook with GIT_INDEX_FILE set to a temporary index. The code of
    # alpha changed after its last evaluation: GIT001 reads the history through gitpython.
    alpha = repo / "alpha" / "ai-readiness.yaml"
    alpha.write_text(GOOD.replace("NAME", "alpha").replace("LAST_RUN", "2020-01-01"), encoding="utf-8")
    before = head()
    refused = commit("-a", "-m", "alpha, stale evidence")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert head() == before
    assert "alpha/ai-readiness.yaml:9:" in output and "warning GIT001" in output

    fresh = GOOD.replace("NAME", "alpha").replace("LAST_RUN", TODAY).replace("Tag contract", "Tag supplier contract")
    alpha.write_text(fresh, encoding="utf-8")
    accepted = commit("-a", "-m", "alpha, fresh evidence")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert head() != before
    assert _git(repo, env, "status", "--porcelain").stdout == ""


def test_installed_hook_needs_no_network(
    hook_repo: tuple[Path, str], installed: None, consumer: tuple[Path, dict[str, str]]
) -> None:
    offline = _offline_prefix()
    if not offline:
        pytest.skip("`unshare -n` is not available here: the no-network run can't be isolated")
    repo, env = consumer
    (repo / ".pre-commit-config.yaml").write_text(_config(hook_repo), encoding="utf-8")
    _git(repo, env, "add", ".pre-commit-config.yaml")
    # the namespace really has no network: even the loopback interface is down
    probe = _run(
        [*offline, sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9), 5)"], repo, env
    )
    assert probe.returncode != 0 and "Network is unreachable" in probe.stderr
    done = _run([*offline, sys.executable, "-m", "pre_commit", "run", "--all-files", "--color=never"], repo, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def _both_hooks(hook_repo: tuple[Path, str], args: list[str]) -> str:
    path, sha = hook_repo
    listed = ", ".join(args)
    return (
        f"repos:\n  - repo: {path.as_posix()}\n    rev: {sha}\n    hooks:\n"
        f"      - id: {HOOK_ID}\n        args: [{listed}]\n"
        f"      - id: {REPO_HOOK_ID}\n        args: [{listed}]\n"
    )


def test_the_repository_hook_runs_on_commits_that_touch_no_manifest(
    hook_repo: tuple[Path, str], installed: None, tmp_path: Path, pre_commit_home: Path
) -> None:
    """Code-only commits skip the manifest hook (its `files` filter); the repository hook runs on
    every commit: a deleted runbook fails the very commit (REF001), and a code change made after
    the evaluation fails the next commit, whatever it touches (GIT001 reads committed history)."""
    # the hook runs on the real date (no --today): days counted back from it
    day = {n: (_dt.date.fromisoformat(TODAY) - _dt.timedelta(days=n)).isoformat() for n in (10, 5, 4, 3)}
    env = _env(pre_commit_home)
    repo = _init(tmp_path / "code-only", env)
    (repo / "CODEOWNERS").write_text("* @acme/ml\n", encoding="utf-8")
    (repo / "alpha").mkdir()
    manifest = GOOD.replace("NAME", "alpha").replace("LAST_RUN", day[10])
    manifest += "  failureHandling: {runbook: RUNBOOK.md}\n"
    (repo / "alpha" / "ai-readiness.yaml").write_text(manifest, encoding="utf-8")
    (repo / "alpha" / "RUNBOOK.md").write_text("Turn the flag off.\n", encoding="utf-8")
    (repo / "alpha" / "model.py").write_text("THRESHOLD = 0.5\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(_both_hooks(hook_repo, ["--fail-on", "warning"]), encoding="utf-8")
    _git(repo, env, "add", "-A")
    dated = {**env, "GIT_AUTHOR_DATE": f"{day[10]}T12:00:00Z", "GIT_COMMITTER_DATE": f"{day[10]}T12:00:00Z"}
    _run(["git", "commit", "-q", "-m", "alpha, evaluated"], repo, dated, check=True)
    _run([sys.executable, "-m", "pre_commit", "install", "--color=never"], repo, env, check=True)

    def commit(when: str, message: str) -> subprocess.CompletedProcess[str]:
        on_day = {**env, "GIT_AUTHOR_DATE": f"{when}T12:00:00Z", "GIT_COMMITTER_DATE": f"{when}T12:00:00Z"}
        return _run(["git", "commit", "-a", "-m", message], repo, on_day)

    # a code-only change: the manifest hook is skipped, the repository hook runs and passes
    (repo / "alpha" / "model.py").write_text("THRESHOLD = 0.6\n", encoding="utf-8")
    done = commit(day[5], "tune the threshold")
    assert done.returncode == 0, done.stdout + done.stderr
    status = {
        line.split(".")[0]: line.rsplit(".", 1)[-1]
        for line in (done.stdout + done.stderr).splitlines()
        if line.startswith("ai-readiness")
    }
    assert status == {"ai-readiness": "(no files to check)Skipped", "ai-readiness (whole repository)": "Passed"}

    # the next commit touches no manifest either: the repository hook sees the stale evaluation
    (repo / "NOTES.md").write_text("Unrelated.\n", encoding="utf-8")
    _git(repo, env, "add", "NOTES.md")
    refused = commit(day[4], "notes")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "alpha/ai-readiness.yaml:9:" in output and "warning GIT001" in output
    assert f"alpha/model.py changed on {day[5]}" in output

    # a refreshed evaluation clears it; then deleting the cited runbook fails that very commit
    (repo / "alpha" / "ai-readiness.yaml").write_text(manifest.replace(day[10], day[4]), encoding="utf-8")
    done = commit(day[4], "notes, evaluation rerun")
    assert done.returncode == 0, done.stdout + done.stderr
    (repo / "alpha" / "RUNBOOK.md").unlink()
    refused = commit(day[3], "remove the runbook")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0 and "error REF001" in output, output


def _readme_config() -> str:
    """The README's pre-commit snippet, as a user copies it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## pre-commit\n", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert block.startswith("# .pre-commit-config.yaml\n")
    return block


def test_readme_snippet_works_and_autoupdate_freeze_pins_a_commit(
    hook_repo: tuple[Path, str], installed: None, consumer: tuple[Path, dict[str, str]]
) -> None:
    """The README's snippet names a revision that exists (`main`; no release is tagged) and says
    to pin a commit with `pre-commit autoupdate --freeze`: both work with the real pre-commit.
    The hook repository is this project's working tree committed on `main` (no network here)."""
    repo, env = consumer
    snippet = _readme_config()
    assert "  - repo: https://github.com/ai-readiness/ai-readiness\n    rev: main  #" in snippet
    config = snippet.replace("https://github.com/ai-readiness/ai-readiness", hook_repo[0].as_posix())
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(repo, env, "add", ".pre-commit-config.yaml")
    as_written = _run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color=never"], repo, env)
    assert as_written.returncode == 0, as_written.stdout + as_written.stderr
    assert "ai-readiness" in as_written.stdout and "Passed" in as_written.stdout

    frozen = _run([sys.executable, "-m", "pre_commit", "autoupdate", "--freeze", "--color=never"], repo, env)
    assert frozen.returncode == 0, frozen.stdout + frozen.stderr
    pinned = (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f"    rev: {hook_repo[1]}" in pinned  # the newest commit's full SHA in place of `main`
    _git(repo, env, "add", ".pre-commit-config.yaml")
    again = _run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color=never"], repo, env)
    assert again.returncode == 0 and "Passed" in again.stdout, again.stdout + again.stderr


def test_the_fix_hook_fixes_and_fails_the_commit_it_changed(
    hook_repo: tuple[Path, str], installed: None, consumer: tuple[Path, dict[str, str]]
) -> None:
    """`ai-readiness-fix` writes the safe fixes; pre-commit fails the commit that they changed,
    as it does for formatters, and the next commit, with the fixed file added, passes."""
    repo, env = consumer
    path, sha = hook_repo
    config = f"repos:\n  - repo: {path.as_posix()}\n    rev: {sha}\n    hooks:\n      - id: {FIX_HOOK_ID}\n"
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(repo, env, "add", ".pre-commit-config.yaml")
    _git(repo, env, "commit", "-q", "-m", "use the fix hook")
    _run([sys.executable, "-m", "pre_commit", "install", "--color=never"], repo, env, check=True)
    manifest = repo / "beta" / "ai-readiness.yaml"
    manifest.parent.mkdir()
    good = GOOD.replace("NAME", "beta").replace("LAST_RUN", TODAY)
    manifest.write_text(
        good.replace("stage: prototype", "stage: Prototype").replace("owners:", "ownrs:"), encoding="utf-8"
    )
    _git(repo, env, "add", "-A")
    before = _git(repo, env, "rev-parse", "HEAD").stdout
    refused = _run(["git", "commit", "-m", "beta"], repo, env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "files were modified by this hook" in output and "fixed 2 findings in 1 file" in output
    assert _git(repo, env, "rev-parse", "HEAD").stdout == before
    assert manifest.read_text(encoding="utf-8") == good  # `ownrs` renamed, `Prototype` spelt as allowed
    _git(repo, env, "add", "-A")
    accepted = _run(["git", "commit", "-m", "beta, fixed"], repo, env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_a_policy_package_installed_with_additional_dependencies(
    hook_repo: tuple[Path, str], installed: None, consumer: tuple[Path, dict[str, str]]
) -> None:
    """The README's policy package (a local path is a pip requirement too), installed into the
    hook's environment by pre-commit; the repository extends its pack. The pack raises DATA003 to
    an error, so the commit that adds an unpinned model fails only because the pack was read."""
    repo, env = consumer
    package = ROOT / "examples" / "policy-package"
    path, sha = hook_repo
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path.as_posix()}\n    rev: {sha}\n    hooks:\n      - id: {HOOK_ID}\n"
        f"        additional_dependencies: [{package.as_posix()}]\n",
        encoding="utf-8",
    )
    (repo / ".ai-readiness.toml").write_text('extends = ["python:acme_ai_policy/policy.toml"]\n', encoding="utf-8")
    manifest = GOOD.replace("NAME", "alpha").replace("LAST_RUN", TODAY)
    manifest += "  components:\n    models: [{id: tagger, provider: openai, model: gpt-4o}]\n"
    (repo / "alpha" / "ai-readiness.yaml").write_text(manifest, encoding="utf-8")
    _git(repo, env, "add", "-A")
    done = _run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color=never"], repo, env)
    output = done.stdout + done.stderr
    if done.returncode != 0 and any(sign in output for sign in OFFLINE_SIGNS):
        pytest.skip("the package registry can't be reached: pre-commit can't install the policy package")
    assert done.returncode == 1, output
    assert "alpha/ai-readiness.yaml:11:" in output and "error DATA003" in output

    pinned = manifest.replace("model: gpt-4o}", "model: gpt-4o-2024-08-06}")
    (repo / "alpha" / "ai-readiness.yaml").write_text(pinned, encoding="utf-8")
    _git(repo, env, "add", "-A")
    done = _run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color=never"], repo, env)
    assert done.returncode == 0, done.stdout + done.stderr
