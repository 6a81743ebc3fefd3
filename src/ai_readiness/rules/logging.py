"""Rules about the system's logs: the events logged, retention and personal data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import ALWAYS_ERROR, WARN_THEN_ERROR, Hit, Rule
from ai_readiness.rules.common import duration_of, quoted

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


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


MISSING_LOG_EVENTS = Rule(
    id="LOG001",
    name="missing-log-events",
    policy=WARN_THEN_ERROR,
    area="logging",
    controls=(
        "eu-ai-act:Art. 12(1)",
        "eu-ai-act:Art. 12(2)",
        "iso-42001:A.6.2.8",
    ),
    keys=("spec.type", "spec.logging.events"),
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
)


def log_retention_privacy(ctx: DocContext) -> Iterator[Hit]:
    """LOG002: retention declared, long enough for EU AI Act high risk, and PII redacted."""
    logging = ctx.get("logging")
    if not isinstance(logging, dict):
        return
    retention = logging.get("retention")
    if retention is None:
        # At production STAGE001 requires logging.retention: one absence, one finding
        # (docs/design.md, "Absence").
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
            # Durations compare by adding each to today (docs/design.md, "Dates and durations"):
            # P180D is always shorter than P6M.
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


LOG_RETENTION_PRIVACY = Rule(
    id="LOG002",
    name="log-retention-privacy",
    policy=ALWAYS_ERROR,
    area="logging",
    controls=(
        "eu-ai-act:Art. 12(1)",
        "eu-ai-act:Art. 19(1)",
        "eu-ai-act:Art. 26(6)",
        "nist-ai-rmf:MEASURE 2.10",
    ),
    keys=(
        "spec.logging.retention",
        "spec.logging.piiRedaction",
        "spec.risk.euAiAct",
        "spec.data.sources[].containsPii",
    ),
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
)
