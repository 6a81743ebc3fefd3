"""Reporters: pure functions from a lint result to text, looked up by name."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ai_readiness.findings import Finding, Severity

if TYPE_CHECKING:  # the command line reads FORMATS before it imports the engine
    from ai_readiness.engine import LintResult


class Counts(NamedTuple):
    files: int
    systems: int
    errors: int
    warnings: int
    info: int
    suppressed: int
    skipped: int

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


Reporter = Callable[["LintResult", bool, bool], str]  # (result, colour, quiet)

# `--format` choices besides `auto`; `--summary` (markdown) and `report` have their own entry points.
FORMATS = ("text", "json", "sarif", "github")


def errors_first(findings: list[Finding]) -> list[Finding]:
    """Live findings, errors first, then warnings, then info; each group in the usual order."""
    return sorted(live(findings), key=lambda f: (-f.severity, f.sort_key()))


def get_reporter(name: str, *, root: Path | None = None) -> Reporter:
    """The renderer of a `--format`; ``root`` (the repository root) is what SARIF's %SRCROOT%
    stands for. Modules are imported on demand, so a run loads only the one it needs."""
    if name == "text":
        from ai_readiness.reporters.text import render
    elif name == "json":
        from ai_readiness.reporters.json import render
    elif name == "github":
        from ai_readiness.reporters.github import render
    elif name == "sarif":
        from ai_readiness.reporters import sarif

        return functools.partial(sarif.render, root=root)
    else:
        raise KeyError(name)
    return render
