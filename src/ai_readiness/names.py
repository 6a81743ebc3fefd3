"""META003's repository-wide view: which other manifests declare a given `metadata.name`.

pre-commit passes only the changed files, so the names of the linted documents are compared
with every manifest of the repository. Parsing thousands of manifests per commit would make a
one-file lint slow in a big repository, so candidates are found by their text first and only
those are parsed; a file the text cannot settle is always a candidate.

One `git grep -F` (fast: fixed strings) prints every line of the tracked manifests that holds
`name`, a backslash, or a byte UTF-8 text never holds (0xFE, 0xFF: a UTF-16 byte order mark).
The search does not depend on the names, so it starts before the linted files are read. Each
line is then judged here (`_line_is_candidate`): a `name` key whose value, as written on the
line, is one of the names (the whole scalar: `fraud-model-1` is not `fraud-model-10`), or whose
value the line does not settle (on the next lines, a block scalar, an alias, a quoted string
that continues, escapes) makes its file a candidate; the word in prose (`it replaces
fraud-model-1`) does not. A tracked manifest without any such line is a candidate too: it is
binary to git (UTF-16 or UTF-32: `git grep -I` skips it) or holds no `name` at all (cheap to
parse, and rare).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import NamedTuple

from ai_readiness.discovery import (
    MANIFEST_PATHSPECS,
    NAME_NEEDLES,
    Root,
    _walk,
    git_ls_files,
    is_manifest_path,
    name_search,
    outside_work_tree,
    read_blobs,
    realpath_cached,
    relative,
)
from ai_readiness.globs import matches_any
from ai_readiness.loader import Limits, LoadResult, load_bytes, load_file


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


# A `name` key: a whole word (not `username`, not `x-name`), plain or quoted, then its colon.
_NAME_KEY = re.compile(r"""(?<![A-Za-z0-9_-])(?:"name"|'name'|name)[ \t]*:""")
# `name` alone on a line, or ending a line after `?`, `{` or `,`: a key whose `:` (and value)
# come on the next line, or a block scalar key (`? |-` then `name`).
_NAME_ENDS_LINE = re.compile(r"""(?:^|[{,?])[ \t]*(?:\?[ \t]+)?(?:"name"|'name'|name)[ \t]*(?:#.*)?$""")
# An anchor on `name` itself: an alias of it (`*k : dup`) can be the key elsewhere.
_NAME_ANCHORED = re.compile(r"""&[^ \t\r]+[ \t]+(?:![^ \t\r]*[ \t]+)?["']?name(?![A-Za-z0-9_-])""")
_PROPERTIES = re.compile(r"(?:[&!][^ \t\r]*[ \t]+)*")  # an anchor and a tag before the value
_PLAIN = re.compile(r"[a-z0-9-]+")
_ENDS_PLAIN = frozenset(" \t,}]#")  # what may end a plain name (or the line ends)
_NOT_UTF8 = ("\udcfe", "\udcff")  # the bytes 0xFE and 0xFF, surrogate-escaped


def _line_is_candidate(text: str, names: frozenset[str]) -> bool:
    """Whether one line of a manifest makes it a candidate declarer of one of ``names``."""
    text = text.removesuffix("\r")
    if "\r" in text:  # a lone carriage return breaks lines too (old Mac line ends)
        return any(_line_is_candidate(part, names) for part in text.split("\r"))
    if "\\" in text:
        quote = text.find('"')
        if quote != -1 and quote < text.rindex("\\"):
            return True  # an escape in a double-quoted scalar (`"dup\x2dname"`, a continued line)
    if _NOT_UTF8[0] in text or _NOT_UTF8[1] in text:
        return True
    for key in _NAME_KEY.finditer(text):
        rest = text[key.end() :].lstrip(" \t")
        properties = _PROPERTIES.match(rest)
        if properties:
            rest = rest[properties.end() :]
        if not rest or rest[0] in "#|>*":
            return True  # the value is elsewhere: on the next lines, a block scalar, an alias
        first = rest[0]
        if first in "\"'":
            end = rest.find(first, 1)
            if end == -1:
                return True  # a quoted scalar that continues on the next line
            if rest[1:end] in names:
                return True
        else:
            plain = _PLAIN.match(rest)
            if plain and plain.group() in names and (plain.end() == len(rest) or rest[plain.end()] in _ENDS_PLAIN):
                return True
    return _NAME_ENDS_LINE.search(text) is not None or ("&" in text and _NAME_ANCHORED.search(text) is not None)


# The usual line, `  name: support-bot`, settled at once (a repository of thousands of manifests
# prints thousands of them).
_USUAL = re.compile(r"[ \t]*name:[ \t]+([a-z0-9-]+)[ \t]*\r?\Z")


def _judge(lines: Iterable[tuple[str, str]], names: frozenset[str]) -> tuple[set[str], set[str]]:
    """(paths with a candidate line, paths with any line) from (path, line) pairs."""
    flagged: set[str] = set()
    seen: set[str] = set()
    usual = _USUAL.match
    for path, text in lines:
        seen.add(path)
        if path in flagged:
            continue
        line = usual(text)
        if line is not None:
            if line.group(1) in names:
                flagged.add(path)
        elif _line_is_candidate(text, names):
            flagged.add(path)
    return flagged, seen


def _text_candidates(root: Path, names: frozenset[str], paths: list[str], limits: Limits) -> list[str]:
    """The candidates among ``paths`` judged by reading them here (when git can't search)."""
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
        if b"\x00" in data[:8000]:
            found.append(path)  # UTF-16 or UTF-32: the text search can't read it
            continue
        lines = [
            (path, line.decode("utf-8", "surrogateescape"))
            for line in data.split(b"\n")
            if any(needle in line for needle in NAME_NEEDLES)
        ]
        flagged, seen = _judge(lines, names)
        if flagged or not seen:
            found.append(path)
    return found


class NameSearch:
    """The `git grep` of this module's docstring, started early (it does not depend on the
    names) so that git searches the repository's manifests while this process imports, loads
    and runs the rules; its answer is read when META003 asks."""

    def __init__(self, root: Path) -> None:
        self._grep = name_search(root)

    def lines(self) -> list[tuple[str, str]] | None:
        """(path, line) for each matching line of the tracked manifests; None when git can't say."""
        out = self._grep.output(ok=(0, 1))  # 1: nothing matched
        if out is None:
            return None
        found = []
        pending = ""  # the start of a path that holds a line break
        for record in out.decode("utf-8", "surrogateescape").split("\n"):
            if pending:
                record, pending = f"{pending}\n{record}", ""
            path, separator, line = record.partition("\0")
            if separator:
                found.append((path, line))
            elif record:
                pending = record
        return found

    def close(self) -> None:
        """Stop the search when its answer is not needed after all."""
        self._grep.close()


def candidate_paths(
    root: Path, names: frozenset[str], others: list[str], limits: Limits, search: NameSearch | None = None
) -> list[str]:
    """The manifests among ``others`` (tracked, root-relative) that may declare one of ``names``:
    the ones to parse."""
    lines = (search or NameSearch(root)).lines()
    if lines is None:
        return _text_candidates(root, names, others, limits)
    flagged, seen = _judge(lines, names)
    # a manifest with no line at all is binary to git (UTF-16, UTF-32), or holds no `name`
    return [p for p in others if p in flagged or p not in seen]


def other_declarations(
    root: Root,
    names: set[str],
    linted: AbstractSet[str],
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
    if listed is None:
        listed = git_ls_files(root.path, MANIFEST_PATHSPECS, untracked=False)
    if listed is None:  # git can't say: every manifest, found by walking
        listed = [relative(p, root.path) for p in _walk(root.path)]
    others = [p for p in listed if p not in linted and is_manifest_path(p)]
    others = [p for p in others if not (exclude and matches_any(exclude, p))]
    if not others:
        return []  # everything was linted (lint . in a repository): nothing more to read
    declarations = []
    candidates = candidate_paths(root.path, frozenset(names), others, limits, search)
    real_root = os.path.realpath(root.path)
    loads: list[tuple[str, LoadResult]] = []
    missing = []
    for path in candidates:
        fspath = root.path / path
        if not os.path.lexists(fspath):
            missing.append(path)  # perhaps outside the sparse checkout: read from git's index below
            continue
        real = os.path.realpath(fspath)
        if real != real_root and not real.startswith(real_root + os.sep):
            continue  # never read outside the repository
        try:
            loads.append((path, load_file(os.fspath(fspath), path, limits)))
        except OSError:
            continue
    if missing:
        entries = outside_work_tree(root.path, MANIFEST_PATHSPECS) or {}
        blobs = {p: e.blob for p in missing if (e := entries.get(p)) is not None and e.mode != "120000"}
        contents = read_blobs(root.path, list(blobs.values()), limits.max_file_bytes)
        loads += [(p, load_bytes(contents[b], p, limits)) for p, b in blobs.items() if b in contents]
    for path, loaded in loads:
        for doc in loaded.documents:
            meta = doc.data.get("metadata")
            name = meta.get("name") if isinstance(meta, dict) else None
            if isinstance(name, str) and name in names:
                line = doc.name_span[0] if doc.name_span else 1
                declarations.append(Declaration(name, path, doc.index, line))
    return declarations
