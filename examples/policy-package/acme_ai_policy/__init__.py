"""ACME's policy for ai-readiness: the pack is acme_ai_policy/policy.toml (data, never imported)."""
