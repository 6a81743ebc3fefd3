"""load → schema → rules → configuration and selection → sort; knows nothing about output."""

from __future__ import annotations

import datetime as _dt
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ai_readiness import schema
from ai_readiness.config import Config
from ai_readiness.context import STAGE_ORDER, STAGES, DocContext, DocRecord, Outcome, RunContext, clean
from ai_readiness.discovery import FEW_FILES, Root, Target, discover, read_blobs, realpath_cached
from ai_readiness.errors import ConfigError, InternalError
from ai_readiness.findings import FILE_START, Finding, Severity, Span
from ai_readiness.globs import matches_any
from ai_readiness.loader import MAX_INT_DIGITS, Document, LoadResult, load_bytes, load_file
from ai_readiness.locate import locate
from ai_readiness.rules.base import Rule
from ai_readiness.rules.catalog import ALL_RULES, BY_ID
from ai_readiness.rules.waivers import Waivers, active_waivers, suppress

if TYPE_CHECKING:
    from ai_readiness.change import ChangeSet
    from ai_readiness.gitinfo import GitFacts
    from ai_readiness.names import NameSearch

VALID_STAGES = (*STAGES, "deprecated")
# The stage a promotion leads to; production and deprecated have none (README, "report").
NEXT_STAGE: dict[str, str | None] = {
    "prototype": "pilot",
    "pilot": "production",
    "production": None,
    "deprecated": None,
}
UNJUDGED = frozenset(("/apiVersion", "/kind"))  # a schema error here: the rules do not run


def _declared_stage(data: dict[str, Any], invalid: frozenset[str]) -> str | None:
    """`spec.stage` when it is valid, else None (a missing or invalid stage lints as prototype)."""
    spec = data.get("spec") if "/spec" not in invalid else None
    declared = spec.get("stage") if isinstance(spec, dict) and "/spec/stage" not in invalid else None
    return declared if declared in VALID_STAGES else None


_Applicable = tuple[list[tuple[Rule, Any, Severity]], list[tuple[Rule, Any, Severity]], frozenset[str]]


class Options(NamedTuple):
    paths: list[str]
    cwd: Path
    root: Root
    config: Config
    today: _dt.date
    target_stage: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    base: str | None = None
    jobs: int | None = None  # processes for many files; None: one per core when it pays
    # Bytes that stand for files, by the path findings show (`lint --fix --diff`, standard input):
    # such a file is linted as if it held them.
    contents: Mapping[str, bytes] | None = None
    # False for standard input without a file name: no git facts, and META003 compares nothing
    # of the repository (docs/design.md, "Editing").
    repository_wide: bool = True
    # The scorecard's run (docs/design.md, "Reports and exports"): each system is also judged at
    # its next stage, in the same pass, and what the report shows of it besides gaps is gathered.
    scorecard: bool = False


class System:
    """One document of a linted file as the reports list it. (Plain classes, not dataclasses,
    on the start-up path: defining a dataclass costs a quarter of a millisecond.)"""

    __slots__ = ("ahead", "document", "facts", "name", "stage", "touched", "type")

    def __init__(self, document: int, name: str | None, stage: str | None, type: str | None) -> None:
        self.document = document
        self.name = name
        self.stage = stage
        self.type = type
        self.touched = True  # False when --base leaves the system out (not part of the JSON shape)
        # Only in a scorecard's run (`Options.scorecard`): the rules' findings at the next stage
        # (None: not judged), and what the report shows besides gaps (evidence.py).
        self.ahead: list[Finding] | None = None
        self.facts: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document, "name": self.name, "stage": self.stage, "type": self.type}

    def __reduce__(self) -> tuple[Any, ...]:  # a worker's results cross a pipe: keep pickling cheap
        return _system, (self.document, self.name, self.stage, self.type, self.touched, self.ahead, self.facts)


def _system(
    document: int,
    name: str | None,
    stage: str | None,
    type: str | None,
    touched: bool,
    ahead: list[Finding] | None = None,
    facts: dict[str, Any] | None = None,
) -> System:
    system = System(document, name, stage, type)
    system.touched = touched
    system.ahead = ahead
    system.facts = facts
    return system


class FileResult:
    __slots__ = ("path", "systems")

    def __init__(self, path: str, systems: list[System] | None = None) -> None:
        self.path = path
        self.systems: list[System] = systems if systems is not None else []

    def __reduce__(self) -> tuple[Any, ...]:
        return FileResult, (self.path, self.systems)


class LintResult:
    __slots__ = ("files", "findings", "notes", "rules", "skipped", "unscoped")

    def __init__(
        self,
        findings: list[Finding],
        files: list[FileResult],
        skipped: int = 0,
        notes: list[str] | None = None,
        rules: tuple[Rule, ...] = ALL_RULES,
        unscoped: list[Finding] | None = None,
    ) -> None:
        self.findings = findings
        self.files = files
        self.skipped = skipped
        self.notes = notes if notes is not None else []
        self.rules = rules  # the run's catalogue: the built-in rules, then the policy's requirements
        # Under --base: the findings of every system before the change left some out (the report
        # file covers every system); None otherwise.
        self.unscoped = unscoped

    def by_id(self) -> Mapping[str, Rule]:
        """The run's rules and requirements by id."""
        return BY_ID if self.rules is ALL_RULES else {r.id: r for r in self.rules}


def _expand(ids: Iterable[str], flag: str, rules: tuple[Rule, ...] = ALL_RULES) -> frozenset[str]:
    """The rule ids a `--select`/`--ignore` names. Every `--select` must name at least one: an
    empty value (an unset CI variable) would otherwise turn every rule off. An empty `--ignore`
    ignores nothing, which is harmless, and is accepted."""
    chosen: set[str] = set()
    for item in ids:
        tokens = [token.strip().upper() for token in item.split(",")]
        if flag == "--select" and not any(tokens):
            raise ConfigError(
                f"{flag}: {item!r} names no rule id; pass ids or prefixes such as EVAL001 or EVAL "
                f"(leave {flag} out to run every rule)"
            )
        for token in tokens:
            if not token:
                continue
            hits = [r.id for r in rules if r.id.startswith(token)]
            if not hits:
                raise ConfigError(f"{flag}: no rule id starts with '{token}' (see `ai-readiness rules`)")
            chosen.update(hits)
    return frozenset(chosen)


class Selection:
    """Configuration, then --select, then --ignore (ignore wins); YAML001-003 always run
    (docs/design.md, "Stages and severities")."""

    def __init__(
        self, config: Config, select: tuple[str, ...], ignore: tuple[str, ...], rules: tuple[Rule, ...] = ALL_RULES
    ) -> None:
        self.overrides = config.rules
        self.selected = _expand(select, "--select", rules) if select else None
        self.ignored = _expand(ignore, "--ignore", rules)
        policy = config.policy
        if policy is not None and policy.rule_locks:
            # a locked rule runs: the command line can't leave it out (docs/design.md, "Policy")
            for rule_id, lock in policy.rule_locks.items():
                if lock.before is None and lock.at is None:
                    continue
                if rule_id in self.ignored:
                    raise ConfigError(f"--ignore: {rule_id} is locked by {lock.by}: it can't be ignored")
                if self.selected is not None and rule_id not in self.selected:
                    raise ConfigError(f"--select leaves out {rule_id}, which {lock.by} locks: add it to --select")

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
    # up to this many, GIT001 asks git per system rather than walking the history once, and
    # META003 searches the other manifests early
    FEW_FILES = FEW_FILES

    def __init__(self, options: Options) -> None:
        self.options = options
        policy = options.config.policy
        self.rules: tuple[Rule, ...] = ALL_RULES if policy is None else policy.rules
        self.by_id: dict[str, Rule] = BY_ID if policy is None else {r.id: r for r in self.rules}
        self.selection = Selection(options.config, options.select, options.ignore, self.rules)
        self.records: list[DocRecord] = []
        self.notes: list[str] = []
        self.cache: dict[str, Any] = {}  # what rules remember during one run (DocContext.cache)
        self._manifests: list[str] | None = None
        root = options.root
        self._real_root = os.path.join(os.path.realpath(root.path), "")  # with a trailing separator
        self._name_search: NameSearch | None = None
        self._blobs: dict[str, bytes] = {}  # manifests outside the sparse checkout, by git object
        self._by_stage: dict[tuple[int, str], _Applicable] = {}
        # Git modules load only inside a repository (a one-file lint outside one never pays).
        self.git: GitFacts | None = None
        if root.is_git and options.repository_wide:
            from ai_readiness.gitinfo import GitFacts

            self.git = GitFacts(root.path)
        self.change: ChangeSet | None = None
        if options.base is not None:
            if self.git is None:
                raise ConfigError(f"--base {options.base}: {root.path} is not a git repository")
            from ai_readiness.change import load_change

            self.change = load_change(self.git.repository, options.base, options.config.limits)
            if options.contents:
                self.change.changed = _stand_ins_changed(self.change, options.contents)
        scopes = {"document"} | ({"git"} if self.git else set())
        self.document_rules = [
            r for r in self.rules if r.check is not None and r.scope in scopes and self.selection.enabled(r)
        ]
        self.change_rules = [
            r for r in self.rules if r.check is not None and r.scope == "change" and self.selection.enabled(r)
        ]
        # With a lock in effect, --target-stage only raises a system's stage (docs/design.md, "Policy").
        self.raise_only = policy is not None and policy.locked

    # -- one document -------------------------------------------------------------------------

    def _finding(
        self, rule: Rule, severity: Severity, message: str, path: str, doc: Document, pointer: str, at: str
    ) -> Finding:
        return Finding(rule.id, severity, message, path, locate(doc, pointer, at), pointer, doc.index)

    def _run_rules(self, rules: list[Rule], ctx: DocContext, doc: Document) -> list[Finding]:
        found: list[Finding] = []
        applicable, late, ran = self._applicable(rules, ctx.stage)
        for rule, check, default in applicable:
            for hit in check(ctx):
                severity = self.selection.severity(rule, hit.severity or default)
                found.append(self._finding(rule, severity, hit.message, ctx.path, doc, hit.pointer, hit.at))
        if late and "exceptions" in ctx.spec:
            # ATT002 reads what the others raised (docs/design.md, "Waivers")
            ctx.outcome = Outcome(ran, frozenset(f.rule for f in found))
            for rule, check, default in late:
                for hit in check(ctx):
                    severity = self.selection.severity(rule, hit.severity or default)
                    found.append(self._finding(rule, severity, hit.message, ctx.path, doc, hit.pointer, hit.at))
        return found

    def _applicable(self, rules: list[Rule], stage: str) -> _Applicable:
        """(rule, check, default severity) of the rules that judge a system of this stage (those
        that run last apart), and the ids of them all, worked out once per list and stage rather
        than once per document."""
        key = (id(rules), stage)
        applicable = self._by_stage.get(key)
        if applicable is None:
            production = stage == "production"
            found = [
                (rule, rule.check, default)
                for rule in rules
                if rule.check is not None
                and (rule.stages is None or stage in rule.stages)
                and (default := rule.policy.at(production)) is not None
            ]
            applicable = self._by_stage[key] = (
                [item for item in found if not item[0].late],
                [item for item in found if item[0].late],
                frozenset(rule.id for rule, _, _ in found),
            )
        return applicable

    def validate(self, doc: Document) -> tuple[list[schema.SchemaError], frozenset[str]]:
        """The document's schema errors, and the pointers of the values they make absent."""
        # A value the loader could not read (an integer of over 4,300 digits) is one finding
        # at the value; its absence from the data is not a second, `[required]` one.
        errors = [
            schema.SchemaError(p, "value", f"[type] expected at most {MAX_INT_DIGITS} digits; found {why}")
            for p, why in doc.invalid.items()
        ]
        errors += [e for e in schema.validate(doc.data, doc.written) if e.pointer not in doc.invalid]
        return errors, frozenset(e.pointer for e in errors)

    def document_context(self, target: Target, doc: Document, text: str, invalid: frozenset[str]) -> DocContext:
        """What the rules see of ``doc``: the data without its invalid and missing values, the
        stage they judge, and the run's facts (docs/design.md, "Running the rules")."""
        return self._context(target, doc, text, invalid, _declared_stage(doc.data, invalid))

    def _context(
        self,
        target: Target,
        doc: Document,
        text: str,
        invalid: frozenset[str],
        declared: str | None,
        stage: str | None = None,
    ) -> DocContext:
        return DocContext(
            path=target.path,
            manifest=target.fspath,
            root=self.options.root.path,
            document=doc.index,
            data=doc.data if doc.plain and not invalid else clean(doc.data, invalid),
            declared_stage=declared,
            stage=stage or self._judged_stage(declared),
            today=self.options.today,
            windows=self.options.config.windows,
            invalid=invalid,
            registry=self.by_id,
            policy=self.options.config.policy,
            git=self.git,
            doc=doc,
            text=text,
            cache=self.cache,
        )

    def _judged_stage(self, declared: str | None) -> str:
        """The target stage, else the declared one, else prototype; with a lock in effect, the
        higher of the declared stage and the target (a deprecated system counts as a prototype)."""
        target = self.options.target_stage
        if target is None:
            return declared or "prototype"
        if not self.raise_only or declared is None:
            return target
        rank = STAGE_ORDER.get
        return target if rank(target, 0) > rank(declared, 0) else declared

    def lint_document(self, target: Target, doc: Document, text: str, out: list[Finding]) -> System:
        data = doc.data
        errors, invalid = self.validate(doc)
        schema_rule = self.by_id["SCHEMA001"]
        if errors and self.selection.enabled(schema_rule):
            severity = self.selection.severity(schema_rule, Severity.ERROR)
            for error in errors:
                out.append(
                    self._finding(schema_rule, severity, error.message, target.path, doc, error.pointer, error.at)
                )
        meta = data.get("metadata")
        name = meta.get("name") if isinstance(meta, dict) and "/metadata/name" not in invalid else None
        name = name if isinstance(name, str) else None
        spec = data.get("spec") if "/spec" not in invalid else None
        kind = spec.get("type") if isinstance(spec, dict) and "/spec/type" not in invalid else None
        system = System(doc.index, name, _declared_stage(data, invalid), kind if isinstance(kind, str) else None)
        if invalid & UNJUDGED:
            self.records.append(DocRecord(target.path, doc.index, name, None, {}))
            return system  # docs/design.md, "Schema failures": a wrong apiVersion or kind runs SCHEMA001 only
        ctx = self._context(target, doc, text, invalid, system.stage)
        waivers = active_waivers(ctx)
        out.extend(suppress(self._run_rules(self.document_rules, ctx, doc), waivers))
        if self.options.scorecard:
            self._judge_ahead(target, doc, text, invalid, system, ctx, waivers)
        name_span = Span(*doc.name_span) if name is not None and doc.name_span else None
        record = DocRecord(target.path, doc.index, name, name_span, waivers)
        if self.change is not None:
            record.ctx, record.doc = ctx, doc
        self.records.append(record)
        return system

    def _judge_ahead(
        self,
        target: Target,
        doc: Document,
        text: str,
        invalid: frozenset[str],
        system: System,
        ctx: DocContext,
        waivers: Waivers,
    ) -> None:
        """A scorecard's run: the rules again at the system's next stage, on the document already
        loaded and validated (what `lint --target-stage NEXT` would add), and the report's facts."""
        from ai_readiness.evidence import expiry_notice, system_facts

        system.ahead = []
        next_stage = NEXT_STAGE[system.stage or "prototype"]
        if next_stage is not None:
            ahead = self._context(target, doc, text, invalid, system.stage, next_stage)
            system.ahead = suppress(self._run_rules(self.document_rules, ahead, doc), waivers)
        system.facts = system_facts(ctx, expiry_notice(self.options.config))
        policy = self.options.config.policy
        if policy is not None and policy.profiles:
            from ai_readiness.coverage import system_coverage

            system.facts["coverage"] = system_coverage(self, ctx, waivers)

    # -- one file ------------------------------------------------------------------------------

    def load(self, target: Target) -> LoadResult:
        """The file's documents, or the finding that says why it is not read."""
        contents = self.options.contents
        if contents is not None and target.path in contents:
            return self._load_given(target, contents[target.path])
        if target.blob is not None:
            return self._load_blob(target)
        real = realpath_cached(os.path.abspath(target.fspath), self.cache.setdefault("realpath", {}))
        if not real.startswith(self._real_root):
            message = "the manifest is a symbolic link to a file outside the repository: it is not read"
            return LoadResult([], [Finding("YAML003", Severity.ERROR, message, target.path, FILE_START)])
        try:
            return load_file(target.fspath, target.path, self.options.config.limits)
        except OSError as exc:
            message = f"the file cannot be read: {exc.strerror or exc}"
            return LoadResult([], [Finding("YAML003", Severity.ERROR, message, target.path, FILE_START)])

    def _load_given(self, target: Target, data: bytes) -> LoadResult:
        """Bytes that stand for the file: judged as the file would be (a link out of the
        repository is not linted, whatever stands for it)."""
        if target.path != "-":
            real = realpath_cached(os.path.abspath(target.fspath), self.cache.setdefault("realpath", {}))
            if not real.startswith(self._real_root):
                message = "the manifest is a symbolic link to a file outside the repository: it is not read"
                return LoadResult([], [Finding("YAML003", Severity.ERROR, message, target.path, FILE_START)])
        return load_bytes(data, target.path, self.options.config.limits)

    def _load_blob(self, target: Target) -> LoadResult:
        """A manifest outside the sparse checkout, read from git's index as git reads it."""
        if not target.blob:
            message = "the manifest is a symbolic link outside the sparse checkout: it is not read"
            return LoadResult([], [Finding("YAML003", Severity.ERROR, message, target.path, FILE_START)])
        data = self._blobs.get(target.blob)
        if data is None:
            message = "the manifest is outside the sparse checkout and git cannot read it from its index"
            return LoadResult([], [Finding("YAML003", Severity.ERROR, message, target.path, FILE_START)])
        return load_bytes(data, target.path, self.options.config.limits)

    def lint_file(self, target: Target, loaded: LoadResult | None = None) -> tuple[FileResult, list[Finding]]:
        if loaded is None:
            loaded = self.load(target)
        result = FileResult(target.path)
        findings = list(loaded.findings)
        for doc in loaded.documents:
            result.systems.append(self.lint_document(target, doc, loaded.text or "", findings))
        return result, findings

    # -- a run -----------------------------------------------------------------------------------

    def lint_files(self, targets: list[Target], names_early: bool = False) -> tuple[list[FileResult], list[Finding]]:
        """``names_early``: a run of a few files in a repository (pre-commit's): META003's search
        of the other manifests starts first and runs beside the loading and the rules."""
        files: list[FileResult] = []
        findings: list[Finding] = []
        if names_early and self.git is not None and self.selection.enabled(self.by_id["META003"]):
            self._start_name_search()
        for target in targets:
            try:
                file_result, file_findings = self.lint_file(target)
            except Exception as exc:
                raise InternalError(target.path) from exc
            files.append(file_result)
            findings.extend(file_findings)
        return files, findings

    def _start_name_search(self) -> None:
        from ai_readiness.names import NameSearch

        self._name_search = NameSearch(self.options.root.path)

    def targets(self) -> list[Target]:
        """The manifests the run lints (discovery's notes join the run's)."""
        options = self.options
        found, _ = discover(
            options.paths, options.cwd, options.root, options.config.exclude, self.manifests, self.notes
        )
        return found

    def run(self, targets: list[Target] | None = None) -> LintResult:
        options = self.options
        if targets is None:
            targets = self.targets()
        blobs = [t.blob for t in targets if t.blob]
        if blobs:  # read once, before any worker is forked
            self._blobs = read_blobs(options.root.path, blobs, options.config.limits.max_file_bytes)
        if self.git is not None:
            self.git.few_systems = len(targets) <= self.FEW_FILES
        workers = self.workers(len(targets))
        try:
            if workers > 1:
                from ai_readiness.parallel import lint_in_parallel

                self.prepare_to_fork()
                files, findings = lint_in_parallel(self, targets, workers)
            else:
                files, findings = self.lint_files(targets, names_early=len(targets) <= self.FEW_FILES)
            findings.extend(self._run_checks("repository", targets))
        finally:
            if self._name_search is not None:
                self._name_search.close()  # read or not, no git process outlives the run
        skipped = 0
        unscoped = None
        if self.change is not None:
            if options.scorecard:
                unscoped = sorted(findings, key=Finding.sort_key)
            findings, skipped = self.review_change(targets, files, findings)
        if self.git is not None:
            self.notes.extend(n for n in self.git.notes if n not in self.notes)
        elif not options.repository_wide:
            self.notes.append(
                "note: standard input without --stdin-filename: META003, OWN003, GIT001 and REF001's tracking "
                "check are skipped (pass --stdin-filename PATH to judge the text as that file)"
            )
        elif any(f.systems for f in files):
            self.notes.append(
                "note: not a git repository: OWN003, GIT001 and REF001's tracking check are skipped, "
                "and META003 compares the linted files only"
            )
        policy = options.config.policy
        if policy is not None and policy.exclude_lock and options.config.exclude:
            self.notes.append(self._excluded_note(policy.exclude_lock))
        findings.sort(key=Finding.sort_key)
        return LintResult(findings, files, skipped, self.notes, self.rules, unscoped)

    def _excluded_note(self, locked_by: str) -> str:
        """With `exclude` locked, every manifest it leaves out is named (docs/design.md, "Policy")."""
        from ai_readiness.globs import matches_any

        listed = self.manifests() or []
        left_out = [p for p in listed if matches_any(self.options.config.exclude, p)]
        shown = ", ".join(left_out[:20]) + (f" and {len(left_out) - 20} more" if len(left_out) > 20 else "")
        return f"note: `exclude` (locked by {locked_by}) leaves out {len(left_out)} manifest(s)" + (
            f": {shown}" if left_out else ""
        )

    def manifests(self) -> list[str] | None:
        """The repository's manifests, listed once per run (discovery and META003 share them)."""
        if self._manifests is None:
            from ai_readiness.names import repository_manifests

            self._manifests = repository_manifests(self.options.root)
        return self._manifests

    # -- many files: both cores (the processes themselves: parallel.py) -------------------------

    FILES_PER_WORKER = 150  # below this, starting a worker costs more than it saves

    def workers(self, count: int) -> int:
        """How many processes lint the files (this one included): one per core when there are
        many files, on platforms where forking is cheap and safe; one under --base, whose review
        needs every document's context in this process."""
        if self.options.jobs is not None:
            wanted = self.options.jobs
        else:
            wanted = min(os.cpu_count() or 1, 1 + count // self.FILES_PER_WORKER)
        if wanted <= 1 or self.change is not None or sys.platform not in ("linux",):
            return 1
        return min(wanted, count)

    def prepare_to_fork(self) -> None:
        """Gather what every worker needs once, here, so that each inherits it."""
        if self.git is not None:
            # the history back to twice the default evaluation schedule: where GIT001's
            # questions usually fall
            today = self.options.today
            window = self.options.config.windows.default_eval_schedule.times(2)
            self.git.prepare(today - (window.after(today) - today))
        # Some of many files are invalid: jsonschema explains them, imported and built once here.
        schema.explainer()

    def _run_checks(self, scope: str, targets: list[Target]) -> list[Finding]:
        """The run checks of the rules of ``scope`` (`Rule.run_check`), their findings suppressed
        by the exceptions of the documents they are about."""
        rules = [r for r in self.rules if r.run_check is not None and r.scope == scope and self.selection.enabled(r)]
        if not self.options.repository_wide:
            rules = [r for r in rules if r.scope != "repository"]
        if not rules:
            return []
        run = RunContext(
            root=self.options.root,
            config=self.options.config,
            paths=self.options.paths,
            cwd=self.options.cwd,
            documents=self.records,
            linted=frozenset(t.path for t in targets),
            git=self.git,
            change=self.change,
            manifests=self._manifests,
            name_search=self._name_search,
        )
        found: list[Finding] = []
        waivers: dict[tuple[str, int], Waivers] | None = None
        for rule in rules:
            assert rule.run_check is not None
            severity = self.selection.severity(rule, rule.policy.fixed)
            for hit in rule.run_check(run):
                if waivers is None:
                    waivers = {(r.path, r.document): r.waivers for r in self.records}
                finding = Finding(rule.id, severity, hit.message, hit.path, hit.span, hit.pointer, hit.document)
                found.extend(suppress([finding], waivers.get((hit.path, hit.document), {})))
        return found

    def review_change(
        self, targets: list[Target], files: list[FileResult], findings: list[Finding]
    ) -> tuple[list[Finding], int]:
        """--base: PR001/PR002 for the systems the change touches; the findings of the others
        are left out and counted (docs/design.md, "The change under review")."""
        change = self.change
        assert change is not None
        head_names = {r.name for r in self.records if r.name}
        touched: set[tuple[str, int]] = set()
        for record in self.records:
            ctx, doc = record.ctx, record.doc
            if ctx is None or doc is None:
                if record.path in change.changed:
                    touched.add((record.path, record.document))
                continue
            matches = ctx.paths_matcher()
            if record.path not in change.changed and not any(matches(p) for p in change.changed):
                continue
            touched.add((record.path, record.document))
            base = change.match(record.name, record.path, record.document, head_names)
            if base is None:
                continue
            ctx.base = base
            # An exception added in the change does not waive PR001/PR002.
            base_rules = {e.get("rule") for e in base.spec.get("exceptions") or [] if isinstance(e, dict)}
            waivers = {k: v for k, v in record.waivers.items() if k in base_rules}
            findings.extend(suppress(self._run_rules(self.change_rules, ctx, doc), waivers))
        documented = {(r.path, r.document) for r in self.records}

        def in_scope(finding: Finding) -> bool:
            key = (finding.path, finding.document)
            # a finding about a file without documents (YAML001, YAML003) counts when the file changed
            return key in touched or (key not in documented and finding.path in change.changed)

        # the run checks of the change (PR002's removed systems) speak of the base: never left out
        kept = [f for f in findings if in_scope(f)] + self._run_checks("change", targets)
        skipped = 0
        for file in files:
            for system in file.systems:
                if (file.path, system.document) not in touched:
                    system.touched = False
                    skipped += 1
        return kept, skipped


def lint(options: Options) -> LintResult:
    return Linter(options).run()


def lint_text(options: Options, target: Target, data: bytes) -> LintResult:
    """Lint ``data`` as if it were the file ``target`` (standard input, an editor's unsaved text):
    the repository, configuration and git facts are the file's, and its copy on disk is not
    another manifest (META003). A path that `exclude` matches gets a note and no findings."""
    options = options._replace(paths=[target.fspath], contents={target.path: data})
    linter = Linter(options)
    pattern = next((p for p in options.config.exclude if matches_any((p,), target.path)), None)
    if pattern is not None and target.path != "-":
        note = f"note: {target.path}: not linted: it matches the `exclude` pattern '{pattern}'"
        return LintResult([], [], 0, [note])
    return linter.run([target])


def _stand_ins_changed(change: ChangeSet, contents: Mapping[str, bytes]) -> frozenset[str]:
    """The changed files when bytes stand for some files: such a file changed when they differ
    from the file at the merge base (it stands for the working tree's copy)."""
    from ai_readiness.change import base_blobs

    changed = set(change.changed)
    base = base_blobs(change, list(contents))
    for path, data in contents.items():
        if base.get(path) == data:
            changed.discard(path)
        else:
            changed.add(path)
    return frozenset(changed)
