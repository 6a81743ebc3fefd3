"""Rules about attestations: expired reviews and flawed exceptions (ATT001), exceptions that waive
nothing (ATT002) and exceptions about to expire (ATT003)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import ALWAYS_ERROR, ALWAYS_INFO, ALWAYS_WARNING, Hit, Rule
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
        "an unknown rule or one that can't be waived (YAML001–YAML003, SCHEMA001, ATT001–ATT003, "
        "and the ids a policy lists in `waivers.unwaivable`), lacks `reason` or `approvedBy`, is "
        "approved by one of the system's technical owners or by someone a policy's "
        "`waivers.approvers` does not list, or expires later than the maximum length from today "
        "(`exception-max-length`, P365D by default); an exception flagged here suppresses nothing."
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


def unused_exception(ctx: DocContext) -> Iterator[Hit]:
    """ATT002: a valid exception whose rule ran on this document and raised nothing, or a second
    exception for a rule another one already waives. Runs after the other rules (`Rule.late`)."""
    outcome = ctx.outcome
    if outcome is None:
        return
    first: dict[str, int] = {}
    for waiver in judge_exceptions(ctx):
        if not waiver.valid:
            continue  # ATT001 reports it
        rule = waiver.entry["rule"]
        pointer = spec_pointer("exceptions", waiver.index)
        if rule in first:
            yield Hit(
                pointer,
                f"a second exception for {rule}: exceptions[{first[rule]}] already waives it; remove this one",
            )
            continue
        first[rule] = waiver.index
        if rule in outcome.ran and rule not in outcome.raised:
            yield Hit(
                pointer,
                f"the exception for {rule} waives nothing: {rule} raised nothing in this document; remove it "
                "(the gap it waived is closed)",
            )


UNUSED_EXCEPTION = Rule(
    id="ATT002",
    name="unused-exception",
    policy=ALWAYS_WARNING,
    area="reviews",
    keys=("spec.exceptions[].rule",),
    check=unused_exception,
    late=True,
    summary=(
        "A valid exception waives nothing: its rule ran on this document in this run and raised "
        "nothing, or another exception for the same rule comes first; not reported when its rule "
        "did not run (turned off, not applying at the judged stage, outside git, a requirement whose "
        "`from` stage is not reached) or when ATT001 flags the exception."
    ),
    rationale=(
        "An exception outlives the gap it was written for: once the problem is fixed it still "
        "suppresses whatever that rule finds next, until it expires, without anyone approving that. "
        "Removing it as soon as it waives nothing keeps each waiver tied to a known gap. "
        "META003, PR001 and PR002 are judged across the repository or the change, after the "
        "documents, so an exception for them is not judged here. This rule can't be waived."
    ),
    bad="""\
spec:
  owners:
    technical: ["@acme/support-ml"]
  components:
    models:
      - {id: answer, provider: openai, model: gpt-4o-2024-08-06}
  exceptions:
    - rule: DATA003
      reason: The provider has no pinned version of this model yet.
      approvedBy: "@acme/ai-governance"
      expires: 2027-02-28
""",
    good="""\
spec:
  owners:
    technical: ["@acme/support-ml"]
  components:
    models:
      - {id: answer, provider: openai, model: gpt-4o}
  exceptions:
    - rule: DATA003
      reason: The provider has no pinned version of this model yet.
      approvedBy: "@acme/ai-governance"
      expires: 2027-02-28
""",
    waivable=False,
)


def expiring_exception(ctx: DocContext) -> Iterator[Hit]:
    """ATT003: a valid exception that expires within `exception-expiry-notice`."""
    notice = ctx.windows.exception_expiry_notice
    last = notice.after(ctx.today)
    for waiver in judge_exceptions(ctx):
        if not waiver.valid:
            continue
        expires = date_of(waiver.entry.get("expires"))
        if expires is None or expires > last:
            continue
        days = (expires - ctx.today).days
        when = "today" if days == 0 else ("tomorrow" if days == 1 else f"in {days} days")
        yield Hit(
            spec_pointer("exceptions", waiver.index, "expires"),
            f"the exception for {waiver.entry['rule']} expires on {expires} ({when}, within {notice}): fix what it "
            "waives, or renew it with a new approval",
        )


EXPIRING_EXCEPTION = Rule(
    id="ATT003",
    name="expiring-exception",
    policy=ALWAYS_INFO,
    area="reviews",
    keys=("spec.exceptions[].expires",),
    check=expiring_exception,
    summary=(
        "A valid exception expires within the `exception-expiry-notice` window (P30D by default): "
        "`expires` is on or before today plus the notice; the finding names the day."
    ),
    rationale=(
        "When an exception expires its findings come back at once, often as errors that block a "
        "merge. A notice ahead of the day leaves time to fix the gap or to get the exception renewed. "
        "It is information only, and this rule can't be waived."
    ),
    bad="""\
spec:
  owners:
    technical: ["@acme/support-ml"]
  exceptions:
    - rule: EVAL009
      reason: Red-team exercise booked with the security team.
      approvedBy: "@acme/ai-governance"
      expires: 2026-12-15
""",
    good="""\
spec:
  owners:
    technical: ["@acme/support-ml"]
  exceptions:
    - rule: EVAL009
      reason: Red-team exercise booked with the security team.
      approvedBy: "@acme/ai-governance"
      expires: 2027-02-28
""",
    waivable=False,
)
