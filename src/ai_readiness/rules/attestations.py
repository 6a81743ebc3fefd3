"""Rules about attestations: expired reviews and flawed exceptions (ATT001)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import ALWAYS_ERROR, Hit, Rule
from ai_readiness.rules.common import date_of
from ai_readiness.rules.waivers import judge_exceptions

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


def invalid_attestation(ctx: DocContext) -> Iterator[Hit]:
    """ATT001: expired reviews and flawed exceptions."""
    for index, review in ctx.items("reviews"):
        expires = date_of(review.get("expires"))
        if expires is not None and expires < ctx.today:
            kind = f"{review['type']} review" if isinstance(review.get("type"), str) else "review"
            yield Hit(
                spec_pointer("reviews", index, "expires"),
                f"the {kind} expired on {expires}: renew it, or record the new review",
            )
    for waiver in judge_exceptions(ctx):
        yield from waiver.problems


INVALID_ATTESTATION = Rule(
    id="ATT001",
    name="invalid-attestation",
    policy=ALWAYS_ERROR,
    area="reviews",
    keys=(
        "spec.reviews[].expires",
        "spec.exceptions[].rule",
        "spec.exceptions[].reason",
        "spec.exceptions[].approvedBy",
        "spec.exceptions[].expires",
    ),
    check=invalid_attestation,
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
)
