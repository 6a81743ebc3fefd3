"""Editing files: read a manifest as the linter reads it, write an edited text back the same
way (encoding, byte order mark), atomically, and only when the file is still what was read
(docs/design.md, "Editing"). The command line's `promote` and `lint --fix` run here; the editing
itself (text in, text out) is in promote.py and fixes.py."""

from __future__ import annotations

import contextlib
import os
import stat
from typing import NamedTuple

from ai_readiness.discovery import Target
from ai_readiness.errors import ConfigError
from ai_readiness.findings import Finding
from ai_readiness.loader import Limits
from ai_readiness.loader.decoding import decode, detect_encoding, read_file

# A test hook: the process kills itself between writing the temporary file and renaming it over
# the manifest, so that a test can prove the manifest is then intact (tests/test_edit_files.py).
KILL_BEFORE_RENAME = "AI_READINESS_TEST_KILL_BEFORE_RENAME"


class Manifest(NamedTuple):
    """A manifest as read: its bytes, its text, and how to turn an edited text into bytes."""

    target: Target
    real: str  # the file written: a symbolic link inside the repository is resolved
    data: bytes
    text: str
    prefix: bytes  # the byte order mark
    lead: str  # a U+FEFF the loader leaves out of the text it parses
    encoding: str

    @property
    def path(self) -> str:
        return self.target.path

    def encode(self, text: str) -> bytes:
        return self.prefix + (self.lead + text).encode(self.encoding)


def read_manifest(target: Target, root: str, limits: Limits) -> Manifest | str:
    """The manifest, or why it cannot be edited (one line)."""
    if target.blob is not None:
        return "it is outside the sparse checkout (git's skip-worktree bit): check it out to edit it"
    real = os.path.realpath(target.fspath)
    real_root = os.path.join(os.path.realpath(root), "")
    if not real.startswith(real_root):
        return "it is a symbolic link to a file outside the repository: it is not edited"
    try:
        if not stat.S_ISREG(os.stat(real).st_mode):
            return "it is not a regular file"
        data = read_file(real, target.path, limits)
    except OSError as exc:
        return f"it cannot be read: {exc.strerror or exc}"
    if isinstance(data, Finding):
        return data.message
    decoded = decode_bytes(data)
    if isinstance(decoded, str):
        return decoded
    text, prefix, lead, encoding = decoded
    return Manifest(target, real, data, text, prefix, lead, encoding)


def decode_bytes(data: bytes) -> tuple[str, bytes, str, str] | str:
    """(text as the loader parses it, byte order mark, a U+FEFF left out of the text, encoding),
    or why the bytes are no text."""
    text, encoding, _ = decode(data)
    if text is None:
        return encoding  # the reason
    _, bom = detect_encoding(data)
    lead = "\ufeff" if text.startswith("\ufeff") else ""
    return text[len(lead) :], data[:bom], lead, encoding


def check_writable(manifest: Manifest) -> None:
    """Exit 2 for a file without any write permission bit (even when root could write it)."""
    try:
        mode = os.stat(manifest.real).st_mode
    except OSError as exc:
        raise ConfigError(f"{manifest.path}: cannot write it: {exc.strerror or exc}") from exc
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise ConfigError(f"{manifest.path}: the file is read-only (no write permission): it is not changed")


def _temporary(folder: str, name: str) -> tuple[int, str]:
    """A new file beside ``name``, opened for writing, only this process's (what tempfile.mkstemp
    does, without importing tempfile: it costs more than the whole edit)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        path = os.path.join(folder, f".{name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {name}")


def write(manifest: Manifest, data: bytes) -> None:
    """Replace the file by ``data``: a temporary file in its folder, renamed over it, with its
    mode; exit 2, writing nothing, when the file changed on disk since it was read."""
    real = manifest.real
    try:
        info = os.stat(real)
        with open(real, "rb") as handle:
            now = handle.read(len(manifest.data) + 1)
    except OSError:
        now, info = b"", None
    if info is None or not stat.S_ISREG(info.st_mode) or now != manifest.data:
        raise ConfigError(f"{manifest.path}: the file changed on disk since it was read: it is not written; run again")
    folder, name = os.path.split(real)
    try:
        fd, temporary = _temporary(folder, name)
    except OSError as exc:
        raise ConfigError(f"{manifest.path}: cannot write in its folder: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # the owner stays who wrote it, as editors do
                os.chown(temporary, info.st_uid, info.st_gid)
        if os.environ.get(KILL_BEFORE_RENAME):
            import signal

            os.kill(os.getpid(), signal.SIGKILL)
        os.replace(temporary, real)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise ConfigError(f"{manifest.path}: cannot write it: {exc.strerror or exc}") from exc
        raise
