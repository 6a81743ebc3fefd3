"""`promote`: write what a stage asks for into a manifest's text (README.md, "Fixing and
promoting"; docs/design.md, "Editing").

Each system (document) gets every key STAGE001 would report missing at the stage, in the form
`init` writes it (templates.FORMS: text keys as `<...>` placeholders, typed keys as commented-out
examples), and `spec.stage` set to the stage. The safe fixes come first (a misspelt `monitorng`
is renamed, not duplicated; `stage: Production` counts as production). A stage is never lowered.
A key already written as a `# key:` comment counts as written, so promoting again changes
nothing. A document that cannot be edited safely is left as it is, with the reason.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, NamedTuple

from ai_readiness.context import STAGE_ORDER, clean, is_missing
from ai_readiness.edit.data import DEFAULT_LIMITS, check, copy
from ai_readiness.edit.fixes import Fix, fix_text, styled
from ai_readiness.edit.splice import Edit, apply
from ai_readiness.edit.tree import MAP, CannotEdit, Entry, Node, Tree
from ai_readiness.edit.writer import NewKey, Writer
from ai_readiness.gates import required_keys
from ai_readiness.loader import Document, Limits, compose
from ai_readiness.schema import load_schema, validate
from ai_readiness.templates import COMMENTED, LIST, MAPPING, TEXT, Form, form_of, quote

STAGES = ("prototype", "pilot", "production", "deprecated")
UNJUDGED = ("/apiVersion", "/kind")


class SystemChange(NamedTuple):
    """What promote did to one system."""

    document: int
    name: str | None
    old_stage: Any  # the declared value as loaded (None when missing)
    stage: str
    keys: int  # gate keys written (placeholders, commented examples, and `stage` when it was missing)
    placeholders: tuple[str, ...]  # dotted keys under `spec` written with a value


class Problem(NamedTuple):
    """A system promote left as it was, and why; ``lowering``: the stage would go down."""

    document: int | None
    name: str | None
    message: str
    lowering: bool = False


class PromoteResult(NamedTuple):
    """The promoted ``text``; how: the safe ``fixes`` made first gave ``base``, and ``edits``
    (spans of ``base``) gave ``text``. `splice.line_edits` describes the whole change."""

    text: str
    changes: list[SystemChange]
    problems: list[Problem]
    fixes: list[Fix]
    names: list[str]  # the names of the file's systems (for `--system`)
    base: str = ""
    edits: tuple[Edit, ...] = ()


def _name(doc: Document) -> str | None:
    meta = doc.data.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    return name if isinstance(name, str) else None


def promote_text(
    text: str, stage: str, *, systems: Collection[str] | None = None, limits: Limits = DEFAULT_LIMITS
) -> PromoteResult:
    """``text`` with its systems (those named in ``systems``, or all) promoted to ``stage``."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    loaded = compose(text, "-", limits)
    if loaded.findings:
        first = loaded.findings[0]
        message = f"cannot edit safely: line {first.span.line}: {first.message}; the file is left unchanged"
        return PromoteResult(text, [], [Problem(None, None, message)], [], [], text)
    names = [n for n in (_name(d) for d in loaded.documents) if n is not None]
    chosen = [d.index for d in loaded.documents if systems is None or _name(d) in systems]
    if not chosen:
        return PromoteResult(text, [], [], [], names, text)
    fixed = fix_text(text, documents=chosen, limits=limits)
    text = fixed.text
    loaded = compose(text, "-", limits)
    original = {doc.index: doc.data for doc in loaded.documents}
    expected_all = dict(original)
    tree: Tree | None = None
    edits: list[Edit] = []
    changes: list[SystemChange] = []
    problems: list[Problem] = []
    for doc in reversed(loaded.documents):  # bottom-up: each document's edits stand alone
        if doc.index not in chosen:
            continue
        name = _name(doc)
        try:
            plan = _Plan(doc, stage)
            if plan.lowering is not None:
                problems.append(Problem(doc.index, name, plan.lowering, lowering=True))
                continue
            if not plan.todo:
                continue
            if tree is None:
                tree = Tree(text)
            writer = Writer(tree)
            expected = plan.write(writer, tree)
            if expected is None:
                continue
            doc_edits = writer.finish()
            check(apply(text, doc_edits), {**original, doc.index: expected}, limits)
        except CannotEdit as exc:
            problems.append(Problem(doc.index, name, f"cannot edit safely: {exc}; the system is left unchanged"))
            continue
        edits += doc_edits
        expected_all[doc.index] = expected
        changes.append(
            SystemChange(doc.index, name, plan.old_stage, stage, plan.tally.count, tuple(plan.tally.placeholders))
        )
    changes.reverse()
    problems.sort(key=lambda p: -1 if p.document is None else p.document)
    promoted = apply(text, edits)
    if len(changes) > 1:
        check(promoted, expected_all, limits)  # each document's edits were checked alone
    return PromoteResult(promoted, changes, problems, fixed.fixes, names, text, tuple(edits))


def _order(parent: str | None) -> dict[str, int]:
    """The schema's key order under `spec` (``parent`` None) or under `spec.<parent>`."""
    spec = load_schema()["properties"]["spec"]
    props = spec["properties"] if parent is None else spec["properties"][parent].get("properties", {})
    return {key: i for i, key in enumerate(props)}


def _missing(value: Any) -> bool:
    return is_missing(value)


def _at(data: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        data = data.get(token) if isinstance(data, dict) else None
    return data


class _Plan:
    """What one system needs: the stage to set and the gate keys it lacks."""

    def __init__(self, doc: Document, stage: str) -> None:
        self.doc = doc
        self.stage = stage
        self.tally = Tally()
        self.lowering: str | None = None
        errors = validate(doc.data, doc.written)
        invalid = frozenset(e.pointer for e in errors) | frozenset(doc.invalid)
        if any(p in invalid for p in UNJUDGED):
            raise CannotEdit("it is not an AISystem manifest (its apiVersion or kind is missing or wrong)")
        if "/spec" in invalid or not isinstance(doc.data.get("spec"), dict):
            raise CannotEdit("its `spec` is missing or is not a mapping")
        spec = doc.data["spec"]
        self.spec = spec
        self.old_stage = spec.get("stage")
        declared = self.old_stage if "/spec/stage" not in invalid else None
        self.system_type = spec.get("type") if "/spec/type" not in invalid else None
        if declared in STAGE_ORDER and stage in STAGE_ORDER and STAGE_ORDER[declared] > STAGE_ORDER[stage]:
            self.lowering = (
                f"it is at {declared}: promote never lowers a stage (to retire a system, use --to deprecated)"
            )
            return
        cleaned = clean(doc.data, invalid).get("spec") or {}
        self.missing: list[str] = []
        for key, _ in required_keys(stage):
            if key == "stage":
                continue
            parts = key.split(".")
            chain = ["/spec/" + "/".join(parts[: i + 1]) for i in range(len(parts))]  # the parents, the key
            # A value the schema rejects is no place for a key (a key of the stage is written into
            # its parent), unless it is empty (`risk: ""`, `outOfScope: []`): that one is missing,
            # and filled in place like `risk:`. A key of the stage whose value is of the wrong kind
            # (a mapping where a list belongs) is wrong in structure too; one of the right kind
            # with a wrong value (a date that does not exist) is there: SCHEMA001 reports it.
            bad = next((p for p in chain if p in invalid and not is_missing(_at(doc.data, p))), None)
            why = next((e.message for e in errors if e.pointer == bad), "[type] a value it cannot read")
            if bad == chain[-1] and not why.startswith("[type]"):
                continue
            if bad is not None:
                shown = bad[1:].replace("/", ".")
                if bad == chain[-1]:
                    raise CannotEdit(f"{shown} has a schema error ({why}): fix it first")
                raise CannotEdit(f"{shown} has a schema error ({why}), so spec.{key} cannot go there: fix it first")
            value: Any = cleaned
            for part in parts:
                value = value.get(part) if isinstance(value, dict) else None
            if value is not None:
                continue
            self.missing.append(key)
        self.set_stage = self.old_stage != stage
        self.todo = bool(self.missing) or self.set_stage

    def write(self, writer: Writer, tree: Tree) -> dict[str, Any] | None:
        """Record the edits in ``writer``; the data the document must then hold (None: nothing to do)."""
        root = tree.root(self.doc.index)
        entry = root.get("spec") if root is not None else None
        if entry is None or entry.value.kind != MAP:
            raise CannotEdit("its `spec` is not a mapping")
        expected: dict[str, Any] = copy(self.doc.data)
        plan_keys(writer, entry.value, entry, expected["spec"], self.missing, self.system_type, self.tally)
        if self.set_stage:
            stage_entry = entry.value.get("stage")
            if stage_entry is None:
                writer.add(
                    entry.value, NewKey("stage", _order(None)["stage"], value=self.stage), entry.value.get("type")
                )
                self.tally.count += 1
            else:
                writer.replace(stage_entry.value, styled(stage_entry.value, self.stage) or self.stage)
                if _missing(self.old_stage):
                    self.tally.count += 1
            expected["spec"]["stage"] = self.stage
        elif not self.tally.count:
            return None
        return expected


class Tally:
    """What a plan wrote: how many gate keys, and which with a value (placeholders)."""

    def __init__(self) -> None:
        self.count = 0
        self.placeholders: list[str] = []


def plan_keys(
    writer: Writer,
    spec: Node,
    spec_entry: Entry | None,
    spec_data: dict[str, Any],
    keys: list[str],
    system_type: str | None,
    tally: Tally,
) -> None:
    """Record in ``writer`` the edits that write ``keys`` (gate keys, paths under `spec`) into
    the mapping ``spec``, and make the same changes to ``spec_data`` (the data it must then hold).
    A key, or its parent, already written as a `# key:` comment is left out."""
    present = writer.commented(spec, spec_entry)
    groups: dict[str, list[str]] = {}
    for key in keys:
        first, _, rest = key.partition(".")
        groups.setdefault(first, []).append(rest)
    order = _order(None)
    for first in sorted(groups, key=lambda k: order.get(k, len(order))):
        if first in present:
            continue
        subs = groups[first]
        entry = spec.get(first)
        if subs == [""]:  # a key right under spec
            form = form_of(first, system_type)
            if entry is None:
                writer.add(spec, NewKey(first, order.get(first, len(order)), form))
                _expect(spec_data, first, form)
                _count(tally, [first], form)
            else:
                _fill_leaf(writer, entry, first, first, form, present, spec_data, tally)
            continue
        child_order = _order(first)
        children = sorted(
            ((sub, form_of(f"{first}.{sub}", system_type)) for sub in subs), key=lambda c: child_order.get(c[0], 99)
        )
        if entry is None:
            form = Form(MAPPING, children=tuple(children))
            writer.add(spec, NewKey(first, order.get(first, len(order)), form))
            _expect(spec_data, first, form)
            for sub, child in children:
                _count(tally, [f"{first}.{sub}"], child)
            continue
        value = entry.value
        current = spec_data.get(first)
        if _missing(current):  # there, but missing: `risk:`, `risk: ~`, `risk: {}`
            already = writer.commented(value, entry)
            kids = [(sub, child) for sub, child in children if sub not in already]
            if not kids:
                continue
            writer.fill(entry, [NewKey(sub, child_order.get(sub, 99), child) for sub, child in kids])
            _expect(spec_data, first, Form(MAPPING, children=tuple(kids)))
            for sub, child in kids:
                _count(tally, [f"{first}.{sub}"], child)
            continue
        writer.editable(value)
        if value.kind != MAP or not isinstance(current, dict):
            raise CannotEdit(f"spec.{first} is not a mapping")
        nested = spec_data[first]
        inner = writer.commented(value, entry)
        for sub, child in children:
            if sub in inner:
                continue
            child_entry = value.get(sub)
            if child_entry is None:
                writer.add(value, NewKey(sub, child_order.get(sub, 99), child))
                _expect(nested, sub, child)
                _count(tally, [f"{first}.{sub}"], child)
            else:
                _fill_leaf(writer, child_entry, sub, f"{first}.{sub}", child, inner, nested, tally)


def _fill_leaf(
    writer: Writer,
    entry: Entry,
    name: str,
    dotted: str,
    form: Form,
    present: set[str],
    data: dict[str, Any],
    tally: Tally,
) -> None:
    """A gate key that is there but missing (`tier:`, `intendedUse: ""`, `outOfScope: []`)."""
    if form.kind == TEXT:
        writer.replace(entry.value, quote(form.value))
    elif form.kind == LIST:
        writer.replace(entry.value, f"[{quote(form.value)}]")
    elif form.kind == COMMENTED:
        if name in present:
            return
        writer.comment_beneath(entry, NewKey(name, 0, form))
    else:
        already = writer.commented(entry.value, entry)
        kids = tuple((sub, child) for sub, child in form.children if sub not in already)
        if not kids:
            return
        writer.fill(entry, [NewKey(sub, i, child) for i, (sub, child) in enumerate(kids)])
        form = Form(MAPPING, children=kids)
    _expect(data, name, form)
    _count(tally, [dotted], form)


def _expect(data: dict[str, Any], name: str, form: Form) -> None:
    """What writing ``name`` in ``form`` makes of ``data``."""
    if form.kind == TEXT:
        data[name] = form.value
    elif form.kind == LIST:
        data[name] = [form.value]
    elif form.kind == MAPPING:
        inner: dict[str, Any] = {}
        for sub, child in form.children:
            _expect(inner, sub, child)
        data[name] = inner or None  # a key holding only comments is null


def _count(tally: Tally, keys: list[str], form: Form) -> None:
    tally.count += len(keys)
    if form.kind in (TEXT, LIST) or (form.kind == MAPPING and any(c.kind != COMMENTED for _, c in form.children)):
        tally.placeholders.extend(keys)
