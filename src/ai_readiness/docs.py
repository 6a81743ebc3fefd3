"""`rules`, `explain` and the README's rule table, all generated from the one registry."""

from __future__ import annotations

import difflib
import json

from ai_readiness.errors import ConfigError
from ai_readiness.rules.base import Rule
from ai_readiness.rules.catalog import ALL_RULES, BY_ID

DOCS_URL = "https://github.com/ai-readiness/ai-readiness/blob/main/docs/rules.md"


def help_uri(rule: Rule) -> str:
    return f"{DOCS_URL}#{rule.id.lower()}"


def rules_text() -> str:
    width = max(len(r.name) for r in ALL_RULES)
    lines = [f"{'ID':<10}{'SEVERITY':<13}{'NAME':<{width + 2}}SUMMARY"]
    for rule in ALL_RULES:
        lines.append(f"{rule.id:<10}{rule.policy.label:<13}{rule.name:<{width + 2}}{rule.summary}")
    return "\n".join(lines) + "\n"


def rule_dict(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": rule.policy.label,
        "summary": rule.summary,
        "rationale": rule.rationale,
        "bad": rule.bad,
        "good": rule.good,
        "configurable": rule.configurable,
        "waivable": rule.waivable,
        "scope": rule.scope,
        "helpUri": help_uri(rule),
    }


def rules_json() -> str:
    return json.dumps({"version": 1, "rules": [rule_dict(r) for r in ALL_RULES]}, indent=2, ensure_ascii=False) + "\n"


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in text.rstrip("\n").split("\n"))


def explain_text(rule_id: str) -> str:
    rule = BY_ID.get(rule_id.upper())
    if rule is None:
        close = difflib.get_close_matches(rule_id.upper(), list(BY_ID), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ConfigError(f"unknown rule '{rule_id}'{hint}; `ai-readiness rules` lists them all")
    notes = []
    if not rule.configurable:
        notes.append("It can be neither turned off nor given another severity.")
    if not rule.waivable:
        notes.append("An `exceptions` entry cannot waive it.")
    parts = [
        f"{rule.id} {rule.name} ({rule.policy.label})",
        "",
        rule.summary,
        "",
        rule.rationale,
        "",
        "Bad:",
        _indent(rule.bad),
        "Good:",
        _indent(rule.good),
    ]
    if notes:
        parts.extend(notes)
    return "\n".join(parts).rstrip("\n") + "\n"


def rules_markdown() -> str:
    """The README's rule table (a test keeps the README in step with the registry)."""
    lines = ["| id | name | severity | fires when |", "|---|---|---|---|"]
    for rule in ALL_RULES:
        summary = rule.summary.replace("|", "\\|")
        lines.append(f"| {rule.id} | `{rule.name}` | {rule.policy.label} | {summary} |")
    return "\n".join(lines) + "\n"


def rules_reference() -> str:
    """docs/rules.md: every rule with its rationale and examples (SARIF's helpUri points here)."""
    parts = [
        "# Rule reference",
        "",
        "Generated from the rule registry (`python scripts/generate_docs.py`); "
        "`ai-readiness explain RULE` prints the same text.",
        "",
        "Severities: `W→E@prod` is a warning before production and an error in production; `E@prod` and "
        "`W@prod` apply only at production; `info→E@prod` is info before production. A deprecated system "
        "counts as a prototype.",
        "",
    ]
    for rule in ALL_RULES:
        parts += [
            f"## {rule.id}",
            "",
            f"**{rule.name}**, {rule.policy.label}"
            + ("" if rule.configurable else "; cannot be turned off or re-graded")
            + ("" if rule.waivable else "; cannot be waived"),
            "",
            rule.summary,
            "",
            rule.rationale,
            "",
            "Bad:",
            "",
            "```yaml",
            rule.bad.rstrip("\n"),
            "```",
            "",
            "Good:",
            "",
            "```yaml",
            rule.good.rstrip("\n"),
            "```",
            "",
        ]
    return "\n".join(parts)
