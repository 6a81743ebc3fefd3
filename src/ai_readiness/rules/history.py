"""Rules that read the git history: evaluation evidence older than the code (GIT001)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import WARN_THEN_ERROR, Hit, Rule
from ai_readiness.rules.common import date_of
from ai_readiness.rules.references import URL_PREFIX, path_fields, repository_path

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


# Path fields that cite evidence or documentation about the system (reports, reviews, runbook,
# risk and AI Act documents, model cards): committing them does not change what was evaluated.
# Datasets are inputs of the evaluation, so they stay code for GIT001.
NOT_CODE_POINTERS = (
    "/spec/risk/",
    "/spec/components/models/",
    "/spec/evaluation/lastRun/report",
    "/spec/evaluation/redTeam/report",
    "/spec/failureHandling/runbook",
    "/spec/reviews/",
)


def evidence_paths(ctx: DocContext) -> tuple[str, ...]:
    """The repository paths the manifest cites as evidence or documentation (NOT_CODE_POINTERS).
    A cited folder counts with everything below it, unless it holds the manifest (then it is the
    system's own folder, too broad to be evidence)."""
    folder = posixpath.dirname(ctx.path)
    out = []
    for pointer, _, value in path_fields(ctx):
        if not pointer.startswith(NOT_CODE_POINTERS) or value.startswith(URL_PREFIX):
            continue
        relative, _ = repository_path(ctx, value)
        if relative is None or relative == "." or folder == relative or folder.startswith(relative + "/"):
            continue
        out.append(relative)
    return tuple(out)


def evaluation_predates_code(ctx: DocContext) -> Iterator[Hit]:
    """GIT001: the newest code change under the system's paths is newer than the evaluation.
    Manifests and the files the manifest cites as evidence (evidence_paths) are not code."""
    facts = ctx.git
    last_run = date_of(ctx.get("evaluation", "lastRun", "date"))
    if facts is None or last_run is None:
        return
    change = facts.newest_change(ctx.system_globs(), last_run, evidence_paths(ctx))
    if change is None:
        return
    declared = [p for p in ctx.get("paths") or [] if isinstance(p, str) and p.strip()]
    folder = posixpath.dirname(ctx.path)
    if declared:
        scope = f"narrow spec.paths ({', '.join(declared)})"
    elif folder:
        scope = f"declare spec.paths (without it, everything under the manifest's folder {folder}/ counts)"
    else:
        scope = (
            "declare spec.paths (without it, everything under the manifest's folder counts: here the whole repository)"
        )
    yield Hit(
        spec_pointer("evaluation", "lastRun", "date"),
        f"the evaluation evidence is from {last_run}, but {change.path} changed on {change.day} "
        f"(commit {change.commit[:12]}): run the evaluation again and update evaluation.lastRun; "
        f"if that file is not the system's code, prompts or configuration, {scope}",
    )


EVALUATION_PREDATES_CODE = Rule(
    id="GIT001",
    name="evaluation-predates-code",
    policy=WARN_THEN_ERROR,
    area="evaluation",
    controls=("iso-42001:A.6.2.4",),
    keys=("spec.evaluation.lastRun.date", "spec.paths"),
    check=evaluation_predates_code,
    summary=(
        "In a git repository, the newest commit touching `spec.paths` (default: the "
        "manifest's folder) has a committer day (UTC) after `evaluation.lastRun.date`; a "
        "commit on the same day is fine, and changes to manifest files and to the files the "
        "manifest cites as evidence or documentation (reports, review evidence, runbook, "
        "risk documents, model cards; not datasets) do not count."
    ),
    rationale=(
        "An evaluation report describes the code, prompts and configuration as they were "
        "when it ran; a later change can move quality in either direction. "
        "When the newest change is younger than the evidence, the manifest vouches for a "
        "version that no longer exists. "
        "Evidence is not code: changes to the files the manifest cites in "
        "`evaluation.lastRun.report`, `evaluation.redTeam.report`, `reviews[].evidence`, "
        "`failureHandling.runbook`, `risk.assessment`, `risk.technicalDocumentation`, "
        "`risk.postMarketPlan` and `components.models[].card` (a cited folder with "
        "everything below it, unless it holds the manifest) do not count, so committing the "
        "report of the run never makes it stale; evaluation datasets are inputs and do count. "
        "When the file the message names is not part of the system (a README beside a "
        "manifest at the repository root), narrow `spec.paths` to the system's code, prompts "
        "and configuration. "
        "The rule speaks only when `evaluation.lastRun.date` is declared, says nothing "
        "outside a git repository, and is skipped with one note in a shallow clone."
    ),
    bad="""\
# newest commit touching prompts/ or retrieval/: 2026-11-17
spec:
  paths: ["prompts/**", "retrieval/**"]
  evaluation:
    lastRun:
      date: 2026-11-02
      report: eval/reports/2026-11-02.html
""",
    good="""\
# newest commit touching prompts/ or retrieval/: 2026-11-17
spec:
  paths: ["prompts/**", "retrieval/**"]
  evaluation:
    lastRun:
      date: 2026-11-18
      report: eval/reports/2026-11-18.html
""",
    scope="git",
)
