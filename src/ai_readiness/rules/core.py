"""Rules about the file itself: YAML, the JSON Schema and the stage gates."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.gates import first_stage_requiring, required_keys
from ai_readiness.rules.base import ALWAYS_ERROR, BY_POINTER, WHOLE, Hit, Rule

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


def stage_gate(ctx: DocContext) -> Iterator[Hit]:
    """One finding per key the stage requires and the document lacks (SPEC §2 gate table).

    A key with a SCHEMA001 finding, or under one, is not reported again (SPEC §11).
    """
    invalid = ctx.invalid
    for parts, pointer, message in _gate(ctx.stage):
        if ctx.get(*parts) is not None:
            continue
        if invalid and any(p == pointer or pointer.startswith(p + "/") for p in invalid):
            continue
        yield Hit(pointer, message, at="key")


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


RULES: tuple[Rule, ...] = (
    Rule(
        id="YAML001",
        name="invalid-yaml",
        policy=ALWAYS_ERROR,
        area=WHOLE,
        summary=(
            "The file is not parseable YAML; the finding points at the position where the parser found the problem."
        ),
        rationale=(
            "A manifest that does not parse declares nothing, so no other check can run and the "
            "system's readiness is unknown while the file still looks present in the repository. "
            "Reviewers and tools that read the file (editors, the catalogue, CI) all fail on it "
            "in their own way. "
            "Any error the YAML loader raises on hostile input, not only a syntax error, is "
            "reported here at the position it names (line 1, column 1 when it names none); this "
            "rule can be neither turned off, re-graded nor waived."
        ),
        bad="""\
spec:
  type: rag-assistant
   stage: pilot
""",
        good="""\
spec:
  type: rag-assistant
  stage: pilot
""",
        configurable=False,
        waivable=False,
    ),
    Rule(
        id="YAML002",
        name="duplicate-key",
        policy=ALWAYS_ERROR,
        area=BY_POINTER,
        summary="A mapping repeats a key; the finding points at the second occurrence.",
        rationale=(
            "Most YAML loaders silently keep one of the two values, so a reviewer who reads the "
            "first occurrence approves a value that the tools never see. "
            "In a readiness manifest that can hide the real stage, owner or threshold. "
            "`<<` is an ordinary key here (no merge), so a repeated `<<` is a duplicate too; this "
            "rule can be neither turned off, re-graded nor waived."
        ),
        bad="""\
spec:
  stage: pilot
  owners:
    technical: ["@acme/support-ml"]
  stage: production
""",
        good="""\
spec:
  stage: pilot
  owners:
    technical: ["@acme/support-ml"]
""",
        configurable=False,
        waivable=False,
    ),
    Rule(
        id="YAML003",
        name="unsafe-input",
        policy=ALWAYS_ERROR,
        area=WHOLE,
        summary=(
            "The file can't be linted safely: it is not UTF-8, UTF-16 or UTF-32 text, it is "
            "larger than the size limit (default 1 MiB), it nests deeper than 64 levels, its "
            "aliases expand to more than 100,000 nodes, one of its documents is not a mapping, or "
            "it holds no document at all."
        ),
        rationale=(
            "The linter runs on every commit and pull request, so a binary file, a huge file or "
            "an alias bomb must end in one clear finding rather than a crash or a stalled CI job. "
            "A document that is not a mapping cannot declare a system, so nothing in it can be "
            "checked. "
            "The limits are set under `[tool.ai-readiness.limits]` (`max-file-bytes`, "
            "`max-depth`, `max-alias-nodes`); empty documents in a multi-document file are "
            "skipped, and only a file with no non-empty document is reported as empty; this rule "
            "can be neither turned off, re-graded nor waived."
        ),
        bad="""\
- metadata:
    name: support-answer-assistant
  spec:
    stage: pilot
""",
        good="""\
metadata:
  name: support-answer-assistant
spec:
  stage: pilot
""",
        configurable=False,
        waivable=False,
    ),
    Rule(
        id="SCHEMA001",
        name="schema",
        policy=ALWAYS_ERROR,
        area=BY_POINTER,
        summary=(
            "The document violates the JSON Schema; every violation is reported at the offending "
            'key or value, as "expected X, found Y", naming the JSON Schema keyword (`[enum]`, '
            "`[additionalProperties]`, …)."
        ),
        rationale=(
            "The schema is the contract that editors, CI and other tools share: a misspelt key "
            "such as `ownres` or a value outside its list would otherwise be ignored, and the "
            "system would look more ready than it is. "
            "All violations are listed at once so a manifest can be fixed in one pass. "
            "A value with a finding here counts as absent for every other rule (STAGE001 does not "
            "repeat it), a wrong `apiVersion` or `kind` stops the document at this rule, keys "
            "starting with `x-` are allowed everywhere, and this rule can't be waived."
        ),
        bad="""\
spec:
  stage: production
  risk:
    tier: critical
  ownres:
    technical: ["@acme/support-ml"]
""",
        good="""\
spec:
  stage: production
  risk:
    tier: high
  owners:
    technical: ["@acme/support-ml"]
""",
        waivable=False,
    ),
    Rule(
        id="STAGE001",
        name="stage-gate",
        policy=ALWAYS_ERROR,
        area=BY_POINTER,
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
            "reported here."
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
    ),
)
