"""Rules about running the system: monitoring, logging, transparency, oversight, failure."""

from __future__ import annotations

from ai_readiness.rules.base import (
    ALWAYS_ERROR,
    ERROR_AT_PROD,
    WARN_AT_PROD,
    WARN_THEN_ERROR,
    Rule,
)

RULES: tuple[Rule, ...] = (
    Rule(
        id="MON001",
        name="no-alert",
        policy=ERROR_AT_PROD,
        summary=(
            "At production, no entry of `monitoring.signals` has a complete `alert` with `op`, `value` and `window`."
        ),
        rationale=(
            "A signal without an alert is a dashboard that nobody looks at when quality drops at "
            "night or over a weekend. "
            "At least one alert with a condition and a time window makes a production regression "
            "reach a person. "
            "The rule speaks only when `monitoring.signals` is declared (a missing list is "
            "STAGE001's) and gives one finding for the list, not one per signal."
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
    ),
    Rule(
        id="MON002",
        name="no-on-call",
        policy=ERROR_AT_PROD,
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
    ),
    Rule(
        id="MON003",
        name="unmonitored-gate",
        policy=WARN_AT_PROD,
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
            "neither the absence is STAGE001's."
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
    ),
    Rule(
        id="MON004",
        name="incomplete-feedback",
        policy=ERROR_AT_PROD,
        summary=(
            "At production, `monitoring.feedback` is declared without `channel`, `triageOwner` or `triageWithin`."
        ),
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
    ),
    Rule(
        id="LOG001",
        name="missing-log-events",
        policy=WARN_THEN_ERROR,
        summary=(
            "`logging.events` lacks `request`, `output` or `model_version`, or lacks "
            "`retrieved_context` for a `rag-assistant`, or `tool_calls` for an `agent`."
        ),
        rationale=(
            "Investigating a bad answer needs the input, the output and the model version that "
            "produced it. "
            "For a `rag-assistant`, the retrieved context tells a retrieval error from a "
            "generation error; for an `agent`, the tool calls record what it actually did. "
            "One finding per missing event, and only when `events` is declared; a missing list "
            "is STAGE001's at production."
        ),
        bad="""\
spec:
  type: rag-assistant
  stage: production
  logging:
    events: [request, output, errors]
""",
        good="""\
spec:
  type: rag-assistant
  stage: production
  logging:
    events: [request, output, model_version, retrieved_context, errors]
""",
    ),
    Rule(
        id="LOG002",
        name="log-retention-privacy",
        policy=ALWAYS_ERROR,
        summary=(
            "`logging` is declared without `retention`; or `logging.retention` is shorter than "
            "P6M while `risk.euAiAct` is `high`; or a `data.sources` entry has `containsPii: true` "
            "while `logging.piiRedaction` is not `true`."
        ),
        rationale=(
            "Logs without a retention period are either deleted before an incident is "
            "investigated or kept forever against data-protection law. "
            "High-risk systems under the EU AI Act must keep their logs for at least six months, "
            "and logs of a system that reads personal data copy that data into the log store "
            "unless it is redacted. "
            "Every part speaks only when `logging` is declared, a missing `piiRedaction` counts "
            "as not `true`, and the minimum is the `high-risk-min-retention` window."
        ),
        bad="""\
spec:
  risk:
    euAiAct: high
  data:
    sources:
      - {id: customer_tickets, containsPii: true}
  logging:
    retention: P30D
""",
        good="""\
spec:
  risk:
    euAiAct: high
  data:
    sources:
      - {id: customer_tickets, containsPii: true}
  logging:
    retention: P6M
    piiRedaction: true
""",
    ),
    Rule(
        id="TRN001",
        name="transparency",
        policy=ERROR_AT_PROD,
        summary=(
            "At production, a `rag-assistant` does not have `transparency.citations: required`, "
            "or a generative system (`llm-feature`, `rag-assistant`, `agent`) does not have "
            "`transparency.aiDisclosure: true`."
        ),
        rationale=(
            "People must know that they are dealing with an AI system, which the EU AI Act also "
            "requires for systems that interact with people. "
            "Citations let a user check an assistant's answer against its source instead of "
            "trusting it blindly. "
            "The rule speaks only when `transparency` is declared (a missing one is STAGE001's), "
            "and inside it a missing `citations` or `aiDisclosure` counts as not compliant."
        ),
        bad="""\
spec:
  type: rag-assistant
  stage: production
  transparency:
    citations: optional
""",
        good="""\
spec:
  type: rag-assistant
  stage: production
  transparency:
    citations: required
    aiDisclosure: true
""",
    ),
    Rule(
        id="HO001",
        name="human-oversight",
        policy=ALWAYS_ERROR,
        summary=(
            "`risk.tier` is `high` and `humanOversight.mode` is missing or `none`, or "
            "`humanOversight` lacks `reviewers`, `override` or `stop`."
        ),
        rationale=(
            "For a high-risk system, people must be able to watch its decisions, override them "
            "and stop the system, and they must be named before something goes wrong. "
            "A declared mode without reviewers or without a way to override and stop is oversight "
            "in name only. "
            "The rule speaks at every stage once `tier: high` is declared, even when "
            "`humanOversight` is absent, one finding per missing key; at production, where "
            "STAGE001 already requires `humanOversight.mode`, a missing `mode` is left to it."
        ),
        bad="""\
spec:
  risk:
    tier: high
  humanOversight:
    mode: human-in-the-loop
    reviewers: ["@acme/claims-review"]
""",
        good="""\
spec:
  risk:
    tier: high
  humanOversight:
    mode: human-in-the-loop
    reviewers: ["@acme/claims-review"]
    override: A claims handler edits or rejects each suggested decision before it is sent.
    stop: Turn off the flag claims-triage-ai; cases go to the manual queue.
""",
    ),
    Rule(
        id="FAIL001",
        name="kill-switch",
        policy=ERROR_AT_PROD,
        summary=(
            "At production, `failureHandling.killSwitch` lacks `mechanism` or `owner`; a "
            "`killSwitch.lastTested` that is missing or older than P180D is a warning."
        ),
        rationale=(
            "When a system starts giving harmful answers, the team needs a fallback for users "
            "and a way to turn the system off at once, with someone allowed to use it. "
            "A kill switch that has never been tried tends to fail when it is needed. "
            "A missing `fallback` or `killSwitch` at production is STAGE001's, so this rule "
            "speaks only about a declared `killSwitch`; the test window is "
            "`kill-switch-test-max-age`."
        ),
        bad="""\
spec:
  stage: production
  failureHandling:
    fallback: Route the question to the human agent queue.
    killSwitch:
      mechanism: Feature flag support-assistant-enabled
      lastTested: 2026-03-10
""",
        good="""\
spec:
  stage: production
  failureHandling:
    fallback: Route the question to the human agent queue.
    killSwitch:
      mechanism: Feature flag support-assistant-enabled
      owner: "@acme/support-ml"
      lastTested: 2026-10-14
""",
    ),
)
