"""Rules about files the manifest points at (REF001)."""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.discovery import realpath_cached
from ai_readiness.rules.base import ALWAYS_ERROR, BY_POINTER, WARNING, Hit, Rule
from ai_readiness.rules.common import quoted

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


URL_PREFIX = "https://"  # a url is https:// only (the schema); anything else in a path-or-url field is a path

_DRIVE = re.compile(r"[A-Za-z]:")  # `C:/x`, `C:x`: absolute (or drive-relative) on Windows

# path-or-url fields (the schema's `pathOrUrl`): one value under spec ...
SINGLE_FIELDS: tuple[tuple[str, ...], ...] = (
    ("risk", "assessment"),
    ("risk", "technicalDocumentation"),
    ("risk", "postMarketPlan"),
    ("evaluation", "lastRun", "report"),
    ("evaluation", "redTeam", "report"),
    ("failureHandling", "runbook"),
)

# ... and one per item of a list under spec.
LIST_FIELDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("components", "models"), "card"),
    (("evaluation", "datasets"), "path"),
    (("reviews",), "evidence"),
)

_FIX = "point at a file inside the repository, relative to the manifest's folder or starting with '/' for its root"


@functools.lru_cache(maxsize=16)
def _real_root(root: str) -> str:
    return os.path.realpath(root)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def repository_path(ctx: DocContext, value: str) -> tuple[str | None, str | None]:
    """(the root-relative `/` path a path value names, problem), decided on the text alone.

    Relative to the manifest's folder, a leading `/` is the repository root (docs/design.md,
    "Repository, configuration and git"). `\\` counts
    as a separator too (it is one on Windows), so that whether a path leaves the repository never
    depends on the platform. The root itself is `"."`.
    """
    text = value.replace("\\", "/")
    if _DRIVE.match(text):
        return None, f"is an absolute path, outside the repository: {_FIX}"
    if text.startswith("/"):
        joined = text.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(ctx.path), text)
    normal = posixpath.normpath(joined) if joined else "."
    if normal == ".." or normal.startswith("../"):
        return None, f"leaves the repository ('..' climbs above its root): {_FIX}"
    return normal, None


def resolve_reference(ctx: DocContext, value: str) -> tuple[Path | None, str | None]:
    """Where a path-or-url value points: (path, problem).

    * ``(None, None)``: an https:// URL, nothing to check on disk;
    * ``(None, problem)``: the value leaves the repository (lexically, or through a symbolic
      link at any component) or names nothing that exists: REF001's error;
    * ``(path, None)``: an existing file or folder inside the repository. ``path`` is
      ``ctx.root`` joined with the path as the manifest names it (symbolic links not resolved),
      so ``path.relative_to(ctx.root)`` is the repository path git tracks.

    Nothing outside the repository is opened or stat'ed through a link: the text is checked
    first, then the candidate's realpath is compared with the root's before `exists()`.
    """
    relative, problem = _resolve(ctx, value)
    if relative is None:
        return None, problem
    return (ctx.root if relative == "." else ctx.root.joinpath(*relative.split("/"))), None


def _resolve(ctx: DocContext, value: str) -> tuple[str | None, str | None]:
    """resolve_reference with the existing path as a root-relative `/` string (no pathlib: this
    runs for every path field of every manifest)."""
    if value.startswith(URL_PREFIX):
        return None, None
    relative, problem = repository_path(ctx, value)
    if relative is None:
        return None, problem
    problem = _checked(ctx, relative)
    if problem is _MISSING:
        problem = _missing(ctx, value, relative)
    return (None, problem) if problem is not None else (relative, None)


_MISSING = "missing"  # _on_disk's answer for a path where nothing exists (the message depends on the manifest)


def _checked(ctx: DocContext, relative: str) -> str | None:
    """_on_disk, remembered for the run: manifests side by side name the same files."""
    known: dict[str, str | None] = ctx.cache.setdefault("references", {})
    if relative not in known:
        known[relative] = _on_disk(ctx, relative)
    return known[relative]


def _missing(ctx: DocContext, value: str, relative: str) -> str:
    """Why a path names nothing, in the words that lead to the fix: in a monorepo the usual slip
    is a path written from the repository root in a manifest further down (or the reverse), so
    the message says which folder the path is read from and offers the other reading when a file
    exists there."""
    folder = posixpath.dirname(ctx.path)
    text = value.replace("\\", "/")
    if not folder:  # a manifest at the root: both readings are the same
        return f"does not exist: there is no {quoted(relative)} in the repository; fix the path or add the file"
    if text.startswith("/"):
        where = f"a leading '/' starts at the repository root, where there is no {quoted(relative)}"
        other, other_value = posixpath.normpath(posixpath.join(folder, text.lstrip("/"))), text.lstrip("/")
        reading = f"relative to the manifest's folder, {folder}/"
        fix = "fix the path (without the leading '/' it is read from the manifest's folder) or add the file"
    else:
        where = (
            f"paths are read from the manifest's folder ({folder}/), so it names {quoted(relative)}, "
            "which is not in the repository"
        )
        other = posixpath.normpath(text)
        other_value = "/" + other
        reading = "a leading '/' starts at the repository root"
        fix = "fix the path (a leading '/' starts at the repository root) or add the file"
    leaves = other in (".", "..") or other.startswith("../")
    if other_value.strip("/") and not leaves and _checked(ctx, other) is None:
        return f"does not exist: {where}; did you mean {quoted(other_value)} ({reading})?"
    return f"does not exist: {where}; {fix}"


def _on_disk(ctx: DocContext, relative: str) -> str | None:
    """What is wrong with a root-relative path on disk (_MISSING when nothing is there), or None
    when it exists inside the repository."""
    root = os.fspath(ctx.root)
    candidate = root if relative == "." else os.path.join(root, *relative.split("/"))
    try:
        real = realpath_cached(candidate, ctx.cache.setdefault("realpath", {}))
        if not _inside(real, _real_root(root)):
            return f"leaves the repository through a symbolic link ({quoted(relative)} resolves outside it): {_FIX}"
        exists = os.path.exists(real)
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system
        exists = False
    facts = ctx.git
    if not exists and facts is not None and facts.outside_work_tree(relative):
        return None  # tracked, outside the sparse checkout: it exists for git
    return None if exists else _MISSING


def path_fields(ctx: DocContext) -> Iterator[tuple[str, str, str]]:
    """(pointer, label, value) of every declared path-or-url field, in schema order."""
    for keys in SINGLE_FIELDS:
        value = ctx.get(*keys)
        if isinstance(value, str):
            yield spec_pointer(*keys), ".".join(keys), value
    for keys, field in LIST_FIELDS:
        for index, item in ctx.items(*keys):
            value = item.get(field)
            if isinstance(value, str):
                yield spec_pointer(*keys, index, field), f"{'.'.join(keys)}[{index}].{field}", value


def broken_path(ctx: DocContext) -> Iterator[Hit]:
    """REF001: paths that leave the repository or lead nowhere; `spec.paths` globs that leave it.

    A glob that matches no file is not reported: a system's code may not exist yet, and
    `spec.paths` only scopes change detection (GIT001, PR checks).
    """
    facts = ctx.git
    for pointer, label, value in path_fields(ctx):
        shown, problem = _resolve(ctx, value)
        if problem is not None:
            yield Hit(pointer, f"{label} {quoted(value)} {problem}")
        elif shown is not None and facts is not None and facts.is_tracked(shown) is False:
            yield Hit(
                pointer,
                f"{label} {quoted(value)} exists but git does not track {shown}: it would be missing in CI; "
                "commit it (or stop ignoring it)",
                severity=WARNING,
            )
    folder = posixpath.dirname(ctx.path)
    globs = ctx.get("paths")
    for index, pattern in enumerate(globs if isinstance(globs, list) else []):
        if not isinstance(pattern, str) or not pattern.strip():
            continue
        # The same reading as DocContext.system_globs, which drops the globs reported here.
        joined = pattern.lstrip("/") if pattern.startswith("/") else posixpath.join(folder, pattern)
        normal = posixpath.normpath(joined) if joined else "."
        if normal == ".." or normal.startswith("../"):
            yield Hit(
                spec_pointer("paths", index),
                f"spec.paths glob {quoted(pattern)} leaves the repository ('..' climbs above its root): "
                "write globs relative to the manifest's folder, or starting with '/' for the repository root",
            )


BROKEN_PATH = Rule(
    id="REF001",
    name="broken-path",
    policy=ALWAYS_ERROR,
    area=BY_POINTER,
    keys=(
        *(f"spec.{'.'.join(keys)}" for keys in SINGLE_FIELDS),
        *(f"spec.{'.'.join(keys)}[].{field}" for keys, field in LIST_FIELDS),
        "spec.paths",
    ),
    check=broken_path,
    summary=(
        "A path in a path-or-url field (any value not starting with `https://`) does not "
        "exist or leaves the repository, or a `spec.paths` glob leaves the repository; in a "
        "git repository, an existing path that git does not track is a warning."
    ),
    rationale=(
        "Runbooks, evaluation reports, datasets and review evidence are what the manifest's "
        "claims rest on; a path that leads nowhere is a claim without evidence. "
        "A file that exists only on one laptop because it was never committed is missing in "
        "CI and for every reviewer. "
        "The fields are `risk.assessment`, `risk.technicalDocumentation`, "
        "`risk.postMarketPlan`, `components.models[].card`, `evaluation.datasets[].path`, "
        "`evaluation.lastRun.report`, `evaluation.redTeam.report`, `failureHandling.runbook` "
        "and `reviews[].evidence`. "
        "Relative paths resolve against the manifest's folder and a leading `/` against the "
        "repository root; `\\` counts as a separator as on Windows; `..` past the root and a "
        "symbolic link (at any step of the path) pointing outside both leave it, and nothing "
        "outside is read to find out. "
        "A path naming a folder is fine; a missing one is reported with the folder it was "
        "read from and the repository path it resolved to, and when the other reading (from "
        "the root, or from the manifest's folder) names a file, the message offers it. "
        "Other schemes (`http://`, `s3://`) are schema errors (SCHEMA001), not paths. "
        "A `spec.paths` glob is judged on its text alone (`../**` leaves the repository), and "
        "one that matches no file is not reported: the code may not exist yet, and the globs "
        "only scope change detection."
    ),
    bad="""\
# services/support/ai-readiness.yaml
spec:
  failureHandling:
    runbook: ../../../runbooks/support-assistant.md
""",
    good="""\
# services/support/ai-readiness.yaml
spec:
  failureHandling:
    runbook: /docs/runbooks/support-assistant.md
""",
)
