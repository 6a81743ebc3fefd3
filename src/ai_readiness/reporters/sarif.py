"""SARIF 2.1.0 for code scanning and SARIF viewers (docs/design.md, "Output and escaping").

The rule list is the whole catalogue, in its order, so a result's ``ruleIndex`` is stable across
runs and configurations. Paths are relative URI references against ``%SRCROOT%`` (the repository
root), which is what GitHub code scanning resolves against the checkout.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ai_readiness import __version__
from ai_readiness.docs import help_uri
from ai_readiness.engine import LintResult
from ai_readiness.escaping import raw_bytes
from ai_readiness.findings import Finding, Severity
from ai_readiness.rules.base import Rule
from ai_readiness.rules.catalog import ALL_RULES

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/ai-readiness/ai-readiness"
SRCROOT = "%SRCROOT%"
# partialFingerprints key: bump the version when the hashed fields change, so old alerts close
# instead of silently matching new ones.
FINGERPRINT = "aiReadiness/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
RULE_INDEX = {rule.id: index for index, rule in enumerate(ALL_RULES)}  # without a policy's requirements


def uri_reference(path: str) -> str:
    """A `/`-separated repository path as a relative URI reference (RFC 3986): every byte outside
    the unreserved set is percent-encoded, so a `:` in the first segment can't read as a scheme
    and `%`, spaces, `#` or `?` mean themselves; a name that is not UTF-8 keeps its own bytes."""
    return quote(raw_bytes(path), safe="/")


def fingerprint(finding: Finding) -> str:
    """Stable across edits that move the finding: no line or column goes in."""
    parts = (finding.rule, finding.path, finding.pointer, str(finding.document), finding.message)
    return hashlib.sha256(raw_bytes("\0".join(parts))).hexdigest()


def _sentence(text: str) -> str:
    # SARIF's authoring guidance (and the Multitool's SARIF2001) wants messages to end in a period.
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _example(label: str, text: str) -> tuple[str, str]:
    body = text.rstrip("\n")
    plain = f"{label}:\n" + "\n".join(f"    {line}" if line else "" for line in body.split("\n"))
    return plain, f"{label}:\n\n```yaml\n{body}\n```"


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    severity = rule.policy.at_prod or rule.policy.before_prod or Severity.WARNING
    if rule.bad or rule.good:
        bad_text, bad_md = _example("Bad", rule.bad)
        good_text, good_md = _example("Good", rule.good)
        help_text = f"{rule.summary}\n\n{rule.rationale}\n\n{bad_text}\n\n{good_text}\n"
        help_md = f"{rule.summary}\n\n{rule.rationale}\n\n{bad_md}\n\n{good_md}\n"
    else:  # a policy's requirement: declared, without examples
        help_text = help_md = f"{rule.summary}\n\n{rule.rationale}\n"
    properties: dict[str, Any] = {"severity": rule.policy.label, "tags": ["ai-readiness"]}
    if rule.controls:
        properties["controls"] = list(rule.controls)
    if rule.source != "builtin":
        properties["source"] = rule.source
        properties["tags"] = ["ai-readiness", "policy"]
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": help_text, "markdown": help_md},
    }
    uri = help_uri(rule)
    if uri is not None:
        descriptor["helpUri"] = uri
    # The severity the rule has at production, its strictest stage; each result has its own level.
    descriptor["defaultConfiguration"] = {"level": LEVELS[severity]}
    descriptor["properties"] = properties
    return descriptor


def sarif_result(finding: Finding, index: dict[str, int] = RULE_INDEX) -> dict[str, Any]:
    s = finding.span
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": _sentence(finding.message)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri_reference(finding.path), "uriBaseId": SRCROOT},
                    "region": {
                        "startLine": s.line,
                        "startColumn": s.column,
                        "endLine": s.end_line,
                        "endColumn": s.end_column,
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint(finding)},
    }
    if finding.pointer:
        out["properties"] = {"pointer": finding.pointer, "document": finding.document}
    else:
        out["properties"] = {"document": finding.document}
    if finding.suppressed is not None:
        waiver = finding.suppressed
        suppression: dict[str, Any] = {"kind": "inSource", "status": "accepted"}
        if waiver.get("reason"):
            suppression["justification"] = str(waiver["reason"])
        suppression["properties"] = {"exception": waiver}
        out["suppressions"] = [suppression]
    return out


def sarif_log(result: LintResult, root: Path | None = None) -> dict[str, Any]:
    index = RULE_INDEX if result.rules is ALL_RULES else {rule.id: i for i, rule in enumerate(result.rules)}
    base: dict[str, Any] = {"description": {"text": "The repository root: finding paths are relative to it."}}
    if root is not None:
        base["uri"] = root.resolve().as_uri().rstrip("/") + "/"
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "ai-readiness",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(rule) for rule in result.rules],
            }
        },
        "invocations": [
            {
                "executionSuccessful": True,
                **(
                    {
                        "toolExecutionNotifications": [
                            {"level": "note", "message": {"text": _sentence(note)}} for note in result.notes
                        ]
                    }
                    if result.notes
                    else {}
                ),
            }
        ],
        "originalUriBaseIds": {SRCROOT: base},
        "results": [sarif_result(f, index) for f in result.findings],
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: LintResult, colour: bool = False, quiet: bool = False, *, root: Path | None = None) -> str:
    return json.dumps(sarif_log(result, root), indent=2, ensure_ascii=False, default=str) + "\n"
