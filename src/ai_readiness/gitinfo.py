"""Git facts, gathered once per repository per run; the only module that imports gitpython.

gitpython is imported only when a run needs the repository's history (GIT001, `--base`): a
one-file lint that needs none of it never pays for the import. Every git command runs with the
GIT_* variables git sets while running hooks (GIT_INDEX_FILE, GIT_DIR, ...) removed, so a run
from a pre-commit hook gives the same answer as a run by hand (docs/design.md, "Repository,
configuration and git").
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as _dt
import os
import re
import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ai_readiness.codeowners import LOCATIONS, MAX_BYTES, CodeOwners
from ai_readiness.codeowners import find as find_codeowners
from ai_readiness.codeowners import parse as parse_codeowners
from ai_readiness.discovery import (
    MANIFEST_NAME,
    MANIFEST_PATHSPECS,
    IndexEntry,
    git_ls_files,
    is_hook_variable,
    outside_work_tree,
    read_blobs,
)
from ai_readiness.errors import ConfigError
from ai_readiness.globs import glob_matcher


class GitError(Exception):
    """A git command failed."""


@contextlib.contextmanager
def clean_git_environ() -> Iterator[None]:
    """gitpython passes os.environ to git; hide the hook-time GIT_* variables meanwhile."""
    saved = {k: os.environ.pop(k) for k in [k for k in os.environ if is_hook_variable(k)]}
    os.environ["GIT_OPTIONAL_LOCKS"] = "0"
    try:
        yield
    finally:
        os.environ.pop("GIT_OPTIONAL_LOCKS", None)
        os.environ.update(saved)


@dataclass(frozen=True)
class Change:
    day: _dt.date  # the committer date as a UTC calendar day (docs/design.md, "Dates and durations")
    commit: str
    path: str


class History:
    """Commits newest first, read lazily from one `git log` and indexed by path.

    GIT001 asks, per system, for the newest commit after a day that touches the system's paths.
    One walk serves every system: it reads only as far back as the oldest day asked about, and
    what it has read stays indexed (newest change per path, paths sorted) for the next question,
    so a question costs a binary search per glob, not a pass over every change.
    """

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self._records: Iterator[tuple[int, str, list[str]]] | None = None
        self._done = False
        self.oldest_day: _dt.date | None = None
        self.newest: dict[str, Change] = {}  # non-manifest path -> its newest change read so far
        self._sorted: list[str] = []
        self._dirty = False

    def _read_until(self, day: _dt.date) -> None:
        if self._done or (self.oldest_day is not None and self.oldest_day < day):
            return
        if self._records is None:
            self._records = self.repo.log_records()
        for timestamp, commit, files in self._records:
            commit_day = _dt.datetime.fromtimestamp(timestamp, _dt.timezone.utc).date()
            for path in files:
                if MANIFEST_NAME.search(path):
                    continue
                known = self.newest.get(path)
                if known is None or commit_day > known.day:
                    self.newest[path] = Change(commit_day, commit, path)
                    self._dirty = True
            if self.oldest_day is None or commit_day < self.oldest_day:
                self.oldest_day = commit_day
            if self.oldest_day < day:
                # Committer dates are nearly, not strictly, ordered: one commit past the day is
                # enough to stop, and the answer below filters by day anyway.
                return
        self._done = True

    def newest_after(self, globs: list[str], day: _dt.date, exclude: tuple[str, ...] = ()) -> Change | None:
        """The newest change to a path one of ``globs`` (root-relative) matches, after ``day``;
        paths in ``exclude`` (files, or folders with everything below them) don't count."""
        self._read_until(day)
        if self._dirty:
            self._sorted = sorted(self.newest)
            self._dirty = False
        best: Change | None = None
        for pattern in globs:
            matches = glob_matcher(pattern)
            prefix = _static_prefix(pattern)
            start = bisect.bisect_left(self._sorted, prefix)
            for path in self._sorted[start:]:
                if not path.startswith(prefix):
                    break
                change = self.newest[path]
                if (
                    change.day > day
                    and (best is None or change.day > best.day)
                    and matches(path)
                    and not (exclude and is_excluded(path, exclude))
                ):
                    best = change
        return best


def is_excluded(path: str, exclude: tuple[str, ...]) -> bool:
    """Whether ``path`` is one of ``exclude`` or lies below one of them (root-relative, `/`)."""
    return any(path == e or path.startswith(e + "/") for e in exclude)


def _static_prefix(pattern: str) -> str:
    """The folders before a glob's first wildcard: every path it matches starts with them."""
    out = []
    for segment in pattern.split("/"):
        if any(c in segment for c in "*?["):
            break
        out.append(segment)
    prefix = "/".join(out)
    return prefix + "/" if prefix and len(out) < len(pattern.split("/")) else prefix


class Repository:
    """git commands through gitpython, for one work tree."""

    def __init__(self, root: Path) -> None:
        with clean_git_environ():
            import git

            self._git: Any = git.Git(os.fspath(root))
            self.root = root

    def run(self, *args: str) -> str:
        with clean_git_environ():
            try:
                return str(self._git.execute(["git", *args], strip_newline_in_stdout=False))
            except Exception as exc:  # gitpython raises GitCommandError, OSError, ...
                raise GitError(str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc)) from exc

    def run_bytes(self, *args: str, stdin: bytes | None = None) -> bytes:
        with clean_git_environ():
            process = self._git.execute(["git", *args], as_process=True, istream=subprocess.PIPE)
            out, err = process.proc.communicate(stdin)
            if process.proc.returncode != 0:
                raise GitError(err.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
            return bytes(out)

    def is_shallow(self) -> bool:
        try:
            return self.run("rev-parse", "--is-shallow-repository").strip() == "true"
        except GitError:
            return False

    def history_state(self) -> tuple[bool, bool]:
        """(shallow, has commits), with one git command when HEAD is a commit."""
        try:
            out = self.run("rev-parse", "--is-shallow-repository", "--verify", "-q", "HEAD^{commit}")
        except GitError:  # no commit yet (or git can't say)
            return self.is_shallow(), False
        return out.split()[0] == "true", True

    def log_records(self, *limits: str) -> Iterator[tuple[int, str, list[str]]]:
        """(committer timestamp, commit, changed paths) newest first; merges carry no paths.
        ``limits``: more `git log` arguments (a count, `--` and pathspecs)."""
        with clean_git_environ():
            process = self._git.execute(
                [
                    "git",
                    "-c",
                    "core.quotepath=off",
                    "log",
                    "--no-merges",
                    "--no-renames",
                    "--format=%x1e%ct %H",
                    "--name-only",
                    "-z",
                    "HEAD",
                    *limits,
                ],
                as_process=True,
            )
        stdout = process.proc.stdout
        pending = b""
        try:
            while chunk := stdout.read(65536):
                pending += chunk
                *complete, pending = pending.split(b"\x1e")
                for record in complete:
                    parsed = _parse_record(record)
                    if parsed is not None:
                        yield parsed
            parsed = _parse_record(pending)
            if parsed is not None:
                yield parsed
        finally:
            process.proc.kill()
            process.proc.wait()
            stdout.close()


def _parse_record(record: bytes) -> tuple[int, str, list[str]] | None:
    if not record.strip(b"\x00\n"):
        return None
    header, _, rest = record.partition(b"\x00")
    timestamp, _, commit = header.decode("ascii", "replace").partition(" ")
    files = [f.decode("utf-8", "surrogateescape") for f in rest.lstrip(b"\n").split(b"\x00") if f]
    return int(timestamp), commit.strip(), files


def tracked_files(root: Path) -> frozenset[str] | None:
    """Every path git tracks, or None when git can't say (the tracked check is then skipped)."""
    listed = git_ls_files(root, [], untracked=False)
    return frozenset(listed) if listed is not None else None


class GitFacts:
    """What the git-aware rules know about one repository, each fact computed on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._tracked: frozenset[str] | None = None
        self._tracked_known = False
        self._tracked_folders: frozenset[str] | None = None
        self._codeowners: CodeOwners | None = None
        self._codeowners_known = False
        self._repository: Repository | None = None
        self._history: History | None = None
        self._shallow: bool | None = None
        self._sparse: dict[str, IndexEntry] | None = None
        self._sparse_folders: frozenset[str] | None = None
        self.notes: list[str] = []
        self.few_systems = False  # set by the linter: a run of a few files asks git per system

    def prepare(self, recent: _dt.date | None = None) -> None:
        """Gather the facts every document needs now, so that forked workers inherit them;
        ``recent``: read the history back to that day too (GIT001 rarely asks about older days;
        a worker reads further by itself if it must)."""
        _ = self.tracked
        _ = self.codeowners
        if recent is not None and not self.few_systems:
            self.newest_change([], recent)

    @property
    def tracked_known(self) -> bool:
        """Whether the tracked files were listed already (asking `tracked` lists them)."""
        return self._tracked_known

    @property
    def tracked(self) -> frozenset[str] | None:
        if not self._tracked_known:
            self._tracked = tracked_files(self.root)
            self._tracked_known = True
        return self._tracked

    def is_tracked(self, path: str) -> bool | None:
        """Whether git tracks the file, or any file below the folder, at ``path`` (root-relative)."""
        tracked = self.tracked
        if tracked is None:
            return None
        path = path.rstrip("/")
        if path in tracked or path in ("", "."):
            return True  # a file: the folders need not be known
        if self._tracked_folders is None:
            folders = set()
            for name in tracked:
                parts = name.split("/")[:-1]
                for depth in range(1, len(parts) + 1):
                    folders.add("/".join(parts[:depth]))
            self._tracked_folders = frozenset(folders)
        return path in self._tracked_folders

    @property
    def codeowners(self) -> CodeOwners | None:
        if not self._codeowners_known:
            self._codeowners = find_codeowners(self.root) or self._codeowners_from_index()
            self._codeowners_known = True
        return self._codeowners

    def _codeowners_from_index(self) -> CodeOwners | None:
        """A CODEOWNERS outside the sparse checkout, read from git's index. (Asked only when the
        work tree holds none: a sparse checkout rarely leaves one out.)"""
        entries = self.sparse_entries()
        for location in LOCATIONS:
            entry = entries.get(location)
            if entry is not None and entry.mode != "120000":
                data = read_blobs(self.root, [entry.blob], MAX_BYTES).get(entry.blob)
                if data is not None and len(data) <= MAX_BYTES:
                    return parse_codeowners(data.decode("utf-8", "replace"), location)
        return None

    def sparse_entries(self) -> dict[str, IndexEntry]:
        """The tracked files git keeps out of the work tree (a sparse checkout), listed on first use."""
        if self._sparse is None:
            self._sparse = outside_work_tree(self.root, []) or {}
        return self._sparse

    def outside_work_tree(self, path: str) -> bool:
        """Whether the file at ``path``, or a file below the folder at ``path`` (root-relative), is
        tracked but kept out of the work tree by a sparse checkout: it exists for git."""
        entries = self.sparse_entries()
        if not entries:
            return False
        path = path.rstrip("/")
        if path in entries:
            return True
        if self._sparse_folders is None:
            self._sparse_folders = frozenset(
                "/".join(parts[:depth])
                for name in entries
                for parts in [name.split("/")]
                for depth in range(1, len(parts))
            )
        return path in self._sparse_folders

    @property
    def repository(self) -> Repository:
        if self._repository is None:
            self._repository = Repository(self.root)
        return self._repository

    def newest_change(self, globs: list[str], after: _dt.date, exclude: tuple[str, ...] = ()) -> Change | None:
        """GIT001's fact: the newest commit after ``after`` touching ``globs``, manifests and the
        paths in ``exclude`` left out; None in a shallow clone (with one note) or a repository
        without commits."""
        if self._shallow is None:
            self._shallow, has_commits = self.repository.history_state()
            if self._shallow:
                self.notes.append(
                    "note: shallow clone: GIT001 is skipped (the history is cut); fetch it with `fetch-depth: 0`"
                )
            elif not has_commits:
                self._shallow = True  # nothing to compare with
        if self._shallow:
            return None
        if self.few_systems:
            decided, change = self._newest_for(globs, exclude)
            if decided:
                return change if change is not None and change.day > after else None
        if self._history is None:
            self._history = History(self.repository)
        return self._history.newest_after(globs, after, exclude)

    def _newest_for(self, globs: list[str], exclude: tuple[str, ...] = ()) -> tuple[bool, Change | None]:
        """The newest commit touching ``globs`` (manifests excluded), asked of git for this
        system alone: for a run of a few files in a big repository this reads one commit, not
        every path of the history's newest commits. False when git's glob reading and ours
        disagree on the paths it names: not decided, the shared walk decides then."""
        specs = [f":(glob){g}" for g in globs]
        excluded = [f":(exclude,glob){p.split(')', 1)[1]}" for p in MANIFEST_PATHSPECS]
        excluded += [f":(exclude,literal){p}" for p in exclude]
        try:
            records = list(self.repository.log_records("-1", "--", *specs, *excluded))
        except GitError:
            return False, None
        if not records:
            return True, None
        timestamp, commit, files = records[0]
        matchers = [glob_matcher(g) for g in globs]
        touched = [
            f
            for f in files
            if any(m(f) for m in matchers) and not MANIFEST_NAME.search(f) and not is_excluded(f, exclude)
        ]
        if not touched:
            return False, None
        day = _dt.datetime.fromtimestamp(timestamp, _dt.timezone.utc).date()
        return True, Change(day, commit, touched[0])


def check_base(ref: str) -> None:
    """Refuse a `--base` that git would read as an option (`-h`) or that names nothing."""
    if not ref.strip():
        raise ConfigError("--base: it is empty; give a commit, a branch or a tag (e.g. origin/main)")
    if ref.startswith("-"):
        raise ConfigError(f"--base {ref}: a commit, branch or tag never starts with '-'")


_COMMIT_ID = re.compile(r"[0-9a-fA-F]{7,64}\Z")
_EXPRESSION = re.compile(r"[~^:@{}\\*?\[\s]")  # HEAD~3, main^, @{upstream}: not a name to fetch


def fetch_command(repo: Repository, ref: str, shallow: bool, found: bool) -> str | None:
    """A `git fetch` that brings the base (``found``: only its history) into this repository,
    for a commit id, a remote-tracking branch (`origin/main`), a full ref or a branch or tag
    name; None when the repository has no remote. Quoted for a POSIX shell."""
    try:
        remotes = repo.run("remote").split()
    except GitError:
        remotes = []
    if not remotes:
        return None
    remote = "origin" if "origin" in remotes else remotes[0]
    refspec: str | None = None
    if found or _EXPRESSION.search(ref):
        refspec = None  # the base is here (its history is cut), or not a name: fetch everything
    elif _COMMIT_ID.match(ref):
        refspec = ref
    elif ref.startswith("refs/remotes/") and ref.count("/") >= 3 and ref.split("/")[2] in remotes:
        remote, branch = ref.split("/")[2], ref.split("/", 3)[3]
        refspec = f"+refs/heads/{branch}:{ref}"
    elif ref.startswith("refs/"):
        refspec = f"+{ref}:{ref}"
    elif "/" in ref and ref.split("/", 1)[0] in remotes:
        remote, branch = ref.split("/", 1)
        refspec = f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"
    else:
        refspec = f"{ref}:{ref}"  # a branch or a tag of the remote, fetched under the same name
    command = ["git", "fetch", *(["--unshallow"] if shallow else []), remote, *([refspec] if refspec else [])]
    return " ".join(shlex.quote(part) for part in command)


def missing_base_error(repo: Repository, ref: str, shallow: bool, found: bool = False) -> ConfigError:
    """The error for a base that is not here (``found``: it is, but a shallow clone's history
    stops before the merge base), with a command that fetches it."""
    command = fetch_command(repo, ref, shallow, found)
    fetch = f": `{command}`" if command else " (this repository has no remote to fetch it from)"
    if shallow:
        what = (
            "this shallow clone's history stops before the merge base of the base and HEAD"
            if found
            else "the base commit is not in this shallow clone"
        )
        return ConfigError(
            f"--base {ref}: {what}; check out with `fetch-depth: 0` (actions/checkout) or fetch the history{fetch}"
        )
    return ConfigError(f"--base {ref}: no such commit, branch or tag in this repository; fetch it first{fetch}")
