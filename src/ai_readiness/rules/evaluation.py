"""Rules about evaluation: metrics, gates, triggers, freshness of the evidence."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ai_readiness.context import spec_pointer
from ai_readiness.dates import is_older_than
from ai_readiness.rules.base import (
    ALWAYS_ERROR,
    ALWAYS_WARNING,
    ERROR,
    ERROR_AT_PROD,
    WARN_AT_PROD,
    WARN_THEN_ERROR,
    Hit,
    Rule,
)
from ai_readiness.rules.common import date_of, duration_of, is_release_gate, quoted

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


# The lists whose ids must be unique (EVAL002), with the words a message uses.
ID_LISTS = (
    (("components", "models"), "model"),
    (("data", "sources"), "data source"),
    (("evaluation", "metrics"), "metric"),
    (("evaluation", "datasets"), "dataset"),
    (("components", "tools"), "tool"),
    (("data", "training"), "training data set"),
)

CHANGE_TRIGGERS = ("pull_request", "release")

# The ops that pass when the measured value is high, and those that pass when it is low.
HIGH_OPS = frozenset((">=", ">"))
LOW_OPS = frozenset(("<=", "<"))


def _metrics(ctx: DocContext) -> dict[str, dict[str, Any]]:
    """Metric id → its first declaration (a second one is EVAL002's)."""
    found: dict[str, dict[str, Any]] = {}
    for _, metric in ctx.items("evaluation", "metrics"):
        metric_id = metric.get("id")
        if isinstance(metric_id, str):
            found.setdefault(metric_id, metric)
    return found


def _listing(ids: set[str], limit: int = 5) -> str:
    """A few ids, for a message: a long list must not drown the finding."""
    if not ids:
        return "none"
    ordered = sorted(ids)
    shown = ", ".join(quoted(i) for i in ordered[:limit])
    return shown + (f" and {len(ordered) - limit} more" if len(ordered) > limit else "")


def _ids(ctx: DocContext, *keys: str) -> set[str]:
    return {item["id"] for _, item in ctx.items(*keys) if isinstance(item.get("id"), str)}


def no_quality_gate(ctx: DocContext) -> Iterator[Hit]:
    """EVAL001: from pilot, the declared metrics include a quality metric and the declared
    thresholds include a release gate; a missing list is STAGE001's (docs/design.md, "Absence")."""
    if not ctx.from_pilot:
        return
    evaluation = ctx.section("evaluation")
    metrics = evaluation.get("metrics")
    if isinstance(metrics, list) and not any(m.get("kind") == "quality" for _, m in ctx.items("evaluation", "metrics")):
        kinds = sorted({m["kind"] for _, m in ctx.items("evaluation", "metrics") if isinstance(m.get("kind"), str)})
        found = f"only {', '.join(quoted(k) for k in kinds)}" if kinds else "none with a `kind`"
        yield Hit(
            spec_pointer("evaluation", "metrics"),
            f"evaluation.metrics has no metric with `kind: quality` ({found}): from pilot, add the metric "
            "that defines a good output, e.g. answer_correctness",
            at="key",
        )
    thresholds = evaluation.get("thresholds")
    listed = [t for _, t in ctx.items("evaluation", "thresholds")]
    if isinstance(thresholds, list) and not any(is_release_gate(t) for t in listed):
        found = f"all {len(listed)} have `gate: monitor`" if len(listed) > 1 else "it has `gate: monitor`"
        yield Hit(
            spec_pointer("evaluation", "thresholds"),
            f"no threshold in evaluation.thresholds gates releases ({found if listed else 'none is valid'}): "
            "from pilot, make at least one a release gate with `gate: release` (or no `gate`)",
            at="key",
        )


NO_QUALITY_GATE = Rule(
    id="EVAL001",
    name="no-quality-gate",
    policy=ALWAYS_ERROR,
    area="evaluation",
    controls=(
        "eu-ai-act:Art. 9(8)",
        "eu-ai-act:Art. 15(1)",
        "nist-ai-rmf:MEASURE 2.3",
        "iso-42001:A.6.2.4",
    ),
    keys=("spec.evaluation.metrics[].kind", "spec.evaluation.thresholds[].gate"),
    check=no_quality_gate,
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
        "list is STAGE001's), a metric without `kind` is not a quality metric, the two parts "
        "are independent (the release gate need not be on the quality metric), a `gate` with "
        "a schema error counts as absent, so as a release gate, and a deprecated system "
        "counts as a prototype."
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
)


def _unresolved(
    pointer: str, what: str, ref: str, kind: str, known: set[str], listed: str, where: str = ""
) -> Iterator[Hit]:
    if ref not in known:
        yield Hit(
            pointer,
            f"{what} names {kind} {quoted(ref)}, which {where or f'evaluation.{kind}s'} does not declare "
            f"(declared: {listed}): fix the id or declare the {kind}",
        )


def unknown_or_duplicate_id(ctx: DocContext) -> Iterator[Hit]:
    """EVAL002: references resolve within the document, and ids are unique in their list."""
    for keys, word in ID_LISTS:
        seen: set[str] = set()
        for index, item in ctx.items(*keys):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                yield Hit(
                    spec_pointer(*keys, index, "id"),
                    f"{word} id {quoted(item_id)} is declared again in spec.{'.'.join(keys)}: a reference "
                    "can't tell which declaration it means; rename or remove this one",
                )
            seen.add(item_id)
    metrics = _ids(ctx, "evaluation", "metrics")
    datasets = _ids(ctx, "evaluation", "datasets")
    metric_ids, dataset_ids = _listing(metrics), _listing(datasets)

    for index, threshold in ctx.items("evaluation", "thresholds"):
        metric = threshold.get("metric")
        if isinstance(metric, str):
            pointer = spec_pointer("evaluation", "thresholds", index, "metric")
            yield from _unresolved(pointer, f"threshold #{index + 1}", metric, "metric", metrics, metric_ids)
        dataset = threshold.get("dataset")
        if isinstance(dataset, str):
            pointer = spec_pointer("evaluation", "thresholds", index, "dataset")
            yield from _unresolved(pointer, f"threshold #{index + 1}", dataset, "dataset", datasets, dataset_ids)
    for key, what in (("signals", "monitoring signal"), ("unmonitored", "monitoring.unmonitored entry")):
        for index, entry in ctx.items("monitoring", key):
            metric = entry.get("metric")
            if isinstance(metric, str):
                pointer = spec_pointer("monitoring", key, index, "metric")
                yield from _unresolved(pointer, f"{what} #{index + 1}", metric, "metric", metrics, metric_ids)
    feeds = ctx.get("monitoring", "feedback", "feedsDataset")
    if isinstance(feeds, str):
        pointer = spec_pointer("monitoring", "feedback", "feedsDataset")
        yield from _unresolved(pointer, "monitoring.feedback.feedsDataset", feeds, "dataset", datasets, dataset_ids)
    for budget in ("cost", "latency"):
        metric = ctx.get("monitoring", "budgets", budget, "metric")
        if isinstance(metric, str):
            pointer = spec_pointer("monitoring", "budgets", budget, "metric")
            yield from _unresolved(pointer, f"monitoring.budgets.{budget}", metric, "metric", metrics, metric_ids)
    models = _ids(ctx, "components", "models")
    model_ids = _listing(models)
    for index, item in ctx.items("data", "training"):
        used = item.get("usedBy")
        for n, model in enumerate(used if isinstance(used, list) else ()):
            if isinstance(model, str):
                pointer = spec_pointer("data", "training", index, "usedBy", n)
                what = f"training data set #{index + 1}"
                yield from _unresolved(pointer, what, model, "model", models, model_ids, "components.models")


UNKNOWN_OR_DUPLICATE_ID = Rule(
    id="EVAL002",
    name="unknown-or-duplicate-id",
    policy=ALWAYS_ERROR,
    area="evaluation",
    keys=(
        *(f"spec.{'.'.join(keys)}[].id" for keys, _ in ID_LISTS),
        "spec.evaluation.thresholds[].metric",
        "spec.evaluation.thresholds[].dataset",
        "spec.monitoring.signals[].metric",
        "spec.monitoring.unmonitored[].metric",
        "spec.monitoring.feedback.feedsDataset",
        "spec.monitoring.budgets.cost.metric",
        "spec.monitoring.budgets.latency.metric",
        "spec.data.training[].usedBy",
    ),
    check=unknown_or_duplicate_id,
    summary=(
        "A reference names no declared id (a threshold's `metric` or `dataset`, the `metric` "
        "of a `monitoring.signals` or `monitoring.unmonitored` entry, "
        "`monitoring.feedback.feedsDataset`, the `metric` of a `monitoring.budgets` entry, a model "
        "a `data.training` entry is `usedBy`), or an id is declared twice in one list "
        "(`components.models`, `components.tools`, `data.sources`, `data.training`, "
        "`evaluation.metrics`, `evaluation.datasets`), reported at the second declaration."
    ),
    rationale=(
        "A threshold or signal on a metric that is not defined gates or watches nothing: a "
        "typo silently disables it while the manifest still looks complete. "
        "An id declared twice leaves open which definition a reference means. "
        "References resolve within the same document only, and when the list a reference "
        "points into is missing, every reference into it is reported as unresolved, each at "
        "the referencing value. "
        "An id declared more than twice is reported at each repeated declaration's `id`."
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
)


def threshold_direction(ctx: DocContext) -> Iterator[Hit]:
    """EVAL003: a threshold's op agrees with its metric's direction."""
    metrics = _metrics(ctx)
    for index, threshold in ctx.items("evaluation", "thresholds"):
        metric_id, op = threshold.get("metric"), threshold.get("op")
        metric = metrics.get(metric_id) if isinstance(metric_id, str) else None
        if metric is None or not isinstance(op, str):
            continue
        direction = metric.get("direction")
        if direction == "higher" and op in LOW_OPS:
            better, fix = "higher-is-better", "'>=' or '>'"
        elif direction == "lower" and op in HIGH_OPS:
            better, fix = "lower-is-better", "'<=' or '<'"
        else:
            continue
        yield Hit(
            spec_pointer("evaluation", "thresholds", index, "op"),
            f"threshold on {quoted(metric_id)} uses {quoted(op)} but the metric is {better} "
            f"(direction: {direction}), so the gate passes regressions: use {fix}",
        )


THRESHOLD_DIRECTION = Rule(
    id="EVAL003",
    name="threshold-direction",
    policy=ALWAYS_WARNING,
    area="evaluation",
    keys=("spec.evaluation.thresholds[].op", "spec.evaluation.metrics[].direction"),
    check=threshold_direction,
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
        "`==` and metrics without `direction` are never reported, a threshold whose metric "
        "does not resolve is EVAL002's, and a metric id declared twice is judged by its first "
        "declaration."
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
)


def no_safety_gate(ctx: DocContext) -> Iterator[Hit]:
    """EVAL005: at production, a generative system's declared thresholds include a release gate
    on a safety metric; a missing list is STAGE001's (docs/design.md, "Absence")."""
    if not ctx.generative or not isinstance(ctx.get("evaluation", "thresholds"), list):
        return
    safety = {m_id for m_id, m in _metrics(ctx).items() if m.get("kind") == "safety"}
    for _, threshold in ctx.items("evaluation", "thresholds"):
        if is_release_gate(threshold) and threshold.get("metric") in safety:
            return
    if safety:
        found = f"no release threshold is on its safety metrics ({_listing(safety)})"
        fix = "add a threshold on one of them with `gate: release` (or no `gate`)"
    else:
        found = "no metric has `kind: safety`"
        fix = "declare a `kind: safety` metric (e.g. harmful_output_rate) and a threshold on it with `gate: release`"
    yield Hit(
        spec_pointer("evaluation", "thresholds"),
        f"a production {ctx.type} must not ship without a safety release gate, but {found}: {fix}",
        at="key",
    )


NO_SAFETY_GATE = Rule(
    id="EVAL005",
    name="no-safety-gate",
    policy=ERROR_AT_PROD,
    area="evaluation",
    controls=(
        "eu-ai-act:Art. 9(8)",
        "nist-ai-rmf:MEASURE 2.6",
        "iso-42001:A.6.2.4",
    ),
    keys=(
        "spec.type",
        "spec.evaluation.metrics[].kind",
        "spec.evaluation.thresholds[].metric",
        "spec.evaluation.thresholds[].gate",
    ),
    check=no_safety_gate,
    summary=(
        "At production, a generative system (`llm-feature`, `rag-assistant` or `agent`) has "
        "no release threshold (`gate: release` or no `gate`) on a metric with `kind: safety`."
    ),
    rationale=(
        "Generative systems can produce harmful, leaking or manipulated output that quality "
        "metrics do not measure. "
        "A safety metric that blocks a release is the minimum evidence that such output was "
        "looked for before each version shipped. "
        "The rule speaks only when `evaluation.thresholds` is declared (a missing list is "
        "STAGE001's), once, at that list; a threshold without `gate` is a release gate, and "
        "a threshold on an undeclared metric (EVAL002's) is not on a safety metric."
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
)


def no_change_trigger(ctx: DocContext) -> Iterator[Hit]:
    """EVAL006: declared triggers include pull_request or release."""
    triggers = ctx.get("evaluation", "triggers")
    if not isinstance(triggers, list) or any(t in CHANGE_TRIGGERS for t in triggers):
        return
    declared = [t for t in triggers if isinstance(t, str)]
    found = ", ".join(quoted(t) for t in declared) if declared else "no valid trigger"
    yield Hit(
        spec_pointer("evaluation", "triggers"),
        f"evaluation.triggers has {found} but neither 'pull_request' nor 'release': run the evaluation on "
        "each change, so that no change reaches users unmeasured",
        at="key",
    )


NO_CHANGE_TRIGGER = Rule(
    id="EVAL006",
    name="no-change-trigger",
    policy=WARN_THEN_ERROR,
    area="evaluation",
    controls=(
        "eu-ai-act:Art. 9(8)",
        "eu-ai-act:Art. 17(1)(d)",
        "iso-42001:A.6.2.4",
    ),
    keys=("spec.evaluation.triggers",),
    check=no_change_trigger,
    summary="`evaluation.triggers` contains neither `pull_request` nor `release`.",
    rationale=(
        "An evaluation that runs only on a schedule or by hand lets a changed prompt, model "
        "or index reach users before it is measured. "
        "Running it on pull requests or releases ties the evidence to each change. "
        "The rule speaks only when `triggers` is declared, at every stage (a warning before "
        "production); a missing list is STAGE001's at production."
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
)


def stale_evaluation(ctx: DocContext) -> Iterator[Hit]:
    """EVAL007: the last run is no older than twice the schedule: the date plus the window is not
    before today, and twice a duration doubles each part (docs/design.md, "Dates and durations")."""
    last_run = ctx.get("evaluation", "lastRun")
    ran = date_of(ctx.get("evaluation", "lastRun", "date"))
    if ran is None:
        if isinstance(last_run, dict) and "/spec/evaluation/lastRun/date" not in ctx.invalid:
            yield Hit(
                spec_pointer("evaluation", "lastRun", "date"),
                "evaluation.lastRun has no `date`: evidence that can't be dated vouches for nothing; add the day "
                "the evaluation ran",
                at="key",
            )
        return
    declared = duration_of(ctx.get("evaluation", "schedule"))
    schedule = declared or ctx.windows.default_eval_schedule
    window = schedule.times(2)
    if not is_older_than(ran, window, ctx.today):
        return
    which = f"the schedule {schedule}" if declared else f"the default schedule {schedule}"
    yield Hit(
        spec_pointer("evaluation", "lastRun", "date"),
        f"the last evaluation ran on {ran.isoformat()}, more than twice {which} before {ctx.today.isoformat()} "
        f"(it vouched for the system until {window.after(ran).isoformat()}): run the evaluation and update `lastRun`",
    )


STALE_EVALUATION = Rule(
    id="EVAL007",
    name="stale-evaluation",
    policy=WARN_THEN_ERROR,
    area="evaluation",
    controls=(
        "eu-ai-act:Art. 17(1)(d)",
        "iso-42001:A.6.2.4",
    ),
    keys=("spec.evaluation.lastRun.date", "spec.evaluation.schedule"),
    check=stale_evaluation,
    summary=(
        "`evaluation.lastRun.date` is older than twice `evaluation.schedule` (P30D when "
        "`schedule` is absent): the date plus twice the schedule is before today."
    ),
    rationale=(
        "Evaluation evidence goes stale as data, traffic and providers' models drift, even "
        "when the code does not change. "
        "Twice the schedule allows one missed run before the manifest stops vouching for the "
        "system. "
        "The rule speaks when `lastRun` is declared: without a `date` (one finding at `lastRun`, "
        "unless the date has a schema error) or with one that is too old; the default schedule is the "
        '`default-eval-schedule` window (also when `schedule` has a schema error), "twice" '
        'doubles each part of the duration (P1M becomes P2M), and "older than" means the '
        "date plus twice the schedule is before today, so the last day of the window passes."
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
)


def no_fairness_evaluation(ctx: DocContext) -> Iterator[Hit]:
    """EVAL008: a classifier's declared metrics include a fairness metric or a sliced metric;
    an error when the declared risk tier is high."""
    if ctx.type != "classifier" or not isinstance(ctx.get("evaluation", "metrics"), list):
        return
    for _, metric in ctx.items("evaluation", "metrics"):
        slices = metric.get("slices")
        if metric.get("kind") == "fairness" or (isinstance(slices, list) and any(isinstance(s, str) for s in slices)):
            return
    high = ctx.get("risk", "tier") == "high"
    yield Hit(
        spec_pointer("evaluation", "metrics"),
        "the classifier's evaluation.metrics has no `kind: fairness` metric and no metric with `slices`"
        + (" while risk.tier is high" if high else "")
        + ": add a fairness metric, or `slices` (e.g. [language, region]) to a metric, so that a group "
        "treated worse shows up",
        at="key",
        severity=ERROR if high else None,
    )


NO_FAIRNESS_EVALUATION = Rule(
    id="EVAL008",
    name="no-fairness-evaluation",
    policy=ALWAYS_WARNING,
    area="evaluation",
    controls=(
        "eu-ai-act:Art. 13(3)(b)(v)",
        "eu-ai-act:Annex IV(2)(g)",
        "nist-ai-rmf:MEASURE 2.11",
    ),
    keys=("spec.type", "spec.evaluation.metrics[].kind", "spec.evaluation.metrics[].slices", "spec.risk.tier"),
    check=no_fairness_evaluation,
    summary=(
        "A `classifier` has no metric with `kind: fairness` and no metric with `slices`; a "
        "warning, raised to an error when `risk.tier` is `high`."
    ),
    rationale=(
        "A classifier routes, ranks or rejects cases, and an overall accuracy can hide that "
        "one group of users (a language, a region, a customer segment) is treated worse. "
        "A fairness metric or per-slice results make that visible before it harms people. "
        "The rule speaks only when `evaluation.metrics` is declared (a missing list is "
        "STAGE001's), once, at that list; an empty `slices` list does not count, and the "
        "error at tier high needs `risk.tier: high` declared."
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
)


def red_team_overdue(ctx: DocContext) -> Iterator[Hit]:
    """EVAL009: at production, a generative system was red-teamed recently. The declared type calls
    for it, so it fires even when `evaluation` or `redTeam` is absent (docs/design.md, "Absence")."""
    if not ctx.generative:
        return
    window = ctx.windows.red_team_max_age
    pointer = spec_pointer("evaluation", "redTeam", "lastPerformed")
    raw = ctx.get("evaluation", "redTeam", "lastPerformed")
    performed = date_of(raw)
    if performed is None:
        yield Hit(
            pointer,
            f"a production {ctx.type} has no evaluation.redTeam.lastPerformed: have its defences attacked "
            f"on purpose (jailbreaks, prompt injection) and record the date and report (at most {window} old)",
            at="key",
        )
    elif is_older_than(performed, window, ctx.today):
        yield Hit(
            pointer,
            f"the last red-team exercise was on {performed.isoformat()}, more than {window} before "
            f"{ctx.today.isoformat()}: red-team the running version again and update `lastPerformed`",
        )


RED_TEAM_OVERDUE = Rule(
    id="EVAL009",
    name="red-team-overdue",
    policy=WARN_AT_PROD,
    area="evaluation",
    controls=(
        "eu-ai-act:Art. 15(5)",
        "nist-ai-rmf:MEASURE 2.7",
        "iso-42001:A.6.2.4",
    ),
    keys=("spec.type", "spec.evaluation.redTeam.lastPerformed"),
    check=red_team_overdue,
    summary="At production, a generative system's `evaluation.redTeam.lastPerformed` is missing or older than P90D.",
    rationale=(
        "New jailbreaks and prompt-injection techniques appear all the time, and a "
        "generative system's defences need to be attacked on purpose, regularly, by someone "
        "trying to break them. "
        "An old or missing red-team exercise means nobody knows how the running version "
        "holds up. "
        "The rule speaks for every production `llm-feature`, `rag-assistant` or `agent`, even "
        "when `evaluation` or `redTeam` is absent, because the declared type calls for it "
        "(the finding then sits on the deepest parent that exists); a `lastPerformed` with a "
        "schema error counts as missing, and the window is `red-team-max-age`."
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
)
