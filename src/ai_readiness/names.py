"""META003's repository-wide view: which other manifests declare a given `metadata.name`.

pre-commit passes only the changed files, so the names of the linted documents are compared
with every manifest of the repository (SPEC §3). Parsing thousands of manifests per commit would
make a one-file lint slow in a big repository (SPEC §10), so candidates are found by their text
first (`git grep -F` inside a repository, a byte search outside one) and only those are parsed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

from ai_readiness.discovery import (
    MANIFEST_PATHSPECS,
    BackgroundGit,
    Root,
    _walk,
    git_ls_files,
    is_manifest_path,
    realpath_cached,
    relative,
)
from ai_readiness.globs import matches_any
from ai_readiness.loader import Limits, load_file


class Declaration(NamedTuple):
    name: str
    path: str
    document: int
    line: int


def repository_manifests(root: Root, exclude: tuple[str, ...] = ()) -> list[str]:
    """Every manifest of the repository as folder discovery finds them, root-relative: one
    `git ls-files` (tracked and untracked, not ignored) inside a repository, a walk outside."""
    listed = git_ls_files(root.path, MANIFEST_PATHSPECS) if root.is_git else None
    if listed is None:
        listed = [relative(p, root.path) for p in _walk(root.path)]
    return [p for p in listed if is_manifest_path(p) and not (exclude and matches_any(exclude, p))]


_TOKEN = re.compile(rb"[A-Za-z0-9][A-Za-z0-9-]*")
MANY_NAMES = 32  # above this, a set of the file's words beats searching for each name


def _text_candidates(root: Path, names: set[str], paths: list[str], limits: Limits) -> list[str]:
    needles = [n.encode() for n in names]
    wanted = frozenset(needles)
    found = []
    real_root = os.path.realpath(root)
    folders: dict[str, str] = {}
    for path in paths:
        real = realpath_cached(os.path.join(root, path), folders)
        # Never read through a symlink that leaves the repository, nor open a FIFO (it blocks).
        if not real.startswith(real_root + os.sep) or not os.path.isfile(real):
            continue
        try:
            with open(real, "rb") as handle:
                data = handle.read(limits.max_file_bytes + 1)
        except OSError:
            continue
        # UTF-16/32 files hide the name from a byte search: parse them all.
        if b"\x00" in data[:4]:
            found.append(path)
        elif len(needles) > MANY_NAMES:
            if not wanted.isdisjoint(_TOKEN.findall(data)):
                found.append(path)
        elif any(n in data for n in needles):
            found.append(path)
    return found


class NameSearch:
    """A `git grep` for names, started early (as soon as a few files are loaded) so that git
    searches the repository's manifests while this process runs the rules; its answer is read
    when META003 asks. A file holding one of the names is a candidate, confirmed by parsing."""

    def __init__(self, root: Path, names: set[str]) -> None:
        self.names = frozenset(names)
        args = ["git", "-c", "core.quotepath=off", "grep", "-l", "-z", "-F", "-I"]
        for name in sorted(names):
            args += ["-e", name]
        self._grep = BackgroundGit(root, [*args, "--", *MANIFEST_PATHSPECS])

    def candidates(self) -> list[str] | None:
        """Tracked manifests whose text holds one of the names; None when git can't say."""
        out = self._grep.output(ok=(0, 1))  # 1: nothing matched
        if out is None:
            return None
        return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]

    def close(self) -> None:
        """Stop the search when its answer is not needed after all."""
        self._grep.close()


def other_declarations(
    root: Root,
    names: set[str],
    linted: set[str],
    exclude: tuple[str, ...],
    limits: Limits,
    search: NameSearch | None = None,
    tracked: list[str] | None = None,
) -> list[Declaration]:
    """Declarations of ``names`` in the repository's manifests that were not linted.

    Inside git, the repository is what git tracks (committed or staged): an untracked manifest
    is compared only when it is linted itself (`lint .` finds it), so a file not yet added does
    not make a commit of another fail. Outside git only the files of the run are compared (a
    folder that happens to hold other manifests is no repository). ``tracked``: the tracked
    manifests when the run knows them."""
    if not names or not root.is_git:
        return []  # outside git the repository is the files of the run: nothing else is read
    listed = tracked
    if listed is None and root.is_git:
        listed = git_ls_files(root.path, MANIFEST_PATHSPECS, untracked=False)
    if listed is None:  # outside git (or git can't say): every manifest, found by walking
        listed = [relative(p, root.path) for p in _walk(root.path)]
    others = [p for p in listed if p not in linted and is_manifest_path(p)]
    others = [p for p in others if not (exclude and matches_any(exclude, p))]
    if not others:
        return []  # everything was linted (lint . in a repository): nothing more to read
    git_found = None
    if root.is_git and len(names) <= MANY_NAMES:
        if search is None or not names <= search.names:
            search = NameSearch(root.path, names)
        git_found = search.candidates()
    if git_found is None:
        candidates = _text_candidates(root.path, names, others, limits)
    else:
        wanted = set(others)
        candidates = [p for p in git_found if p in wanted]
    declarations = []
    real_root = os.path.realpath(root.path)
    for path in candidates:
        fspath = root.path / path
        real = os.path.realpath(fspath)
        if real != real_root and not real.startswith(real_root + os.sep):
            continue  # never read outside the repository
        try:
            loaded = load_file(os.fspath(fspath), path, limits)
        except OSError:
            continue
        for doc in loaded.documents:
            meta = doc.data.get("metadata")
            name = meta.get("name") if isinstance(meta, dict) else None
            if isinstance(name, str) and name in names:
                line = doc.name_span[0] if doc.name_span else 1
                declarations.append(Declaration(name, path, doc.index, line))
    return declarations
