"""`ai-readiness export --format cyclonedx`: the systems as a CycloneDX 1.6 ML-BOM (README,
"export"; docs/design.md, "The CycloneDX export").

The JSON is written directly: cyclonedx-python-lib models no `modelCard` and no `data` component.
Per system, an `application` component holds a `machine-learning-model` component per model (with
a model card) and a `data` component per data source and per evaluation dataset. What CycloneDX
has no field for is a property in the `ai-readiness:` namespace. The BOM has no serial number and
no timestamp, so the same manifests give the same bytes. Only a document whose YAML can't be read
or whose envelope (`apiVersion`, `kind`, `metadata.name`, `spec`) is invalid is left out, with a
note; a schema error elsewhere only drops that value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ai_readiness import __version__
from ai_readiness.discovery import discover
from ai_readiness.locate import source_text
from ai_readiness.rules.common import is_release_gate

if TYPE_CHECKING:
    from ai_readiness.context import DocContext
    from ai_readiness.discovery import Target
    from ai_readiness.engine import Linter, Options

SPEC_VERSION = "1.6"
NS = "ai-readiness:"
ENVELOPE = frozenset(("", "/apiVersion", "/kind", "/metadata", "/metadata/name", "/spec"))
YAML_RULES = frozenset(("YAML001", "YAML002", "YAML003"))

# RFC 3987's IRI-reference (a relative reference included), the format the CycloneDX schema gives
# `url` fields. Narrower than the RFC where narrower is simpler: no IP literals (`[...]`), no
# characters outside the Basic Multilingual Plane, no empty reference. A value it refuses is kept
# as a property instead, so being narrow loses nothing.
_UCS = "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
_UNRESERVED = f"A-Za-z0-9\\-._~{_UCS}"
_SUB = "!$&'()*+,;="
_PCT = "%[0-9A-Fa-f]{2}"
_PCHAR = f"(?:[{_UNRESERVED}{_SUB}:@]|{_PCT})"
_SEGMENT_NZ = f"{_PCHAR}+"
_SEGMENT_NZ_NC = f"(?:[{_UNRESERVED}{_SUB}@]|{_PCT})+"
_AUTHORITY = f"(?:(?:[{_UNRESERVED}{_SUB}:]|{_PCT})*@)?(?:[{_UNRESERVED}{_SUB}]|{_PCT})*(?::[0-9]*)?"
_ABEMPTY = f"(?:/{_PCHAR}*)*"
_ABSOLUTE = f"/(?:{_SEGMENT_NZ}{_ABEMPTY})?"
_TAIL = f"(?:\\?(?:{_PCHAR}|[/?\ue000-\uf8ff])*)?(?:#(?:{_PCHAR}|[/?])*)?"
_IRI_REFERENCE = re.compile(
    f"(?:[A-Za-z][A-Za-z0-9+.\\-]*:(?://{_AUTHORITY}{_ABEMPTY}|{_ABSOLUTE}|{_SEGMENT_NZ}{_ABEMPTY}|)"
    f"|//{_AUTHORITY}{_ABEMPTY}|{_ABSOLUTE}|{_SEGMENT_NZ_NC}{_ABEMPTY}|(?=[?#])){_TAIL}"
)


def is_iri_reference(text: str) -> bool:
    return bool(text) and _IRI_REFERENCE.fullmatch(text) is not None


# Anything that may be a number as the file writes it: every plain scalar that resolves to an int or
# a float is one such match, whole (it starts after a line break, a space, a flow indicator or the
# `:` of a quoted key, and ends before one); a match inside a word (`system-0001`) is none.
_NUMBER_TOKEN = re.compile(r"(?<![^\s\[\]{},:])[-+]?\.?[0-9][0-9a-fA-FxXoO._eE+-]*")


def _canonical_numbers(text: str) -> bool:
    """Whether ``text`` writes every number the way Python prints it (`0.85`, `2500`; not `0.850`,
    `1e-3`, `0x1F`) and tags none: then a number's value gives back its text, and no positions need
    be read to quote it (docs/design.md, "The CycloneDX export")."""
    from ai_readiness.loader.scalars import resolve_plain

    if "!" in text:
        return False
    for match in _NUMBER_TOKEN.finditer(text):
        token = match.group()
        value = resolve_plain(token)
        if (value.__class__ is int or value.__class__ is float) and repr(value) != token:
            return False
    return True


def _prop(name: str, value: Any) -> dict[str, str]:
    if isinstance(value, bool):
        value = "true" if value else "false"
    return {"name": NS + name, "value": value if isinstance(value, str) else str(value)}


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _day(value: Any) -> str | None:
    from ai_readiness.dates import parse_date

    day = parse_date(value)
    return day.isoformat() if day is not None else None


def _party(owner: str) -> dict[str, Any]:
    """A data owner for `governance.owners`: a team is an organisation, anyone else a contact."""
    if (owner.startswith("@") and "/" in owner) or owner.startswith("group:"):
        return {"organization": {"name": owner}}
    return {"contact": {"name": owner}}


class _System:
    """One document to export: its rules' view and where its bom-refs start."""

    def __init__(self, ctx: DocContext, name: str, text: str, doc: Any, canonical: bool) -> None:
        self.ctx, self.name, self.text, self.doc = ctx, name, text, doc
        self.ref = name
        self.canonical = canonical  # the file writes every number as Python prints it

    def written(self, pointer: str, value: Any) -> str:
        """A number as the manifest writes it."""
        if self.canonical:
            return repr(value)
        return source_text(self.doc, self.text, pointer) or repr(value)

    def source(self) -> str:
        return f"{self.ctx.path}#{self.ctx.document}"


def cyclonedx(options: Options) -> tuple[str, list[str]]:
    """The BOM of the manifests ``options`` names, and notes on what was left out."""
    from ai_readiness.engine import Linter
    from ai_readiness.repository import identify

    linter = Linter(options)
    targets, _ = discover(
        options.paths, options.cwd, options.root, options.config.exclude, linter.manifests, linter.notes
    )
    notes = linter.notes
    repository = identify(options.root)
    workers = linter.workers(len(targets))
    if workers > 1:  # many files: every core (docs/design.md, "The CycloneDX export")
        text = _render_in_parallel(linter, targets, workers, repository)
        if text is not None:
            return text, notes
    systems: list[_System] = []
    for target in targets:
        systems += _systems_of(linter, target, notes)
    counts: dict[str, int] = {}
    for system in systems:
        counts[system.name] = counts.get(system.name, 0) + 1
    for system in systems:  # a name that repeats: every system of that name is known by its place
        if counts[system.name] > 1:
            system.ref = system.source()
    return render(systems, repository), notes


def _systems_of(linter: Linter, target: Target, notes: list[str]) -> list[_System]:
    """The systems of one file to export; ``notes`` gains what is left out and why."""
    loaded = linter.load(target)
    broken = {f.document for f in loaded.findings if f.rule in YAML_RULES}
    if loaded.findings and any(f.rule == "YAML001" for f in loaded.findings):
        notes.append(f"note: {target.path}: left out of the export: the file is not valid YAML (see `lint`)")
        return []
    if not loaded.documents and loaded.findings:
        notes.append(f"note: {target.path}: left out of the export: the file can't be read (see `lint`)")
        return []
    text = loaded.text or ""
    canonical = _canonical_numbers(text)
    systems = []
    for doc in loaded.documents:
        if doc.index in broken:
            notes.append(f"note: {target.path}#{doc.index}: left out of the export: a YAML error (see `lint`)")
            continue
        _, invalid = linter.validate(doc)
        name = (doc.data.get("metadata") or {}).get("name") if isinstance(doc.data.get("metadata"), dict) else None
        if invalid & ENVELOPE or not isinstance(name, str):
            notes.append(
                f"note: {target.path}#{doc.index}: left out of the export: apiVersion, kind, metadata.name "
                "or spec is invalid (see `lint`)"
            )
            continue
        ctx = linter.document_context(target, doc, text, invalid)
        systems.append(_System(ctx, name, text, doc, canonical))
    return systems


# Where a system's bom-ref goes in a component rendered before the system's name is known to be
# unique: private-use characters, and a file holding either is exported in one process.
_PREFIX = "\ue000\ue001"
Prepared = tuple[str, str, str, list[str], list[str]]  # name, place, component, dependencies, refs


def _render_in_parallel(linter: Linter, targets: list[Target], workers: int, repository: dict[str, Any]) -> str | None:
    """The BOM rendered by ``workers`` processes, each system's component with a stand-in for its
    bom-ref; here each stand-in becomes the system's name, or its place when the name repeats.
    None (render in one process) when a file holds the stand-in's characters or two systems'
    bom-refs meet."""
    from ai_readiness import schema
    from ai_readiness.parallel import in_parallel

    schema.explainer()  # built once, here, for the invalid documents of every process

    def work(batch: list[Target]) -> list[tuple[list[str], list[Prepared]] | None]:
        out: list[tuple[list[str], list[Prepared]] | None] = []
        for target in batch:
            notes: list[str] = []
            systems = _systems_of(linter, target, notes)
            if any(_PREFIX[0] in s.text or _PREFIX[1] in s.text for s in systems):
                out.append(None)
                continue
            out.append((notes, [_prepared(system) for system in systems]))
        return out

    shares = in_parallel(targets, workers, work)
    files = sorted((first, result) for batches, _ in shares for first, result in batches)
    prepared: list[Prepared] = []
    notes: list[str] = []
    for _, batch in files:
        for outcome in batch:
            if outcome is None:
                return None
            notes += outcome[0]
            prepared += outcome[1]
    counts: dict[str, int] = {}
    for name, *_ in prepared:
        counts[name] = counts.get(name, 0) + 1
    seen: set[str] = set()
    components: list[str] = []
    dependencies: list[str] = []
    for name, place, component, deps, refs in prepared:
        ref = name if counts[name] == 1 else place
        for one in refs:
            whole = one.replace(_PREFIX, ref)
            if whole in seen:
                return None
            seen.add(whole)
        escaped = _dump(ref)[1:-1]
        components.append(component.replace(_PREFIX, escaped))
        dependencies += [d.replace(_PREFIX, escaped) for d in deps]
    linter.notes.extend(notes)
    return _assemble(_head(repository), {"components": components, "dependencies": dependencies})


def _prepared(system: _System) -> Prepared:
    """One system's component and dependency lines with the stand-in for its bom-ref."""
    system.ref = _PREFIX
    refs: list[str] = []
    app, deps = _render_one(system, _unique(refs))
    return system.name, system.source(), _dump(app), [_dump(d) for d in deps], refs


def render(systems: list[_System], repository: dict[str, Any]) -> str:
    unique = _unique([])
    components: list[str] = []
    dependencies: list[str] = []
    for system in systems:
        app, deps = _render_one(system, unique)
        components.append(_dump(app))
        dependencies += [_dump(d) for d in deps]
    return _assemble(_head(repository), {"components": components, "dependencies": dependencies})


def _unique(refs: list[str]) -> Callable[[str], str]:
    """A bom-ref maker: repeated ids in one list (EVAL002's) still give distinct bom-refs;
    ``refs`` gains each one made."""
    taken: set[str] = set()

    def unique(ref: str) -> str:
        candidate, n = ref, 1
        while candidate in taken:
            n += 1
            candidate = f"{ref}#{n}"
        taken.add(candidate)
        refs.append(candidate)
        return candidate

    return unique


def _render_one(system: _System, unique: Callable[[str], str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A system's component and its dependency entries."""
    app, children = _application(system, unique)
    dependencies = [{"ref": app["bom-ref"], "dependsOn": children} if children else {"ref": app["bom-ref"]}]
    return app, dependencies + [{"ref": child} for child in children]


def _head(repository: dict[str, Any]) -> dict[str, Any]:
    metadata: dict[str, Any] = {
        "tools": {"components": [{"type": "application", "name": "ai-readiness", "version": __version__}]}
    }
    properties = [_prop(f"repository:{key}", value) for key, value in repository.items() if isinstance(value, str)]
    if properties:
        metadata["properties"] = properties
    return {
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "version": 1,
        "metadata": metadata,
    }


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _assemble(head: dict[str, Any], lists: dict[str, list[str]]) -> str:
    """The BOM as JSON with one component (a system and everything in it) and one dependency a
    line (each already written by `_dump`): a change to a system changes its line, and json's C
    encoder writes it (an indented dump runs in Python, ten times slower for a large repository)."""
    parts = [_dump(head)[:-1]]
    for key, lines in lists.items():
        body = ",\n".join(lines)
        parts.append(f",\n{_dump(key)}:[\n{body}\n]" if lines else f",\n{_dump(key)}:[]")
    return "".join(parts) + "}\n"


def _application(system: _System, unique: Callable[[str], str]) -> tuple[dict[str, Any], list[str]]:
    ctx = system.ctx
    app_ref = unique(system.ref)
    properties = []
    for key in ("type", "stage"):
        if (value := _text(ctx.get(key))) is not None:
            properties.append(_prop(key, value))
    for role in ("business", "technical", "oversight"):
        for owner in ctx.get("owners", role) or ():
            if isinstance(owner, str):
                properties.append(_prop(f"owner:{role}", owner))
    for key in ("tier", "euAiAct", "annexIIIArea"):
        if (value := _text(ctx.get("risk", key))) is not None:
            properties.append(_prop(f"risk:{key}", value))
    out_of_scope = [_prop("out-of-scope-use", u) for u in ctx.get("purpose", "outOfScope") or () if _text(u)]
    properties += out_of_scope
    properties.append(_prop("source", system.source()))

    evaluation = [
        (unique(f"{system.ref}/data/evaluation/{item['id']}"), item)
        for _, item in ctx.items("evaluation", "datasets")
        if isinstance(item.get("id"), str)
    ]
    metrics, gates = _thresholds(system)
    models = [
        _model(system, item, unique, evaluation, metrics, gates, out_of_scope)
        for _, item in ctx.items("components", "models")
        if isinstance(item.get("id"), str)
    ]
    sources = [
        _source(system, item, unique) for _, item in ctx.items("data", "sources") if isinstance(item.get("id"), str)
    ]
    datasets = [_dataset(ref, item) for ref, item in evaluation]
    if not models:  # no model card to hold them: the thresholds stay on the application
        properties += [_prop(f"threshold:{m['type']}", m["value"]) for m in metrics] + gates
    app: dict[str, Any] = {"type": "application", "bom-ref": app_ref, "name": system.name}
    description = _text(ctx.get("purpose", "intendedUse"))
    if description is not None:
        app["description"] = description
    app["properties"] = properties
    children = [*models, *sources, *datasets]
    if children:
        app["components"] = children
    return app, [child["bom-ref"] for child in children]


def _thresholds(system: _System) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Each threshold as a performance metric (the value as the manifest writes it, after its
    operator) and its gate as a property."""
    metrics, gates = [], []
    for index, item in system.ctx.items("evaluation", "thresholds"):
        metric, op, value = item.get("metric"), item.get("op"), item.get("value")
        if not isinstance(metric, str) or not isinstance(op, str) or value is None or isinstance(value, bool):
            continue
        written = system.written(f"/spec/evaluation/thresholds/{index}/value", value)
        entry = {"type": metric, "value": f"{op} {written}"}
        dataset = item.get("dataset")
        if isinstance(dataset, str):
            entry["slice"] = dataset
        metrics.append(entry)
        where = f"{metric}:{dataset}" if isinstance(dataset, str) else metric
        gates.append(_prop(f"threshold:{where}:gate", "release" if is_release_gate(item) else item.get("gate")))
    return metrics, gates


def _model(
    system: _System,
    item: dict[str, Any],
    unique: Any,
    evaluation: list[tuple[str, dict[str, Any]]],
    metrics: list[dict[str, str]],
    gates: list[dict[str, str]],
    out_of_scope: list[dict[str, str]],
) -> dict[str, Any]:
    ref = unique(f"{system.ref}/model/{item['id']}")
    model: dict[str, Any] = {"type": "machine-learning-model", "bom-ref": ref}
    if (provider := _text(item.get("provider"))) is not None:
        model["publisher"] = provider
    model["name"] = _text(item.get("model")) or item["id"]
    if (revision := _text(item.get("revision"))) is not None:
        model["version"] = revision
    card: dict[str, Any] = {}
    if evaluation:
        card["modelParameters"] = {"datasets": [{"ref": dataset_ref} for dataset_ref, _ in evaluation]}
    if metrics:
        card["quantitativeAnalysis"] = {"performanceMetrics": [dict(m) for m in metrics]}
    use = _text(system.ctx.get("purpose", "intendedUse"))
    if use is not None:
        card["considerations"] = {"useCases": [use]}
    card_properties = [_prop("model-id", item["id"]), *out_of_scope, *gates]
    link = _text(item.get("card"))
    if link is not None and link.startswith("https://") and is_iri_reference(link):
        model["externalReferences"] = [{"type": "model-card", "url": link}]
    elif link is not None:
        card_properties.append(_prop("model-card", link))
    card["properties"] = card_properties
    model["modelCard"] = card
    return model


def _source(system: _System, item: dict[str, Any], unique: Any) -> dict[str, Any]:
    ref = unique(f"{system.ref}/data/{item['id']}")
    data: dict[str, Any] = {"type": "dataset", "name": item["id"]}
    properties = []
    uri = _text(item.get("uri"))
    if uri is not None and is_iri_reference(uri):
        data["contents"] = {"url": uri}
    elif uri is not None:
        properties.append(_prop("uri", uri))
    if (classification := _text(item.get("classification"))) is not None:
        data["classification"] = classification
    if item.get("containsPii") is True:
        data["sensitiveData"] = ["personal data"]
    owner = item.get("owner")
    if isinstance(owner, str):
        data["governance"] = {"owners": [_party(owner)]}
    if (access := _text(item.get("access"))) is not None:
        properties.append(_prop("access", access))
    if isinstance(item.get("containsPii"), bool):
        properties.append(_prop("containsPii", item["containsPii"]))
    freshness = item.get("freshness")
    if isinstance(freshness, dict):
        for key in ("sync", "maxAge"):
            if (value := _text(freshness.get(key))) is not None:
                properties.append(_prop(f"freshness:{key}", value))
    component: dict[str, Any] = {"type": "data", "bom-ref": ref, "name": item["id"], "data": [data]}
    if properties:
        component["properties"] = properties
    return component


def _dataset(ref: str, item: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "dataset", "name": item["id"]}
    properties = [_prop("role", "evaluation")]
    path = _text(item.get("path"))
    if path is not None and path.startswith("https://") and is_iri_reference(path):
        data["contents"] = {"url": path}
    elif path is not None:
        properties.append(_prop("path", path))
    if isinstance(item.get("includesProductionFeedback"), bool):
        properties.append(_prop("includesProductionFeedback", item["includesProductionFeedback"]))
    component: dict[str, Any] = {"type": "data", "bom-ref": ref, "name": item["id"]}
    if (version := _text(item.get("version"))) is not None:
        component["version"] = version
    component["data"] = [data]
    component["properties"] = properties
    return component
