"""The change under `--base REF`: changed files and the base side's systems (docs/design.md,
"The change under review").

The change runs from the merge base of REF and HEAD to the working tree, so it works in CI (a
clean tree) and locally before committing. Base manifests are read repository-wide with one
`git cat-file --batch`, so a system moved to another file is still found by its name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ai_readiness import schema
from ai_readiness.context import clean
from ai_readiness.discovery import is_manifest_path
from ai_readiness.errors import ConfigError
from ai_readiness.findings import Span
from ai_readiness.gitinfo import GitError, Repository, check_base, missing_base_error
from ai_readiness.loader import Document, Limits, load_bytes


@dataclass
class BaseSystem:
    path: str
    document: int
    name: str | None
    data: dict[str, Any]  # cleaned like the head side: values with schema errors are absent
    doc: Document  # positions of the base text, for messages that quote old values
    text: str

    @property
    def spec(self) -> dict[str, Any]:
        spec = self.data.get("spec")
        return spec if isinstance(spec, dict) else {}

    @property
    def start(self) -> Span:
        """The document's first line, column 1: where a finding about the whole system points."""
        line = self.doc.start.line
        return Span(line, 1, line, 1)


@dataclass
class ChangeSet:
    repo: Repository
    ref: str
    merge_base: str
    changed: frozenset[str]  # root-relative paths, both sides of a rename
    systems: list[BaseSystem] = field(default_factory=list)
    by_name: dict[str, BaseSystem] = field(default_factory=dict)
    by_slot: dict[tuple[str, int], BaseSystem] = field(default_factory=dict)
    matched: set[tuple[str, int]] = field(default_factory=set)

    def match(self, name: str | None, path: str, document: int, head_names: set[str]) -> BaseSystem | None:
        """The base system of the same name; else the base document at the same path and index,
        if that one's name is not in the head (a renamed system)."""
        found = self.by_name.get(name) if name else None
        if found is None:
            slot = self.by_slot.get((path, document))
            if slot is not None and (slot.name is None or slot.name not in head_names):
                found = slot
        if found is not None:
            self.matched.add((found.path, found.document))
        return found


def _changed_files(repo: Repository, merge_base: str) -> frozenset[str]:
    changed: set[str] = set()
    raw = repo.run_bytes("-c", "core.quotepath=off", "diff", "--name-status", "-z", "-M", merge_base, "--")
    fields = raw.split(b"\x00")
    i = 0
    while i < len(fields) - 1:
        status = fields[i].decode("ascii", "replace")
        if not status:
            i += 1
            continue
        count = 2 if status[:1] in ("R", "C") else 1
        for name in fields[i + 1 : i + 1 + count]:
            changed.add(name.decode("utf-8", "surrogateescape"))
        i += 1 + count
    untracked = repo.run_bytes("-c", "core.quotepath=off", "ls-files", "-z", "--others", "--exclude-standard")
    changed.update(p.decode("utf-8", "surrogateescape") for p in untracked.split(b"\x00") if p)
    return frozenset(changed)


def _read_blobs(repo: Repository, commit: str, paths: list[str], limit: int) -> dict[str, bytes]:
    """The files at ``commit``, in one `git cat-file --batch` (paths with a newline are skipped)."""
    wanted = [p for p in paths if "\n" not in p]
    if not wanted:
        return {}
    request = "".join(f"{commit}:{p}\n" for p in wanted).encode("utf-8", "surrogateescape")
    out = repo.run_bytes("cat-file", "--batch", stdin=request)
    blobs: dict[str, bytes] = {}
    position = 0
    for path in wanted:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3:  # "<object> missing"
            continue
        size = int(header[2])
        if size <= limit:
            blobs[path] = out[position : position + size]
        else:
            blobs[path] = out[position : position + limit + 1]  # the loader reports it too big
        position += size + 1
    return blobs


def load_change(repo: Repository, ref: str, limits: Limits) -> ChangeSet:
    check_base(ref)
    try:
        base = repo.run("rev-parse", "--verify", "-q", f"{ref}^{{commit}}").strip()
    except GitError:
        raise missing_base_error(repo, ref, repo.is_shallow()) from None
    try:
        merge_base = repo.run("merge-base", base, "HEAD").strip()
    except GitError:
        if repo.is_shallow():
            raise missing_base_error(repo, ref, True, found=True) from None
        raise ConfigError(f"--base {ref}: it shares no history with HEAD") from None
    change = ChangeSet(repo, ref, merge_base, _changed_files(repo, merge_base))
    listed = repo.run_bytes("-c", "core.quotepath=off", "ls-tree", "-r", "-z", "--name-only", merge_base)
    manifests = [p for p in listed.decode("utf-8", "surrogateescape").split("\x00") if p and is_manifest_path(p)]
    for path, data in sorted(_read_blobs(repo, merge_base, manifests, limits.max_file_bytes).items()):
        for system in base_systems(path, data, limits):
            change.systems.append(system)
            if system.name is not None:
                change.by_name.setdefault(system.name, system)
            change.by_slot[(path, system.document)] = system
    return change


def base_blobs(change: ChangeSet, paths: list[str]) -> dict[str, bytes]:
    """The content of ``paths`` at the merge base (a path not there is left out)."""
    return _read_blobs(change.repo, change.merge_base, paths, 1 << 62)


def base_systems(path: str, data: bytes, limits: Limits) -> list[BaseSystem]:
    """The systems of one manifest at the base, loaded, validated and cleaned like the head's."""
    loaded = load_bytes(data, path, limits)
    systems = []
    for doc in loaded.documents:
        invalid = frozenset(e.pointer for e in schema.validate(doc.data)) | frozenset(doc.invalid)
        cleaned = clean(doc.data, invalid)
        meta = cleaned.get("metadata")
        name = meta.get("name") if isinstance(meta, dict) else None
        systems.append(
            BaseSystem(path, doc.index, name if isinstance(name, str) else None, cleaned, doc, loaded.text or "")
        )
    return systems
