"""CODEOWNERS as GitHub reads it: where it lives, its patterns, and who owns a path (OWN003)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# GitHub uses the first of these that exists.
LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
MAX_BYTES = 3 * 1024 * 1024  # GitHub ignores CODEOWNERS files over 3 MB


@dataclass(frozen=True)
class Entry:
    pattern: str
    owners: tuple[str, ...]
    line: int
    regex: re.Pattern[str]


@dataclass(frozen=True)
class CodeOwners:
    path: str  # where the file was found, root-relative
    entries: tuple[Entry, ...]

    def owners_of(self, path: str) -> Entry | None:
        """The last matching entry (GitHub: the last matching pattern wins); its owners may be
        empty, which un-assigns the path."""
        for entry in reversed(self.entries):
            if entry.regex.match(path):
                return entry
        return None


def _segment(segment: str) -> str:
    out = []
    escape = False
    for ch in segment:
        if escape:
            out.append(re.escape(ch))
            escape = False
        elif ch == "\\":
            escape = True
        elif ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """A CODEOWNERS pattern as GitHub matches it: gitignore-style, segment by segment.

    A single segment without a leading `/` matches at any depth; any other pattern is relative
    to the root. A trailing `/` owns everything below. A whole-segment `*` matches one level
    only (`docs/*` owns `docs/a.md`, not `docs/sub/b.md`); any other last segment also owns
    everything below what it names. `!` negation and `[ ]` ranges are not supported by GitHub.
    """
    if pattern == "/":
        return re.compile(r"(?!)")
    segments = pattern.split("/")
    if segments[0] == "":
        segments = segments[1:]
    elif (len(segments) == 1 or (len(segments) == 2 and segments[1] == "")) and segments[0] != "**":
        segments = ["**", *segments]
    if len(segments) > 1 and segments[-1] == "":
        segments[-1] = "**"
    last = len(segments) - 1
    out: list[str] = []
    need_slash = False
    for index, segment in enumerate(segments):
        if segment == "**":
            if index == 0 and index == last:
                out.append(".+")
            elif index == 0:
                out.append("(?:.+/)?")
                need_slash = False
            elif index == last:
                out.append("/.*")
            else:
                out.append("(?:/.+)?")
                need_slash = True
            continue
        if need_slash:
            out.append("/")
        if segment == "*":
            out.append("[^/]+")
        else:
            out.append(_segment(segment))
            if index == last:
                out.append("(?:/.*)?")
        need_slash = True
    return re.compile("".join(out) + r"\Z", re.DOTALL)


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
        try:
            regex = pattern_regex(pattern)
        except re.error:
            continue
        owners = tuple(parts[1:])
        entries.append(Entry(pattern, owners, number, regex))
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
