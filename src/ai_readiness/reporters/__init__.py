"""Reporters: pure functions from a lint result to text, looked up by name."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line reads FORMATS before it imports the engine
    from ai_readiness.engine import LintResult


Reporter = Callable[["LintResult", bool, bool], str]  # (result, colour, quiet)

# `--format` choices besides `auto`; `--summary` (markdown) and `report` have their own entry points.
FORMATS = ("text", "json", "sarif", "github")


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
