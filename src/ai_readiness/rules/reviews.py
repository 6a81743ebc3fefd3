"""Rules about reviews and waivers: the security review, expiry and valid exceptions."""

from __future__ import annotations

from ai_readiness.rules.base import ALWAYS_ERROR, WARN_THEN_ERROR, Rule

RULES: tuple[Rule, ...] = (
    Rule(
        id="SEC001",
        name="security-review",
        policy=WARN_THEN_ERROR,
        summary=(
            "`reviews` has no entry with `type: security` and `status: approved`, or the approved "
            "security review's `by` is one of the system's owners (business, technical or "
            "oversight), or it has no `evidence`."
        ),
        rationale=(
            "An AI system adds new ways in (prompt injection, data exfiltration through answers, "
            "over-broad tool permissions) that an independent security reviewer should have "
            "examined. "
            "A review signed by the system's own owners, or one that leaves no evidence, cannot "
            "be checked by anyone else. "
            "The rule speaks only when `reviews` is declared (a missing list is STAGE001's at "
            "production); one approved security review with an independent `by` and `evidence` "
            "is enough, owners are compared as OWN003 compares them, and an expired review is "
            "ATT001's and still counts here."
        ),
        bad="""\
spec:
  stage: production
  owners:
    technical: ["@acme/support-ml"]
  reviews:
    - type: security
      status: approved
      by: "@acme/support-ml"
      date: 2026-09-14
""",
        good="""\
spec:
  stage: production
  owners:
    technical: ["@acme/support-ml"]
  reviews:
    - type: security
      status: approved
      by: "@acme/appsec"
      date: 2026-09-14
      evidence: https://github.com/acme/security-reviews/issues/412
""",
    ),
    Rule(
        id="ATT001",
        name="invalid-attestation",
        policy=ALWAYS_ERROR,
        summary=(
            "A review or exception has expired (`expires` is before today), or an exception names "
            "an unknown rule or one that can't be waived (YAML001–YAML003, SCHEMA001, ATT001), "
            "lacks `reason` or `approvedBy`, is approved by one of the system's technical owners, "
            "or expires more than P365D from today; an exception flagged here suppresses nothing."
        ),
        rationale=(
            "Exceptions are how a team ships with a known gap, so each one needs a reason, an "
            "approver other than the people who benefit from it, and an end date that forces a "
            "second look. "
            "An expired review no longer vouches for the system it approved. "
            "Exceptions are judged even when this rule is turned off (a flawed exception then "
            "still suppresses nothing), a review or exception that expires today is still "
            "valid, the maximum length is the `exception-max-length` window, and this rule "
            "can't be waived."
        ),
        bad="""\
spec:
  owners:
    technical: ["@acme/support-ml"]
  exceptions:
    - rule: EVAL009
      reason: Red-team exercise booked with the security team for January 2027.
      approvedBy: "@acme/support-ml"
      expires: 2028-06-30
""",
        good="""\
spec:
  owners:
    technical: ["@acme/support-ml"]
  exceptions:
    - rule: EVAL009
      reason: Red-team exercise booked with the security team for January 2027.
      approvedBy: "@acme/ai-governance"
      expires: 2027-02-28
""",
        waivable=False,
    ),
)
