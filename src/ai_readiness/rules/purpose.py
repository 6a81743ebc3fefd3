"""Rules about what the system decides (PUR001)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import ALWAYS_ERROR, Hit, Rule
from ai_readiness.rules.common import quoted

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


DECIDING_TYPES = frozenset(("agent", "classifier"))


def decision_ownership(ctx: DocContext) -> Iterator[Hit]:
    """PUR001: no decision both automated and human-owned; a production agent or classifier
    names its human-owned decisions (a declared type calls for it: docs/design.md, "Absence")."""
    decisions = ctx.section("purpose", "decisions")
    automated = decisions.get("automated")
    automated_ids = {d for d in automated if isinstance(d, str)} if isinstance(automated, list) else set()
    human = decisions.get("humanOwned")
    if isinstance(human, list):
        reported: set[str] = set()
        for index, decision in enumerate(human):
            if isinstance(decision, str) and decision in automated_ids and decision not in reported:
                reported.add(decision)
                yield Hit(
                    spec_pointer("purpose", "decisions", "humanOwned", index),
                    f"decision {quoted(decision)} is listed both as automated and as human-owned: keep it in "
                    "the one list that says who makes it",
                )
    elif ctx.production and ctx.type in DECIDING_TYPES:
        yield Hit(
            spec_pointer("purpose", "decisions", "humanOwned"),
            f"a production {ctx.type} must say which decisions stay with people, but "
            "purpose.decisions.humanOwned is missing: list the ids of the decisions a person makes",
            at="key",
        )


DECISION_OWNERSHIP = Rule(
    id="PUR001",
    name="decision-ownership",
    policy=ALWAYS_ERROR,
    area="ownership",
    controls=("nist-ai-rmf:MAP 2.2",),
    keys=("spec.type", "spec.purpose.decisions.automated", "spec.purpose.decisions.humanOwned"),
    check=decision_ownership,
    summary=(
        "A decision id is listed both in `purpose.decisions.automated` and in "
        "`purpose.decisions.humanOwned`, or a production system of type `agent` or "
        "`classifier` has no `purpose.decisions.humanOwned`."
    ),
    rationale=(
        "Agents and classifiers act and decide, and users, auditors and support staff need to "
        "know which of those decisions a person makes and which the system makes alone. "
        "An id in both lists is a contradiction that leaves exactly that open. "
        "The first part applies at every stage; the second speaks for every production "
        "`agent` or `classifier`, even when `purpose` or `decisions` is absent, because the "
        "declared type calls for it (an empty `humanOwned` list counts as missing). "
        "An id in both lists is one finding, at its (first) entry in `humanOwned`."
    ),
    bad="""\
spec:
  type: agent
  stage: production
  purpose:
    decisions:
      automated: [close_ticket, issue_refund]
      humanOwned: [issue_refund]
""",
    good="""\
spec:
  type: agent
  stage: production
  purpose:
    decisions:
      automated: [close_ticket]
      humanOwned: [issue_refund]
""",
)
