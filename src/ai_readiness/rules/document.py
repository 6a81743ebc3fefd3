"""The document layer: YAML (YAML001-YAML003) and the JSON Schema (SCHEMA001).

These rules have no check function: the loader (loader.py) reports the YAML rules while it reads
a file, and the schema pass (schema.py) reports SCHEMA001; the records here document them.
"""

from __future__ import annotations

from ai_readiness.rules.base import ALWAYS_ERROR, BY_POINTER, WHOLE, Rule

INVALID_YAML = Rule(
    id="YAML001",
    name="invalid-yaml",
    policy=ALWAYS_ERROR,
    area=WHOLE,
    summary="The file is not parseable YAML; the finding points at the position where the parser found the problem.",
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
)


DUPLICATE_KEY = Rule(
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
)


UNSAFE_INPUT = Rule(
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
)


SCHEMA = Rule(
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
    fixes=(
        "An unknown key is renamed to its did-you-mean when that is the only known key close to it, is "
        "not in the mapping already, is not what another unknown key there aims at, and its value is "
        "valid for it (`monitorng:` becomes `monitoring:`).",
        "A duration written in words as the whole value of a duration (`90 days`, `6 months`, `2 weeks`, "
        "`1 year`, `15 minutes`, `24 hours`; singular or plural, any case) becomes ISO 8601 (`P90D`).",
        "An enum value that differs from exactly one allowed value only by case, spaces, underscores or "
        "hyphens becomes that value (`Production`, `human in the loop`); its quotes are kept.",
    ),
)
