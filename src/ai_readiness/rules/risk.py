"""Rules about how risky the system is: the EU AI Act class and what a high-risk class calls for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.gates import required_keys
from ai_readiness.rules.base import ALWAYS_ERROR, Hit, Rule
from ai_readiness.rules.common import quoted

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


HIGH_RISK_DOCUMENTS = (
    ("technicalDocumentation", "technical documentation", "the technical documentation"),
    ("postMarketPlan", "a post-market monitoring plan", "the plan"),
)

OVERSIGHT_MODES = "human-in-the-loop, human-on-the-loop or human-in-command"


def _stage_requires(ctx: DocContext, key: str) -> bool:
    """Whether STAGE001 reports ``key`` (under spec) when it is missing at this stage."""
    return any(k == key for k, _ in required_keys(ctx.stage))


def risk_classification(ctx: DocContext) -> Iterator[Hit]:
    """RISK001: a prohibited practice; an Annex III area with a tier or AI Act class below high."""
    risk = ctx.section("risk")
    act = risk.get("euAiAct")
    if act == "prohibited":
        yield Hit(
            spec_pointer("risk", "euAiAct"),
            "risk.euAiAct is 'prohibited': the EU AI Act forbids putting this practice into service at all; "
            "redesign the system or retire it",
        )
    area = risk.get("annexIIIArea")
    if not isinstance(area, str):
        return
    why = f"risk.annexIIIArea is {quoted(area)}, a use the EU AI Act treats as high-risk"
    tier = risk.get("tier")
    if tier is not None and tier != "high":
        yield Hit(spec_pointer("risk", "tier"), f"risk.tier is {quoted(tier)} but {why}: set `tier: high`")
    elif tier is None and not _stage_requires(ctx, "risk.tier"):
        # From pilot STAGE001 reports the missing tier: one absence, one finding (docs/design.md, "Absence").
        yield Hit(spec_pointer("risk", "tier"), f"{why}, but no `risk.tier` says so: set `tier: high`", at="key")
    if act is None:
        yield Hit(
            spec_pointer("risk", "euAiAct"), f"{why}, but no `risk.euAiAct` says so: set `euAiAct: high`", at="key"
        )
    elif act not in ("high", "prohibited"):  # prohibited is reported above
        yield Hit(spec_pointer("risk", "euAiAct"), f"risk.euAiAct is {quoted(act)} but {why}: set `euAiAct: high`")


RISK_CLASSIFICATION = Rule(
    id="RISK001",
    name="risk-classification",
    policy=ALWAYS_ERROR,
    area="ownership",
    controls=(
        "eu-ai-act:Art. 5(1)",
        "eu-ai-act:Art. 6(2)",
        "nist-ai-rmf:GOVERN 1.1",
    ),
    keys=("spec.risk.euAiAct", "spec.risk.annexIIIArea", "spec.risk.tier"),
    check=risk_classification,
    summary=(
        "`risk.euAiAct` is `prohibited`, or `risk.annexIIIArea` is set while `risk.tier` or "
        "`risk.euAiAct` is not `high`."
    ),
    rationale=(
        "A practice prohibited by the EU AI Act may not be put into service at all, so no "
        "readiness work can make it launchable. "
        "A use in an Annex III area (employment, credit, education, …) is high-risk under the "
        "Act, and a lower tier or class understates the obligations that other rules check "
        "(RISK002, HO001, LOG002). "
        "With `annexIIIArea` set, `tier` and `euAiAct` are each one finding when not `high`, at "
        "the value (or, when missing, at the `risk` key): a missing `euAiAct` counts as not "
        "`high` at every stage, a missing `tier` only before pilot, since from pilot STAGE001 "
        "reports it; a `prohibited` class is reported once, as prohibited."
    ),
    bad="""\
spec:
  risk:
    tier: medium
    euAiAct: limited
    annexIIIArea: employment
""",
    good="""\
spec:
  risk:
    tier: high
    euAiAct: high
    annexIIIArea: employment
""",
)


def high_risk_obligations(ctx: DocContext) -> Iterator[Hit]:
    """RISK002: what a declared EU AI Act high-risk class calls for, one finding per gap."""
    risk = ctx.section("risk")
    if risk.get("euAiAct") != "high":
        return
    for key, what, it in HIGH_RISK_DOCUMENTS:
        if key not in risk:
            yield Hit(
                spec_pointer("risk", key),
                f"risk.euAiAct is high but risk.{key} is missing: a high-risk system needs {what}; add "
                f"`{key}` with the path or https URL of {it}",
                at="key",
            )
    if not ctx.from_pilot:
        return
    # At production STAGE001 requires logging.events and humanOversight.mode, so an absent section
    # is its finding there, not this rule's (docs/design.md, "Absence": one absence, one finding).
    if "logging" not in ctx.spec and not ctx.production:
        yield Hit(
            spec_pointer("logging"),
            "risk.euAiAct is high but `logging` is not declared: a high-risk system must log its operation "
            "automatically from pilot on; declare `logging` with its events and retention",
            at="key",
        )
    oversight = ctx.get("humanOversight")
    if not isinstance(oversight, dict):
        if not ctx.production:
            yield Hit(
                spec_pointer("humanOversight"),
                "risk.euAiAct is high but `humanOversight` is not declared: a high-risk system must be "
                f"overseen by people from pilot on; declare `humanOversight` with a mode ({OVERSIGHT_MODES})",
                at="key",
            )
    elif oversight.get("mode") == "none":
        yield Hit(
            spec_pointer("humanOversight", "mode"),
            "humanOversight.mode is 'none' but risk.euAiAct is high: a high-risk system must be overseen by "
            f"people; choose {OVERSIGHT_MODES}",
        )


HIGH_RISK_OBLIGATIONS = Rule(
    id="RISK002",
    name="high-risk-obligations",
    policy=ALWAYS_ERROR,
    area="ownership",
    controls=(
        "eu-ai-act:Art. 11(1)",
        "eu-ai-act:Art. 12(1)",
        "eu-ai-act:Art. 14(1)",
        "eu-ai-act:Art. 72(3)",
        "eu-ai-act:Annex IV(9)",
        "nist-ai-rmf:GOVERN 1.1",
        "iso-42001:A.6.2.7",
    ),
    keys=(
        "spec.risk.euAiAct",
        *(f"spec.risk.{key}" for key, _, _ in HIGH_RISK_DOCUMENTS),
        "spec.logging",
        "spec.humanOversight.mode",
    ),
    check=high_risk_obligations,
    summary=(
        "`risk.euAiAct` is `high` and `risk.technicalDocumentation` or `risk.postMarketPlan` "
        "is missing, or, from pilot on, `logging` or `humanOversight` is missing or "
        "`humanOversight.mode` is `none`."
    ),
    rationale=(
        "A high-risk system under the EU AI Act must have technical documentation, a "
        "post-market monitoring plan, automatic logging and human oversight before it is put "
        "into service. "
        "Declaring the class without them records a legal obligation as unmet. "
        "The rule speaks because the declared class calls for these keys, one finding per "
        "missing key: the two documents at every stage (at the `risk` key), `logging` and "
        "`humanOversight` from pilot on (at the `spec` key). "
        "A declared `logging` or `humanOversight` section satisfies the rule whatever it holds "
        "(LOG001, LOG002 and HO001 judge the contents), except `humanOversight.mode: none`, "
        "which declares that nobody oversees the system and is reported at its value from "
        "pilot on. "
        "At production, where STAGE001 already requires `logging.events` and "
        "`humanOversight.mode`, a missing `logging` or `humanOversight` is left to STAGE001."
    ),
    bad="""\
spec:
  stage: pilot
  risk:
    euAiAct: high
    technicalDocumentation: docs/ai-act/technical-documentation.md
  logging:
    events: [request, output, model_version]
    retention: P6M
""",
    good="""\
spec:
  stage: pilot
  risk:
    euAiAct: high
    technicalDocumentation: docs/ai-act/technical-documentation.md
    postMarketPlan: docs/ai-act/post-market-plan.md
  logging:
    events: [request, output, model_version]
    retention: P6M
  humanOversight:
    mode: human-in-the-loop
""",
)
