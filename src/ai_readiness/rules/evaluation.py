"""Rules about evaluation: metrics, gates, triggers, freshness of the evidence."""

from __future__ import annotations

from ai_readiness.rules.base import (
    ALWAYS_ERROR,
    ALWAYS_WARNING,
    ERROR_AT_PROD,
    WARN_AT_PROD,
    WARN_THEN_ERROR,
    Rule,
)

RULES: tuple[Rule, ...] = (
    Rule(
        id="EVAL001",
        name="no-quality-gate",
        policy=ALWAYS_ERROR,
        summary=(
            "From pilot on, `evaluation.metrics` has no metric with `kind: quality`, or "
            "`evaluation.thresholds` has no release gate (a threshold whose `gate` is `release` "
            "or absent)."
        ),
        rationale=(
            "Without a quality metric there is no agreed definition of a good answer, and "
            "without a threshold that blocks a release, evaluation is a report nobody has to act "
            "on. "
            "A release gate turns a quality regression into a stopped release instead of a user "
            "complaint. "
            "Each part speaks only when its list is declared (a missing `metrics` or `thresholds` "
            "list is STAGE001's), a metric without `kind` is not a quality metric, and a "
            "deprecated system counts as a prototype."
        ),
        bad="""\
spec:
  stage: pilot
  evaluation:
    metrics:
      - id: answer_correctness
        kind: quality
        direction: higher
    thresholds:
      - metric: answer_correctness
        op: ">="
        value: 0.85
        gate: monitor
""",
        good="""\
spec:
  stage: pilot
  evaluation:
    metrics:
      - id: answer_correctness
        kind: quality
        direction: higher
    thresholds:
      - metric: answer_correctness
        op: ">="
        value: 0.85
        gate: release
""",
    ),
    Rule(
        id="EVAL002",
        name="unknown-or-duplicate-id",
        policy=ALWAYS_ERROR,
        summary=(
            "A reference names no declared id (a threshold's `metric` or `dataset`, the `metric` "
            "of a `monitoring.signals` or `monitoring.unmonitored` entry, "
            "`monitoring.feedback.feedsDataset`), or an id is declared twice in one list "
            "(`components.models`, `data.sources`, `evaluation.metrics`, `evaluation.datasets`), "
            "reported at the second declaration."
        ),
        rationale=(
            "A threshold or signal on a metric that is not defined gates or watches nothing: a "
            "typo silently disables it while the manifest still looks complete. "
            "An id declared twice leaves open which definition a reference means. "
            "References resolve within the same document only, and when the list a reference "
            "points into is missing, every reference into it is reported as unresolved."
        ),
        bad="""\
spec:
  evaluation:
    metrics:
      - id: answer_correctness
        kind: quality
        direction: higher
    thresholds:
      - metric: answer_corectness
        op: ">="
        value: 0.85
""",
        good="""\
spec:
  evaluation:
    metrics:
      - id: answer_correctness
        kind: quality
        direction: higher
    thresholds:
      - metric: answer_correctness
        op: ">="
        value: 0.85
""",
    ),
    Rule(
        id="EVAL003",
        name="threshold-direction",
        policy=ALWAYS_WARNING,
        summary=(
            "A threshold's `op` contradicts its metric's `direction`: a `direction: higher` "
            "metric gated with `<` or `<=`, or a `direction: lower` metric gated with `>` or "
            "`>=`."
        ),
        rationale=(
            "A gate that points the wrong way passes exactly the regressions it should block and "
            "blocks the improvements. "
            "The mistake is easy to make when a metric is copied from a template or its "
            "direction is changed. "
            "`==` and metrics without `direction` are never reported, and a threshold whose "
            "metric does not resolve is EVAL002's."
        ),
        bad="""\
spec:
  evaluation:
    metrics:
      - id: p95_latency_ms
        kind: performance
        direction: lower
    thresholds:
      - metric: p95_latency_ms
        op: ">="
        value: 2500
""",
        good="""\
spec:
  evaluation:
    metrics:
      - id: p95_latency_ms
        kind: performance
        direction: lower
    thresholds:
      - metric: p95_latency_ms
        op: "<="
        value: 2500
""",
    ),
    Rule(
        id="EVAL005",
        name="no-safety-gate",
        policy=ERROR_AT_PROD,
        summary=(
            "At production, a generative system (`llm-feature`, `rag-assistant` or `agent`) has "
            "no release threshold (`gate: release` or no `gate`) on a metric with `kind: safety`."
        ),
        rationale=(
            "Generative systems can produce harmful, leaking or manipulated output that quality "
            "metrics do not measure. "
            "A safety metric that blocks a release is the minimum evidence that such output was "
            "looked for before each version shipped. "
            "The rule speaks only when `evaluation.thresholds` is declared; a missing list is "
            "STAGE001's."
        ),
        bad="""\
spec:
  type: llm-feature
  stage: production
  evaluation:
    metrics:
      - {id: harmful_output_rate, kind: safety, direction: lower}
    thresholds:
      - {metric: harmful_output_rate, op: "<=", value: 0.01, gate: monitor}
""",
        good="""\
spec:
  type: llm-feature
  stage: production
  evaluation:
    metrics:
      - {id: harmful_output_rate, kind: safety, direction: lower}
    thresholds:
      - {metric: harmful_output_rate, op: "<=", value: 0.01, gate: release}
""",
    ),
    Rule(
        id="EVAL006",
        name="no-change-trigger",
        policy=WARN_THEN_ERROR,
        summary="`evaluation.triggers` contains neither `pull_request` nor `release`.",
        rationale=(
            "An evaluation that runs only on a schedule or by hand lets a changed prompt, model "
            "or index reach users before it is measured. "
            "Running it on pull requests or releases ties the evidence to each change. "
            "The rule speaks only when `triggers` is declared; a missing list is STAGE001's at "
            "production."
        ),
        bad="""\
spec:
  stage: production
  evaluation:
    triggers: [schedule, manual]
""",
        good="""\
spec:
  stage: production
  evaluation:
    triggers: [pull_request, schedule, manual]
""",
    ),
    Rule(
        id="EVAL007",
        name="stale-evaluation",
        policy=WARN_THEN_ERROR,
        summary=(
            "`evaluation.lastRun.date` is older than twice `evaluation.schedule` (P30D when "
            "`schedule` is absent): the date plus twice the schedule is before today."
        ),
        rationale=(
            "Evaluation evidence goes stale as data, traffic and providers' models drift, even "
            "when the code does not change. "
            "Twice the schedule allows one missed run before the manifest stops vouching for the "
            "system. "
            "The rule speaks only when `lastRun.date` is declared, the default schedule is the "
            '`default-eval-schedule` window, and "twice" doubles each part of the duration '
            "(P1M becomes P2M)."
        ),
        bad="""\
spec:
  stage: production
  evaluation:
    schedule: P7D
    lastRun:
      date: 2026-10-01   # stale after 2026-10-15
      report: eval/reports/2026-10-01.html
""",
        good="""\
spec:
  stage: production
  evaluation:
    schedule: P7D
    lastRun:
      date: 2026-11-23   # stale after 2026-12-07
      report: eval/reports/2026-11-23.html
""",
    ),
    Rule(
        id="EVAL008",
        name="no-fairness-evaluation",
        policy=ALWAYS_WARNING,
        summary=(
            "A `classifier` has no metric with `kind: fairness` and no metric with `slices`; a "
            "warning, raised to an error when `risk.tier` is `high`."
        ),
        rationale=(
            "A classifier routes, ranks or rejects cases, and an overall accuracy can hide that "
            "one group of users (a language, a region, a customer segment) is treated worse. "
            "A fairness metric or per-slice results make that visible before it harms people. "
            "The rule speaks only when `evaluation.metrics` is declared (a missing list is "
            "STAGE001's), and an empty `slices` list does not count."
        ),
        bad="""\
spec:
  type: classifier
  risk:
    tier: high
  evaluation:
    metrics:
      - id: routing_accuracy
        kind: quality
        direction: higher
""",
        good="""\
spec:
  type: classifier
  risk:
    tier: high
  evaluation:
    metrics:
      - id: routing_accuracy
        kind: quality
        direction: higher
        slices: [language, region, customer_tier]
""",
    ),
    Rule(
        id="EVAL009",
        name="red-team-overdue",
        policy=WARN_AT_PROD,
        summary=(
            "At production, a generative system's `evaluation.redTeam.lastPerformed` is missing or older than P90D."
        ),
        rationale=(
            "New jailbreaks and prompt-injection techniques appear all the time, and a "
            "generative system's defences need to be attacked on purpose, regularly, by someone "
            "trying to break them. "
            "An old or missing red-team exercise means nobody knows how the running version "
            "holds up. "
            "The rule speaks for every production `llm-feature`, `rag-assistant` or `agent`, even "
            "when `evaluation` or `redTeam` is absent, because the declared type calls for it; "
            "the window is `red-team-max-age`."
        ),
        bad="""\
spec:
  type: rag-assistant
  stage: production
  evaluation:
    redTeam:
      lastPerformed: 2026-06-15   # older than 90 days
      report: security/red-team/2026-06.md
""",
        good="""\
spec:
  type: rag-assistant
  stage: production
  evaluation:
    redTeam:
      lastPerformed: 2026-10-06
      report: security/red-team/2026-10.md
""",
    ),
)
