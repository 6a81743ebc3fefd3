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

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, NamedTuple

from ai_readiness.context import STAGE_ORDER, clean, is_missing
from ai_readiness.edit.data import DEFAULT_LIMITS, check, copy
from ai_readiness.edit.fixes import Fix, fix_text, styled
from ai_readiness.edit.splice import Edit, apply
from ai_readiness.edit.tree import MAP, CannotEdit, Entry, Node, Tree
from ai_readiness.edit.writer import NewKey, Writer
from ai_readiness.gates import required_keys
from ai_readiness.loader import Document, Limits, compose
from ai_readiness.rules.metadata import placeholder_in
from ai_readiness.schema import load_schema, schema_of, validate
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
    note: bool = False  # advice only: the system was promoted


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
    text: str,
    stage: str,
    *,
    systems: Collection[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    required: Mapping[int, Sequence[Asked]] | None = None,
) -> PromoteResult:
    """``text`` with its systems (those named in ``systems``, or all) promoted to ``stage``;
    ``required``: per document, the keys a policy's requirements ask for at ``stage``."""
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
            plan = _Plan(doc, stage, (required or {}).get(doc.index, ()))
            if plan.lowering is not None:
                problems.append(Problem(doc.index, name, plan.lowering, lowering=True))
                continue
            if not plan.todo:
                continue
            if tree is None:
                tree = Tree(text)
            writer = Writer(tree)
            expected = plan.write(writer, tree)
            if plan.forms and expected is not None and plan.breaks_schema(expected):
                # a requirement's key written this way would break the schema (a parent that
                # needs more keys): the stage's keys only, and the requirement's left to write
                keys = ", ".join(f"spec.{k}" for k in plan.forms)
                problems.append(Problem(doc.index, name, f"note: add {keys} by hand (a policy requires it)", note=True))
                plan = _Plan(doc, stage)
                if not plan.todo:
                    continue
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
    """The schema's key order under `spec` (``parent`` None) or under `spec.<parent>` (a dotted
    path; empty where the schema says nothing, as under an `x-` key)."""
    node = schema_of(load_schema()["properties"]["spec"])
    for name in parent.split(".") if parent else ():
        node = schema_of(node.get("properties", {}).get(name))
    return {key: i for i, key in enumerate(node.get("properties", {}))}


def _missing(value: Any) -> bool:
    return is_missing(value)


def _at(data: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        data = data.get(token) if isinstance(data, dict) else None
    return data


class Asked(NamedTuple):
    """A key a requirement of the policy asks for (its path under `spec`), and the requirement."""

    key: str
    rule: str


def requirement_form(asked: Asked) -> Form:
    """How promote writes a key a requirement asks for: text keys (and keys under an `x-` key,
    where the schema says nothing) as a `<...>` placeholder that META001 flags; any other as a
    commented-out line naming the requirement, so that nothing is invented."""
    node = schema_of(load_schema()["properties"]["spec"])
    for name in asked.key.split("."):
        properties = node.get("properties", {})
        node = schema_of(properties[name]) if name in properties else {}
    plain = not node or (
        node.get("type") == "string" and not any(k in node for k in ("format", "pattern", "enum", "const"))
    )
    if plain:
        words = asked.key.rsplit(".", 1)[-1].removeprefix("x-").replace("-", " ").replace("_", " ")
        placeholder = f"<{words}>"
        return Form(TEXT, placeholder if placeholder_in(placeholder) == placeholder else "<the value asked for>")
    return Form(COMMENTED, note=f"{asked.rule} asks for it")


class _Plan:
    """What one system needs: the stage to set and the gate keys it lacks."""

    def __init__(self, doc: Document, stage: str, required: Sequence[Asked] = ()) -> None:
        self.doc = doc
        self.stage = stage
        self.tally = Tally()
        self.lowering: str | None = None
        errors = validate(doc.data, doc.written)
        self.schema_errors = frozenset(e.pointer for e in errors)
        invalid = self.schema_errors | frozenset(doc.invalid)
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
        gate = [key for key, _ in required_keys(stage) if key != "stage"]
        self.forms = {a.key: requirement_form(a) for a in required if a.key not in gate}
        for key in [*gate, *self.forms]:
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

    def breaks_schema(self, expected: dict[str, Any]) -> bool:
        """Whether ``expected`` breaks the schema where the document did not."""
        return any(e.pointer not in self.schema_errors for e in validate(expected))

    def write(self, writer: Writer, tree: Tree) -> dict[str, Any] | None:
        """Record the edits in ``writer``; the data the document must then hold (None: nothing to do)."""
        root = tree.root(self.doc.index)
        entry = root.get("spec") if root is not None else None
        if entry is None or entry.value.kind != MAP:
            raise CannotEdit("its `spec` is not a mapping")
        expected: dict[str, Any] = copy(self.doc.data)
        plan_keys(writer, entry.value, entry, expected["spec"], self.missing, self.system_type, self.tally, self.forms)
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
    forms: Mapping[str, Form] | None = None,
) -> None:
    """Record in ``writer`` the edits that write ``keys`` (paths under `spec`: the stage gate's,
    in ``form_of``'s forms, and a policy's requirements', in ``forms``) into the mapping ``spec``,
    and make the same changes to ``spec_data`` (the data it must then hold). A key, or a parent
    of it, already written as a `# key:` comment is left out."""
    tree: dict[str, Any] = {}
    for key in keys:
        node = tree
        for part in key.split("."):
            node = node.setdefault(part, {})

    def form(dotted: str, below: dict[str, Any]) -> Form:
        if not below:
            return (forms or {}).get(dotted) or form_of(dotted, system_type)
        order = _order(dotted)
        children = sorted(below, key=lambda k: order.get(k, len(order)))
        return Form(MAPPING, children=tuple((k, form(f"{dotted}.{k}", below[k])) for k in children))

    _plan_level(writer, spec, spec_entry, spec_data, tree, "", form, tally)


def _plan_level(
    writer: Writer,
    mapping: Node,
    mapping_entry: Entry | None,
    data: dict[str, Any],
    tree: dict[str, Any],
    prefix: str,
    form: Callable[[str, dict[str, Any]], Form],
    tally: Tally,
) -> None:
    """The keys of ``tree`` (a level of key paths) written into ``mapping`` (at ``prefix``)."""
    present = writer.commented(mapping, mapping_entry)
    order = _order(prefix or None)
    for name in sorted(tree, key=lambda k: order.get(k, len(order))):
        if name in present:
            continue
        dotted = f"{prefix}.{name}" if prefix else name
        below = tree[name]
        wanted = form(dotted, below)
        entry = mapping.get(name)
        if entry is None:
            writer.add(mapping, NewKey(name, order.get(name, len(order)), wanted))
            _expect(data, name, wanted)
            _count_form(tally, dotted, wanted, below)
        elif not below or _missing(data.get(name)):  # a leaf, or a parent there but missing (`risk:`)
            _fill_leaf(writer, entry, name, dotted, wanted, present, data, tally, below)
        else:
            writer.editable(entry.value)
            if entry.value.kind != MAP or not isinstance(data.get(name), dict):
                raise CannotEdit(f"spec.{dotted} is not a mapping")
            _plan_level(writer, entry.value, entry, data[name], below, dotted, form, tally)


def _fill_leaf(
    writer: Writer,
    entry: Entry,
    name: str,
    dotted: str,
    form: Form,
    present: set[str],
    data: dict[str, Any],
    tally: Tally,
    below: Mapping[str, Any] | None = None,
) -> None:
    """A key that is there but missing (`tier:`, `intendedUse: ""`, `outOfScope: []`, `risk:`);
    ``below``: the keys asked for under it."""
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
    _count_form(tally, dotted, form, below)


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


def _count_form(tally: Tally, dotted: str, form: Form, below: Mapping[str, Any] | None = None) -> None:
    """Count the keys asked for (the leaves of ``below``, the level of key paths at ``dotted``;
    none: ``dotted`` itself) that ``form`` writes; one written with a value is a placeholder."""
    if below:
        children = dict(form.children)
        for sub, deeper in below.items():
            if sub in children:
                _count_form(tally, f"{dotted}.{sub}", children[sub], deeper)
        return
    tally.count += 1
    if form.kind in (TEXT, LIST) or (form.kind == MAPPING and any(c.kind != COMMENTED for _, c in form.children)):
        tally.placeholders.append(dotted)
