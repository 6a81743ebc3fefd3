"""CODEOWNERS as GitHub reads it: where it lives, its patterns, and who owns a path (OWN003)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ai_readiness.globs import ANY_FOLDERS, SOME_FOLDERS, PathPattern, Token, compile_segment

# GitHub uses the first of these that exists.
LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
MAX_BYTES = 3 * 1024 * 1024  # GitHub ignores CODEOWNERS files over 3 MB


@dataclass(frozen=True)
class Entry:
    pattern: str
    owners: tuple[str, ...]
    line: int
    compiled: PathPattern


@dataclass(frozen=True)
class CodeOwners:
    path: str  # where the file was found, root-relative
    entries: tuple[Entry, ...]

    def owners_of(self, path: str) -> Entry | None:
        """The last matching entry (GitHub: the last matching pattern wins); its owners may be
        empty, which un-assigns the path."""
        for entry in reversed(self.entries):
            if entry.compiled.matches(path):
                return entry
        return None


def owners_pattern(pattern: str) -> PathPattern:
    """A CODEOWNERS pattern as GitHub matches it: gitignore-style, segment by segment.

    A single segment without a leading `/` matches at any depth; any other pattern is relative
    to the root. A trailing `/` owns everything below. A whole-segment `*` matches one level
    only (`docs/*` owns `docs/a.md`, not `docs/sub/b.md`); any other last segment also owns
    everything below what it names. `!` negation and `[ ]` ranges are not supported by GitHub.
    """
    if pattern == "/":
        return PathPattern((SOME_FOLDERS, compile_segment("\0")))  # matches nothing
    segments = pattern.split("/")
    if segments[0] == "":
        segments = segments[1:]
    elif (len(segments) == 1 or (len(segments) == 2 and segments[1] == "")) and segments[0] != "**":
        segments = ["**", *segments]
    trailing_slash = len(segments) > 1 and segments[-1] == ""
    if trailing_slash:
        segments = segments[:-1]
    parts: list[str | tuple[Token, ...]] = []
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        if segment == "**":
            if index == last and index != 0:
                parts.append(SOME_FOLDERS)
            elif not parts or parts[-1] not in (ANY_FOLDERS, SOME_FOLDERS):
                parts.append(ANY_FOLDERS)
            continue
        parts.append(compile_segment(segment, escapes=True, classes=False))
        if index == last and segment != "*" and not trailing_slash:
            parts.append(ANY_FOLDERS)
    if trailing_slash:
        parts.append(SOME_FOLDERS)
    return PathPattern(tuple(parts))


def parse(text: str, path: str) -> CodeOwners:
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        # A `#` after whitespace starts a comment.
        line = re.split(r"\s#", line, maxsplit=1)[0].strip()
        parts = line.split()
        pattern = parts[0]
        if pattern.startswith("!") or "[" in pattern or "***" in pattern:
            continue  # GitHub rejects these lines: they assign nothing
        owners = tuple(parts[1:])
        entries.append(Entry(pattern, owners, number, owners_pattern(pattern)))
    return CodeOwners(path, tuple(entries))


def find(root: Path) -> CodeOwners | None:
    """The repository's CODEOWNERS, or None (never read through a symlink out of the root)."""
    real_root = root.resolve()
    for location in LOCATIONS:
        candidate = root / location
        if not candidate.is_file():
            continue
        real = candidate.resolve()
        if real_root not in real.parents:
            continue
        with open(real, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            continue
        return parse(data.decode("utf-8", "replace"), location)
    return None
