"""Waivers: which `exceptions` entries are valid, which rules they waive, and marking findings.

One module for the engine, which suppresses the findings of waived rules, and for ATT001, which
reports the flawed exceptions: both judge an exception the same way (docs/design.md, "Waivers").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import Hit
from ai_readiness.rules.common import date_of, owner_key, owner_keys, quoted

if TYPE_CHECKING:
    from ai_readiness.context import DocContext
    from ai_readiness.findings import Finding

Waivers = dict[str, dict[str, Any]]  # rule id -> the exception that waives it


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


def judge_exceptions(ctx: DocContext) -> list[Waiver]:
    """Every exception with its problems (ATT001's, see docs/rules.md). The engine calls this even
    when ATT001 is off: a flawed exception suppresses nothing either way."""
    registry = ctx.registry
    waivers = []
    technical = owner_keys(ctx, "technical")
    max_end = ctx.windows.exception_max_length.after(ctx.today)
    policy = ctx.policy
    unwaivable = policy.unwaivable if policy is not None else frozenset()
    approvers = policy.approver_keys if policy is not None else None
    for index, entry in ctx.items("exceptions"):
        waiver = Waiver(index, entry)
        problems = waiver.problems
        rule = entry.get("rule")
        if isinstance(rule, str) and rule not in registry:
            problems.append(
                Hit(
                    spec_pointer("exceptions", index, "rule"),
                    f"the exception names {quoted(rule)}, which is not a rule id: see `ai-readiness rules`",
                )
            )
        elif isinstance(rule, str) and not registry[rule].waivable:
            problems.append(
                Hit(spec_pointer("exceptions", index, "rule"), f"{rule} can't be waived: fix the problem instead")
            )
        elif isinstance(rule, str) and rule in unwaivable:
            problems.append(
                Hit(
                    spec_pointer("exceptions", index, "rule"),
                    f"{rule} can't be waived under the organisation's policy (waivers.unwaivable): "
                    "fix the problem instead",
                )
            )
        for key, why in (("reason", "say why the gap is acceptable"), ("approvedBy", "name who approved it")):
            if key not in entry:
                problems.append(
                    Hit(spec_pointer("exceptions", index, key), f"the exception lacks `{key}`: {why}", at="key")
                )
        approver = entry.get("approvedBy")
        if approver is not None and approvers is not None and owner_key(approver) not in approvers:
            assert policy is not None and policy.approvers is not None
            allowed = ", ".join(policy.approvers[:3]) + (", ..." if len(policy.approvers) > 3 else "")
            problems.append(
                Hit(
                    spec_pointer("exceptions", index, "approvedBy"),
                    f"the exception is approved by {quoted(approver)}, who is not among the approvers the "
                    f"organisation's policy allows ({allowed})",
                )
            )
        elif approver is not None and owner_key(approver) in technical:
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


def active_waivers(ctx: DocContext) -> Waivers:
    """Rule id -> the first valid, unexpired exception for it in this document. A valid exception
    names a rule that can be waived, so every rule here can be."""
    active: Waivers = {}
    for waiver in judge_exceptions(ctx):
        rule = waiver.entry.get("rule")
        if waiver.valid and isinstance(rule, str) and rule not in active:
            active[rule] = waiver.entry
    return active


def suppress(findings: list[Finding], waivers: Waivers) -> list[Finding]:
    """Findings of waived rules stay, marked with the exception that suppressed them."""
    if not waivers:
        return findings
    return [f._replace(suppressed=waivers[f.rule]) if f.rule in waivers else f for f in findings]
