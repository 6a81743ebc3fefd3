"""What a rule sees: of one document (`DocContext`: the cleaned data, its stage, the run's settings
and facts) and of a whole run (`RunContext`, for run checks); "missing" and cleaning.

Everything a check may read is a typed field here, so mypy checks every rule that reads it.
"""

from __future__ import annotations

import datetime as _dt
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ai_readiness.config import Config, Windows
from ai_readiness.discovery import Root, relative
from ai_readiness.globs import glob_matcher
from ai_readiness.locate import source_text
from ai_readiness.strings import escape_pointer_token

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ai_readiness.change import BaseSystem, ChangeSet
    from ai_readiness.findings import Span
    from ai_readiness.gitinfo import GitFacts
    from ai_readiness.loader import Document
    from ai_readiness.names import NameSearch
    from ai_readiness.policy import PolicySettings
    from ai_readiness.rules.base import Rule

STAGES = ("prototype", "pilot", "production")
STAGE_ORDER = {"prototype": 0, "pilot": 1, "production": 2}
GENERATIVE = frozenset(("llm-feature", "rag-assistant", "agent"))


def is_missing(value: Any) -> bool:
    """Absent, null, an empty string, an empty list or an empty mapping (docs/design.md, "Absence")."""
    return value is None or value == "" or value == [] or value == {}


def clean(value: Any, invalid: frozenset[str], pointer: str = "") -> Any:
    """A copy of a document without values that have a SCHEMA001 finding and without missing
    values in mappings, so that rules see one meaning of "absent" (docs/design.md, "Schema failures"). List items keep
    their index (an invalid item becomes None) because findings point at them by index."""
    if not invalid:
        return _drop_missing(value)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            child = f"{pointer}/{escape_pointer_token(key)}"
            if child in invalid:
                continue
            item = clean(item, invalid, child)
            if not is_missing(item):
                out[key] = item
        return out
    if isinstance(value, list):
        return [
            None if f"{pointer}/{i}" in invalid else clean(item, invalid, f"{pointer}/{i}")
            for i, item in enumerate(value)
        ]
    return value


def _drop_missing(value: Any) -> Any:
    """clean() of a valid document (the common case): no pointers to build."""
    cls = value.__class__
    if cls is dict:
        out = {}
        for key, item in value.items():
            if item.__class__ is dict or item.__class__ is list:
                item = _drop_missing(item)
                if item:
                    out[key] = item
            elif item is not None and item != "":
                out[key] = item
        return out
    if cls is list:
        return [_drop_missing(item) if item.__class__ is dict or item.__class__ is list else item for item in value]
    return value


class Outcome:
    """What the document's rules did, for the rules that run after them (ATT002): the ids of the
    rules that ran at its stage, and of those that raised a finding."""

    __slots__ = ("raised", "ran")

    def __init__(self, ran: frozenset[str], raised: frozenset[str]) -> None:
        self.ran = ran
        self.raised = raised


class DocContext:
    """What a rule's check sees of one document: everything a check may read is listed here.

    The engine builds one per document (`Linter.document_context`); the fields other than
    ``base`` are set once and never change.
    """

    __slots__ = (
        "_doc",
        "base",
        "cache",
        "data",
        "declared_stage",
        "document",
        "git",
        "invalid",
        "manifest",
        "outcome",
        "path",
        "policy",
        "registry",
        "root",
        "spec",
        "stage",
        "text",
        "today",
        "windows",
    )

    def __init__(
        self,
        *,
        path: str,
        manifest: str,
        root: Path,
        document: int,
        data: dict[str, Any],
        declared_stage: str | None,
        stage: str,
        today: _dt.date,
        windows: Windows,
        invalid: frozenset[str] = frozenset(),
        text: str = "",
        cache: dict[str, Any] | None = None,
        registry: Mapping[str, Rule] | None = None,
        git: GitFacts | None = None,
        doc: Document | None = None,
        policy: PolicySettings | None = None,
    ) -> None:
        self.path = path  # relative to the repository root, `/` separators
        self.manifest = manifest  # the file on disk
        self.root = root  # the repository root (or the working folder outside a repository)
        self.document = document
        self.data = data  # cleaned: see `clean`
        spec = data.get("spec")
        self.spec: dict[str, Any] = spec if isinstance(spec, dict) else {}  # data["spec"], or {}
        self.declared_stage = declared_stage
        self.stage = stage  # what the rules judge: the target stage, else the declared one, else prototype
        self.today = today
        self.windows = windows
        self.invalid = invalid  # pointers of the values with a SCHEMA001 finding (absent in `data`)
        self.text = text  # the file's text, for rules that can sieve it before walking the data
        self.cache: dict[str, Any] = cache if cache is not None else {}  # shared by the documents of one run
        self.registry: Mapping[str, Rule] = registry if registry is not None else {}  # every rule, by id
        self.git = git  # the repository's git facts (scope "git" rules); None outside git
        # Under `--base`, the base system this one is compared with (scope "change" rules); None
        # otherwise, and for a system new in the change.
        self.base: BaseSystem | None = None
        self._doc = doc  # the loaded document, for head_text
        # The organisation's policy (approvers, unwaivable ids), None when no pack is in effect.
        self.policy = policy
        self.outcome: Outcome | None = None  # set before the rules that run last (Rule.late)

    def base_text(self, pointer: str) -> str | None:
        """The base's value at ``pointer`` as its file writes it (one line), or None."""
        base = self.base
        return None if base is None else source_text(base.doc, base.text, pointer)

    def head_text(self, pointer: str) -> str | None:
        """This document's value at ``pointer`` as its file writes it (one line), or None."""
        return None if self._doc is None else source_text(self._doc, self.text, pointer)

    @property
    def type(self) -> str | None:
        value = self.spec.get("type")
        return value if isinstance(value, str) else None

    @property
    def production(self) -> bool:
        return self.stage == "production"

    @property
    def rule_stage(self) -> str:
        """The stage in the stage order: a deprecated system counts as a prototype."""
        return "prototype" if self.stage == "deprecated" else self.stage

    @property
    def from_pilot(self) -> bool:
        return STAGE_ORDER[self.rule_stage] >= 1

    @property
    def generative(self) -> bool:
        return self.type in GENERATIVE

    def get(self, *keys: str) -> Any:
        """``spec`` value at ``keys`` (None when any step is absent or not a mapping)."""
        node: Any = self.spec
        for key in keys:
            if node.__class__ is not dict:  # the loader and clean() build plain dicts, never subclasses
                return None
            node = node.get(key)
        return node

    def section(self, *keys: str) -> dict[str, Any]:
        value = self.get(*keys)
        return value if isinstance(value, dict) else {}

    def system_globs(self) -> list[str]:
        """``spec.paths`` as globs relative to the repository root; default: the manifest's folder.
        A glob that would leave the repository is dropped here (REF001 reports it)."""
        folder = posixpath.dirname(self.path)
        declared = [p for p in self.get("paths") or [] if isinstance(p, str) and p.strip()]
        if not declared:
            return [f"{folder}/**" if folder else "**"]
        globs = []
        for pattern in declared:
            joined = pattern.lstrip("/") if pattern.startswith("/") else posixpath.join(folder, pattern)
            normal = posixpath.normpath(joined) if joined else "."
            if normal == ".." or normal.startswith("../"):
                continue
            globs.append("**" if normal == "." else normal)
        return globs

    def paths_matcher(self) -> Callable[[str], bool]:
        """Whether a root-relative file path belongs to this system's code, prompts and configs."""
        matchers = [glob_matcher(g) for g in self.system_globs()]
        return lambda path: any(m(path) for m in matchers)

    def items(self, *keys: str) -> list[tuple[int, dict[str, Any]]]:
        """(index, item) for the mapping items of the list at ``keys``."""
        value = self.get(*keys)
        if value.__class__ is not list:
            return []
        return [(index, item) for index, item in enumerate(value) if item.__class__ is dict]


class DocRecord:
    """What a run check, and the engine's review of the change, see of one linted document."""

    __slots__ = ("ctx", "doc", "document", "name", "name_span", "path", "waivers")

    def __init__(
        self,
        path: str,
        document: int,
        name: str | None,
        name_span: Span | None,
        waivers: dict[str, dict[str, Any]],
    ) -> None:
        self.path = path  # relative to the repository root
        self.document = document  # its index in the file
        self.name = name  # metadata.name, when valid
        self.name_span = name_span  # where metadata.name is written (None: no name, or not judged)
        self.waivers = waivers  # rule id -> the exception that waives it in this document
        self.ctx: DocContext | None = None  # the rules' view and the loaded document, kept only
        self.doc: Document | None = None  # under --base, whose review needs them

    def __reduce__(self) -> tuple[Any, ...]:
        # what a worker sends back (--base, which keeps `ctx`, runs in one process)
        return DocRecord, (self.path, self.document, self.name, self.name_span, self.waivers)


class RunContext:
    """What a run check (`Rule.run_check`) sees: every linted document and the run's facts."""

    __slots__ = ("change", "config", "cwd", "documents", "git", "linted", "manifests", "name_search", "paths", "root")

    def __init__(
        self,
        *,
        root: Root,
        config: Config,
        paths: list[str],
        cwd: Path,
        documents: list[DocRecord],
        linted: frozenset[str],
        git: GitFacts | None = None,
        change: ChangeSet | None = None,
        manifests: list[str] | None = None,
        name_search: NameSearch | None = None,
    ) -> None:
        self.root = root
        self.config = config
        self.paths = paths  # as named on the command line (none: the working folder)
        self.cwd = cwd
        self.documents = documents  # every linted document, in the order of the files
        self.linted = linted  # the root-relative paths of the linted files
        self.git = git  # None outside git
        self.change = change  # the change under --base, else None
        self.manifests = manifests  # the repository's manifests, when the run listed them
        self.name_search = name_search  # META003's search of the other manifests, when started early

    def linted_folders(self) -> list[str]:
        """The folders named on the command line, relative to the root (`.` for the root)."""
        folders = []
        for arg in self.paths or ["."]:
            absolute = Path(os.path.abspath(self.cwd / arg))
            if absolute.is_dir():
                folders.append(relative(absolute, self.root.path))
        return folders


def spec_pointer(*keys: str | int) -> str:
    pointer = "/spec"
    for key in keys:
        token = key if isinstance(key, str) else str(key)
        if "~" in token or "/" in token:
            token = escape_pointer_token(token)
        pointer += "/" + token
    return pointer
