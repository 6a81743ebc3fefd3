"""Code actions as text edits: the safe fixes at the cursor (and all of them), "add what STAGE
needs" (promote), and "waive RULE" (an `exceptions` entry). Each is computed from the buffer's
text with the editing library, never by re-implementing an edit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ai_readiness.edit.splice import TextEdit, line_edits, text_edit
from ai_readiness.edit.tree import CannotEdit, Tree

if TYPE_CHECKING:
    import datetime as _dt

    from ai_readiness.findings import Finding, Span
    from ai_readiness.lsp.documents import Judgement

QUICKFIX, REWRITE, FIX_ALL = "quickfix", "refactor.rewrite", "source.fixAll"
WAIVE_DEFAULT = "P90D"  # the longest a waiver written here lasts; a shorter allowed maximum wins


class Action(NamedTuple):
    title: str
    kind: str
    edits: list[TextEdit]  # 1-based lines, code-point columns, end exclusive
    findings: list[Finding]  # what it resolves
    preferred: bool = False
    disabled: str | None = None  # why the action can't be taken (shown greyed out)


def _overlaps(span: Span | TextEdit, first: tuple[int, int], last: tuple[int, int]) -> bool:
    start, end = (span[0], span[1]), (span[2], span[3])
    return start <= last and first <= end


def actions_at(judgement: Judgement, first: tuple[int, int], last: tuple[int, int]) -> list[Action]:
    """The actions for the range from ``first`` to ``last`` (1-based line, code-point column)."""
    options = judgement.options
    if options is None or judgement.target is None or len(judgement.text) > options.config.limits.max_file_bytes:
        return []  # a text over the size limit is YAML003's, and nothing in it is edited
    actions = _fixes(judgement, first, last)
    try:
        tree = Tree(judgement.text)
    except CannotEdit:
        return actions  # a YAML error: nothing can be edited but what the fixes can (none)
    document = _document_at(tree, first[0])
    if document is None:
        return actions
    actions += _promotions(judgement, document, first, last)
    actions += _waivers(judgement, document, first, last)
    return actions


def _document_at(tree: Tree, line: int) -> int | None:
    chosen = None
    for index, root in tree.documents:
        if chosen is None or tree.line_of(root.start) + 1 <= line:
            chosen = index
    return chosen


def _fixes(judgement: Judgement, first: tuple[int, int], last: tuple[int, int]) -> list[Action]:
    from ai_readiness.edit.fixes import RENAME, fix_text, safe_fixes
    from ai_readiness.engine import Selection
    from ai_readiness.escaping import one_line

    options = judgement.options
    assert options is not None
    schema_rule = next((r for r in judgement.rules if r.id == "SCHEMA001"), None)
    selection = Selection(options.config, options.select, options.ignore, judgement.rules)
    if schema_rule is None or not selection.enabled(schema_rule):
        return []  # fixes follow the selection, as `lint --fix` does
    text = judgement.text
    limits = options.config.limits
    fixes = safe_fixes(text, limits=limits)
    out = []
    for fix in fixes:
        edit = text_edit(text, fix.edit)
        if not _overlaps(edit, first, last):
            continue
        resolved = [
            f
            for f in judgement.findings
            if f.rule == "SCHEMA001" and f.pointer == fix.pointer and f.document == fix.document
        ]
        what = f"rename '{fix.old}' to '{fix.new}'" if fix.kind == RENAME else f"write '{fix.old}' as '{fix.new}'"
        out.append(Action(one_line(f"Fix: {what}"), QUICKFIX, [edit], resolved, preferred=True))
    if fixes:
        fixed = fix_text(text, limits=limits)
        count = len(fixed.fixes)
        title = f"Fix all: {count} safe fix{'' if count == 1 else 'es'} (as lint --fix)"
        out.append(Action(title, FIX_ALL, line_edits(text, fixed.text), []))
    return out


def _system(judgement: Judgement, document: int) -> tuple[Any, str | None, int]:
    """The declared stage, the name and the number of systems of the buffer."""
    from ai_readiness.loader import compose

    assert judgement.options is not None
    loaded = compose(judgement.text, "-", judgement.options.config.limits)
    stage, name = None, None
    for doc in loaded.documents:
        if doc.index == document:
            spec = doc.data.get("spec")
            stage = spec.get("stage") if isinstance(spec, dict) else None
            meta = doc.data.get("metadata")
            name = meta.get("name") if isinstance(meta, dict) and isinstance(meta.get("name"), str) else None
    return stage, name, len(loaded.documents)


def _promotions(judgement: Judgement, document: int, first: tuple[int, int], last: tuple[int, int]) -> list[Action]:
    from ai_readiness.edit.commands import requirements_asked
    from ai_readiness.edit.promote import promote_text
    from ai_readiness.engine import NEXT_STAGE, VALID_STAGES
    from ai_readiness.escaping import one_line

    declared, name, count = _system(judgement, document)
    if name is None and count > 1:
        return []  # promote picks systems by name
    stage = declared if declared in VALID_STAGES else "prototype"
    gaps = [
        f
        for f in judgement.findings
        if f.rule == "STAGE001" and f.document == document and f.suppressed is None and _overlaps(f.span, first, last)
    ]
    wanted = [(stage, QUICKFIX, gaps)] if gaps else []
    following = NEXT_STAGE.get(stage)
    if following is not None:
        wanted.append((following, REWRITE, []))
    out = []
    text = judgement.text
    options, target_file = judgement.options, judgement.target
    assert options is not None and target_file is not None
    # what the policy's requirements ask for at the stage, judged on this text as `promote` judges files
    buffer = options._replace(contents={target_file.path: text.encode("utf-8", "surrogatepass")})
    for target, kind, resolved in wanted:
        asked = requirements_asked(buffer, [target_file], target).get(target_file.path)
        result = promote_text(
            text, target, systems=None if name is None else [name], limits=options.config.limits, required=asked
        )
        change = next((c for c in result.changes if c.document == document), None)
        problem = next((p for p in result.problems if p.document in (None, document) and not p.note), None)
        if change is not None:
            keys = f"{change.keys} key{'' if change.keys == 1 else 's'}"
            title = (
                f"Add what {target} needs ({keys}, stage: {target})"
                if target != stage
                else f"Add what {target} needs ({keys})"
            )
            out.append(Action(title, kind, line_edits(text, result.text), resolved))
        elif problem is not None:
            out.append(Action(f"Add what {target} needs", kind, [], resolved, disabled=one_line(problem.message)))
    return out


def waiver_expiry(judgement: Judgement) -> _dt.date:
    """Today plus the shorter of P90D and the longest waiver the configuration allows."""
    from ai_readiness.dates import parse_duration

    assert judgement.options is not None
    today = judgement.options.today
    default = parse_duration(WAIVE_DEFAULT)
    assert default is not None
    return min(default.after(today), judgement.options.config.windows.exception_max_length.after(today))


def _waivers(judgement: Judgement, document: int, first: tuple[int, int], last: tuple[int, int]) -> list[Action]:
    from ai_readiness.edit.waive import waive_text

    options = judgement.options
    assert options is not None
    policy = options.config.policy
    never = policy.unwaivable if policy is not None else frozenset()
    by_id = {r.id: r for r in judgement.rules}
    wanted: dict[str, list[Finding]] = {}
    for finding in judgement.findings:
        rule = by_id.get(finding.rule)
        if (
            rule is None
            or not rule.waivable
            or rule.id in never
            or finding.suppressed is not None
            or finding.document != document
            or not _overlaps(finding.span, first, last)
        ):
            continue
        wanted.setdefault(rule.id, []).append(finding)
    if not wanted:
        return []
    expires = waiver_expiry(judgement)
    out = []
    for rule_id, resolved in wanted.items():
        title = f"Waive {rule_id} for this system until {expires.isoformat()}"
        try:
            _, edits = waive_text(judgement.text, document, rule_id, expires, options.config.limits)
        except CannotEdit as exc:
            out.append(Action(title, QUICKFIX, [], resolved, disabled=f"cannot edit safely: {exc}"))
            continue
        out.append(Action(title, QUICKFIX, [text_edit(judgement.text, e) for e in edits], resolved))
    return out
