"""Git awareness on real repositories: GIT001, `--base` (PR001, PR002, scope) and messy repositories.

Every repository is built in a temporary folder with real commits at controlled dates
(GIT_AUTHOR_DATE / GIT_COMMITTER_DATE); nothing about git is mocked.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ai_readiness.config import Config
from ai_readiness.discovery import find_root
from ai_readiness.engine import LintResult, Options, lint
from ai_readiness.errors import ConfigError
from tests.conftest import commit_all, git, make_repo

TODAY = dt.date(2026, 11, 28)

SYSTEM = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {{name: {name}}}
spec:
  type: rag-assistant
  stage: {stage}
  owners:
    business: ["@acme/support-leads"]
    technical: ["@acme/support-ml"]
  purpose: {{intendedUse: Answer support questions.}}
  evaluation:
    metrics:
      - {{id: answer_correctness, kind: quality, direction: higher}}
      - {{id: harmful_rate, kind: safety, direction: lower}}
    thresholds:
      - {{metric: answer_correctness, op: ">=", value: {correctness}, gate: release}}
      - {{metric: harmful_rate, op: "<=", value: 0.01}}
    lastRun: {{date: {last_run}, report: https://reports.example.com/1}}
  logging: {{events: [request, output, model_version, retrieved_context], retention: {retention}, piiRedaction: true}}
  humanOversight: {{mode: {mode}}}
{extra}"""


def system(
    name: str = "support-bot",
    stage: str = "pilot",
    correctness: str = "0.85",
    last_run: str = "2026-11-10",
    retention: str = "P180D",
    mode: str = "human-in-the-loop",
    extra: str = "",
) -> str:
    return SYSTEM.format(
        name=name, stage=stage, correctness=correctness, last_run=last_run, retention=retention, mode=mode, extra=extra
    )


def run(
    repo: Path, *paths: str, base: str | None = None, cwd: Path | None = None, today: dt.date = TODAY
) -> LintResult:
    folder = cwd or repo
    return lint(Options(paths=list(paths), cwd=folder, root=find_root(folder), config=Config(), today=today, base=base))


def rules(result: LintResult, *wanted: str) -> list[tuple[str, str, int, str]]:
    return [(f.rule, f.path, f.line, f.message) for f in result.findings if f.rule in wanted and f.suppressed is None]


# -- GIT001 -----------------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    (repo / "svc" / "src").mkdir(parents=True)
    (repo / "svc" / "ai-readiness.yaml").write_text(system(), encoding="utf-8")
    (repo / "svc" / "src" / "app.py").write_text("print(1)\n", encoding="utf-8")
    (repo / "other").mkdir()
    (repo / "other" / "x.py").write_text("x = 1\n", encoding="utf-8")
    commit_all(repo, "initial", date="2026-11-01T12:00:00Z")
    return repo


def test_git001_code_changed_after_the_evaluation(repo: Path) -> None:
    (repo / "svc" / "src" / "app.py").write_text("print(2)\n", encoding="utf-8")
    sha = commit_all(repo, "change the code", date="2026-11-15T09:00:00Z")
    (found,) = rules(run(repo), "GIT001")
    assert found[:3] == ("GIT001", "svc/ai-readiness.yaml", 18)
    assert "svc/src/app.py changed on 2026-11-15" in found[3] and sha[:12] in found[3]


def test_git001_same_day_and_manifest_only_commits_are_fine(repo: Path) -> None:
    (repo / "svc" / "src" / "app.py").write_text("print(2)\n", encoding="utf-8")
    commit_all(repo, "same day, late in UTC", date="2026-11-10T23:30:00Z")
    (repo / "svc" / "ai-readiness.yaml").write_text(system(correctness="0.9"), encoding="utf-8")
    commit_all(repo, "only the manifest", date="2026-11-20T09:00:00Z")
    (repo / "other" / "x.py").write_text("x = 2\n", encoding="utf-8")
    commit_all(repo, "outside the system's folder", date="2026-11-21T09:00:00Z")
    assert rules(run(repo), "GIT001") == []


def test_git001_follows_spec_paths(repo: Path) -> None:
    (repo / "svc" / "ai-readiness.yaml").write_text(
        system(extra="  paths: [src/**, /shared/prompts/**]\n"), encoding="utf-8"
    )
    (repo / "shared" / "prompts").mkdir(parents=True)
    (repo / "shared" / "prompts" / "answer.txt").write_text("Be brief.\n", encoding="utf-8")
    commit_all(repo, "prompt", date="2026-11-12T09:00:00Z")
    (found,) = rules(run(repo), "GIT001")
    assert "shared/prompts/answer.txt changed on 2026-11-12" in found[3]


def test_git001_committer_date_counts_not_author_date(repo: Path) -> None:
    (repo / "svc" / "src" / "app.py").write_text("print(3)\n", encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-11-30T00:00:00Z", "GIT_COMMITTER_DATE": "2026-11-05T00:00:00Z"}
    subprocess.run(["git", "commit", "-qam", "old committer date"], cwd=repo, env=env, check=True)
    assert rules(run(repo), "GIT001") == []


ROOT_SYSTEM = """\
apiVersion: ai-readiness/v1
kind: AISystem
metadata: {name: answer-bot}
spec:
  type: rag-assistant
  stage: pilot
  owners: {technical: ["@acme/ml"]}
  purpose: {intendedUse: Answer support questions.}
  risk: {tier: low, assessment: docs/risk.md}
  components:
    models: [{id: gen, provider: openai, model: gpt-4o-2024-08-06, card: docs/model-card.md}]
  evaluation:
    datasets: [{id: golden, path: eval/golden.jsonl}]
    lastRun: {date: 2026-11-10, report: eval/reports/latest.md}
    redTeam: {lastPerformed: 2026-11-10, report: docs/red-team/}
  failureHandling: {runbook: /docs/runbook.md}
  reviews:
    - {type: security, status: approved, by: "@acme/security", date: 2026-11-09, evidence: docs/reviews/security.md}
"""
EVIDENCE = [
    "eval/reports/latest.md",
    "docs/red-team/notes.md",  # below a cited folder
    "docs/runbook.md",
    "docs/reviews/security.md",
    "docs/risk.md",
    "docs/model-card.md",
]


@pytest.fixture
def root_repo(tmp_path: Path) -> Path:
    """init's default layout: the manifest at the repository root, no spec.paths (so the whole
    repository is the system's), evaluated on 2026-11-10."""
    repo = make_repo(tmp_path / "root")
    (repo / "ai-readiness.yaml").write_text(ROOT_SYSTEM, encoding="utf-8")
    for name in [*EVIDENCE, "eval/golden.jsonl", "prompts/answer.txt", "src/app.py"]:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("v1\n", encoding="utf-8")
    commit_all(repo, "the system, evaluated", date="2026-11-10T12:00:00Z")
    return repo


@pytest.mark.parametrize("walk", [False, True], ids=["per-system", "history-walk"])
def test_git001_committing_the_evidence_the_manifest_cites_is_not_a_code_change(
    root_repo: Path, walk: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evaluation and red-team reports, review evidence, the runbook, risk documents and model
    cards committed after the evaluation: the evidence is not code, GIT001 stays silent."""
    from ai_readiness.engine import Linter

    if walk:  # the path a big run takes: one walk over the history for every system
        monkeypatch.setattr(Linter, "FEW_FILES", 0)
    for day, name in enumerate(EVIDENCE, start=12):
        (root_repo / name).write_text("v2\n", encoding="utf-8")
        commit_all(root_repo, f"evidence: {name}", date=f"2026-11-{day}T12:00:00Z")
    assert rules(run(root_repo), "GIT001") == []
    assert rules(run(root_repo, "ai-readiness.yaml"), "GIT001") == []


@pytest.mark.parametrize("walk", [False, True], ids=["per-system", "history-walk"])
@pytest.mark.parametrize("changed", ["eval/golden.jsonl", "prompts/answer.txt", "src/app.py"])
def test_git001_datasets_prompts_and_code_still_count(
    root_repo: Path, changed: str, walk: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ai_readiness.engine import Linter

    if walk:
        monkeypatch.setattr(Linter, "FEW_FILES", 0)
    (root_repo / changed).write_text("v2\n", encoding="utf-8")
    commit_all(root_repo, "a change the evaluation has not seen", date="2026-11-14T12:00:00Z")
    (root_repo / "eval/reports/latest.md").write_text("v2\n", encoding="utf-8")
    commit_all(root_repo, "a later report, of the old run", date="2026-11-16T12:00:00Z")
    (found,) = rules(run(root_repo, "ai-readiness.yaml"), "GIT001")
    assert found[3].startswith(f"the evaluation evidence is from 2026-11-10, but {changed} changed on 2026-11-14")


def test_git001_message_says_how_to_narrow_spec_paths(root_repo: Path, repo: Path) -> None:
    (root_repo / "README.md").write_text("docs\n", encoding="utf-8")
    sha = commit_all(root_repo, "readme", date="2026-11-14T12:00:00Z")
    (found,) = rules(run(root_repo), "GIT001")
    assert found[3] == (
        f"the evaluation evidence is from 2026-11-10, but README.md changed on 2026-11-14 (commit {sha[:12]}): "
        "run the evaluation again and update evaluation.lastRun; if that file is not the system's code, prompts "
        "or configuration, declare spec.paths (without it, everything under the manifest's folder counts: here "
        "the whole repository)"
    )
    (root_repo / "ai-readiness.yaml").write_text(
        ROOT_SYSTEM.replace("  stage: pilot\n", "  stage: pilot\n  paths: [src/**, prompts/**, README.md]\n"),
        encoding="utf-8",
    )
    (found,) = rules(run(root_repo), "GIT001")
    assert found[3].endswith("narrow spec.paths (src/**, prompts/**, README.md)")
    (repo / "svc" / "src" / "app.py").write_text("print(2)\n", encoding="utf-8")
    commit_all(repo, "change the code", date="2026-11-15T09:00:00Z")
    (found,) = rules(run(repo), "GIT001")
    assert found[3].endswith("declare spec.paths (without it, everything under the manifest's folder svc/ counts)")


def test_git001_a_cited_folder_holding_the_manifest_is_not_evidence(root_repo: Path) -> None:
    """`runbook: .` (the system's own folder) must not hide every change."""
    (root_repo / "ai-readiness.yaml").write_text(
        ROOT_SYSTEM.replace("runbook: /docs/runbook.md", "runbook: ."), encoding="utf-8"
    )
    (root_repo / "src/app.py").write_text("v2\n", encoding="utf-8")
    commit_all(root_repo, "code", date="2026-11-14T12:00:00Z")
    assert [r[0] for r in rules(run(root_repo), "GIT001")] == ["GIT001"]


def test_git001_is_skipped_with_one_note_in_a_shallow_clone(repo: Path, tmp_path: Path) -> None:
    (repo / "svc" / "src" / "app.py").write_text("print(2)\n", encoding="utf-8")
    commit_all(repo, "change", date="2026-11-15T09:00:00Z")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    result = run(clone)
    assert rules(result, "GIT001") == []
    assert [n for n in result.notes if "shallow" in n] == [result.notes[0]]


def test_a_repository_without_a_commit_skips_git001_silently(tmp_path: Path) -> None:
    """No history yet (a new repository): GIT001 has nothing to compare with, says nothing, and
    the other rules run; files not yet added are untracked (REF001's warning)."""
    repo = make_repo(tmp_path / "new")
    (repo / "svc" / "src").mkdir(parents=True)
    (repo / "svc" / "ai-readiness.yaml").write_text(system(), encoding="utf-8")
    (repo / "svc" / "src" / "app.py").write_text("print(1)\n", encoding="utf-8")
    result = run(repo)
    assert rules(result, "GIT001") == [] and not any("shallow" in n for n in result.notes)
    assert rules(result, "OWN003")  # the git rules that need no history still run


def test_git_hook_variables_do_not_change_the_answer(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "svc" / "src" / "app.py").write_text("print(2)\n", encoding="utf-8")
    commit_all(repo, "change", date="2026-11-15T09:00:00Z")
    expected = rules(run(repo), "GIT001", "REF001", "OWN003")
    monkeypatch.setenv("GIT_INDEX_FILE", str(repo / "no-such-index"))
    monkeypatch.setenv("GIT_DIR", str(repo / "nowhere"))
    monkeypatch.setenv("GIT_WORK_TREE", "/")
    assert rules(run(repo), "GIT001", "REF001", "OWN003") == expected
    assert os.environ["GIT_INDEX_FILE"] == str(repo / "no-such-index")  # restored afterwards


# -- --base: PR001, PR002 and scope ------------------------------------------------------------------


@pytest.fixture
def pr(tmp_path: Path) -> Path:
    """main holds two systems; a feature branch is checked out, ready for changes."""
    repo = make_repo(tmp_path / "pr")
    for name in ("support-bot", "billing-bot"):
        (repo / name).mkdir()
        (repo / name / "ai-readiness.yaml").write_text(system(name=name), encoding="utf-8")
    commit_all(repo, "base", date="2026-11-01T12:00:00Z")
    git(repo, "checkout", "-q", "-b", "feature")
    return repo


def edit(repo: Path, name: str, **changes: str) -> None:
    (repo / name / "ai-readiness.yaml").write_text(system(name=name, **changes), encoding="utf-8")


def test_pr002_states_the_old_value(pr: Path) -> None:
    edit(pr, "support-bot", correctness="0.70")
    result = run(pr, base="main")
    (found,) = rules(result, "PR002")
    assert found == (
        "PR002",
        "support-bot/ai-readiness.yaml",
        16,
        "release threshold for answer_correctness loosened from >= 0.85 to >= 0.70",
    )


def test_pr002_quotes_the_old_value_from_its_own_line(tmp_path: Path) -> None:
    # U+2028 and U+0085 break no line in YAML: the old value is read from the line YAML says
    repo = make_repo(tmp_path / "pr")
    head = "# owners: see the wiki\u2028and the\x85on-call page\n"
    (repo / "ai-readiness.yaml").write_text(head + system(), encoding="utf-8")
    commit_all(repo, "base", date="2026-11-01T12:00:00Z")
    (repo / "ai-readiness.yaml").write_text(head + system(correctness="0.70"), encoding="utf-8")
    (found,) = rules(run(repo, base="HEAD"), "PR002")
    assert found[2:] == (17, "release threshold for answer_correctness loosened from >= 0.85 to >= 0.70")


def test_uncommitted_changes_count_and_untouched_systems_are_skipped(pr: Path) -> None:
    edit(pr, "support-bot", correctness="0.70", retention="P30D", mode="human-on-the-loop")
    # billing-bot has findings of its own (no datasets at pilot, ...) but the change does not touch it
    result = run(pr, base="main")
    assert {f.path for f in result.findings} == {"support-bot/ai-readiness.yaml"}
    assert result.skipped == 1
    messages = [m for *_, m in rules(result, "PR002")]
    assert "log retention shortened from P180D to P30D" in messages
    assert "human oversight lowered from human-in-the-loop to human-on-the-loop" in messages


def test_a_change_under_spec_paths_touches_the_system(pr: Path) -> None:
    (pr / "billing-bot" / "model.py").write_text("x = 1\n", encoding="utf-8")
    result = run(pr, base="main")
    assert {f.path for f in result.findings} == {"billing-bot/ai-readiness.yaml"}
    assert result.skipped == 1


def test_pr001_stage_raised_without_launch_review(pr: Path) -> None:
    edit(pr, "support-bot", stage="production")
    (found,) = rules(run(pr, base="main"), "PR001")
    assert found[:3] == ("PR001", "support-bot/ai-readiness.yaml", 6)
    assert "stage raised from pilot to production" in found[3]
    review = "  reviews:\n    - {type: launch, status: approved, by: '@acme/launch', date: 2026-11-20, evidence: https://x.example/l}\n"
    edit(pr, "support-bot", stage="production", extra=review)
    assert rules(run(pr, base="main"), "PR001") == []
    old_review = review.replace("2026-11-20", "2026-10-20")  # 39 days before today: outside P30D
    edit(pr, "support-bot", stage="production", extra=old_review)
    assert len(rules(run(pr, base="main"), "PR001")) == 1


def test_pr001_a_launch_review_must_approve_this_promotion(pr: Path) -> None:
    """A pilot launch review, merged, does not pass the production promotion the next day; one
    approved by a technical owner never counts; each launch review's reasons are named."""
    pilot_review = "  reviews:\n    - {type: launch, status: approved, by: '@acme/launch-board', date: 2026-11-26}\n"
    edit(pr, "support-bot", stage="pilot", extra=pilot_review)
    commit_all(pr, "support-bot: launch review for the pilot", date="2026-11-26T12:00:00Z")
    git(pr, "checkout", "-q", "main")
    git(pr, "merge", "-q", "feature")
    git(pr, "checkout", "-q", "-b", "to-production")
    edit(pr, "support-bot", stage="production", extra=pilot_review)
    (found,) = rules(run(pr, base="main", today=dt.date(2026, 11, 27)), "PR001")
    assert found[3] == (
        "stage raised from pilot to production; reviews[0] is unchanged since the base (it approved an earlier "
        "change, not this promotion): add or renew, in this change, a `reviews` entry with type launch, status "
        "approved, a date within P30D and `by` someone who is not a technical owner"
    )
    own = pilot_review.replace("@acme/launch-board", "@ACME/Support-ML").replace("2026-11-26", "2026-11-27")
    edit(pr, "support-bot", stage="production", extra=own)
    (found,) = rules(run(pr, base="main", today=dt.date(2026, 11, 27)), "PR001")
    assert "reviews[0] is signed by '@ACME/Support-ML', a technical owner of the system:" in found[3]
    renewed = pilot_review.replace("2026-11-26", "2026-11-27")
    edit(pr, "support-bot", stage="production", extra=renewed)
    assert rules(run(pr, base="main", today=dt.date(2026, 11, 27)), "PR001") == []
    several = (
        "  reviews:\n    - {type: launch, status: pending, by: '@acme/support-ml'}\n"
        "    - {type: launch, status: approved, by: '@acme/launch-board', date: 2026-09-01}\n"
    )
    edit(pr, "support-bot", stage="production", extra=several)
    (found,) = rules(run(pr, base="main", today=dt.date(2026, 11, 27)), "PR001")
    assert found[3].startswith(
        "stage raised from pilot to production; reviews[0] is pending and is signed by '@acme/support-ml', a "
        "technical owner of the system and has no date; reviews[1] is dated 2026-09-01, more than P30D before "
        "2026-11-27: add or renew"
    )


def test_a_new_system_is_not_a_raise(pr: Path) -> None:
    (pr / "new-bot").mkdir()
    (pr / "new-bot" / "ai-readiness.yaml").write_text(system(name="new-bot", stage="production"), encoding="utf-8")
    assert rules(run(pr, base="main"), "PR001", "PR002") == []


def test_removals_and_a_lowered_stage(pr: Path) -> None:
    text = system(name="support-bot", stage="production")
    (pr / "support-bot" / "ai-readiness.yaml").write_text(text, encoding="utf-8")
    commit_all(pr, "to production first", date="2026-11-02T12:00:00Z")
    git(pr, "branch", "-q", "-f", "main", "HEAD")
    lowered = text.replace("stage: production", "stage: pilot").replace('    business: ["@acme/support-leads"]\n', "")
    lowered = lowered.replace('      - {metric: harmful_rate, op: "<=", value: 0.01}\n', "")
    (pr / "support-bot" / "ai-readiness.yaml").write_text(lowered, encoding="utf-8")
    messages = sorted(m for *_, m in rules(run(pr, base="main"), "PR002"))
    assert messages == [
        "owner '@acme/support-leads' removed from owners.business",
        "release threshold for harmful_rate removed (was <= 0.01)",
        "stage lowered from production to pilot without `decommission`: say when it is retired, what happens to its data and what replaces it",
    ]


def test_a_moved_manifest_is_the_same_system(pr: Path) -> None:
    git(pr, "mv", "support-bot", "assistants")
    (pr / "assistants" / "ai-readiness.yaml").write_text(
        system(name="support-bot", correctness="0.80"), encoding="utf-8"
    )
    (found,) = rules(run(pr, base="main"), "PR002")
    assert found[1] == "assistants/ai-readiness.yaml" and "from >= 0.85 to >= 0.80" in found[3]


def test_a_removed_system_is_reported_at_its_base_path(pr: Path) -> None:
    git(pr, "rm", "-q", "-r", "billing-bot")
    (found,) = rules(run(pr, base="main"), "PR002")
    assert found[:3] == ("PR002", "billing-bot/ai-readiness.yaml", 1)
    assert "system 'billing-bot' (stage pilot) removed" in found[3]
    # not when the removed path lies outside what is linted
    assert rules(run(pr, "support-bot", base="main"), "PR002") == []


def test_an_exception_added_in_the_change_does_not_waive_pr002(pr: Path) -> None:
    waiver = "  exceptions:\n    - {rule: PR002, reason: Planned, approvedBy: '@acme/cto', expires: 2026-12-31}\n"
    edit(pr, "support-bot", correctness="0.70", extra=waiver)
    assert len(rules(run(pr, base="main"), "PR002")) == 1
    # ...while one that was already there at the base does
    edit(pr, "support-bot", extra=waiver)
    commit_all(pr, "waiver", date="2026-11-02T12:00:00Z")
    git(pr, "branch", "-q", "-f", "main", "HEAD")
    edit(pr, "support-bot", correctness="0.70", extra=waiver)
    result = run(pr, base="main")
    assert rules(result, "PR002") == []
    assert [f.rule for f in result.findings if f.suppressed] == ["PR002"]


def test_base_errors_are_exit_two(pr: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such commit"):
        run(pr, base="no-such-branch")
    (pr / "support-bot" / "src.py").write_text("x = 1\n", encoding="utf-8")
    commit_all(pr, "one more", date="2026-11-03T12:00:00Z")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{pr}", str(shallow))
    base = git(pr, "rev-parse", "main").strip()
    with pytest.raises(ConfigError, match="fetch-depth: 0"):
        run(shallow, base=base)
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(ConfigError, match="not a git repository"):
        run(plain, base="main")


# -- messy repositories ------------------------------------------------------------------------------


def test_detached_head_and_worktree(pr: Path, tmp_path: Path) -> None:
    edit(pr, "support-bot", correctness="0.70")
    commit_all(pr, "loosen", date="2026-11-03T12:00:00Z")
    git(pr, "checkout", "-q", "--detach")
    assert len(rules(run(pr, base="main"), "PR002")) == 1
    worktree = tmp_path / "wt"
    git(pr, "worktree", "add", "-q", "--detach", str(worktree), "feature")
    assert (worktree / ".git").is_file()
    result = run(worktree, base="main")
    assert [f[1] for f in rules(result, "PR002")] == ["support-bot/ai-readiness.yaml"]


def test_submodule_is_its_own_repository(pr: Path, tmp_path: Path) -> None:
    inner = make_repo(tmp_path / "inner")
    (inner / "ai-readiness.yaml").write_text(system(name="inner-bot"), encoding="utf-8")
    commit_all(inner, "inner")
    git(pr, "-c", "protocol.file.allow=always", "submodule", "add", "-q", f"file://{inner}", "vendor/inner")
    commit_all(pr, "add submodule")
    # from the superproject, the submodule's manifest is not one of its files
    assert all(not f.path.startswith("vendor/") for f in run(pr).findings)
    # from inside the submodule, its own repository is the root
    result = run(pr / "vendor" / "inner", cwd=pr / "vendor" / "inner")
    assert {f.path for f in result.findings} <= {"ai-readiness.yaml"}
    assert result.files[0].path == "ai-readiness.yaml"


def test_outside_a_repository_git_rules_are_skipped_with_one_note(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "ai-readiness.yaml").write_text(system(name="a"), encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "ai-readiness.yaml").write_text(system(name="b"), encoding="utf-8")
    result = run(tmp_path)
    assert rules(result, "GIT001", "OWN003") == []
    assert len(result.notes) == 1 and "not a git repository" in result.notes[0]


def test_base_on_the_command_line(
    pr: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from ai_readiness.cli import main

    edit(pr, "support-bot", correctness="0.70")
    monkeypatch.chdir(pr)
    assert main(["lint", "--base", "main", "--format", "json", "--today", "2026-11-28", "--fail-on", "warning"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["skipped"] == 1
    assert [f["rule"] for f in report["findings"] if f["rule"].startswith("PR")] == ["PR002"]
    assert main(["lint", "--base", "no-such-ref"]) == 2
    assert "--base no-such-ref: no such commit" in capsys.readouterr().err


def test_notes_go_to_standard_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ai_readiness.cli import main

    (tmp_path / "ai-readiness.yaml").write_text(system(name="a"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["lint", "--format", "json"])
    captured = capsys.readouterr()
    assert "not a git repository" in captured.err and "not a git repository" not in captured.out
    main(["lint", "-q"])
    assert capsys.readouterr().err == ""


# -- OWN003 and REF001's tracking check ---------------------------------------------------------------


def own003(repo: Path) -> list[str]:
    return [m for *_, m in rules(run(repo), "OWN003")]


def test_own003_codeowners(repo: Path) -> None:
    assert own003(repo) == [
        "the repository has no CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS): add one that "
        "assigns svc/ai-readiness.yaml to the system's owners, so they review changes to it"
    ]
    (repo / "docs").mkdir()
    (repo / "docs" / "CODEOWNERS").write_text("* @acme/someone-else\n", encoding="utf-8")
    assert "docs/CODEOWNERS line 1 assigns svc/ai-readiness.yaml to @acme/someone-else" in own003(repo)[0]
    (repo / "CODEOWNERS").write_text("# comment\n*  @ACME/Support-ML  # case does not matter\n", encoding="utf-8")
    assert own003(repo) == []  # the root file comes before docs/, and teams compare case-insensitively
    (repo / ".github").mkdir()
    (repo / ".github" / "CODEOWNERS").write_text("*.yaml @acme/support-ml\n/svc/ @acme/platform\n", encoding="utf-8")
    assert own003(repo) == [  # .github/ first; the last matching pattern wins
        ".github/CODEOWNERS line 2 assigns svc/ai-readiness.yaml to @acme/platform, none of the system's owners "
        "(business, technical, oversight); add one of them to that line"
    ]
    (repo / ".github" / "CODEOWNERS").write_text("* @acme/support-ml\n/svc/ai-readiness.yaml\n", encoding="utf-8")
    assert "line 2 (`/svc/ai-readiness.yaml`) leaves svc/ai-readiness.yaml without an owner" in own003(repo)[0]
    (repo / ".github" / "CODEOWNERS").write_text("/other/ @acme/support-ml\n", encoding="utf-8")
    assert own003(repo)[0].startswith("no pattern in .github/CODEOWNERS matches svc/ai-readiness.yaml")


def test_own003_e_mail_exactly_and_backstage_refs_never(repo: Path) -> None:
    text = system().replace('technical: ["@acme/support-ml"]', 'technical: ["ml@acme.example", "group:default/ml"]')
    (repo / "svc" / "ai-readiness.yaml").write_text(text, encoding="utf-8")
    (repo / "CODEOWNERS").write_text("* ML@acme.example group:default/ml\n", encoding="utf-8")
    assert len(own003(repo)) == 1
    (repo / "CODEOWNERS").write_text("* ml@acme.example\n", encoding="utf-8")
    assert own003(repo) == []


def test_ref001_untracked_and_ignored_files_are_warnings(repo: Path) -> None:
    refs = "  risk: {assessment: docs/risk.md, technicalDocumentation: docs/tech.md, postMarketPlan: docs/plan.md}\n"
    (repo / "svc" / "ai-readiness.yaml").write_text(system(extra=refs), encoding="utf-8")
    (repo / "svc" / "docs").mkdir()
    for name in ("risk.md", "tech.md", "plan.md"):
        (repo / "svc" / "docs" / name).write_text("# doc\n", encoding="utf-8")
    (repo / ".gitignore").write_text("plan.md\n", encoding="utf-8")
    git(repo, "add", "svc/docs/risk.md", ".gitignore")
    git(repo, "commit", "-qm", "risk doc only", date="2026-11-02T12:00:00Z")
    found = [(f.severity.label, f.message) for f in run(repo).findings if f.rule == "REF001"]
    assert [s for s, _ in found] == ["warning", "warning"]
    assert "exists but git does not track svc/docs/tech.md: it would be missing in CI" in found[0][1]
    assert "svc/docs/plan.md" in found[1][1]


# -- sparse checkouts: files outside the cone are read from git's index, as git reads them ----------


@pytest.fixture(params=["sparse-checkout", "skip-worktree"])
def sparse(request: pytest.FixtureRequest, pr: Path) -> Path:
    """The change lowers support-bot's stage (and loosens a threshold); then support-bot/ and the
    CODEOWNERS' folder are left out of the work tree (skip-worktree bit, clean status)."""
    runbook = "  failureHandling: {runbook: docs/runbook.md}\n"
    (pr / "support-bot" / "docs").mkdir()
    (pr / "support-bot" / "docs" / "runbook.md").write_text("# runbook\n", encoding="utf-8")
    (pr / ".github").mkdir()
    (pr / ".github" / "CODEOWNERS").write_text("* @acme/support-ml\n", encoding="utf-8")
    edit(pr, "support-bot", stage="production", extra=runbook)
    commit_all(pr, "production", date="2026-11-02T12:00:00Z")
    git(pr, "branch", "-q", "-f", "main", "HEAD")
    edit(pr, "support-bot", stage="pilot", correctness="0.80", extra=runbook)
    commit_all(pr, "lower the stage", date="2026-11-03T12:00:00Z")
    if request.param == "sparse-checkout":
        git(pr, "sparse-checkout", "set", "billing-bot")
    else:
        paths = ["support-bot/ai-readiness.yaml", "support-bot/docs/runbook.md", ".github/CODEOWNERS"]
        git(pr, "update-index", "--skip-worktree", *paths)
        for path in paths:
            (pr / path).unlink()
    assert not (pr / "support-bot" / "ai-readiness.yaml").exists()
    assert git(pr, "status", "--porcelain") == ""
    return pr


def test_base_reads_manifests_outside_the_sparse_checkout_from_the_index(sparse: Path) -> None:
    """It reported the system as removed (PR002) and missed the real change (stage lowered)."""
    result = run(sparse, base="main")
    messages = sorted(m for *_, m in rules(result, "PR002"))
    assert messages == [
        "release threshold for answer_correctness loosened from >= 0.85 to >= 0.80",
        "stage lowered from production to pilot without `decommission`: say when it is retired, what happens to its "
        "data and what replaces it",
    ]
    assert {f.path for f in result.findings} == {"support-bot/ai-readiness.yaml"}
    assert any("outside the sparse checkout" in note for note in result.notes)


def test_lint_reads_manifests_outside_the_sparse_checkout_from_the_index(sparse: Path) -> None:
    """Named or found in a folder, the manifest is linted from git's index; the files it cites
    and the CODEOWNERS outside the checkout exist for git, so REF001 and OWN003 stay quiet, and
    META003 finds a rival there."""
    for paths in ((), ("support-bot/ai-readiness.yaml",), ("support-bot",)):
        result = run(sparse, *paths)
        assert "support-bot/ai-readiness.yaml" in [f.path for f in result.files], paths
        assert rules(result, "REF001", "OWN003", "YAML003") == [], paths
    (sparse / "billing-bot" / "ai-readiness.yaml").write_text(system(name="support-bot"), encoding="utf-8")
    (found,) = rules(run(sparse, "billing-bot"), "META003")
    assert found[1] == "billing-bot/ai-readiness.yaml" and "support-bot/ai-readiness.yaml" in found[3]


# -- a base that is not here: the advice is a command that works ----------------------------------


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """main with five commits and a tag; feature branches off main~2 with two commits of its own."""
    repo = make_repo(tmp_path_factory.mktemp("upstream") / "up")
    for i in range(1, 6):
        (repo / "svc").mkdir(exist_ok=True)
        (repo / "svc" / "ai-readiness.yaml").write_text(system(correctness=f"0.8{i}"), encoding="utf-8")
        commit_all(repo, f"main {i}", date=f"2026-11-0{i}T12:00:00Z")
    git(repo, "tag", "v1", "HEAD~3")
    git(repo, "checkout", "-q", "-b", "feature", "HEAD~2")
    for i in range(1, 3):
        (repo / "svc" / f"code{i}.py").write_text(f"x = {i}\n", encoding="utf-8")
        commit_all(repo, f"feature {i}", date=f"2026-11-1{i}T12:00:00Z")
    git(repo, "checkout", "-q", "main")
    return repo


def _lint_base(clone: Path, base: str, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    from ai_readiness.cli import main

    monkeypatch.chdir(clone)
    capsys.readouterr()
    code = main(["lint", "--base", base, "--today", "2026-11-28", "-q"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "base",
    ["origin/main", "main", "SHA", "v1", "refs/remotes/origin/main", "refs/heads/main", "HEAD~3", "CUT"],
)
def test_the_advice_for_a_base_missing_from_a_shallow_clone_works(
    upstream: Path, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, base: str
) -> None:
    """A real shallow clone (file://, as a CI checkout is): the command the error gives is run
    as written, and then --base works. It suggested `git fetch --deepen=50 origin origin/main`,
    which fails. CUT: the base is here, but the history stops before the merge base."""
    import shlex

    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{upstream}", str(clone))
    if base == "SHA":
        base = git(upstream, "rev-parse", "main~1").strip()
    if base == "CUT":
        git(clone, "fetch", "-q", "--depth", "1", "origin", "+refs/heads/main:refs/remotes/origin/main")
        base = "origin/main"
    code, err = _lint_base(clone, base, capsys, monkeypatch)
    assert code == 2 and len(err.splitlines()) == 1 and "fetch-depth: 0" in err, err
    command = err.split("`")[-2]
    assert command.startswith("git fetch --unshallow origin")
    done = subprocess.run(shlex.split(command), cwd=clone, capture_output=True, text=True, check=False)
    assert done.returncode == 0, command + done.stderr
    code, err = _lint_base(clone, base, capsys, monkeypatch)
    assert code in (0, 1) and "error" not in err, err


def test_the_advice_outside_a_shallow_clone_works(
    upstream: Path, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--single-branch", "--branch", "feature", f"file://{upstream}", str(clone))
    for base in ("origin/main", "main"):
        code, err = _lint_base(clone, base, capsys, monkeypatch)
        assert code == 2 and "no such commit, branch or tag" in err, err
        command = err.split("`")[-2]
        assert "--unshallow" not in command
        subprocess.run(shlex.split(command), cwd=clone, capture_output=True, check=True)
        code, err = _lint_base(clone, base, capsys, monkeypatch)
        assert code in (0, 1) and "error" not in err, err


@pytest.mark.parametrize("base", ["-h", "--upload-pack=touch x", "", " "])
def test_an_option_like_or_empty_base_is_refused(
    pr: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, base: str
) -> None:
    """`--base -h` suggested `git fetch origin -h`; git would read such a ref as an option."""
    code, err = _lint_base(pr, base, capsys, monkeypatch)
    assert code == 2 and len(err.splitlines()) == 1 and "git fetch" not in err, err
    assert not (pr / "x").exists()
