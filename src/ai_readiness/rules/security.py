"""Rules about security: an independent security review with evidence (SEC001)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import WARN_THEN_ERROR, Hit, Rule
from ai_readiness.rules.common import owner_key, owner_keys, quoted

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


def security_review(ctx: DocContext) -> Iterator[Hit]:
    """SEC001: an approved security review by someone outside the owners, with evidence."""
    if "reviews" not in ctx.spec:
        return  # an absent list is STAGE001's (at production) or not required
    approved = [
        (i, r) for i, r in ctx.items("reviews") if r.get("type") == "security" and r.get("status") == "approved"
    ]
    if not approved:
        pending = [i for i, r in ctx.items("reviews") if r.get("type") == "security"]
        where = spec_pointer("reviews", pending[0], "status") if pending else spec_pointer("reviews")
        found = "a security review that is not approved" if pending else "no security review"
        yield Hit(
            where,
            f"expected an approved security review; found {found}: add one with status approved, by a "
            "reviewer outside the system's owners, with evidence",
            at="value" if pending else "key",
        )
        return
    owners = owner_keys(ctx)
    for _, review in approved:
        if owner_key(review.get("by")) not in owners and review.get("by") and review.get("evidence"):
            return  # one independent review with evidence is enough
    index, review = approved[0]
    by = review.get("by")
    if not by:
        yield Hit(
            spec_pointer("reviews", index, "by"),
            "the approved security review names no reviewer (`by`): "
            "name who reviewed it, someone outside the system's owners",
            at="key",
        )
    elif owner_key(by) in owners:
        yield Hit(
            spec_pointer("reviews", index, "by"),
            f"the security review is approved by {quoted(by)}, one of the "
            "system's own owners: it needs an independent reviewer",
        )
    if not review.get("evidence"):
        yield Hit(
            spec_pointer("reviews", index, "evidence"),
            "the approved security review has no `evidence`: link the report or ticket that shows what was reviewed",
            at="key",
        )


SECURITY_REVIEW = Rule(
    id="SEC001",
    name="security-review",
    policy=WARN_THEN_ERROR,
    area="security",
    controls=(
        "eu-ai-act:Art. 15(5)",
        "nist-ai-rmf:MEASURE 1.3",
        "nist-ai-rmf:MEASURE 2.7",
    ),
    keys=("spec.reviews[].type", "spec.reviews[].status", "spec.reviews[].by", "spec.reviews[].evidence"),
    check=security_review,
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
)
