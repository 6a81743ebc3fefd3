"""Rules that read history: git commits and the change under review (`--base`)."""

from __future__ import annotations

from ai_readiness.rules.base import ALWAYS_ERROR, ALWAYS_WARNING, WARN_THEN_ERROR, Rule

RULES: tuple[Rule, ...] = (
    Rule(
        id="GIT001",
        name="evaluation-predates-code",
        policy=WARN_THEN_ERROR,
        summary=(
            "In a git repository, the newest commit touching `spec.paths` (default: the "
            "manifest's folder) has a committer day (UTC) after `evaluation.lastRun.date`; a "
            "commit on the same day is fine, and commits that change only manifest files do not "
            "count."
        ),
        rationale=(
            "An evaluation report describes the code, prompts and configuration as they were "
            "when it ran; a later change can move quality in either direction. "
            "When the newest change is younger than the evidence, the manifest vouches for a "
            "version that no longer exists. "
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
    ),
    Rule(
        id="PR001",
        name="launch-review",
        policy=ALWAYS_ERROR,
        summary=(
            "With `--base`, the change raises `stage` (up the order prototype < pilot < "
            "production, or from `deprecated` to `pilot` or `production`) and `reviews` has no "
            "entry with `type: launch`, `status: approved` and a `date` within P30D before today."
        ),
        rationale=(
            "Promoting a system is a launch decision, and the person accountable for it should "
            "have approved this promotion recently, not a different version months ago. "
            "Tying the approval to the change that raises the stage keeps promotions from "
            "slipping through as ordinary edits. "
            "A system new in the change is not a raise, `deprecated` to `prototype` is not a "
            "raise, a launch review whose `date` plus P30D (`launch-review-max-age`) is before "
            "today is too old, and an exception added in the same change does not suppress it."
        ),
        bad="""\
# base: stage: pilot
spec:
  stage: production
  reviews:
    - type: launch
      status: pending
      by: "@acme/support-leads"
""",
        good="""\
# base: stage: pilot
spec:
  stage: production
  reviews:
    - type: launch
      status: approved
      by: "@acme/support-leads"
      date: 2026-11-20
""",
        scope="change",
    ),
    Rule(
        id="PR002",
        name="readiness-weakened",
        policy=ALWAYS_WARNING,
        summary=(
            "With `--base`, the change weakens readiness: a release threshold loosened against "
            "its metric's direction; a metric, threshold, signal, alert, review or owner "
            "removed; `logging.retention` shortened; `humanOversight.mode` lowered (none < "
            "human-on-the-loop < human-in-the-loop < human-in-command); or `stage` lowered "
            "without `decommission`; the message states the old value."
        ),
        rationale=(
            "Weakening a manifest is quiet: lowering a gate from 0.85 to 0.75 or deleting an "
            "alert breaks nothing, so it can pass review unnoticed. "
            "Naming the old value puts the trade-off in front of the reviewer, who can accept it "
            "knowingly. "
            "A head system is compared with the base system of the same `metadata.name`, else "
            "with the base document at the same path and index; thresholds match by (metric, "
            "dataset, gate), signals by metric, reviews by type and owners by role; a threshold "
            "whose metric has no `direction` is loosened when its `value` moves the way its `op` "
            "allows more (down for `>=`/`>`, up for `<=`/`<`); a removed system gets one "
            "finding at its base path; and an exception added in the same change does not "
            "suppress it."
        ),
        bad="""\
# base: value: 0.85
spec:
  evaluation:
    metrics:
      - {id: answer_correctness, kind: quality, direction: higher}
    thresholds:
      - {metric: answer_correctness, op: ">=", value: 0.75}
""",
        good="""\
# base: value: 0.85
spec:
  evaluation:
    metrics:
      - {id: answer_correctness, kind: quality, direction: higher}
    thresholds:
      - {metric: answer_correctness, op: ">=", value: 0.85}
""",
        scope="change",
    ),
)
