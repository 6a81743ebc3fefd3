"""`path:line:col: severity RULE message`, then the counts (SPEC §6)."""

from __future__ import annotations

from ai_readiness.engine import LintResult
from ai_readiness.findings import Severity
from ai_readiness.reporters import count, live

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def summary_line(result: LintResult) -> str:
    c = count(result)
    line = (
        f"{_plural(c.errors, 'error')}, {_plural(c.warnings, 'warning')}, {_plural(c.info, 'info')} "
        f"in {_plural(c.files, 'file')}"
    )
    if c.suppressed:
        line += f", {c.suppressed} suppressed"
    if c.skipped:
        line += f" ({_plural(c.skipped, 'system')} outside the change skipped)"
    return line


def render(result: LintResult, colour: bool, quiet: bool = False) -> str:
    lines = []
    for f in live(result.findings):
        where = f"{f.path}:{f.line}:{f.column}:"
        severity = f.severity.label
        if colour:
            where = f"{_BOLD}{where}{_RESET}"
            severity = f"{_COLOURS[f.severity]}{severity}{_RESET}"
        lines.append(f"{where} {severity} {f.rule} {f.message}")
    if not quiet:
        lines.append(summary_line(result))
    return "\n".join(lines) + ("\n" if lines else "")
