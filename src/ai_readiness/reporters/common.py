"""What several reporters share: the live findings, their counts and the summary line."""

from __future__ import annotations

from ai_readiness.engine import LintResult
from ai_readiness.findings import Finding, Severity


class Counts:
    """Files, systems and findings of a run (a plain class: it is built on every run's way out)."""

    __slots__ = ("errors", "files", "info", "skipped", "suppressed", "systems", "warnings")

    def __init__(
        self, files: int, systems: int, errors: int, warnings: int, info: int, suppressed: int, skipped: int
    ) -> None:
        self.files = files
        self.systems = systems
        self.errors = errors
        self.warnings = warnings
        self.info = info
        self.suppressed = suppressed
        self.skipped = skipped

    def as_dict(self) -> dict[str, int]:
        return {
            "files": self.files,
            "systems": self.systems,
            "errors": self.errors,
            "warnings": self.warnings,
            "info": self.info,
            "suppressed": self.suppressed,
            "skipped": self.skipped,
        }


def live(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.suppressed is None]


def count(result: LintResult) -> Counts:
    by_severity = {s: 0 for s in Severity}
    suppressed = 0
    for finding in result.findings:
        if finding.suppressed is not None:
            suppressed += 1
        else:
            by_severity[finding.severity] += 1
    return Counts(
        files=len(result.files),
        systems=sum(len(f.systems) for f in result.files),
        errors=by_severity[Severity.ERROR],
        warnings=by_severity[Severity.WARNING],
        info=by_severity[Severity.INFO],
        suppressed=suppressed,
        skipped=result.skipped,
    )


def errors_first(findings: list[Finding]) -> list[Finding]:
    """Live findings, errors first, then warnings, then info; each group in the usual order."""
    return sorted(live(findings), key=lambda f: (-f.severity, f.sort_key()))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def summary_line(result: LintResult) -> str:
    """``2 errors, 1 warning, 0 info in 3 files``, and what was suppressed or skipped."""
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
