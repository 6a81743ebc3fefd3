"""Rules about reviews and waivers: the security review, expiry and valid exceptions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import ALWAYS_ERROR, WARN_THEN_ERROR, Hit, Rule
from ai_readiness.rules.common import date_of, owner_key, owner_keys, quoted

if TYPE_CHECKING:
    from ai_readiness.context import DocContext

# SPEC §11: exceptions cannot waive these.
NOT_WAIVABLE = frozenset(("YAML001", "YAML002", "YAML003", "SCHEMA001", "ATT001"))


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


class Waiver:
    """One `exceptions` entry and what is wrong with it (nothing: it suppresses its rule)."""

    __slots__ = ("entry", "index", "problems")

    def __init__(self, index: int, entry: dict[str, Any]) -> None:
        self.index = index
        self.entry = entry
        self.problems: list[Hit] = []

    @property
    def valid(self) -> bool:
        return not self.problems and isinstance(self.entry.get("rule"), str) and "expires" in self.entry


def judge_exceptions(ctx: DocContext, known_rules: frozenset[str]) -> list[Waiver]:
    """Every exception with its problems (SPEC §3 ATT001). The engine calls this even when ATT001
    is off: a flawed exception suppresses nothing either way (SPEC §11)."""
    waivers = []
    technical = owner_keys(ctx, "technical")
    max_end = ctx.windows.exception_max_length.after(ctx.today)
    for index, entry in ctx.items("exceptions"):
        waiver = Waiver(index, entry)
        problems = waiver.problems
        rule = entry.get("rule")
        if isinstance(rule, str) and rule not in known_rules:
            problems.append(
                Hit(
                    spec_pointer("exceptions", index, "rule"),
                    f"the exception names {quoted(rule)}, which is not a rule id: see `ai-readiness rules`",
                )
            )
        elif rule in NOT_WAIVABLE:
            problems.append(
                Hit(spec_pointer("exceptions", index, "rule"), f"{rule} can't be waived: fix the problem instead")
            )
        for key, why in (("reason", "say why the gap is acceptable"), ("approvedBy", "name who approved it")):
            if key not in entry:
                problems.append(
                    Hit(spec_pointer("exceptions", index, key), f"the exception lacks `{key}`: {why}", at="key")
                )
        approver = entry.get("approvedBy")
        if approver is not None and owner_key(approver) in technical:
            problems.append(
                Hit(
                    spec_pointer("exceptions", index, "approvedBy"),
                    f"the exception is approved by "
                    f"{quoted(approver)}, one of the system's technical owners: someone outside the "
                    "team must approve it",
                )
            )
        expires = date_of(entry.get("expires"))
        if expires is not None and expires < ctx.today:
            problems.append(
                Hit(
                    spec_pointer("exceptions", index, "expires"),
                    f"the exception expired on {expires}: fix the problem, or renew the exception with a new approval",
                )
            )
        elif expires is not None and expires > max_end:
            problems.append(
                Hit(
                    spec_pointer("exceptions", index, "expires"),
                    f"the exception runs until {expires}, "
                    f"more than {ctx.windows.exception_max_length} from today: set `expires` on or "
                    f"before {max_end}",
                )
            )
        waivers.append(waiver)
    return waivers


def attestations(ctx: DocContext) -> Iterator[Hit]:
    """ATT001: expired reviews and flawed exceptions."""
    for index, review in ctx.items("reviews"):
        expires = date_of(review.get("expires"))
        if expires is not None and expires < ctx.today:
            kind = f"{review['type']} review" if isinstance(review.get("type"), str) else "review"
            yield Hit(
                spec_pointer("reviews", index, "expires"),
                f"the {kind} expired on {expires}: renew it, or record the new review",
            )
    from ai_readiness.rules.catalog import BY_ID

    for waiver in judge_exceptions(ctx, frozenset(BY_ID)):
        yield from waiver.problems


RULES: tuple[Rule, ...] = (
    Rule(
        id="SEC001",
        name="security-review",
        policy=WARN_THEN_ERROR,
        area="security",
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
    ),
    Rule(
        id="ATT001",
        name="invalid-attestation",
        policy=ALWAYS_ERROR,
        area="reviews",
        check=attestations,
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
