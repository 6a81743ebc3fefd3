"""load → schema → rules → configuration and selection → sort; knows nothing about output."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ai_readiness import schema
from ai_readiness.config import Config
from ai_readiness.context import STAGES, DocContext, clean
from ai_readiness.discovery import Root, Target, discover
from ai_readiness.errors import ConfigError, InternalError
from ai_readiness.findings import FILE_START, Finding, Severity, Span
from ai_readiness.loader import Document, load_file
from ai_readiness.locate import locate
from ai_readiness.names import Declaration, other_declarations
from ai_readiness.rules.base import Rule
from ai_readiness.rules.catalog import ALL_RULES, BY_ID
from ai_readiness.rules.reviews import judge_exceptions

KNOWN_RULES = frozenset(BY_ID)

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


def active_waivers(ctx: DocContext) -> dict[str, dict[str, Any]]:
    """Rule id → the first valid, unexpired exception for it in this document (SPEC §3)."""
    active: dict[str, dict[str, Any]] = {}
    for waiver in judge_exceptions(ctx, KNOWN_RULES):
        rule = waiver.entry.get("rule")
        if waiver.valid and isinstance(rule, str) and rule not in active:
            active[rule] = waiver.entry
    return active


def suppress(findings: list[Finding], waivers: dict[str, dict[str, Any]]) -> list[Finding]:
    """Findings of waived rules stay, marked with the exception that suppressed them."""
    if not waivers:
        return findings
    return [
        replace(f, suppressed=waivers[f.rule]) if f.rule in waivers and BY_ID[f.rule].waivable else f for f in findings
    ]


class Linter:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.selection = Selection(options.config, options.select, options.ignore)
        self.declarations: list[tuple[Declaration, Span, dict[str, dict[str, Any]]]] = []
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
        found: list[Finding] = []
        for rule in self.document_rules:
            default = rule.policy.at(ctx.production)
            if default is None or rule.check is None:
                continue
            for hit in rule.check(ctx):
                severity = self.selection.severity(rule, hit.severity or default)
                found.append(self._finding(rule, severity, hit.message, target, doc, hit.pointer, hit.at))
        waivers = active_waivers(ctx)
        out.extend(suppress(found, waivers))
        if system.name is not None:
            span = locate(doc, "/metadata/name")
            self.declarations.append((Declaration(system.name, target.path, doc.index, span.line), span, waivers))
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
        findings.extend(self.duplicate_names({t.path for t in targets}))
        findings.sort(key=Finding.sort_key)
        return LintResult(findings, files)

    def duplicate_names(self, linted: set[str]) -> list[Finding]:
        """META003: one finding per linted document whose name another document of the
        repository also declares, naming the other file and line (SPEC §3, §11)."""
        rule = BY_ID["META003"]
        if not self.declarations or not self.selection.enabled(rule):
            return []
        options = self.options
        names = {d.name for d, _, _ in self.declarations}
        everyone = [d for d, _, _ in self.declarations]
        everyone += other_declarations(options.root, names, linted, options.config.exclude, options.config.limits)
        by_name: dict[str, list[Declaration]] = {}
        for declaration in everyone:
            by_name.setdefault(declaration.name, []).append(declaration)
        severity = self.selection.severity(rule, Severity.ERROR)
        found = []
        for declaration, span, waivers in self.declarations:
            others = sorted(
                (
                    d
                    for d in by_name[declaration.name]
                    if (d.path, d.document) != (declaration.path, declaration.document)
                ),
                key=lambda d: (d.path, d.line),
            )
            if not others:
                continue
            other = others[0]
            where = "this file" if other.path == declaration.path else other.path
            more = f" and {len(others) - 1} more" if len(others) > 1 else ""
            message = (
                f"metadata.name '{declaration.name}' is also declared in {where} at line {other.line}{more}: "
                "names must be unique in the repository; rename one of them"
            )
            finding = Finding(
                rule.id, severity, message, declaration.path, span, "/metadata/name", declaration.document
            )
            found.extend(suppress([finding], waivers))
        return found


def lint(options: Options) -> LintResult:
    return Linter(options).run()
