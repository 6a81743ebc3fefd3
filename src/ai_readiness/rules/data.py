"""Rules about data sources and models: access, freshness, pinning."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import ALWAYS_ERROR, ALWAYS_WARNING, WARN_THEN_ERROR, Hit, Rule
from ai_readiness.rules.common import quoted

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


RETRIEVING_TYPES = frozenset(("rag-assistant", "agent"))

PROTECTED_CLASSES = frozenset(("confidential", "restricted"))

# A date pin: YYYY-MM-DD or YYYYMMDD with a real month and day, not part of a longer number
# in ASCII digits (`gpt-4o-2024-08-06`, `claude-3-5-sonnet-20241022`); a version pin: `@` or `:`
# (docs/rules.md, DATA003).
_DATE_PIN = re.compile(r"(?<![0-9])[0-9]{4}(-?)(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12][0-9]|3[01])(?![0-9])")


def _source_name(index: int, source: dict[str, Any]) -> str:
    source_id = source.get("id")
    return quoted(source_id) if isinstance(source_id, str) else f"#{index + 1}"


def source_access_bypass(ctx: DocContext) -> Iterator[Hit]:
    """DATA001: a confidential or restricted source of a rag-assistant or agent is read with the
    user's own permissions; a missing `access` is reported too, since the classification calls
    for it (docs/design.md, "Absence": a declared fact that calls for a key)."""
    if ctx.type not in RETRIEVING_TYPES:
        return
    for index, source in ctx.items("data", "sources"):
        classification = source.get("classification")
        if classification not in PROTECTED_CLASSES:
            continue
        access = source.get("access")
        if access == "user-permissions":
            continue
        name = _source_name(index, source)
        pointer = spec_pointer("data", "sources", index, "access")
        if access is None:
            found = "an invalid `access`" if pointer in ctx.invalid else "no `access`"
            yield Hit(
                pointer,
                f"data source {name} is {classification} but declares {found} for how a {ctx.type} reads it: "
                "set `access: user-permissions` so that each user sees only what their own permissions allow",
                at="key",
            )
        else:
            yield Hit(
                pointer,
                f"data source {name} is {classification} but a {ctx.type} reads it with access {quoted(access)}: "
                "use `access: user-permissions` so that answers cannot show a user what their own permissions hide",
            )


SOURCE_ACCESS_BYPASS = Rule(
    id="DATA001",
    name="source-access-bypass",
    policy=ALWAYS_ERROR,
    area="data",
    keys=("spec.type", "spec.data.sources[].classification", "spec.data.sources[].access"),
    check=source_access_bypass,
    summary=(
        "In a `rag-assistant` or `agent`, a `data.sources` entry classified `confidential` or "
        "`restricted` has an `access` other than `user-permissions`, or no `access` at all."
    ),
    rationale=(
        "A retriever or agent that reads confidential data with a service account can show "
        "any user whatever that account can read: the answer leaks what the user's own "
        "permissions would hide. "
        "Reading with the user's permissions keeps the source's access control in force. "
        "A source with such a classification and no `access` is reported too, at the source, "
        "since the declared classification calls for user permissions; an `access` with a "
        "schema error counts as absent (reported at that `access`), a wrong `access` is "
        "reported at its value, and a source without `classification` is not judged."
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
)


def source_freshness_conflicts(ctx: DocContext) -> Iterator[Hit]:
    """DATA002: every source of a rag-assistant says how fresh it is kept, and several sources
    come with a rule for settling their disagreements."""
    if ctx.type != "rag-assistant":
        return
    sources = list(ctx.items("data", "sources"))
    for index, source in sources:
        freshness = source.get("freshness")
        name = _source_name(index, source)
        if isinstance(freshness, dict) and ("sync" in freshness or "maxAge" in freshness):
            continue
        yield Hit(
            spec_pointer("data", "sources", index, "freshness"),
            f"data source {name} does not say how fresh it is kept (no `freshness` with `sync` or `maxAge`): "
            "add `sync` (how often it is re-indexed) and `maxAge` (the oldest data an answer may use), "
            "e.g. `freshness: {sync: P1D, maxAge: P7D}`",
            at="key",
        )
    if len(sources) > 1 and "conflictPolicy" not in ctx.section("data"):
        yield Hit(
            spec_pointer("data", "conflictPolicy"),
            f"the assistant reads {len(sources)} data sources but data.conflictPolicy is not set: say which "
            "source wins when they disagree, e.g. 'the newest help-centre article wins'",
            at="key",
        )


SOURCE_FRESHNESS_CONFLICTS = Rule(
    id="DATA002",
    name="source-freshness-conflicts",
    policy=WARN_THEN_ERROR,
    area="data",
    controls=(
        "eu-ai-act:Art. 26(4)",
        "iso-42001:A.7.4",
    ),
    keys=(
        "spec.type",
        "spec.data.sources[].freshness.sync",
        "spec.data.sources[].freshness.maxAge",
        "spec.data.conflictPolicy",
    ),
    check=source_freshness_conflicts,
    summary=(
        "In a `rag-assistant`, a `data.sources` entry has no `freshness` (or one with neither "
        "`sync` nor `maxAge`), or more than one source is declared and no `data.conflictPolicy`."
    ),
    rationale=(
        "An assistant that answers from an index nobody refreshes gives outdated answers with "
        "full confidence, so the sync interval and the maximum acceptable age must be known. "
        "When several sources can disagree (an old wiki page and the current policy), someone "
        "has to decide which one wins before users see both. "
        "Both parts apply to `rag-assistant` systems only, at every stage (a warning before "
        "production): the `freshness` part speaks per declared source, at that source, and a "
        "`freshness` that has neither `sync` nor `maxAge` counts as missing; the "
        "`conflictPolicy` part speaks once, at `data`, when two or more sources are declared."
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
)


def is_pinned_name(model: str) -> bool:
    """Whether a provider's model name carries a date or version pin (docs/rules.md, DATA003)."""
    return "@" in model or ":" in model or _DATE_PIN.search(model) is not None


def unpinned_model(ctx: DocContext) -> Iterator[Hit]:
    """DATA003: each model has a `revision` or a pinned `model` name."""
    for index, entry in ctx.items("components", "models"):
        if "revision" in entry:
            continue
        model = entry.get("model")
        model_id = entry.get("id")
        name = quoted(model_id) if isinstance(model_id, str) else f"#{index + 1}"
        if isinstance(model, str):
            if is_pinned_name(model):
                continue
            yield Hit(
                spec_pointer("components", "models", index, "model"),
                f"model {name} uses {quoted(model)} without a pin, so the provider can change it underneath "
                "the evaluation: name a dated or versioned model (gpt-4o-2024-08-06, name@version, name:tag) "
                "or add `revision`",
            )
        else:
            yield Hit(
                spec_pointer("components", "models", index, "revision"),
                f"model {name} names neither a `model` nor a `revision`, so nobody can tell which model runs: "
                "add a dated or versioned `model` (gpt-4o-2024-08-06, name@version, name:tag) or a `revision`",
                at="key",
            )


UNPINNED_MODEL = Rule(
    id="DATA003",
    name="unpinned-model",
    policy=ALWAYS_WARNING,
    area="data",
    controls=(
        "eu-ai-act:Annex IV(1)(c)",
        "nist-ai-rmf:MANAGE 3.2",
    ),
    keys=("spec.components.models[].model", "spec.components.models[].revision"),
    check=unpinned_model,
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
        "`claude-3-5-sonnet-20241022`, `llama3.1:8b`, `text-embedding@003`), whatever follows "
        "it; a date is a month 01-12 and a day 01-31 not part of a longer number, so "
        "`gpt-4-0613` or a nine-digit build number is not a date. "
        "Any non-empty `revision` counts as a pin, and an entry with neither `model` nor "
        "`revision` is reported at the entry, since nothing says which model runs."
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
)
