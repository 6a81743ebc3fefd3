"""The GitHub Action (`action.yml`), tested by running it.

The test reads `action.yml` and runs its steps in order as the Actions runner does: each `run:` step
with `bash --noprofile --norc -eo pipefail` in the workspace, with the environment the runner gives a
composite action (GITHUB_ACTION_PATH, RUNNER_TEMP, a GITHUB_OUTPUT and a GITHUB_STEP_SUMMARY file
per step, GITHUB_EVENT_NAME and GITHUB_EVENT_PATH, …) and the step's `env:` mapping, whose simple
`${{ inputs.x }}` / `${{ steps.x.outputs.y }}` expressions the test evaluates itself. The one step
that `uses:` another action (setup-python) is replaced by what it provides: this Python. The
repository is a real pull request, checked out the way actions/checkout does it (the merge ref, all
history or a single commit). Installing the tool is real too (pip, from this checkout).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT, commit_all, git, make_repo
from tests.reporting import check_report_schema

ACTION = ROOT / "action.yml"
WORKFLOWS = ROOT / "examples" / "workflows"
REPOSITORY = "acme/assistants"
PR_NUMBER = 7
MERGE_REF = f"refs/pull/{PR_NUMBER}/merge"
LOOSENED = "release threshold for answer_correctness loosened from >= 0.85 to >= 0.70"

SUPPORT_BOT = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata:
  name: support-bot
spec:
  type: rag-assistant
  stage: prototype
  owners:
    technical: ["@acme/support-ml"]
  purpose:
    intendedUse: Answer customer questions from the help centre articles.
  evaluation:
    metrics:
      - {{id: answer_correctness, kind: quality, direction: higher}}
    thresholds:
      - {{metric: answer_correctness, op: ">=", value: {value}, gate: release}}
"""

# Untouched by the pull request; its STAGE001 error shows only when the whole repository is linted.
BILLING_BOT = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata:
  name: billing-bot
spec:
  type: agent
  stage: prototype
  purpose:
    intendedUse: Draft refund decisions for a person to approve.
"""


def load_yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


# -- a small Actions runner --------------------------------------------------------------------------

EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}")
PROPERTY = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*")


def read_outputs(path: Path) -> dict[str, str]:
    """A GITHUB_OUTPUT file as the runner reads it: `name=value` lines and `name<<DELIMITER` blocks."""
    outputs: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, i + 1)
            outputs[name] = "\n".join(lines[i + 1 : end])
            i = end + 1
            continue
        if line:
            name, value = line.split("=", 1)
            outputs[name] = value
        i += 1
    return outputs


@dataclass
class Run:
    status: int
    log: str  # standard output of every step, as the job log shows it
    errors: str  # standard error of every step
    outputs: dict[str, str]  # the action's outputs
    step_outputs: dict[str, dict[str, str]]
    summary: str  # the job summary: every step's summary file, in order
    ran: list[str]  # ids of the steps that ran

    @property
    def annotations(self) -> list[str]:
        return [line for line in self.log.splitlines() if re.match(r"::(error|warning|notice) ", line)]


@dataclass
class Runner:
    workspace: Path
    temp: Path
    event_name: str = "pull_request"
    event: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.action: dict[str, Any] = load_yaml(ACTION)
        unknown = set(self.inputs) - set(self.action["inputs"])
        assert not unknown, f"no such inputs: {unknown}"
        self.step_outputs: dict[str, dict[str, str]] = {}
        self.count = 0

    def input(self, name: str) -> str:
        if name in self.inputs:
            return self.inputs[name]
        return str(self.action["inputs"][name].get("default", ""))

    def value(self, expression: str) -> str:
        """The simple property expressions action.yml may use; anything else fails the test loudly."""
        assert PROPERTY.fullmatch(expression), f"the test runner does not evaluate ${{{{ {expression} }}}}"
        parts = expression.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return self.input(parts[1])
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.step_outputs.get(parts[1], {}).get(parts[3], "")
        if parts[0] == "github" and len(parts) == 2 and parts[1] in ("action_path", "workspace", "event_name"):
            return {"action_path": str(ROOT), "workspace": str(self.workspace), "event_name": self.event_name}[parts[1]]
        if parts[0] == "github" and parts[1] == "event":
            node: Any = self.event
            for part in parts[2:]:
                node = node.get(part) if isinstance(node, dict) else None
            return "" if node is None else str(node)
        if parts[0] == "runner" and len(parts) == 2 and parts[1] in ("temp", "os"):
            return str(self.temp) if parts[1] == "temp" else "Linux"
        raise AssertionError(f"the test runner does not evaluate ${{{{ {expression} }}}}")

    def evaluate(self, text: str) -> str:
        return EXPRESSION.sub(lambda m: self.value(m.group(1).strip()), text)

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_", "INPUT_", "GIT_"))}
        event_path = self.temp / "event.json"
        event_path.write_text(json.dumps(self.event), encoding="utf-8")
        head = git(self.workspace, "rev-parse", "HEAD").strip()
        env.update(
            {
                "CI": "true",
                "GITHUB_ACTIONS": "true",
                "GITHUB_ACTION_PATH": str(ROOT),
                "GITHUB_WORKSPACE": str(self.workspace),
                "GITHUB_EVENT_NAME": self.event_name,
                "GITHUB_EVENT_PATH": str(event_path),
                "GITHUB_REPOSITORY": REPOSITORY,
                "GITHUB_SERVER_URL": "https://github.com",
                "GITHUB_SHA": head,
                "RUNNER_TEMP": str(self.temp),
                "RUNNER_OS": "Linux",
                # What setup-python provides; `update-environment: false` keeps it off PATH on GitHub,
                # and the action must not rely on it there either.
                "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
            }
        )
        return env

    def run(self, *, start: str | None = None, stop: str | None = None) -> Run:
        """Run the steps in order (from the step `start` to the step `stop`, both included), stopping
        at the first that fails, as a job does without `if: always()`."""
        log, errors, summaries, ran = [], [], [], []
        status = 0
        started = start is None
        for step in self.action["runs"]["steps"]:
            started = started or step.get("id") == start
            if not started:
                continue
            assert "if" not in step, "the test runner does not evaluate if: conditions"
            ran.append(step.get("id", ""))
            status, out, err, summary = self.step(step)
            log.append(out)
            errors.append(err)
            summaries.append(summary)
            if status != 0 or step.get("id") == stop:
                break
        outputs = {name: self.evaluate(spec["value"]) for name, spec in self.action["outputs"].items()}
        return Run(status, "".join(log), "".join(errors), outputs, self.step_outputs, "".join(summaries), ran)

    def step(self, step: dict[str, Any]) -> tuple[int, str, str, str]:
        self.count += 1
        if "uses" in step:
            assert step["uses"].startswith("actions/setup-python@"), step["uses"]
            self.step_outputs[step["id"]] = {"python-path": sys.executable, "python-version": sys.version.split()[0]}
            return 0, "", "", ""
        assert step.get("shell") == "bash"
        output = self.temp / f"output-{self.count}"
        summary = self.temp / f"summary-{self.count}.md"
        script = self.temp / f"step-{self.count}.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = self.environment()
        env.update({"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)})
        env.update({name: self.evaluate(str(value)) for name, value in step.get("env", {}).items()})
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )
        if "id" in step:
            self.step_outputs[step["id"]] = read_outputs(output)
        text = summary.read_text(encoding="utf-8") if summary.exists() else ""
        return done.returncode, done.stdout, done.stderr, text


# -- a pull request, checked out as actions/checkout does it -------------------------------------------


@dataclass
class PullRequest:
    origin: Path
    base: str  # the base branch's commit
    head: str  # the pull request's branch
    merge: str  # refs/pull/N/merge

    def event(self) -> dict[str, Any]:
        return {
            "action": "synchronize",
            "number": PR_NUMBER,
            "pull_request": {
                "number": PR_NUMBER,
                "base": {"ref": "main", "sha": self.base},
                "head": {"ref": "loosen-threshold", "sha": self.head},
            },
            "repository": {"full_name": REPOSITORY},
        }

    def checkout(self, dest: Path, *, depth: int | None = None) -> Path:
        """actions/checkout on a pull_request: the merge ref, detached; `fetch-depth: 0` fetches
        every branch too, the default fetches that one commit."""
        dest.mkdir(parents=True)
        git(dest, "init", "-q")
        git(dest, "remote", "add", "origin", f"file://{self.origin}")
        refspecs = [f"+{MERGE_REF}:refs/remotes/pull/{PR_NUMBER}/merge"]
        if depth is None:
            refspecs.append("+refs/heads/*:refs/remotes/origin/*")
        git(dest, "fetch", "--no-tags", "-q", *([f"--depth={depth}"] if depth else []), "origin", *refspecs)
        git(dest, "checkout", "-q", "--detach", f"refs/remotes/pull/{PR_NUMBER}/merge")
        return dest


@pytest.fixture
def pull_request(tmp_path: Path) -> PullRequest:
    origin = make_repo(tmp_path / "origin")
    (origin / ".github").mkdir()
    (origin / ".github" / "CODEOWNERS").write_text("/support-bot/ @acme/support-ml\n", encoding="utf-8")
    for name, text in (("support-bot", SUPPORT_BOT.format(value="0.85")), ("billing-bot", BILLING_BOT)):
        (origin / name).mkdir()
        (origin / name / "ai-readiness.yaml").write_text(text, encoding="utf-8")
    commit_all(origin, "two systems", date="2026-01-05T10:00:00Z")
    for day in range(6, 9):  # some history on main, so that a shallow clone has something to miss
        (origin / "README.md").write_text(f"day {day}\n", encoding="utf-8")
        commit_all(origin, f"docs {day}", date=f"2026-01-{day:02}T10:00:00Z")
    base = git(origin, "rev-parse", "HEAD").strip()
    git(origin, "checkout", "-q", "-b", "loosen-threshold")
    (origin / "support-bot" / "ai-readiness.yaml").write_text(SUPPORT_BOT.format(value="0.70"), encoding="utf-8")
    head = commit_all(origin, "Loosen the correctness gate", date="2026-01-10T10:00:00Z")
    git(origin, "checkout", "-q", "--detach", "main")
    git(origin, "merge", "-q", "--no-ff", "-m", f"Merge {head} into {base}", "loosen-threshold")
    git(origin, "update-ref", MERGE_REF, "HEAD")
    git(origin, "checkout", "-q", "main")
    return PullRequest(origin, base, head, git(origin, "rev-parse", MERGE_REF).strip())


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, str]]]:
    """The setup and install steps, run once for the tests that exercise the later steps."""
    workspace = tmp_path_factory.mktemp("install-workspace")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}  # before conftest's fixture
    subprocess.run(["git", "init", "-q", str(workspace)], env=env, check=True)
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "x"],
        cwd=workspace,
        env=env,
        check=True,
    )
    runner = Runner(workspace, tmp_path_factory.mktemp("install-temp"), event_name="workflow_dispatch")
    run = runner.run(stop="install")
    assert run.status == 0, run.errors
    yield run.step_outputs


def runner_for(tmp_path: Path, workspace: Path, pr: PullRequest | None = None, **kwargs: Any) -> Runner:
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    if pr is not None:
        kwargs.setdefault("event", pr.event())
    return Runner(workspace, temp, **kwargs)


def run_after_install(runner: Runner, installed: dict[str, dict[str, str]]) -> Run:
    runner.step_outputs.update(installed)
    return runner.run(start="base")


# -- running the action -------------------------------------------------------------------------------


def test_a_pull_request_that_loosens_a_threshold(pull_request: PullRequest, tmp_path: Path) -> None:
    """The whole action, install included, on `fetch-depth: 0` checkout of a pull request."""
    workspace = pull_request.checkout(tmp_path / "workspace")
    runner = runner_for(tmp_path, workspace, pull_request)
    run = runner.run()

    assert run.ran == ["python", "install", "base", "lint"]
    assert run.status == 0, run.errors  # a warning does not fail the default `fail-on` (error)
    assert run.step_outputs["base"]["sha"] == pull_request.base
    venv = Path(run.step_outputs["install"]["python"]).parent.parent
    assert venv.parent == runner.temp  # installed under RUNNER_TEMP, not into the job's Python

    # One annotation: the loosened gate, with its position and the old value; billing-bot's own
    # error is left out because the change does not touch it.
    (annotation,) = run.annotations
    assert re.fullmatch(
        r"::warning file=support-bot/ai-readiness\.yaml,line=16,col=\d+,endLine=16,endColumn=\d+,title=PR002::"
        + re.escape(LOOSENED),
        annotation,
    ), annotation
    assert "support-bot/ai-readiness.yaml:16:" in run.log  # the raw log shows file and line too

    lint_output = read_outputs(runner.temp / f"output-{runner.count}")
    assert lint_output == {"errors": "0", "warnings": "1", "sarif-file": "", "report-file": ""}
    assert run.outputs == {"errors": "0", "warnings": "1", "sarif-file": "", "report-file": ""}
    assert not list(runner.temp.glob("ai-readiness-sarif.*")), "the private SARIF copy is removed"

    # The job summary: the scorecard first, then every finding with a link to its line.
    summary = run.summary
    assert summary.index("### Readiness") < summary.index("### Findings")
    assert "**support-bot**" in summary and "**billing-bot**" not in summary
    markdown = LOOSENED.replace("_", "\\_").replace(">", "&gt;")  # as the summary escapes it
    assert "PR002" in summary and markdown in summary, summary
    assert f"https://github.com/{REPOSITORY}/blob/{pull_request.merge}/support-bot/ai-readiness.yaml#L16" in summary


def test_a_shallow_checkout_fetches_the_base(
    pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]]
) -> None:
    """actions/checkout's default (`fetch-depth: 1`): the base commit is fetched, and enough history
    for the merge base, before linting with --base."""
    workspace = pull_request.checkout(tmp_path / "workspace", depth=1)
    assert subprocess.run(["git", "cat-file", "-e", pull_request.base], cwd=workspace).returncode != 0
    run = run_after_install(runner_for(tmp_path, workspace, pull_request), installed)
    assert run.status == 0, run.errors
    assert git(workspace, "merge-base", pull_request.base, "HEAD").strip() == pull_request.base
    assert [a.rsplit("::", 1)[1] for a in run.annotations] == [LOOSENED]
    assert run.outputs["warnings"] == "1"


def test_a_base_branch_name_is_fetched(
    pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]]
) -> None:
    workspace = pull_request.checkout(tmp_path / "workspace", depth=1)
    runner = runner_for(tmp_path, workspace, pull_request, inputs={"base-ref": "main"})
    run = run_after_install(runner, installed)
    assert run.status == 0, run.errors
    assert run.step_outputs["base"]["sha"] == pull_request.base
    assert [a.rsplit("::", 1)[1] for a in run.annotations] == [LOOSENED]


def test_inputs_fail_on_sarif_and_paths(
    pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]]
) -> None:
    workspace = pull_request.checkout(tmp_path / "workspace")
    inputs = {
        "fail-on": "warning",
        "sarif-file": "results/ai-readiness.sarif",
        "summary": "false",
        # several paths, on lines and separated by spaces; none is taken for an option
        "paths": "support-bot\n  billing-bot   --version\n",
    }
    (workspace / "results").mkdir()
    (workspace / "--version").mkdir()
    (workspace / "--version" / "ai-readiness.yaml").write_text(
        BILLING_BOT.replace("billing-bot", "version-bot"), encoding="utf-8"
    )
    runner = runner_for(tmp_path, workspace, pull_request, inputs=inputs)
    run = run_after_install(runner, installed)

    assert run.status == 1  # the warning fails the step with fail-on: warning...
    assert run.outputs == {
        "errors": "1",
        "warnings": "1",
        "sarif-file": "results/ai-readiness.sarif",
        "report-file": "",
    }
    assert run.summary == ""  # summary: false
    # ...and the outputs are written all the same. The untracked `--version` folder is part of the
    # change, so its system is linted (STAGE001: no technical owner).
    sarif = json.loads((workspace / "results" / "ai-readiness.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results) == [
        ("PR002", "support-bot/ai-readiness.yaml"),
        ("STAGE001", "--version/ai-readiness.yaml"),
    ]
    assert len(run.annotations) == 2


def test_the_report_file_covers_every_system(
    pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]]
) -> None:
    """`report-file`: the report of the same run, for every system, also billing-bot, which the
    pull request does not touch and whose error the annotations leave out."""
    workspace = pull_request.checkout(tmp_path / "workspace")
    (workspace / "out").mkdir()
    runner = runner_for(tmp_path, workspace, pull_request, inputs={"report-file": "out/report.json"})
    run = run_after_install(runner, installed)
    assert run.status == 0, run.errors
    assert [a.rsplit("::", 1)[1] for a in run.annotations] == [LOOSENED]
    assert run.outputs["report-file"] == "out/report.json"
    report = json.loads((workspace / "out" / "report.json").read_text(encoding="utf-8"))
    check_report_schema(report)
    head = git(workspace, "rev-parse", "HEAD").strip()
    assert report["repository"] == {"name": REPOSITORY, "url": f"https://github.com/{REPOSITORY}", "commit": head}
    systems = {s["name"]: s for s in report["systems"]}
    assert set(systems) == {"support-bot", "billing-bot"}
    assert [f["rule"] for f in systems["billing-bot"]["findings"] if f["stage"] == "prototype"] == ["STAGE001"]
    assert all(f["rule"] != "PR002" for s in report["systems"] for f in s["findings"])  # the change is no gap


def test_without_a_base_everything_is_linted(
    pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]]
) -> None:
    """A push that creates a branch (`before` is all zeros) and a manual run have no base."""
    workspace = pull_request.checkout(tmp_path / "workspace")
    event = {"before": "0" * 40, "after": pull_request.merge, "created": True}
    run = run_after_install(runner_for(tmp_path, workspace, event_name="push", event=event), installed)
    assert run.step_outputs["base"]["sha"] == ""
    assert run.status == 1  # billing-bot's error, now in scope
    assert run.outputs["errors"] == "1" and run.outputs["warnings"] == "0"
    assert "billing-bot/ai-readiness.yaml" in run.summary and "PR002" not in run.log


@pytest.mark.parametrize("event_name", ["push", "merge_group"])
def test_a_push_or_a_merge_queue_compares_with_its_base(
    pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]], event_name: str
) -> None:
    workspace = pull_request.checkout(tmp_path / "workspace", depth=1)
    if event_name == "push":
        event: dict[str, Any] = {"before": pull_request.base, "after": pull_request.merge}
    else:
        event = {"merge_group": {"base_sha": pull_request.base, "head_sha": pull_request.merge}}
    run = run_after_install(runner_for(tmp_path, workspace, event_name=event_name, event=event), installed)
    assert run.status == 0, run.errors
    assert run.step_outputs["base"]["sha"] == pull_request.base
    assert [a.rsplit("::", 1)[1] for a in run.annotations] == [LOOSENED]


def test_config_decides_fail_on_and_severities(
    pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]]
) -> None:
    """`fail-on` left empty: the configuration's; `config` names the file."""
    workspace = pull_request.checkout(tmp_path / "workspace")
    (workspace / "ci").mkdir()
    (workspace / "ci" / "ai-readiness.toml").write_text(
        'fail-on = "never"\n[rules]\nPR002 = "error"\n', encoding="utf-8"
    )
    runner = runner_for(tmp_path, workspace, pull_request, inputs={"config": "ci/ai-readiness.toml"})
    run = run_after_install(runner, installed)
    assert run.status == 0, run.errors
    assert run.outputs["errors"] == "1" and run.outputs["warnings"] == "0"
    assert run.annotations[0].startswith("::error ") and run.annotations[0].endswith(LOOSENED)


def test_target_stage(pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]]) -> None:
    workspace = pull_request.checkout(tmp_path / "workspace")
    run = run_after_install(runner_for(tmp_path, workspace, pull_request, inputs={"target-stage": "pilot"}), installed)
    assert run.status == 1  # what a promotion to pilot must close: STAGE001 errors
    assert int(run.outputs["errors"]) > 0
    assert any(",title=STAGE001::" in a and "pilot" in a for a in run.annotations)


def test_a_push_whose_before_commit_is_gone_lints_everything(
    pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]]
) -> None:
    """After a force push the old commit may be unreachable: lint the whole repository, don't fail."""
    workspace = pull_request.checkout(tmp_path / "workspace")
    event = {"before": "1" * 40, "after": pull_request.merge, "forced": True}
    run = run_after_install(runner_for(tmp_path, workspace, event_name="push", event=event), installed)
    assert run.step_outputs["base"]["sha"] == ""
    assert "::notice title=ai-readiness::the commit before the push is not available" in run.log
    assert run.outputs["errors"] == "1"


def test_a_missing_base_fails_with_the_fix(
    pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]]
) -> None:
    workspace = pull_request.checkout(tmp_path / "workspace")
    runner = runner_for(tmp_path, workspace, pull_request, inputs={"base-ref": "no-such-branch"})
    run = run_after_install(runner, installed)
    assert run.status == 2
    assert "--base no-such-branch" in run.errors
    assert run.outputs == {"errors": "", "warnings": "", "sarif-file": "", "report-file": ""}


@pytest.mark.parametrize("base", ["--upload-pack=touch pwned", "main\nx"])
def test_a_base_ref_that_is_not_a_ref_is_refused(
    pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]], base: str
) -> None:
    workspace = pull_request.checkout(tmp_path / "workspace")
    run = run_after_install(runner_for(tmp_path, workspace, pull_request, inputs={"base-ref": base}), installed)
    assert run.status == 2 and run.ran == ["base"]
    assert "::error title=ai-readiness::base-ref must be a commit or a branch name" in run.log
    assert not (workspace / "pwned").exists()


def test_inputs_never_reach_a_shell_as_code(
    pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]]
) -> None:
    hostile = '$(touch pwned) `touch pwned` "; touch pwned; echo "'
    workspace = pull_request.checkout(tmp_path / "workspace")
    inputs = {"paths": hostile, "config": hostile, "target-stage": hostile, "fail-on": hostile}
    run = run_after_install(runner_for(tmp_path, workspace, pull_request, inputs=inputs), installed)
    assert run.status == 2  # click refuses the values
    assert not list(workspace.rglob("pwned")) and not list(tmp_path.rglob("pwned"))


def test_policy_packages_are_installed_and_their_pack_binds_the_repository(
    pull_request: PullRequest, tmp_path: Path
) -> None:
    """The whole action with a policy package (the README's example, by its local path: any pip
    requirement specifier works) and the pack it holds passed as `policy`."""
    workspace = pull_request.checkout(tmp_path / "workspace")
    (workspace / ".ai-readiness.toml").write_text('[rules]\nSEC001 = "info"\n', encoding="utf-8")
    inputs = {
        "policy": "python:acme_ai_policy/policy.toml",
        "policy-packages": str(ROOT / "examples" / "policy-package"),
        "base-ref": "",
    }
    runner = runner_for(tmp_path, workspace, pull_request, inputs=inputs)
    run = runner.run()
    assert run.ran == ["python", "install", "base", "lint"]
    # the pack locks SEC001: the repository's configuration can't lower it
    assert run.status == 2, run.log + run.errors
    assert "`rules.SEC001` = 'info' loosens SEC001, which python:acme_ai_policy/policy.toml locks" in run.errors
    (workspace / ".ai-readiness.toml").unlink()
    manifest = workspace / "support-bot" / "ai-readiness.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + "  components:\n    models: [{id: a, provider: openai, model: gpt-4o}]\n",
        encoding="utf-8",
    )
    (tmp_path / "again").mkdir()
    second = runner_for(tmp_path / "again", workspace, pull_request, inputs=inputs)
    second.step_outputs.update(runner.step_outputs)
    again = second.run(start="base")
    assert again.status == 1, again.log + again.errors
    # the pack raises DATA003 (an unpinned model) to an error
    assert any(a.startswith("::error ") and ",title=DATA003::" in a for a in again.annotations), again.log


def test_policy_inputs_never_reach_a_shell_as_code(
    pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]]
) -> None:
    hostile = '$(touch pwned) `touch pwned` "; touch pwned; echo "'
    workspace = pull_request.checkout(tmp_path / "workspace")
    run = run_after_install(runner_for(tmp_path, workspace, pull_request, inputs={"policy": hostile}), installed)
    assert run.status == 2  # no such pack
    (tmp_path / "pip").mkdir()
    packages = {"policy-packages": f"--index-url=x {hostile}"}
    run = runner_for(tmp_path / "pip", workspace, pull_request, inputs=packages).run(stop="install")
    assert run.status != 0  # pip reads `--index-url=x` as a requirement after `--`, and refuses it
    assert not list(workspace.rglob("pwned")) and not list(tmp_path.rglob("pwned"))


def test_the_repository_cannot_change_the_tool(
    pull_request: PullRequest, tmp_path: Path, installed: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Modules in the checked-out repository (the workspace is the working folder) and PYTHON*
    variables of the job shadow neither the tool nor the standard library."""
    workspace = pull_request.checkout(tmp_path / "workspace")
    (workspace / "ai_readiness").mkdir()
    (workspace / "ai_readiness" / "__init__.py").write_text("raise SystemExit('shadowed')\n", encoding="utf-8")
    (workspace / "json.py").write_text("raise SystemExit('shadowed')\n", encoding="utf-8")
    runner = runner_for(tmp_path, workspace, pull_request)
    runner.step_outputs.update(installed)
    monkeypatch.setenv("PYTHONPATH", str(workspace))
    run = runner.run(start="base")
    assert run.status == 0, run.errors
    assert "shadowed" not in run.log + run.errors
    assert [a.rsplit("::", 1)[1] for a in run.annotations] == [LOOSENED]
    assert run.outputs["warnings"] == "1"


# -- what the runner cannot check: the shape of action.yml and the example workflows ------------------

PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def uses_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(?:-\s+)?uses:", line)]


def test_action_shape() -> None:
    action = load_yaml(ACTION)
    assert set(action["inputs"]) == {
        "paths",
        "fail-on",
        "base-ref",
        "target-stage",
        "config",
        "policy",
        "policy-packages",
        "sarif-file",
        "report-file",
        "summary",
        "python-version",
    }
    assert action["inputs"]["paths"]["default"] == "." and action["inputs"]["summary"]["default"] == "true"
    assert set(action["outputs"]) == {"errors", "warnings", "sarif-file", "report-file"}
    assert action["runs"]["using"] == "composite"
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], f"step {step.get('id')}: expressions reach scripts only through env:"
            assert step["run"].startswith("set -euo pipefail\n")
    for line in uses_lines(ACTION):
        assert PINNED.match(line), f"not pinned by a full commit SHA with a # vX.Y.Z comment: {line.strip()}"


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def test_example_workflows_shape() -> None:
    """Pull requests (and code scanning) run on `pull_request`; the report runs on pushes to the
    default branch; the organisation's page on a schedule. Every job has least privileges."""
    files = {path.name: load_yaml(path) for path in workflow_files()}
    assert set(files) == {
        "ai-readiness-pull-request.yml",
        "ai-readiness-policy.yml",
        "ai-readiness-sarif.yml",
        "ai-readiness-report.yml",
        "ai-readiness-organisation.yml",
    }
    triggers = {
        "ai-readiness-pull-request.yml": {"pull_request"},  # never pull_request_target
        "ai-readiness-policy.yml": {"pull_request"},
        "ai-readiness-sarif.yml": {"pull_request"},
        "ai-readiness-report.yml": {"push", "workflow_dispatch"},
        "ai-readiness-organisation.yml": {"schedule", "workflow_dispatch"},
    }
    for name, workflow in files.items():
        assert set(workflow["on"]) == triggers[name], name
        assert workflow["permissions"] == {}, name
        for line in uses_lines(WORKFLOWS / name):
            assert PINNED.match(line), f"{name}: {line.strip()}"
        for job_name, job in workflow["jobs"].items():
            uses = [s.get("uses", "") for s in job["steps"]]
            if any(u.startswith("actions/deploy-pages@") for u in uses):
                assert job["permissions"] == {"pages": "write", "id-token": "write"}, f"{name}: {job_name}"
                continue
            checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
            assert checkout["with"]["persist-credentials"] is False
            uploads = any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
            expected = {"contents": "read", "security-events": "write"} if uploads else {"contents": "read"}
            assert job["permissions"] == expected, f"{name}: {job_name}"
            if name != "ai-readiness-organisation.yml":
                assert checkout["with"] == {"persist-credentials": False, "fetch-depth": 0}
                assert any(u.startswith("ai-readiness/ai-readiness@") for u in uses)
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), f"{name}: expressions reach scripts only through env:"


def test_the_organisation_workflow_publishes_the_merged_page() -> None:
    """Each repository uploads its report; the central job downloads the latest of each with a
    token passed through env:, merges them and publishes the page."""
    report = load_yaml(WORKFLOWS / "ai-readiness-report.yml")
    (job,) = report["jobs"].values()
    lint = next(s for s in job["steps"] if s.get("uses", "").startswith("ai-readiness/ai-readiness@"))
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert lint["with"]["report-file"] == upload["with"]["path"]
    organisation = load_yaml(WORKFLOWS / "ai-readiness-organisation.yml")
    steps = organisation["jobs"]["merge"]["steps"]
    download = next(s for s in steps if "gh run download" in s.get("run", ""))
    assert download["env"] == {"GH_TOKEN": "${{ secrets.AI_READINESS_REPORTS_TOKEN }}"}
    assert f"--name {upload['with']['name']}" in download["run"]
    merge = next(s for s in steps if "report --merge" in s.get("run", ""))
    assert "--format html --output site/index.html -- " in merge["run"]
    assert organisation["jobs"]["deploy"]["needs"] == "merge"


def test_no_example_workflow_is_named_like_a_manifest() -> None:
    """`ai-readiness.yml` is a manifest's name: a workflow so named would be linted as one."""
    from ai_readiness.discovery import MANIFEST_NAME

    for path in [*workflow_files(), *sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))]:
        assert not MANIFEST_NAME.search(path.relative_to(ROOT).as_posix()), path
