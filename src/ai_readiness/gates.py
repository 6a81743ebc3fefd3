"""The stage gates: which keys each stage requires, and what each is for (README, "Stage gates";
STAGE001 reports a missing one)."""

from __future__ import annotations

# (key path under spec, what it is for), in the order the README's table lists them.
PROTOTYPE = (
    ("type", "the kind of system"),
    ("stage", "the lifecycle stage"),
    ("owners.technical", "who builds and runs it"),
    ("purpose.intendedUse", "what it is for"),
)
PILOT = (
    ("owners.business", "who answers for its outcomes"),
    ("purpose.outOfScope", "what it must not be used for"),
    ("risk.tier", "how much harm a failure can do"),
    ("review.lastReviewed", "when this manifest was last reviewed"),
    ("review.cadence", "how often it is reviewed"),
    ("data.sources", "which data it reads"),
    ("evaluation.metrics", "what quality is measured"),
    ("evaluation.datasets", "what it is measured on"),
    ("evaluation.thresholds", "the bar a release must clear"),
)
PRODUCTION = (
    ("evaluation.triggers", "when the evaluation runs"),
    ("evaluation.lastRun", "evidence of the latest evaluation"),
    ("monitoring.signals", "what is watched in production"),
    ("monitoring.escalation", "who is paged when an alert fires"),
    ("monitoring.feedback", "how user feedback is triaged"),
    ("logging.events", "what is logged"),
    ("logging.retention", "how long logs are kept"),
    ("failureHandling.fallback", "what happens when it fails"),
    ("failureHandling.killSwitch", "how it is switched off"),
    ("failureHandling.runbook", "how on-call handles incidents"),
    ("transparency", "what users are told"),
    ("humanOversight.mode", "how people oversee it"),
    ("reviews", "the sign-offs it has"),
)
DEPRECATED = (*PROTOTYPE[:3], ("decommission", "how it is retired"))


def required_keys(stage: str) -> tuple[tuple[str, str], ...]:
    """The cumulative gate of ``stage`` (deprecated has its own)."""
    if stage == "deprecated":
        return DEPRECATED
    if stage == "production":
        return PROTOTYPE + PILOT + PRODUCTION
    if stage == "pilot":
        return PROTOTYPE + PILOT
    return PROTOTYPE


def first_stage_requiring(key: str) -> str:
    for stage, table in (("prototype", PROTOTYPE), ("pilot", PILOT), ("production", PRODUCTION)):
        if any(k == key for k, _ in table):
            return stage
    return "deprecated"
