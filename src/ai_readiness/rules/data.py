"""Rules about data sources and models: access, freshness, pinning."""

from __future__ import annotations

from ai_readiness.rules.base import ALWAYS_ERROR, ALWAYS_WARNING, WARN_THEN_ERROR, Rule

RULES: tuple[Rule, ...] = (
    Rule(
        id="DATA001",
        name="source-access-bypass",
        policy=ALWAYS_ERROR,
        summary=(
            "In a `rag-assistant` or `agent`, a `data.sources` entry classified `confidential` or "
            "`restricted` has an `access` other than `user-permissions`."
        ),
        rationale=(
            "A retriever or agent that reads confidential data with a service account can show "
            "any user whatever that account can read: the answer leaks what the user's own "
            "permissions would hide. "
            "Reading with the user's permissions keeps the source's access control in force. "
            "A source with such a classification and no `access` is reported too, since the "
            "declared classification calls for the access model to be stated."
        ),
        bad="""\
spec:
  type: rag-assistant
  data:
    sources:
      - id: hr_policies
        classification: confidential
        access: service-account
""",
        good="""\
spec:
  type: rag-assistant
  data:
    sources:
      - id: hr_policies
        classification: confidential
        access: user-permissions
""",
    ),
    Rule(
        id="DATA002",
        name="source-freshness-conflicts",
        policy=WARN_THEN_ERROR,
        summary=(
            "A `data.sources` entry of a `rag-assistant` has no `freshness`, or a system of any "
            "type declares more than one source and no `data.conflictPolicy`."
        ),
        rationale=(
            "An assistant that answers from an index nobody refreshes gives outdated answers with "
            "full confidence, so the sync interval and the maximum acceptable age must be known. "
            "When several sources can disagree (an old wiki page and the current policy), someone "
            "has to decide which one wins before users see both. "
            "The `freshness` part speaks per declared source of a `rag-assistant`, and a "
            "`freshness` that has neither `sync` nor `maxAge` counts as missing; the "
            "`conflictPolicy` part applies to every type."
        ),
        bad="""\
spec:
  type: rag-assistant
  stage: pilot
  data:
    sources:
      - id: help_center
        freshness: {sync: PT1H, maxAge: P1D}
      - id: product_wiki
""",
        good="""\
spec:
  type: rag-assistant
  stage: pilot
  data:
    sources:
      - id: help_center
        freshness: {sync: PT1H, maxAge: P1D}
      - id: product_wiki
        freshness: {sync: P1D, maxAge: P7D}
    conflictPolicy: Help-centre articles win over wiki pages; the answer cites both.
""",
    ),
    Rule(
        id="DATA003",
        name="unpinned-model",
        policy=ALWAYS_WARNING,
        summary=(
            "A `components.models` entry has no `revision` and its `model` carries no pin: no "
            "date (`YYYY-MM-DD` or `YYYYMMDD`) and no version marker (`@` or `:`)."
        ),
        rationale=(
            "A floating model alias can be switched to a new model by the provider at any time, "
            "and the evaluation results in the manifest then describe a model that no longer "
            "runs. "
            "Pinning makes a model change a reviewed change to the manifest. "
            "A date or a marker anywhere in `model` counts as a pin (`gpt-4o-2024-08-06`, "
            "`llama3.1:8b`, `text-embedding@003`), whatever follows it."
        ),
        bad="""\
spec:
  components:
    models:
      - id: answer_model
        provider: openai
        model: gpt-4o
""",
        good="""\
spec:
  components:
    models:
      - id: answer_model
        provider: openai
        model: gpt-4o-2024-08-06
""",
    ),
)
