"""Rules about human oversight of a high-risk system (HO001)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import ALWAYS_ERROR, Hit, Rule

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


OVERSIGHT_KEYS = (
    ("reviewers", "who performs the oversight"),
    ("override", "how a person overrides an output"),
    ("stop", "how a person stops the system"),
)


def human_oversight(ctx: DocContext) -> Iterator[Hit]:
    """HO001: a declared high tier calls for complete human oversight, even when it is absent."""
    if ctx.get("risk", "tier") != "high":
        return
    oversight = ctx.section("humanOversight")
    mode = oversight.get("mode")
    if mode == "none":
        yield Hit(
            spec_pointer("humanOversight", "mode"),
            "humanOversight.mode is 'none' but risk.tier is high: choose human-in-the-loop, "
            "human-on-the-loop or human-in-command",
        )
    elif mode is None and not ctx.production:
        # At production STAGE001 requires humanOversight.mode: one absence, one finding
        # (docs/design.md, "Absence").
        yield Hit(
            spec_pointer("humanOversight", "mode"),
            "risk.tier is high but humanOversight.mode is not set: choose human-in-the-loop, "
            "human-on-the-loop or human-in-command",
            at="key",
        )
    for key, meaning in OVERSIGHT_KEYS:
        if key not in oversight:
            yield Hit(
                spec_pointer("humanOversight", key),
                f"risk.tier is high but humanOversight.{key} is not set ({meaning}): add it",
                at="key",
            )


HUMAN_OVERSIGHT = Rule(
    id="HO001",
    name="human-oversight",
    policy=ALWAYS_ERROR,
    area="oversight",
    controls=(
        "eu-ai-act:Art. 14(1)",
        "eu-ai-act:Art. 14(4)(d)",
        "eu-ai-act:Art. 14(4)(e)",
        "eu-ai-act:Art. 26(2)",
        "nist-ai-rmf:GOVERN 3.2",
        "nist-ai-rmf:MAP 3.5",
    ),
    keys=("spec.risk.tier", "spec.humanOversight.mode", *(f"spec.humanOversight.{key}" for key, _ in OVERSIGHT_KEYS)),
    check=human_oversight,
    summary=(
        "`risk.tier` is `high` and `humanOversight.mode` is missing or `none`, or "
        "`humanOversight` lacks `reviewers`, `override` or `stop`."
    ),
    rationale=(
        "For a high-risk system, people must be able to watch its decisions, override them "
        "and stop the system, and they must be named before something goes wrong. "
        "A declared mode without reviewers or without a way to override and stop is oversight "
        "in name only. "
        "The rule speaks at every stage once `tier: high` is declared, even when "
        "`humanOversight` is absent, one finding per missing key (as STAGE001 does, at the "
        "nearest existing parent) and one for `mode: none`; at production, where STAGE001 "
        "already requires `humanOversight.mode`, a missing `mode` is left to it."
    ),
    bad="""\
spec:
  risk:
    tier: high
  humanOversight:
    mode: human-in-the-loop
    reviewers: ["@acme/claims-review"]
""",
    good="""\
spec:
  risk:
    tier: high
  humanOversight:
    mode: human-in-the-loop
    reviewers: ["@acme/claims-review"]
    override: A claims handler edits or rejects each suggested decision before it is sent.
    stop: Turn off the flag claims-triage-ai; cases go to the manual queue.
""",
)
