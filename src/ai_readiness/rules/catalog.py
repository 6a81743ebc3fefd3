"""The rule registry: every rule's record, in a fixed order, and a lookup by id.

The order is the order of `ai-readiness rules`, docs/rules.md, the README's table and SARIF's
rule list. A rule's record sits right after its check function, in the module named for its id's
prefix (tests/test_registry.py keeps the two in step); adding a rule adds it here too.
"""

from __future__ import annotations

from ai_readiness.rules import (
    attestations,
    data,
    document,
    evaluation,
    failure,
    history,
    logging,
    metadata,
    monitoring,
    oversight,
    ownership,
    pull_requests,
    purpose,
    references,
    risk,
    security,
    stage,
    transparency,
)
from ai_readiness.rules.base import Rule

ALL_RULES: tuple[Rule, ...] = (
    document.INVALID_YAML,
    document.DUPLICATE_KEY,
    document.UNSAFE_INPUT,
    document.SCHEMA,
    stage.STAGE_GATE,
    metadata.PLACEHOLDER_TEXT,
    metadata.REVIEW_OVERDUE,
    metadata.DUPLICATE_NAME,
    ownership.OWNER_ROLES_OVERLAP,
    ownership.NO_TEAM_OWNER,
    ownership.CODEOWNERS_MISMATCH,
    purpose.DECISION_OWNERSHIP,
    risk.RISK_CLASSIFICATION,
    risk.HIGH_RISK_OBLIGATIONS,
    data.SOURCE_ACCESS_BYPASS,
    data.SOURCE_FRESHNESS_CONFLICTS,
    data.UNPINNED_MODEL,
    evaluation.NO_QUALITY_GATE,
    evaluation.UNKNOWN_OR_DUPLICATE_ID,
    evaluation.THRESHOLD_DIRECTION,
    evaluation.NO_SAFETY_GATE,
    evaluation.NO_CHANGE_TRIGGER,
    evaluation.STALE_EVALUATION,
    evaluation.NO_FAIRNESS_EVALUATION,
    evaluation.RED_TEAM_OVERDUE,
    monitoring.NO_ALERT,
    monitoring.NO_ON_CALL,
    monitoring.UNMONITORED_GATE,
    monitoring.INCOMPLETE_FEEDBACK,
    logging.MISSING_LOG_EVENTS,
    logging.LOG_RETENTION_PRIVACY,
    transparency.TRANSPARENCY,
    oversight.HUMAN_OVERSIGHT,
    failure.KILL_SWITCH,
    references.BROKEN_PATH,
    security.SECURITY_REVIEW,
    attestations.INVALID_ATTESTATION,
    attestations.UNUSED_EXCEPTION,
    attestations.EXPIRING_EXCEPTION,
    history.EVALUATION_PREDATES_CODE,
    pull_requests.LAUNCH_REVIEW,
    pull_requests.READINESS_WEAKENED,
)

BY_ID: dict[str, Rule] = {rule.id: rule for rule in ALL_RULES}
