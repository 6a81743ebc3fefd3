"""Rules about what users are told: citations and AI disclosure (TRN001)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import ERROR_AT_PROD, Hit, Rule
from ai_readiness.rules.common import quoted

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


def transparency(ctx: DocContext) -> Iterator[Hit]:
    """TRN001: a declared transparency section, judged by the system's type."""
    section = ctx.get("transparency")
    if not isinstance(section, dict):
        return
    citations = section.get("citations")
    if ctx.type == "rag-assistant" and citations != "required":
        found = f"is {quoted(citations)}" if citations is not None else "is not set"
        yield Hit(
            spec_pointer("transparency", "citations"),
            f"transparency.citations {found} but a production rag-assistant must cite its sources: "
            "use `citations: required`",
            at="value" if citations is not None else "key",
        )
    disclosure = section.get("aiDisclosure")
    if ctx.generative and disclosure is not True:
        found = "false" if disclosure is not None else "not set"
        yield Hit(
            spec_pointer("transparency", "aiDisclosure"),
            f"transparency.aiDisclosure is {found} but users of a production {ctx.type} must be told they "
            "deal with AI: set `aiDisclosure: true`",
            at="value" if disclosure is not None else "key",
        )


TRANSPARENCY = Rule(
    id="TRN001",
    name="transparency",
    policy=ERROR_AT_PROD,
    area="transparency",
    controls=(
        "eu-ai-act:Art. 50(1)",
        "iso-42001:A.8.2",
    ),
    keys=("spec.type", "spec.transparency.citations", "spec.transparency.aiDisclosure"),
    check=transparency,
    summary=(
        "At production, a `rag-assistant` does not have `transparency.citations: required`, "
        "or a generative system (`llm-feature`, `rag-assistant`, `agent`) does not have "
        "`transparency.aiDisclosure: true`."
    ),
    rationale=(
        "People must know that they are dealing with an AI system, which the EU AI Act also "
        "requires for systems that interact with people. "
        "Citations let a user check an assistant's answer against its source instead of "
        "trusting it blindly. "
        "The rule speaks only when `transparency` is declared (a missing one is STAGE001's), "
        "and inside it a missing `citations` or `aiDisclosure` counts as not compliant; a "
        "`classifier` or `other` system is not judged."
    ),
    bad="""\
spec:
  type: rag-assistant
  stage: production
  transparency:
    citations: optional
""",
    good="""\
spec:
  type: rag-assistant
  stage: production
  transparency:
    citations: required
    aiDisclosure: true
""",
)
