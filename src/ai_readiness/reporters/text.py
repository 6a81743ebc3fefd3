"""`path:line:col: severity RULE message`, then the counts."""

from __future__ import annotations

import os

from ai_readiness.engine import LintResult
from ai_readiness.escaping import one_line
from ai_readiness.findings import Severity
from ai_readiness.reporters.common import live, summary_line

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def render(result: LintResult, colour: bool, quiet: bool = False) -> str:
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    lines = []
    for f in live(result.findings):
        where = f"{one_line(f.path)}:{f.line}:{f.column}:"
        severity = f.severity.label
        if colour:
            where = f"{_BOLD}{where}{_RESET}"
            severity = f"{_COLOURS[f.severity]}{severity}{_RESET}"
        line = f"{where} {severity} {f.rule} {one_line(f.message)}"
        if in_actions:  # the runner's legacy parser acts on `##[` anywhere in a line
            from ai_readiness.reporters.github import plain

            lines.extend(plain(line))
        else:
            lines.append(line)
    if not quiet:
        lines.append(summary_line(result))
    return "\n".join(lines) + ("\n" if lines else "")
