"""load → schema → rules → configuration and selection → sort; knows nothing about output."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_readiness import schema
from ai_readiness.config import Config
from ai_readiness.context import STAGES, DocContext, clean
from ai_readiness.discovery import Root, Target, discover
from ai_readiness.errors import ConfigError, InternalError
from ai_readiness.findings import FILE_START, Finding, Severity
from ai_readiness.loader import Document, load_file
from ai_readiness.locate import locate
from ai_readiness.rules.base import Rule
from ai_readiness.rules.catalog import ALL_RULES, BY_ID

VALID_STAGES = (*STAGES, "deprecated")


@dataclass(frozen=True)
class Options:
    paths: list[str]
    cwd: Path
    root: Root
    config: Config
    today: _dt.date
    target_stage: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass
class System:
    document: int
    name: str | None
    stage: str | None
    type: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document, "name": self.name, "stage": self.stage, "type": self.type}


@dataclass
class FileResult:
    path: str
    systems: list[System] = field(default_factory=list)


@dataclass
class LintResult:
    findings: list[Finding]
    files: list[FileResult]
    skipped: int = 0
    notes: list[str] = field(default_factory=list)


def _expand(ids: Iterable[str], flag: str) -> frozenset[str]:
    chosen: set[str] = set()
    for item in ids:
        for token in item.split(","):
            token = token.strip().upper()
            if not token:
                continue
            hits = [r.id for r in ALL_RULES if r.id.startswith(token)]
            if not hits:
                raise ConfigError(f"{flag}: no rule id starts with '{token}' (see `ai-readiness rules`)")
            chosen.update(hits)
    return frozenset(chosen)


class Selection:
    """Configuration, then --select, then --ignore (ignore wins); YAML001-003 always run (§11)."""

    def __init__(self, config: Config, select: tuple[str, ...], ignore: tuple[str, ...]) -> None:
        self.overrides = config.rules
        self.selected = _expand(select, "--select") if select else None
        self.ignored = _expand(ignore, "--ignore")

    def enabled(self, rule: Rule) -> bool:
        if not rule.configurable:
            return True
        if self.overrides.get(rule.id) == "off":
            return False
        if self.selected is not None and rule.id not in self.selected:
            return False
        return rule.id not in self.ignored

    def severity(self, rule: Rule, default: Severity) -> Severity:
        override = self.overrides.get(rule.id)
        if rule.configurable and override and override != "off":
            return Severity.parse(override)
        return default


class Linter:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.selection = Selection(options.config, options.select, options.ignore)
        self.document_rules = [
            r for r in ALL_RULES if r.check is not None and r.scope == "document" and self.selection.enabled(r)
        ]

    # -- one document -------------------------------------------------------------------------

    def _finding(
        self, rule: Rule, severity: Severity, message: str, target: Target, doc: Document, pointer: str, at: str
    ) -> Finding:
        return Finding(rule.id, severity, message, target.path, locate(doc, pointer, at), pointer, doc.index)

    def lint_document(self, target: Target, doc: Document, out: list[Finding]) -> System:
        data = doc.data
        schema_rule = BY_ID["SCHEMA001"]
        invalid: set[str] = set()
        errors = [
            schema.SchemaError(p, "value", f"[type] expected a number; found {why}") for p, why in doc.invalid.items()
        ]
        errors += schema.validate(data)
        for error in errors:
            invalid.add(error.pointer)
            if self.selection.enabled(schema_rule):
                out.append(
                    self._finding(
                        schema_rule,
                        self.selection.severity(schema_rule, Severity.ERROR),
                        error.message,
                        target,
                        doc,
                        error.pointer,
                        error.at,
                    )
                )
        meta = data.get("metadata")
        name = meta.get("name") if isinstance(meta, dict) and "/metadata/name" not in invalid else None
        spec = data.get("spec") if "/spec" not in invalid else None
        spec = spec if isinstance(spec, dict) else {}
        declared = spec.get("stage") if "/spec/stage" not in invalid else None
        declared = declared if declared in VALID_STAGES else None
        kind = spec.get("type") if "/spec/type" not in invalid else None
        system = System(
            doc.index, name if isinstance(name, str) else None, declared, kind if isinstance(kind, str) else None
        )
        if invalid & {"/apiVersion", "/kind"}:
            return system  # SPEC §11: a wrong apiVersion or kind runs SCHEMA001 only
        frozen_invalid = frozenset(invalid)
        ctx = DocContext(
            path=target.path,
            manifest=target.fspath,
            root=self.options.root.path,
            document=doc.index,
            data=clean(data, frozen_invalid),
            declared_stage=declared,
            stage=self.options.target_stage or declared or "prototype",
            today=self.options.today,
            windows=self.options.config.windows,
            invalid=frozen_invalid,
        )
        for rule in self.document_rules:
            default = rule.policy.at(ctx.production)
            if default is None or rule.check is None:
                continue
            for hit in rule.check(ctx):
                severity = self.selection.severity(rule, hit.severity or default)
                out.append(self._finding(rule, severity, hit.message, target, doc, hit.pointer, hit.at))
        return system

    # -- one file ------------------------------------------------------------------------------

    def lint_file(self, target: Target) -> tuple[FileResult, list[Finding]]:
        result = FileResult(target.path)
        root = self.options.root.path
        real = Path(os.path.realpath(target.fspath))
        if real != root and root not in real.parents:
            message = "the manifest is a symbolic link to a file outside the repository: it is not read"
            return result, [Finding("YAML003", Severity.ERROR, message, target.path, FILE_START)]
        try:
            loaded = load_file(os.fspath(target.fspath), target.path, self.options.config.limits)
        except OSError as exc:
            message = f"the file cannot be read: {exc.strerror or exc}"
            return result, [Finding("YAML003", Severity.ERROR, message, target.path, FILE_START)]
        findings = list(loaded.findings)
        for doc in loaded.documents:
            result.systems.append(self.lint_document(target, doc, findings))
        return result, findings

    # -- a run -----------------------------------------------------------------------------------

    def run(self) -> LintResult:
        options = self.options
        targets, _ = discover(options.paths, options.cwd, options.root, options.config.exclude)
        files: list[FileResult] = []
        findings: list[Finding] = []
        for target in targets:
            try:
                file_result, file_findings = self.lint_file(target)
            except Exception as exc:
                raise InternalError(target.path) from exc
            files.append(file_result)
            findings.extend(file_findings)
        findings.sort(key=Finding.sort_key)
        return LintResult(findings, files)


def lint(options: Options) -> LintResult:
    return Linter(options).run()
