"""Which files a run lints, and where the repository root is (docs/design.md, "Finding the
repository" and "Discovery")."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from ai_readiness.errors import ConfigError
from ai_readiness.globs import matches_any

MANIFEST_NAME = re.compile(r"(?:^|/)ai-readiness\.ya?ml\Z")
MANIFEST_PATHSPECS = [":(glob)**/ai-readiness.yaml", ":(glob)**/ai-readiness.yml"]
# GitHub's workflow and action folders hold workflows and actions, never manifests: the workflow
# that runs this tool is naturally named `.github/workflows/ai-readiness.yml`. Folder discovery
# and META003 leave them alone (at any depth: a subproject's `.github` is one too); a file named
# on the command line is still linted.
WORKFLOW_FOLDER = re.compile(r"(?:^|/)\.github/(?:workflows|actions)/")


def is_manifest_path(path: str) -> bool:
    """Whether folder discovery takes the root-relative ``path`` for a manifest."""
    return MANIFEST_NAME.search(path) is not None and WORKFLOW_FOLDER.search(path) is None


SKIPPED_FOLDERS = frozenset(("node_modules", "__pycache__"))


class Root(NamedTuple):
    path: Path  # resolved
    is_git: bool


def find_root(cwd: Path) -> Root:
    """The git work tree holding ``cwd`` (a ``.git`` folder or file), else ``cwd`` itself."""
    cwd = cwd.resolve()
    tree = _work_tree(os.fspath(cwd), {})
    return Root(Path(tree), True) if tree is not None else Root(cwd, False)


def _work_tree(folder: str, known: dict[str, str | None]) -> str | None:
    """The git work tree holding ``folder`` (the nearest folder at or above it with a `.git`
    folder or file), or None; ``known`` remembers the answer per folder for the run."""
    asked = []
    tree: str | None = None
    while True:
        if folder in known:
            tree = known[folder]
            break
        asked.append(folder)
        if os.path.exists(os.path.join(folder, ".git")):
            tree = folder
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for each in asked:
        known[each] = tree
    return tree


def _existing_folder(path: str) -> str:
    """The nearest folder at or above ``path`` that exists."""
    while not os.path.isdir(path) and os.path.dirname(path) != path:
        path = os.path.dirname(path)
    return path


def locate_root(args: list[str], cwd: Path) -> Root:
    """The repository of the paths named on the command line, found from the paths themselves
    (as git and ruff find it), wherever the working folder is: a file is judged in the
    repository that holds it. Paths in two repositories are a usage error. Outside any git
    repository the root is the working folder when every path lies under it, else the folder
    that holds them all (a named file's own folder). ``cwd``: resolved."""
    known: dict[str, str | None] = {}
    homes: dict[str | None, str] = {}  # work tree (None: no git repository) -> the first path in it
    folders: list[str] = []
    base = os.fspath(cwd)
    for arg in args or ["."]:
        absolute = os.path.abspath(os.path.join(base, arg))
        try:
            if os.path.isdir(absolute):
                folder = absolute
            elif os.path.lexists(absolute):
                folder = os.path.dirname(absolute)
            else:
                # a file outside a sparse checkout is still its repository's; anything else
                # that does not exist, discovery reports
                tree = _work_tree(_existing_folder(absolute), known)
                if tree is not None:
                    homes.setdefault(tree, arg)
                continue
        except (OSError, ValueError):
            continue  # a name too long, a NUL byte: discovery says what is wrong
        homes.setdefault(_work_tree(folder, known), arg)
        folders.append(folder)
    if len(homes) > 1:
        (first, a), (second, b) = list(homes.items())[:2]
        where = [f"the git repository at {t}" if t is not None else "no git repository" for t in (first, second)]
        raise ConfigError(f"{a} lies in {where[0]} and {b} in {where[1]}: lint one repository at a time")
    tree = next(iter(homes), None)
    if tree is not None:
        return Root(Path(tree), True)
    if all(_inside(Path(f), cwd) for f in folders):
        return Root(cwd, False)
    return Root(Path(os.path.commonpath(folders)), False)


# GIT_* variables that are the user's settings rather than the state of a running git command.
_KEPT_GIT_VARIABLES = frozenset(
    (
        "GIT_EXEC_PATH",
        "GIT_SSH",
        "GIT_SSH_COMMAND",
        "GIT_SSL_CAINFO",
        "GIT_SSL_NO_VERIFY",
        "GIT_ASKPASS",
        "GIT_ALLOW_PROTOCOL",
        "GIT_CONFIG_GLOBAL",
        "GIT_CONFIG_NOSYSTEM",
        "GIT_CONFIG_COUNT",
    )
)


def is_hook_variable(name: str) -> bool:
    """GIT_* variables git sets while running hooks (GIT_INDEX_FILE, GIT_DIR, GIT_WORK_TREE, ...):
    they would make a run from a hook answer differently from a run by hand (docs/design.md,
    "Repository, configuration and git")."""
    if not name.startswith("GIT_") or name in _KEPT_GIT_VARIABLES:
        return False
    return not name.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_", "GIT_PYTHON_"))


def git_env() -> dict[str, str]:
    """The environment for git commands, without the hook-time GIT_* variables."""
    return {k: v for k, v in os.environ.items() if not is_hook_variable(k)} | {"GIT_OPTIONAL_LOCKS": "0"}


def realpath_cached(path: str, folders: dict[str, str]) -> str:
    """os.path.realpath, each folder's answer remembered in ``folders`` for the run (manifests
    and the files they name sit side by side): one lstat for the last component."""
    parent, name = os.path.split(path)
    if not name or name in (".", ".."):
        return os.path.realpath(path)
    real_parent = folders.get(parent)
    if real_parent is None:
        real_parent = folders[parent] = _real_folder(parent, folders)
    joined = os.path.join(real_parent, name)
    return os.path.realpath(joined) if os.path.islink(joined) else joined


def _real_folder(folder: str, folders: dict[str, str]) -> str:
    """os.path.realpath of a folder, from the nearest folder above it whose answer is known and
    one lstat per part below it (in a repository of many manifests each has a folder of its own,
    which a whole realpath would walk from the root); the answers on the way are remembered."""
    # os.path.realpath gives up at a link loop and leaves the rest as written, and a later `..`
    # would resume a walk by parts past the loop; a very deep folder is not worth remembering
    if folder.count(os.sep) > _MAX_WALKED_PARTS or (
        "." in folder and any(part in (".", "..") for part in folder.split(os.sep))
    ):
        return os.path.realpath(folder)
    pending: list[tuple[str, str]] = []  # (folder, its last part), the deepest first
    while True:
        up, name = os.path.split(folder)
        if not name:  # the root (or "", the working folder, for a relative path)
            real = os.path.realpath(folder)
            break
        pending.append((folder, name))
        known = folders.get(up)
        if known is not None:
            real = known
            break
        folder = up
    for below, name in reversed(pending):
        joined = os.path.join(real, name)
        real = folders[below] = os.path.realpath(joined) if os.path.islink(joined) else joined
    return real


_MAX_WALKED_PARTS = 64


def text_target(path: str, cwd: Path) -> tuple[Root, Target, Path]:
    """Where a text that stands for the file ``path`` is judged (standard input, an editor's
    unsaved buffer): its repository, its target, and the folder configuration is searched upward
    from (its own, or the nearest that exists). The file itself need not exist; its folder's links
    are resolved, a link in its own name is not (the engine judges it as it judges the file)."""
    given = Path(os.path.abspath(cwd / path))
    if given.is_dir():
        raise ConfigError(f"{path} is a folder; name the file the text stands for")
    folder = given.parent
    while not folder.is_dir() and folder.parent != folder:
        folder = folder.parent
    located = folder.resolve() / given.relative_to(folder)
    root = locate_root([os.fspath(located)], cwd)
    if not _inside(located, root.path):
        raise ConfigError(f"{path} lies outside the repository ({root.path})")
    return root, Target(os.fspath(located), relative(located, root.path)), folder.resolve()


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with ``/`` separators: output paths use `/` on every platform."""
    return path.relative_to(root).as_posix()


def _ls_files_command(pathspecs: list[str], untracked: bool) -> list[str]:
    return [
        "git",
        "-c",
        "core.quotepath=off",
        "ls-files",
        "-z",
        "--cached",
        *(("--others", "--exclude-standard") if untracked else ()),
        "--",
        *pathspecs,
    ]


class BackgroundGit:
    """A git command started now (with the hook-time GIT_* variables removed), read later, so
    that git works while this process does something else; `close` ends one nobody read.

    Where the platform has anonymous memory files (Linux), git writes into one rather than into
    a pipe: a pipe holds 64 KiB, and a listing or a search of a big repository prints more, so
    git would stop at 64 KiB until this process came to read, doing the rest of its work then."""

    def __init__(self, root: Path, args: list[str]) -> None:
        import subprocess  # only inside a git repository

        self._process: Any = None
        self._memory: int | None = None
        memfd_create = getattr(os, "memfd_create", None)
        if memfd_create is not None:
            with contextlib.suppress(OSError):
                self._memory = memfd_create("ai-readiness-git")
        try:
            self._process = subprocess.Popen(
                args,
                cwd=root,
                env=git_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE if self._memory is None else self._memory,
                stderr=subprocess.DEVNULL,
            )
        except OSError:  # no git: `output` says None
            self._release()

    def _release(self) -> None:
        memory, self._memory = self._memory, None
        if memory is not None:
            os.close(memory)

    def output(self, ok: tuple[int, ...] = (0,)) -> bytes | None:
        """What the command printed, or None when it could not run or exited with another code."""
        process, self._process = self._process, None
        if process is None:
            return None
        try:
            if self._memory is None:
                out, _ = process.communicate()
            else:
                process.wait()
                out = _read_all(self._memory)
        finally:
            self._release()
        return bytes(out) if process.returncode in ok else None

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.communicate()
        self._release()


def _read_all(fd: int) -> bytes:
    """The whole content of an open file, from its start."""
    size = os.fstat(fd).st_size
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while size > 0 and (chunk := os.read(fd, size)):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


# Listings started ahead of need (see `prefetch`), by (root, pathspecs, untracked).
_STARTED: dict[tuple[Path, tuple[str, ...], bool], BackgroundGit] = {}


def prefetch(root: Path, pathspecs: list[str], untracked: bool = True) -> None:
    """Start `git_ls_files` now and let git list while this process imports and reads its
    configuration; the call that needs the answer reads it. `forget_prefetched` ends a listing
    nobody read."""
    key = (root, tuple(pathspecs), untracked)
    if key not in _STARTED:
        _STARTED[key] = BackgroundGit(root, _ls_files_command(pathspecs, untracked))


# META003's search of the other manifests (names.py): every line of the tracked manifests that
# holds one of these; it does not depend on the names, so it can start before anything is read.
NAME_NEEDLES = (b"name", b"\\", b"\xfe", b"\xff")
FEW_FILES = 10  # a run of up to this many files (pre-commit's) searches the other manifests early
_NAME_SEARCH = ("grep",)


def _name_search_command() -> list[str]:
    args = ["git", "-c", "core.quotepath=off", "grep", "-z", "-I", "-F", "--no-line-number", "--no-column"]
    args += ["--color=never", "--no-recurse-submodules", "--full-name"]
    for needle in NAME_NEEDLES:
        args += ["-e", needle.decode("latin-1")]
    return [*args, "--", *MANIFEST_PATHSPECS]


def prefetch_name_search(root: Path) -> None:
    """Start META003's search now (see `name_search`)."""
    key = (root, _NAME_SEARCH, False)
    if key not in _STARTED:
        _STARTED[key] = BackgroundGit(root, _name_search_command())


def name_search(root: Path) -> BackgroundGit:
    """META003's search of the other manifests: the one `prefetch_name_search` started, or a new one."""
    return _STARTED.pop((root, _NAME_SEARCH, False), None) or BackgroundGit(root, _name_search_command())


def forget_prefetched() -> None:
    for listing in _STARTED.values():
        listing.close()
    _STARTED.clear()


def git_ls_files(root: Path, pathspecs: list[str], untracked: bool = True) -> list[str] | None:
    """Tracked (and, with ``untracked``, untracked non-ignored) files under ``pathspecs``; None
    when git can't say."""
    listing = _STARTED.pop((root, tuple(pathspecs), untracked), None)
    if listing is None:
        listing = BackgroundGit(root, _ls_files_command(pathspecs, untracked))
    stdout = listing.output()
    if stdout is None:
        return None
    names = stdout.decode("utf-8", "surrogateescape").split("\0")
    return sorted({n for n in names if n})


def _walk(top: Path, skipped: list[tuple[str, str]] | None = None) -> list[Path]:
    """The manifests under ``top``, leaving out hidden folders, `node_modules`, virtual
    environments and other git repositories; ``skipped`` gathers (folder, why) for the folders
    not searched that a user would expect to be (another repository, a folder that can't be read)."""
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        if skipped is not None:
            skipped.append((os.fspath(error.filename), f"cannot read the folder ({error.strerror or error})"))

    for folder, dirs, files in os.walk(top, onerror=unreadable):
        kept = []
        for name in dirs:
            if name.startswith(".") or name in SKIPPED_FOLDERS:
                continue
            path = os.path.join(folder, name)
            if os.path.exists(os.path.join(path, "pyvenv.cfg")):
                continue
            if os.path.lexists(os.path.join(path, ".git")):
                if skipped is not None:  # a file is judged in the repository that holds it
                    skipped.append((path, "another git repository (lint it on its own)"))
                continue
            kept.append(name)
        dirs[:] = sorted(kept)
        for name in files:
            if MANIFEST_NAME.search(name):
                found.append(Path(folder) / name)
    return found


class Target(NamedTuple):
    fspath: str  # as given (not resolved: a symlink stays a symlink)
    path: str  # shown in findings: relative to the root, `/` separators
    # outside the sparse checkout: the git object to read instead of the file ("" for a symlink)
    blob: str | None = None


class IndexEntry(NamedTuple):
    mode: str  # 100644, 100755, 120000 (a symbolic link)
    blob: str


def outside_work_tree(root: Path, pathspecs: list[str]) -> dict[str, IndexEntry] | None:
    """The tracked files that git keeps out of the work tree (the skip-worktree bit of a sparse
    checkout, or `git update-index --skip-worktree`), by root-relative path: git reads them from
    its index, and so does the linter. None when git can't say."""
    command = ["git", "-c", "core.quotepath=off", "ls-files", "-z", "-t", "-s", "--", *pathspecs]
    out = BackgroundGit(root, command).output()
    if out is None:
        return None
    entries = {}
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        tag, _, rest = record.partition(" ")
        info, _, path = rest.partition("\t")
        fields = info.split()
        if tag == "S" and len(fields) == 3 and fields[2] == "0":
            entries[path] = IndexEntry(fields[0], fields[1])
    return entries


def _blob(entry: IndexEntry) -> str:
    return "" if entry.mode == "120000" else entry.blob  # a symbolic link's target is not read


def read_blobs(root: Path, blobs: list[str], limit: int) -> dict[str, bytes]:
    """The content of git objects (at most ``limit`` + 1 bytes of each: the loader reports a
    bigger one), in one `git cat-file --batch`; a missing object is left out."""
    import subprocess

    wanted = sorted(set(blobs))
    try:
        done = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=root,
            env=git_env(),
            input="".join(f"{b}\n" for b in wanted).encode("ascii"),
            capture_output=True,
            check=False,
        )
    except OSError:
        return {}
    out, found, position = done.stdout, {}, 0
    for blob in wanted:
        end = out.find(b"\n", position)
        if end == -1:
            break
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<object> missing"
        size = int(header[2])
        found[blob] = out[position : position + min(size, limit + 1)]
        position += size + 1
    return found


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _excluded_by(exclude: tuple[str, ...], shown: str) -> str | None:
    """The first `exclude` pattern that matches ``shown``, or None."""
    return next((p for p in exclude if matches_any((p,), shown)), None) if exclude else None


def _is_git_dir(folder: Path) -> bool:
    """Whether ``folder`` or a folder above it is a git directory (a bare repository, or the
    `.git` folder of a work tree): git's own data, no files to lint."""
    for candidate in (folder, *folder.parents):
        if (
            (candidate / "HEAD").is_file()
            and (candidate / "objects").is_dir()
            and (candidate / "refs").is_dir()
            and not (candidate / ".git").exists()
        ):
            return True
    return False


def _submodules(root: Path) -> list[str]:
    """The submodule paths `.gitmodules` declares (root-relative); none when there is no such file."""
    if not os.path.isfile(os.path.join(root, ".gitmodules")):
        return []
    out = BackgroundGit(
        root, ["git", "config", "-z", "-f", ".gitmodules", "--get-regexp", r"^submodule\..*\.path$"]
    ).output(ok=(0, 1))
    paths = []
    for entry in (out or b"").split(b"\0"):
        _, _, value = entry.partition(b"\n")
        path = value.decode("utf-8", "surrogateescape").strip("/")
        if path and os.path.isdir(os.path.join(root, path)):
            paths.append(path)
    return paths


def _under(path: str, prefix: str) -> bool:
    return prefix == "." or path.startswith(prefix + "/")


def discover(
    args: list[str],
    cwd: Path,
    root: Root,
    exclude: tuple[str, ...],
    listing: Callable[[], list[str] | None] | None = None,
    notes: list[str] | None = None,
) -> tuple[list[Target], bool]:
    """The manifests to lint and whether git listed the folders (False: walked). ``listing``
    gives the repository's manifests (root-relative), listed once per run and shared with META003.
    ``notes`` gathers what was not linted and why (nothing is left out in silence)."""
    notes = notes if notes is not None else []
    targets: dict[str, Target] = {}
    folders: list[tuple[str, Path]] = []
    used_git = False
    for arg in args or ["."]:
        given = cwd / arg
        absolute = Path(os.path.abspath(given))
        try:  # pathlib raises for some errors (a name too long), not only for a missing file
            is_dir = absolute.is_dir()
            present = is_dir or absolute.exists() or absolute.is_symlink()
        except OSError as exc:
            raise ConfigError(f"{arg}: {exc.strerror or exc}") from exc
        if present and not _inside(absolute, root.path):
            raise ConfigError(f"{arg}: outside the repository ({root.path}): lint one repository at a time")
        if is_dir:
            folders.append((arg, absolute))
        elif present:
            shown = relative(absolute, root.path)
            pattern = _excluded_by(exclude, shown)
            if pattern is None:
                targets.setdefault(shown, Target(os.fspath(absolute), shown))
            else:
                notes.append(f"note: {shown}: not linted: it matches the `exclude` pattern '{pattern}'")
        elif root.is_git and _inside(absolute, root.path) and absolute != root.path:
            # outside the sparse checkout, a file is still the repository's (git reads it from its index)
            shown = relative(absolute, root.path)
            entries = outside_work_tree(root.path, [f":(literal){shown}"]) or {}
            entry = entries.get(shown)
            if entry is None and entries:  # a folder, all of it outside the sparse checkout
                folders.append((arg, absolute))
                continue
            if entry is None:
                raise ConfigError(f"{arg}: no such file or folder")
            if _excluded_by(exclude, shown) is None:
                targets.setdefault(shown, Target(os.fspath(absolute), shown, _blob(entry)))
        else:
            raise ConfigError(f"{arg}: no such file or folder")
    if not folders:
        if any(t.blob is not None for t in targets.values()):
            notes.append("note: a manifest outside the sparse checkout was read from git's index, as git reads it")
        return sorted(targets.values(), key=lambda t: t.path), used_git
    prefixes = [relative(f, root.path) for _, f in folders]
    # per folder: the manifests left out (by exclude, as workflows, as absent), for the notes
    left_out: dict[str, dict[str, int]] = {p: {} for p in prefixes}
    chosen: list[tuple[str, str]] = []  # (shown, fspath)
    skipped: list[tuple[str, str]] = []
    listed = (listing() if listing else git_ls_files(root.path, MANIFEST_PATHSPECS)) if root.is_git else None
    if listed is not None:
        used_git = True
        base = os.fspath(root.path)
        names = listed if "." in prefixes else [n for n in listed if any(_under(n, p) for p in prefixes)]
        missing: list[str] = []
        for shown in names:
            fspath = os.path.join(base, shown)
            # git lists tracked files that the work tree may have deleted
            if os.path.lexists(fspath):
                chosen.append((shown, fspath))
            else:
                missing.append(shown)
        if missing:
            sparse = outside_work_tree(root.path, MANIFEST_PATHSPECS) or {}
            for shown in missing:
                entry = sparse.get(shown)
                if entry is None:  # deleted from the work tree, not yet from git
                    _count(left_out, prefixes, shown, "not in the work tree")
                elif not (WORKFLOW_FOLDER.search(shown) or _excluded_by(exclude, shown)):
                    fspath = os.path.join(base, shown)
                    targets.setdefault(shown, Target(fspath, shown, _blob(entry)))
        for path in _submodules(root.path):
            if any(_under(path, p) for p in prefixes):
                skipped.append((os.path.join(base, path), "a git submodule (lint it on its own)"))
    else:
        for _, folder in folders:
            chosen += [(relative(c, root.path), os.fspath(c)) for c in _walk(folder, skipped)]
    workflow = WORKFLOW_FOLDER.search
    for shown, fspath in chosen:
        if workflow(shown):
            _count(left_out, prefixes, shown, "in a GitHub workflow or action folder")
        elif exclude and (pattern := _excluded_by(exclude, shown)) is not None:
            _count(left_out, prefixes, shown, f"matched by the `exclude` pattern '{pattern}'")
        elif listed is not None or os.path.isfile(fspath) or os.path.islink(fspath):
            targets.setdefault(shown, Target(fspath, shown))
    for place, why in skipped:
        notes.append(f"note: {_shown(place, root.path)}: not linted: {why}")
    indexed = sum(1 for t in targets.values() if t.blob is not None)
    if indexed:
        notes.append(
            f"note: {indexed} manifest{'s' if indexed > 1 else ''} outside the sparse checkout "
            "(git's skip-worktree bit) read from git's index, as git reads them"
        )
    for (arg, folder), prefix in zip(folders, prefixes, strict=True):
        if any(_under(t, prefix) for t in targets):
            continue
        if left_out[prefix]:
            reasons = ", ".join(
                f"{count} manifest{'s' if count > 1 else ''} {why}" for why, count in left_out[prefix].items()
            )
            notes.append(f"note: {arg}: no manifest linted: {reasons}")
        elif not any(_under(shown, prefix) for shown, _ in chosen) and not any(
            _under(_shown(f, root.path), prefix) for f, _ in skipped
        ):
            notes.append(f"note: {arg}: no manifest linted: {_why_empty(folder, root, prefix)}")
    return sorted(targets.values(), key=lambda t: t.path), used_git


def _count(left_out: dict[str, dict[str, int]], prefixes: list[str], shown: str, why: str) -> None:
    for prefix in prefixes:
        if _under(shown, prefix):
            left_out[prefix][why] = left_out[prefix].get(why, 0) + 1


def _shown(folder: str, root: Path) -> str:
    try:
        return relative(Path(folder), root)
    except ValueError:
        return folder


def _why_empty(folder: Path, root: Root, prefix: str) -> str:
    if _is_git_dir(folder):
        return "it is a git directory (a bare repository, or a work tree's `.git` folder): git's own data, no files"
    if root.is_git:
        if prefix in _gitlinks(root.path, prefix):
            return "it is a git submodule that is not checked out (`git submodule update --init`)"
        return "git lists no ai-readiness.yaml or ai-readiness.yml in it (tracked, or untracked and not ignored)"
    return (
        "there is no ai-readiness.yaml or ai-readiness.yml in it (hidden folders, node_modules and virtual "
        "environments are not searched)"
    )


def _gitlinks(root: Path, prefix: str) -> set[str]:
    """The submodule entries (gitlinks) git's index holds at ``prefix``."""
    out = BackgroundGit(root, ["git", "-c", "core.quotepath=off", "ls-files", "-z", "-s", "--", prefix]).output()
    links = set()
    for entry in (out or b"").split(b"\0"):
        info, _, path = entry.partition(b"\t")
        if info.startswith(b"160000 "):
            links.add(path.decode("utf-8", "surrogateescape"))
    return links
