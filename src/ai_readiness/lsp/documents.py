"""An editor's buffer judged as `lint - --stdin-filename PATH` judges standard input: the unsaved
text with the repository, configuration and git facts of the file on disk (docs/design.md,
"Language server")."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ai_readiness.errors import ConfigError, InternalError

if TYPE_CHECKING:
    from ai_readiness.discovery import Target
    from ai_readiness.engine import Options
    from ai_readiness.findings import Finding
    from ai_readiness.rules.base import Rule

log = logging.getLogger("ai_readiness.lsp")


class Judgement(NamedTuple):
    """What the linter says of one version of a buffer: its findings (suppressed ones included),
    with the options and catalogue they were judged under; or the configuration ``error`` that
    stopped it, or an internal error (one message, for one diagnostic at line 1)."""

    text: str
    findings: list[Finding]
    options: Options | None
    target: Target | None
    rules: tuple[Rule, ...]
    error: str | None = None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def working_folder(path: Path, workspaces: list[Path]) -> Path:
    """Where the run "starts": the deepest workspace folder holding ``path``, else its folder."""
    holders = [w for w in workspaces if _inside(path, w)]
    if holders:
        return max(holders, key=lambda w: len(w.parts))
    folder = path.parent
    while not folder.is_dir() and folder.parent != folder:
        folder = folder.parent
    return folder


OptionsFor = Callable[[str, Path], "tuple[Options, Target]"]


def judge(path: str, text: str, workspaces: list[Path], options_for: OptionsFor) -> Judgement:
    """Lint ``text`` as if it were the file ``path``, with the options ``options_for`` gives for a
    text standing for a file, run from a folder (the command line's, as `lint -` has them)."""
    from ai_readiness.engine import lint_text
    from ai_readiness.rules.catalog import ALL_RULES

    # A lone surrogate (which JSON can carry) is kept as the bytes that stand for it: the loader
    # reports an encoding problem at its place instead of the server failing.
    data = text.encode("utf-8", "surrogatepass")
    try:
        given = Path(os.path.abspath(path))
        options, target = options_for(os.fspath(given), working_folder(given, workspaces))
        rules = ALL_RULES if options.config.policy is None else options.config.policy.rules
        result = lint_text(options, target, data)
    except ConfigError as exc:
        return Judgement(text, [], None, None, ALL_RULES, f"configuration error: {exc}")
    except InternalError as exc:  # a bug: said where the findings would be, and in the log
        log.error("internal error while linting %s", exc.path, exc_info=exc.__cause__)
        cause = exc.__cause__
        return Judgement(text, [], None, None, ALL_RULES, f"internal error: {type(cause).__name__}: {cause}")
    return Judgement(text, result.findings, options, target, rules)
