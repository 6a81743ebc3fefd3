"""The rule catalogue: one module per area; `catalog.ALL_RULES` is the explicit registry."""
