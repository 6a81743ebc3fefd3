"""Rules about what the system decides and how risky it is."""

from __future__ import annotations

from ai_readiness.rules.base import ALWAYS_ERROR, Rule

RULES: tuple[Rule, ...] = (
    Rule(
        id="PUR001",
        name="decision-ownership",
        policy=ALWAYS_ERROR,
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
            "declared type calls for it (an empty `humanOwned` list counts as missing)."
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
    ),
    Rule(
        id="RISK001",
        name="risk-classification",
        policy=ALWAYS_ERROR,
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
            "With `annexIIIArea` set, a missing `tier` or `euAiAct` counts as not `high`."
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
    ),
    Rule(
        id="RISK002",
        name="high-risk-obligations",
        policy=ALWAYS_ERROR,
        summary=(
            "`risk.euAiAct` is `high` and `risk.technicalDocumentation` or `risk.postMarketPlan` "
            "is missing, or, from pilot on, `logging` or `humanOversight` is missing."
        ),
        rationale=(
            "A high-risk system under the EU AI Act must have technical documentation, a "
            "post-market monitoring plan, automatic logging and human oversight before it is put "
            "into service. "
            "Declaring the class without them records a legal obligation as unmet. "
            "The rule speaks because the declared class calls for these keys, one finding per "
            "missing key; at production, where STAGE001 already requires `logging.events` and "
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
    ),
)
