"""The stage gate (STAGE001): every key the judged stage requires (gates.py) is declared."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.gates import first_stage_requiring, required_keys
from ai_readiness.rules.base import ALWAYS_ERROR, BY_POINTER, Hit, Rule

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


@functools.cache
def _gate(stage: str) -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """(keys, pointer, message) per key the stage requires: worked out once per stage."""
    gate = []
    for key, purpose in required_keys(stage):
        parts = tuple(key.split("."))
        first = first_stage_requiring(key)
        needs = (
            "a deprecated system needs it"
            if stage == "deprecated"
            else (f"required from {first}" if first != stage else f"required at {first}")
        )
        message = f"spec.{key} is missing ({purpose}): {needs}; this system is linted as {stage}"
        gate.append((parts, "/spec/" + "/".join(parts), message))
    return tuple(gate)


def stage_gate(ctx: DocContext) -> Iterator[Hit]:
    """One finding per key the stage requires and the document lacks (the gates of gates.py).

    A key with a SCHEMA001 finding, or under one, is not reported again (docs/design.md, "Schema
    failures").
    """
    invalid = ctx.invalid
    for parts, pointer, message in _gate(ctx.stage):
        if ctx.get(*parts) is not None:
            continue
        if invalid and any(p == pointer or pointer.startswith(p + "/") for p in invalid):
            continue
        yield Hit(pointer, message, at="key")


STAGE_GATE = Rule(
    id="STAGE001",
    name="stage-gate",
    policy=ALWAYS_ERROR,
    area=BY_POINTER,
    keys=tuple(
        dict.fromkeys(f"spec.{key}" for stage in ("production", "deprecated") for key, _ in required_keys(stage))
    ),
    check=stage_gate,
    summary=(
        "A key that the declared stage requires is missing; the gates are cumulative: "
        "prototype needs `type`, `stage`, `owners.technical` and `purpose.intendedUse`; pilot "
        "adds `owners.business`, `purpose.outOfScope`, `risk.tier`, `review.lastReviewed`, "
        "`review.cadence`, `data.sources`, `evaluation.metrics`, `evaluation.datasets` and "
        "`evaluation.thresholds`; production adds `evaluation.triggers`, "
        "`evaluation.lastRun`, `monitoring.signals`, `monitoring.escalation`, "
        "`monitoring.feedback`, `logging.events`, `logging.retention`, "
        "`failureHandling.fallback`, `failureHandling.killSwitch`, `failureHandling.runbook`, "
        "`transparency`, `humanOversight.mode` and `reviews`; deprecated needs `type`, "
        "`stage`, `owners.technical` and `decommission`."
    ),
    rationale=(
        "Each stage is a promise to the people who rely on the system: a pilot has real users, "
        "so it needs an accountable business owner, a risk tier and measured quality; "
        "production needs monitoring, logs, a way to fail safely and completed reviews. "
        "The gate makes the gap between what a stage needs and what the manifest declares "
        "visible before promotion, and `--target-stage` shows the gap for the next stage. "
        "Each missing key is one finding at its nearest existing parent, naming the stage "
        "that needs it; missing means absent, `null`, an empty string or an empty list, a "
        "missing or invalid `stage` lints as prototype, and no other rule reports an absence "
        "reported here. `ai-readiness promote --to STAGE` writes what a stage lacks: text keys as "
        "`<...>` placeholders, typed keys as commented-out examples to fill in."
    ),
    bad="""\
spec:
  type: rag-assistant
  stage: prototype
  owners:
    technical: ["@acme/support-ml"]
""",
    good="""\
spec:
  type: rag-assistant
  stage: prototype
  owners:
    technical: ["@acme/support-ml"]
  purpose:
    intendedUse: Draft answers to support tickets from help-centre articles.
""",
)
