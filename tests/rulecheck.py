"""Running one rule on a manifest text or a case file, for the rule tests that assert what the
case files can't (severities, pointers of several findings on one line, configured windows), and
the rules' view of a text for tests of one part of a check."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ai_readiness.change import base_systems
from ai_readiness.config import Config
from ai_readiness.context import DocContext
from ai_readiness.discovery import Root, Target
from ai_readiness.engine import Linter, Options, lint
from ai_readiness.findings import Finding, Severity
from ai_readiness.loader import load_bytes
from tests.conftest import TODAY

CASES = Path(__file__).parent / "cases"


def lint_text(
    text: str,
    tmp_path: Path,
    rule: str,
    today: str = TODAY,
    config: Config | None = None,
    target_stage: str | None = None,
) -> list[Finding]:
    """The findings of ``rule`` on ``text``, linted as ai-readiness.yaml in ``tmp_path``."""
    (tmp_path / "ai-readiness.yaml").write_text(text, encoding="utf-8")
    options = Options(
        paths=["ai-readiness.yaml"],
        cwd=tmp_path,
        root=Root(tmp_path.resolve(), False),
        config=config or Config(),
        today=_dt.date.fromisoformat(today),
        target_stage=target_stage,
    )
    return [f for f in lint(options).findings if f.rule == rule]


def case(rule: str, name: str, tmp_path: Path, config: Config | None = None) -> list[tuple[str, Severity]]:
    """(pointer, severity) of the rule's findings on a case file, in document order."""
    text = (CASES / rule / name).read_text(encoding="utf-8")
    return [(f.pointer, f.severity) for f in lint_text(text, tmp_path, rule, config=config)]


def sorted_case(rule: str, name: str, tmp_path: Path, config: Config | None = None) -> list[tuple[str, Severity]]:
    """case(), sorted by pointer."""
    return sorted(case(rule, name, tmp_path, config))


def document_context(
    text: str, tmp_path: Path, base: str | None = None, today: str = TODAY, config: Config | None = None
) -> DocContext:
    """The rules' view of the first document of ``text`` (ai-readiness.yaml in ``tmp_path``), built
    by the engine as a lint builds it; with ``base``, compared with the first document of that
    text as `--base` compares a system with its base."""
    options = Options(
        paths=["ai-readiness.yaml"],
        cwd=tmp_path,
        root=Root(tmp_path.resolve(), False),
        config=config or Config(),
        today=_dt.date.fromisoformat(today),
    )
    linter = Linter(options)
    target = Target(str(tmp_path / "ai-readiness.yaml"), "ai-readiness.yaml")
    loaded = load_bytes(text.encode("utf-8"), target.path, options.config.limits)
    doc = loaded.documents[0]
    _, invalid = linter.validate(doc)
    ctx = linter.document_context(target, doc, loaded.text or "", invalid)
    if base is not None:
        ctx.base = base_systems(target.path, base.encode("utf-8"), options.config.limits)[0]
    return ctx


def spec_text(body: str) -> str:
    """A manifest whose `spec` holds ``body`` (YAML lines, indented under `spec`)."""
    envelope = "apiVersion: ai-readiness/v1\nkind: AISystem\nmetadata: {name: claims-triage}\nspec:\n"
    return envelope + "".join(f"  {line}\n" for line in body.strip("\n").split("\n"))
