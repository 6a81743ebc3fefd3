"""The rule catalogue: every rule's record, in a fixed order, and a lookup by id.

The order is the order of `ai-readiness rules`, the SARIF rule list and the README's table.
"""

from __future__ import annotations

from ai_readiness.rules import (
    core,
    data,
    evaluation,
    history,
    metadata,
    operations,
    ownership,
    purpose,
    references,
    reviews,
)
from ai_readiness.rules.base import Rule

ALL_RULES: tuple[Rule, ...] = (
    *core.RULES,
    *metadata.RULES,
    *ownership.RULES,
    *purpose.RULES,
    *data.RULES,
    *evaluation.RULES,
    *operations.RULES,
    *references.RULES,
    *reviews.RULES,
    *history.RULES,
)

BY_ID: dict[str, Rule] = {rule.id: rule for rule in ALL_RULES}

# Checked by the engine itself rather than by a check function: the loader (YAML001-YAML003),
# the schema pass (SCHEMA001) and the repository-wide name comparison (META003).
ENGINE_CHECKED = frozenset(("YAML001", "YAML002", "YAML003", "SCHEMA001", "META003"))
