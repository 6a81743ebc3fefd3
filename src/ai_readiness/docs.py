"""`rules`, `explain` and the README's rule table, all generated from the one registry."""

from __future__ import annotations

import difflib
import json
import re

from ai_readiness.errors import ConfigError
from ai_readiness.rules.base import Rule
from ai_readiness.rules.catalog import ALL_RULES, BY_ID

FORMATS = ("text", "json")  # `rules --format`: rules_text, rules_json
DOCS_URL = "https://github.com/ai-readiness/ai-readiness/blob/main/docs/rules.md"


def help_uri(rule: Rule) -> str | None:
    """Where the rule is documented: docs/rules.md, or a requirement's pack `url` (None without)."""
    if rule.source != "builtin":
        return rule.url
    return f"{DOCS_URL}#{rule.id.lower()}"


# `rules` wraps to the terminal, capped so that a wide terminal still gets readable lines.
MAX_WIDTH, MIN_WIDTH = 100, 40


def _width(width: int | None) -> int:
    import shutil

    if width is None:
        width = shutil.get_terminal_size((80, 24)).columns
    return max(MIN_WIDTH, min(width, MAX_WIDTH))


def rules_text(width: int | None = None, rules: tuple[Rule, ...] = ALL_RULES) -> str:
    """One block per rule: `ID name (severity)`, then the summary wrapped to ``width`` (default:
    the terminal's width, COLUMNS honoured, 80 when not a terminal; at most 100). A policy's
    requirements follow the built-in rules, each naming its source."""
    import textwrap

    width = _width(width)
    blocks = []
    for rule in rules:
        summary = textwrap.fill(
            rule.summary, width, initial_indent="    ", subsequent_indent="    ", break_on_hyphens=False
        )
        head = f"{rule.id} {rule.name} ({rule.policy.label})"
        if rule.source != "builtin":
            head = f"{rule.id} ({rule.policy.label}) from {rule.source}"
        blocks.append(f"{head}\n{summary}\n")
    return "\n".join(blocks)


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
        "fixes": list(rule.fixes),
        "helpUri": help_uri(rule),
        "source": rule.source,
        "controls": list(rule.controls),
    }


def rules_json(rules: tuple[Rule, ...] = ALL_RULES) -> str:
    return json.dumps({"version": 1, "rules": [rule_dict(r) for r in rules]}, indent=2, ensure_ascii=False) + "\n"


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in text.rstrip("\n").split("\n"))


def find_rule(text: str, rules: tuple[Rule, ...] = ALL_RULES) -> Rule | None:
    """A rule by id or by name, in any case (`STAGE001`, `stage001`, `stage-gate`)."""
    key = text.strip()
    found = BY_ID.get(key.upper()) or _BY_NAME.get(key.lower().replace("_", "-"))
    if found is None and rules is not ALL_RULES:
        found = next((r for r in rules if r.id == key.upper()), None)
    return found


_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in ALL_RULES}
_ID_SHAPE = re.compile(r"([A-Za-z]+)0*(\d+)")


def _shown(rule: Rule) -> str:
    return f"{rule.id} ({rule.name})"


def _close(word: str, candidates: list[str], cutoff: float) -> list[str]:
    """The candidates nearest to ``word`` (difflib's ratio), ties and near-ties only."""
    scored = sorted(((difflib.SequenceMatcher(None, word, c).ratio(), c) for c in candidates), reverse=True)
    scored = [(score, c) for score, c in scored if score >= cutoff]
    return [c for score, c in scored if score >= scored[0][0] - 0.05][:3] if scored else []


def suggest_rules(text: str) -> str:
    """What to say about an unknown rule: the nearest ids and names; for an id-shaped word of a
    known family, the rule with that number (`STAGE1`), else the family's rules (`EVAL004`: every
    EVAL id is equally close, so naming one would mislead)."""
    key = text.strip()
    shape = _ID_SHAPE.fullmatch(key)
    if shape:
        prefix, number = shape.group(1).upper(), int(shape.group(2))
        family = [r for r in ALL_RULES if re.fullmatch(rf"{prefix}\d+", r.id)]
        same = [r for r in family if int(r.id[len(prefix) :]) == number]
        if same:
            return f"did you mean {_shown(same[0])}?"
        if family:
            return (
                f"there is no {prefix}{number:03d}; the {prefix} rules are "
                + ", ".join(_shown(r) for r in family)
                + "."
            )
    ids = _close(key.upper(), list(BY_ID), 0.75)
    names = _close(key.lower().replace("_", "-"), list(_BY_NAME), 0.7)
    found = [BY_ID[i] for i in ids] + [_BY_NAME[n] for n in names if _BY_NAME[n].id not in ids]
    if not found and len(key) >= 3:
        # words of a name (`gate`, `red-team`): the rules whose name holds them
        words = f"-{key.lower().replace('_', '-')}-"
        found = [r for r in ALL_RULES if words in f"-{r.name}-"]
    return f"did you mean {' or '.join(_shown(r) for r in found)}?" if found else ""


def explain_text(rule_id: str, width: int | None = None, rules: tuple[Rule, ...] = ALL_RULES) -> str:
    """A rule's documentation; its paragraphs wrapped as `rules` wraps them, examples as written."""
    import textwrap

    rule = find_rule(rule_id, rules)
    if rule is None:
        hint = suggest_rules(rule_id)
        raise ConfigError(
            f"unknown rule {rule_id!r}: {hint + ' ' if hint else ''}`ai-readiness rules` lists every id and name"
        )
    if rule.source != "builtin":
        return _explain_requirement(rule, _width(width))
    notes = []
    if rule.controls:
        notes.append("Controls: " + ", ".join(rule.controls) + ".")
    if not rule.configurable:
        notes.append("It can be neither turned off nor given another severity.")
    if not rule.waivable:
        notes.append("An `exceptions` entry cannot waive it.")
    parts = [
        f"{rule.id} {rule.name} ({rule.policy.label})",
        "",
        textwrap.fill(rule.summary, _width(width), break_on_hyphens=False),
        "",
        textwrap.fill(rule.rationale, _width(width), break_on_hyphens=False),
        "",
        "Bad:",
        _indent(rule.bad),
        "Good:",
        _indent(rule.good),
    ]
    if rule.fixes:
        parts.append("Fixes (`ai-readiness lint --fix` applies them):")
        for fix in rule.fixes:
            parts.append(textwrap.fill(fix, _width(width), initial_indent="  - ", subsequent_indent="    "))
        parts.append("")
    if notes:
        parts.extend(notes)
    return "\n".join(parts).rstrip("\n") + "\n"


def _explain_requirement(rule: Rule, width: int) -> str:
    import textwrap

    parts = [
        f"{rule.id} ({rule.policy.label}), a requirement of {rule.source}",
        "",
        textwrap.fill(rule.summary, width, break_on_hyphens=False),
        "",
        textwrap.fill(rule.rationale, width, break_on_hyphens=False),
        "",
        f"Scorecard area: {rule.area}.",
    ]
    if rule.controls:
        parts.append("Controls: " + ", ".join(rule.controls) + ".")
    if rule.url:
        parts.append(f"Documentation: {rule.url}")
    if not rule.waivable:
        parts.append("An `exceptions` entry cannot waive it.")
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
        if rule.fixes:
            parts += ["Fixes (`ai-readiness lint --fix` applies them):", "", *(f"* {fix}" for fix in rule.fixes), ""]
        if rule.controls:
            parts += ["Controls (docs/profiles.md): " + ", ".join(f"`{c}`" for c in rule.controls) + ".", ""]
    return "\n".join(parts)
