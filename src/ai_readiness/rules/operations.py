"""Rules about running the system: monitoring, logging, transparency, oversight, failure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.dates import is_older_than
from ai_readiness.rules.base import (
    ALWAYS_ERROR,
    ERROR_AT_PROD,
    WARN_AT_PROD,
    WARN_THEN_ERROR,
    WARNING,
    Hit,
    Rule,
)
from ai_readiness.rules.common import date_of, duration_of, is_release_gate, quoted

if TYPE_CHECKING:
    from ai_readiness.context import DocContext

ALERT_KEYS = ("op", "value", "window")
FEEDBACK_KEYS = (
    ("channel", "where users give feedback"),
    ("triageOwner", "who triages it"),
    ("triageWithin", "how soon it is triaged"),
)
BASE_EVENTS = (
    ("request", "the input"),
    ("output", "the answer given"),
    ("model_version", "which model produced it"),
)
TYPE_EVENTS = {
    "rag-assistant": (
        ("retrieved_context", "what retrieval found, to tell a retrieval error from a generation error"),
    ),
    "agent": (("tool_calls", "what the agent actually did"),),
}
OVERSIGHT_KEYS = (
    ("reviewers", "who performs the oversight"),
    ("override", "how a person overrides an output"),
    ("stop", "how a person stops the system"),
)
KILL_SWITCH_KEYS = (
    ("mechanism", "how the system is switched off"),
    ("owner", "who may switch it off"),
)


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


def missing_log_events(ctx: DocContext) -> Iterator[Hit]:
    """LOG001: one finding per expected event missing from a declared events list."""
    events = ctx.get("logging", "events")
    if not isinstance(events, list):
        return
    logged = {e for e in events if isinstance(e, str)}
    expected = [(event, meaning, "") for event, meaning in BASE_EVENTS]
    expected += [(event, meaning, f" for a {ctx.type}") for event, meaning in TYPE_EVENTS.get(ctx.type or "", ())]
    for event, meaning, why in expected:
        if event not in logged:
            yield Hit(
                spec_pointer("logging", "events"),
                f"logging.events does not include {quoted(event)}{why} ({meaning}): add it to the list",
                at="key",
            )


def log_retention_privacy(ctx: DocContext) -> Iterator[Hit]:
    """LOG002: retention declared, long enough for EU AI Act high risk, and PII redacted."""
    logging = ctx.get("logging")
    if not isinstance(logging, dict):
        return
    retention = logging.get("retention")
    if retention is None:
        # At production STAGE001 requires logging.retention: one absence, one finding (SPEC §11).
        if not ctx.production:
            yield Hit(
                spec_pointer("logging", "retention"),
                "logging is declared without `retention`: say how long logs are kept, e.g. P180D",
                at="key",
            )
    elif ctx.get("risk", "euAiAct") == "high":
        kept = duration_of(retention)
        minimum = ctx.windows.high_risk_min_retention
        if kept is not None and kept.compare(minimum, ctx.today) < 0:
            # Durations compare by adding each to today (SPEC §2): P180D is always shorter than P6M.
            yield Hit(
                spec_pointer("logging", "retention"),
                f"logging.retention is {quoted(retention)}, shorter than the {minimum} an EU AI Act high-risk "
                f"system must keep its logs (from {ctx.today.isoformat()}: {retention} ends "
                f"{kept.after(ctx.today).isoformat()}, {minimum} ends {minimum.after(ctx.today).isoformat()}): "
                f"keep logs for {minimum} or longer",
            )
    if logging.get("piiRedaction") is True:
        return
    pii = [
        (s["id"] if isinstance(s.get("id"), str) else f"#{i + 1}")
        for i, s in ctx.items("data", "sources")
        if s.get("containsPii") is True
    ]
    if pii:
        names = ", ".join(quoted(n) for n in pii[:3]) + (f" and {len(pii) - 3} more" if len(pii) > 3 else "")
        sources = "source" if len(pii) == 1 else "sources"
        contain = "contains" if len(pii) == 1 else "contain"
        found = "false" if "piiRedaction" in logging else "not set"
        yield Hit(
            spec_pointer("logging", "piiRedaction"),
            f"data {sources} {names} {contain} personal data but logging.piiRedaction is {found}: "
            "redact personal data from logs and set `piiRedaction: true`",
            at="value" if "piiRedaction" in logging else "key",
        )


def transparency(ctx: DocContext) -> Iterator[Hit]:
    """TRN001: a declared transparency section, judged by the system's type."""
    section = ctx.get("transparency")
    if not isinstance(section, dict):
        return
    citations = section.get("citations")
    if ctx.type == "rag-assistant" and citations != "required":
        found = f"is {quoted(citations)}" if citations is not None else "is not set"
        yield Hit(
            spec_pointer("transparency", "citations"),
            f"transparency.citations {found} but a production rag-assistant must cite its sources: "
            "use `citations: required`",
            at="value" if citations is not None else "key",
        )
    disclosure = section.get("aiDisclosure")
    if ctx.generative and disclosure is not True:
        found = "false" if disclosure is not None else "not set"
        yield Hit(
            spec_pointer("transparency", "aiDisclosure"),
            f"transparency.aiDisclosure is {found} but users of a production {ctx.type} must be told they "
            "deal with AI: set `aiDisclosure: true`",
            at="value" if disclosure is not None else "key",
        )


def human_oversight(ctx: DocContext) -> Iterator[Hit]:
    """HO001: a declared high tier calls for complete human oversight, even when it is absent."""
    if ctx.get("risk", "tier") != "high":
        return
    oversight = ctx.section("humanOversight")
    mode = oversight.get("mode")
    if mode == "none":
        yield Hit(
            spec_pointer("humanOversight", "mode"),
            "humanOversight.mode is 'none' but risk.tier is high: choose human-in-the-loop, "
            "human-on-the-loop or human-in-command",
        )
    elif mode is None and not ctx.production:
        # At production STAGE001 requires humanOversight.mode: one absence, one finding (SPEC §11).
        yield Hit(
            spec_pointer("humanOversight", "mode"),
            "risk.tier is high but humanOversight.mode is not set: choose human-in-the-loop, "
            "human-on-the-loop or human-in-command",
            at="key",
        )
    for key, meaning in OVERSIGHT_KEYS:
        if key not in oversight:
            yield Hit(
                spec_pointer("humanOversight", key),
                f"risk.tier is high but humanOversight.{key} is not set ({meaning}): add it",
                at="key",
            )


def kill_switch(ctx: DocContext) -> Iterator[Hit]:
    """FAIL001: a declared kill switch needs a mechanism and an owner, and a recent test (warning)."""
    switch = ctx.get("failureHandling", "killSwitch")
    if not isinstance(switch, dict):
        return  # an absent fallback or killSwitch at production is STAGE001's (SPEC §11)
    for key, meaning in KILL_SWITCH_KEYS:
        if key not in switch:
            yield Hit(
                spec_pointer("failureHandling", "killSwitch", key),
                f"failureHandling.killSwitch has no `{key}` ({meaning}): add it",
                at="key",
            )
    window = ctx.windows.kill_switch_test_max_age
    raw = switch.get("lastTested")
    tested = date_of(raw)
    if raw is None:
        yield Hit(
            spec_pointer("failureHandling", "killSwitch", "lastTested"),
            f"failureHandling.killSwitch has no `lastTested`: test the kill switch and record the date "
            f"(at most {window} old)",
            at="key",
            severity=WARNING,
        )
    elif tested is not None and is_older_than(tested, window, ctx.today):
        yield Hit(
            spec_pointer("failureHandling", "killSwitch", "lastTested"),
            f"the kill switch was last tested on {tested.isoformat()}, more than {window} before "
            f"{ctx.today.isoformat()}: test it again and update `lastTested`",
            severity=WARNING,
        )


RULES: tuple[Rule, ...] = (
    Rule(
        id="MON001",
        name="no-alert",
        policy=ERROR_AT_PROD,
        area="monitoring",
        check=no_alert,
        summary=(
            "At production, no entry of `monitoring.signals` has a complete `alert` with `op`, `value` and `window`."
        ),
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
    ),
    Rule(
        id="MON002",
        name="no-on-call",
        policy=ERROR_AT_PROD,
        area="monitoring",
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
    ),
    Rule(
        id="MON003",
        name="unmonitored-gate",
        policy=WARN_AT_PROD,
        area="monitoring",
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
    ),
    Rule(
        id="MON004",
        name="incomplete-feedback",
        policy=ERROR_AT_PROD,
        area="monitoring",
        check=incomplete_feedback,
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
        area="logging",
        check=missing_log_events,
        summary=(
            "`logging.events` lacks `request`, `output` or `model_version`, or lacks "
            "`retrieved_context` for a `rag-assistant`, or `tool_calls` for an `agent`."
        ),
        rationale=(
            "Investigating a bad answer needs the input, the output and the model version that "
            "produced it. "
            "For a `rag-assistant`, the retrieved context tells a retrieval error from a "
            "generation error; for an `agent`, the tool calls record what it actually did. "
            "One finding per missing event, at `events`, and only when `events` is declared; a "
            "missing list is STAGE001's at production, and a deprecated system is warned as a "
            "prototype."
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
        area="logging",
        check=log_retention_privacy,
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
            "Every part speaks only when `logging` is declared, and at every stage; at "
            "production a missing `retention` is left to STAGE001, which requires it there. "
            "The minimum is the `high-risk-min-retention` window, and durations compare by "
            "adding each to today: six months are 181 to 184 days, so `P180D` is always shorter than "
            "`P6M` and `P184D` never is. "
            "A missing `piiRedaction` counts as not `true`; one finding, at `piiRedaction`, "
            "names the sources that hold personal data."
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
        area="transparency",
        check=transparency,
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
            "and inside it a missing `citations` or `aiDisclosure` counts as not compliant; a "
            "`classifier` or `other` system is not judged."
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
        area="oversight",
        check=human_oversight,
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
            "`humanOversight` is absent, one finding per missing key (as STAGE001 does, at the "
            "nearest existing parent) and one for `mode: none`; at production, where STAGE001 "
            "already requires `humanOversight.mode`, a missing `mode` is left to it."
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
        area="failure handling",
        check=kill_switch,
        summary=(
            "At production, `failureHandling.killSwitch` lacks `mechanism` or `owner`; a "
            "`killSwitch.lastTested` that is missing or older than P180D is a warning."
        ),
        rationale=(
            "When a system starts giving harmful answers, the team needs a fallback for users "
            "and a way to turn the system off at once, with someone allowed to use it. "
            "A kill switch that has never been tried tends to fail when it is needed. "
            "A missing `fallback` or `killSwitch` at production is STAGE001's, so this rule "
            "speaks only about a declared `killSwitch`: an error per missing `mechanism` or "
            "`owner`, and a warning when `lastTested` is missing or older than the "
            "`kill-switch-test-max-age` window."
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
