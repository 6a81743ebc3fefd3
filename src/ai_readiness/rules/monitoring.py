"""Rules about watching the system in production: alerts, on-call, monitored gates, feedback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import ERROR_AT_PROD, WARN_AT_PROD, Hit, Rule
from ai_readiness.rules.common import is_release_gate, quoted

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


ALERT_KEYS = ("op", "value", "window")


def no_alert(ctx: DocContext) -> Iterator[Hit]:
    """MON001: declared signals, none with a complete alert (one finding for the list)."""
    signals = ctx.get("monitoring", "signals")
    if not isinstance(signals, list):
        return
    listed = [s for s in signals if isinstance(s, dict)]
    gaps: list[str] = []
    for signal in listed:
        alert = signal.get("alert")
        if not isinstance(alert, dict):
            continue
        missing = [f"`{k}`" for k in ALERT_KEYS if k not in alert]
        if not missing:
            return
        gaps.append(f"the alert on {quoted(signal.get('metric'))} lacks {' and '.join(missing)}")
    if not gaps:
        found = "no signal has an alert" if len(listed) != 1 else "the signal has no alert"
    else:
        found = "; ".join(gaps[:3]) + (f"; and {len(gaps) - 3} more" if len(gaps) > 3 else "")
    yield Hit(
        spec_pointer("monitoring", "signals"),
        f"no monitoring signal has a complete alert (`op`, `value` and `window`): {found}; at production "
        "at least one alert must be complete so that a regression reaches a person",
        at="key",
    )


NO_ALERT = Rule(
    id="MON001",
    name="no-alert",
    policy=ERROR_AT_PROD,
    area="monitoring",
    controls=(
        "eu-ai-act:Art. 26(5)",
        "eu-ai-act:Art. 72(1)",
        "eu-ai-act:Art. 72(2)",
        "nist-ai-rmf:MEASURE 2.4",
        "nist-ai-rmf:MANAGE 4.1",
        "iso-42001:A.6.2.6",
    ),
    keys=tuple(f"spec.monitoring.signals[].alert.{key}" for key in ALERT_KEYS),
    check=no_alert,
    summary="At production, no entry of `monitoring.signals` has a complete `alert` with `op`, `value` and `window`.",
    rationale=(
        "A signal without an alert is a dashboard that nobody looks at when quality drops at "
        "night or over a weekend. "
        "At least one alert with a condition and a time window makes a production regression "
        "reach a person. "
        "The rule speaks only when `monitoring.signals` is declared (a missing list is "
        "STAGE001's) and gives one finding for the list, not one per signal; an alert part "
        "with a schema error counts as missing, so that alert is incomplete."
    ),
    bad="""\
spec:
  stage: production
  monitoring:
    signals:
      - metric: answer_correctness
        source: nightly-sampled-grading
        alert: {op: "<", value: 0.8}
""",
    good="""\
spec:
  stage: production
  monitoring:
    signals:
      - metric: answer_correctness
        source: nightly-sampled-grading
        alert: {op: "<", value: 0.8, window: P1D}
""",
)


def no_on_call(ctx: DocContext) -> Iterator[Hit]:
    """MON002: a declared escalation without onCall."""
    escalation = ctx.get("monitoring", "escalation")
    if isinstance(escalation, dict) and "onCall" not in escalation:
        channel = escalation.get("channel")
        found = f"only the channel {quoted(channel)}" if isinstance(channel, str) else "no on-call rotation"
        yield Hit(
            spec_pointer("monitoring", "escalation", "onCall"),
            f"monitoring.escalation names {found}: add `onCall` with the rotation that answers alerts",
            at="key",
        )


NO_ON_CALL = Rule(
    id="MON002",
    name="no-on-call",
    policy=ERROR_AT_PROD,
    area="monitoring",
    controls=(
        "nist-ai-rmf:MANAGE 4.1",
        "iso-42001:A.6.2.6",
    ),
    keys=("spec.monitoring.escalation.onCall",),
    check=no_on_call,
    summary="At production, `monitoring.escalation` is declared without `onCall`.",
    rationale=(
        "An alert needs a rotation that answers it; a chat channel alone is read during "
        "office hours, if at all. "
        "Naming the on-call rotation tells the team who acts when the system misbehaves and "
        "tells reviewers that such a rotation exists. "
        "Reported only when `escalation` is declared; a missing `escalation` at production is "
        "STAGE001's."
    ),
    bad="""\
spec:
  stage: production
  monitoring:
    escalation:
      channel: "#support-ml-alerts"
""",
    good="""\
spec:
  stage: production
  monitoring:
    escalation:
      onCall: pagerduty:support-ml-primary
      channel: "#support-ml-alerts"
""",
)


def unmonitored_gate(ctx: DocContext) -> Iterator[Hit]:
    """MON003: each release-gated metric is watched (a signal) or excused (unmonitored + reason)."""
    monitoring = ctx.section("monitoring")
    if "signals" not in monitoring and "unmonitored" not in monitoring:
        return  # neither declared: the absence is STAGE001's at production
    covered = {s["metric"] for _, s in ctx.items("monitoring", "signals") if isinstance(s.get("metric"), str)}
    covered |= {
        u["metric"]
        for _, u in ctx.items("monitoring", "unmonitored")
        if isinstance(u.get("metric"), str) and "reason" in u
    }
    reported: set[str] = set()
    for index, threshold in ctx.items("evaluation", "thresholds"):
        metric = threshold.get("metric")
        if not isinstance(metric, str) or not is_release_gate(threshold):
            continue
        if metric in covered or metric in reported:
            continue
        reported.add(metric)
        yield Hit(
            spec_pointer("evaluation", "thresholds", index, "metric"),
            f"metric {quoted(metric)} gates releases but is not watched in production: add a "
            "`monitoring.signals` entry for it, or list it under `monitoring.unmonitored` with a `reason`",
        )


UNMONITORED_GATE = Rule(
    id="MON003",
    name="unmonitored-gate",
    policy=WARN_AT_PROD,
    area="monitoring",
    controls=(
        "nist-ai-rmf:MEASURE 1.1",
        "nist-ai-rmf:MEASURE 2.4",
    ),
    keys=(
        "spec.evaluation.thresholds[].metric",
        "spec.monitoring.signals[].metric",
        "spec.monitoring.unmonitored[].metric",
        "spec.monitoring.unmonitored[].reason",
    ),
    check=unmonitored_gate,
    summary=(
        "At production, a metric with a release threshold is neither the `metric` of a "
        "`monitoring.signals` entry nor listed in `monitoring.unmonitored` with a `reason`."
    ),
    rationale=(
        "A release gate proves quality on a test set on release day; production traffic then "
        "drifts away from that set. "
        "A gated metric should be watched in production, or the team should say why it "
        "cannot be (for example, it needs human grading). "
        "One finding per such metric, at its first release threshold; the rule speaks only "
        "when `monitoring.signals` or `monitoring.unmonitored` is declared, since with "
        "neither the absence is STAGE001's. "
        "A threshold without `gate` is a release gate; any signal on the metric counts as "
        "watching it, even one without a complete alert (MON001 judges alerts); an "
        "`unmonitored` entry counts only with its `reason`."
    ),
    bad="""\
spec:
  stage: production
  evaluation:
    thresholds:
      - {metric: harmful_output_rate, op: "<=", value: 0.01}
      - {metric: answer_correctness, op: ">=", value: 0.85}
  monitoring:
    signals:
      - metric: harmful_output_rate
        source: guardrail-service
""",
    good="""\
spec:
  stage: production
  evaluation:
    thresholds:
      - {metric: harmful_output_rate, op: "<=", value: 0.01}
      - {metric: answer_correctness, op: ">=", value: 0.85}
  monitoring:
    signals:
      - metric: harmful_output_rate
        source: guardrail-service
    unmonitored:
      - metric: answer_correctness
        reason: Needs human grading; a weekly sample goes into the golden set.
""",
)


FEEDBACK_KEYS = (
    ("channel", "where users give feedback"),
    ("triageOwner", "who triages it"),
    ("triageWithin", "how soon it is triaged"),
)


def incomplete_feedback(ctx: DocContext) -> Iterator[Hit]:
    """MON004: a declared feedback section, one finding per missing key."""
    feedback = ctx.get("monitoring", "feedback")
    if not isinstance(feedback, dict):
        return
    for key, meaning in FEEDBACK_KEYS:
        if key not in feedback:
            yield Hit(
                spec_pointer("monitoring", "feedback", key),
                f"monitoring.feedback has no `{key}` ({meaning}): add it so feedback is read and acted on",
                at="key",
            )


INCOMPLETE_FEEDBACK = Rule(
    id="MON004",
    name="incomplete-feedback",
    policy=ERROR_AT_PROD,
    area="monitoring",
    controls=(
        "nist-ai-rmf:MEASURE 3.3",
        "nist-ai-rmf:MANAGE 4.1",
        "iso-42001:A.8.3",
    ),
    keys=tuple(f"spec.monitoring.feedback.{key}" for key, _ in FEEDBACK_KEYS),
    check=incomplete_feedback,
    summary="At production, `monitoring.feedback` is declared without `channel`, `triageOwner` or `triageWithin`.",
    rationale=(
        "User feedback is often the first sign that a system gives wrong or harmful answers. "
        "Feedback that is collected but has no owner and no deadline for triage piles up "
        "unread. "
        "One finding per missing key, and only when `feedback` is declared; a missing "
        "`feedback` at production is STAGE001's."
    ),
    bad="""\
spec:
  stage: production
  monitoring:
    feedback:
      channel: in-app thumbs up/down
""",
    good="""\
spec:
  stage: production
  monitoring:
    feedback:
      channel: in-app thumbs up/down
      triageOwner: "@acme/support-ml"
      triageWithin: P7D
""",
)
