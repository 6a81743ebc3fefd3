"""Path globs with ``**`` (any number of folders), ``*``, ``?`` and ``[...]``, on ``/`` paths.

Matching works segment by segment with the classic two-pointer wildcard algorithm, at both
levels (characters in a segment, segments in a path): its cost is bounded by the product of the
lengths, whatever the pattern. A regular expression would backtrack exponentially on patterns
such as `a/**/**/**/...` or `*a*a*a*a*b`, and a manifest's `spec.paths` or a CODEOWNERS line is
input the linter does not control.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

# A compiled segment: a tuple of tokens. A token is "*", "?", a one-character literal, or a
# character class ("[", negated, ranges).
Token = str | tuple[str, bool, tuple[tuple[str, str], ...]]


def _parse_class(pattern: str, start: int) -> tuple[Token, int] | None:
    """`[...]` starting at ``start`` (after the `[`): the class token and the index past `]`."""
    i = start
    negated = i < len(pattern) and pattern[i] in "!^"
    if negated:
        i += 1
    ranges: list[tuple[str, str]] = []
    first = True
    while i < len(pattern):
        c = pattern[i]
        if c == "]" and not first:
            return ("[", negated, tuple(ranges)), i + 1
        if i + 2 < len(pattern) and pattern[i + 1] == "-" and pattern[i + 2] != "]":
            low, high = c, pattern[i + 2]
            ranges.append((low, high))  # a reversed range (z-a) matches nothing, as in fnmatch
            i += 3
        else:
            ranges.append((c, c))
            i += 1
        first = False
    return None  # no closing bracket: the `[` is a literal


@functools.lru_cache(maxsize=4096)
def compile_segment(segment: str, escapes: bool = False, classes: bool = True) -> tuple[Token, ...]:
    tokens: list[Token] = []
    i = 0
    while i < len(segment):
        c = segment[i]
        if escapes and c == "\\" and i + 1 < len(segment):
            tokens.append(segment[i + 1])
            i += 2
            continue
        if c == "*":
            if not tokens or tokens[-1] != "*":  # `**` inside a segment is one `*`
                tokens.append("*")
        elif c == "?":
            tokens.append("?")
        elif c == "[" and classes:
            parsed = _parse_class(segment, i + 1)
            if parsed is not None:
                tokens.append(parsed[0])
                i = parsed[1]
                continue
            tokens.append("[")
        else:
            tokens.append(c)
        i += 1
    return tuple(tokens)


def _one(token: Token, char: str) -> bool:
    if token == "?":
        return True
    if isinstance(token, tuple):
        _, negated, ranges = token
        inside = any(low <= char <= high for low, high in ranges)
        return inside != negated
    return token == char


def segment_matches(tokens: tuple[Token, ...], name: str) -> bool:
    """Whether ``name`` matches a compiled segment (two pointers: back up to the last `*`)."""
    t = n = 0
    star_t = star_n = -1
    while n < len(name):
        if t < len(tokens) and tokens[t] == "*":
            star_t, star_n = t, n
            t += 1
        elif t < len(tokens) and _one(tokens[t], name[n]):
            t += 1
            n += 1
        elif star_t >= 0:
            t = star_t + 1
            star_n += 1
            n = star_n
        else:
            return False
    while t < len(tokens) and tokens[t] == "*":
        t += 1
    return t == len(tokens)


ANY_FOLDERS = "**"  # zero or more segments
SOME_FOLDERS = "**+"  # one or more segments


class PathPattern(NamedTuple):
    """A path pattern as a list of segments: ANY_FOLDERS, SOME_FOLDERS or a compiled segment."""

    parts: tuple[str | tuple[Token, ...], ...]

    def matches(self, path: str) -> bool:
        names = path.split("/")
        parts = self.parts
        p = s = 0
        star_p = star_s = -1
        while s < len(names):
            part = parts[p] if p < len(parts) else None
            if part == ANY_FOLDERS:
                star_p, star_s = p, s
                p += 1
            elif part == SOME_FOLDERS:  # one segment now, then any number
                star_p, star_s = p, s + 1
                p += 1
                s += 1
            elif part is not None and segment_matches(part, names[s]):  # type: ignore[arg-type]
                p += 1
                s += 1
            elif star_p >= 0:
                p = star_p + 1
                star_s += 1
                s = star_s
            else:
                return False
        while p < len(parts) and parts[p] == ANY_FOLDERS:
            p += 1
        return p == len(parts)


@functools.lru_cache(maxsize=4096)
def compile_glob(pattern: str) -> PathPattern:
    """A glob relative to the root: it matches a path, or any path inside a folder it matches."""
    text = pattern.strip().lstrip("/")
    while text.startswith("./"):
        text = text[2:]
    parts: list[str | tuple[Token, ...]] = []
    for segment in text.split("/"):
        if segment == "**":
            if not parts or parts[-1] != ANY_FOLDERS:
                parts.append(ANY_FOLDERS)
        elif segment:
            parts.append(compile_segment(segment))
    if not parts or parts[-1] != ANY_FOLDERS:
        parts.append(ANY_FOLDERS)  # a matched folder holds what is below it
    return PathPattern(tuple(parts))


_WILDCARDS = frozenset("*?[")


def glob_matcher(pattern: str) -> Callable[[str], bool]:
    """A matcher for ``pattern``; the common `folder/**` and `**` are a prefix test."""
    clean = pattern.strip().lstrip("/")
    while clean.startswith("./"):
        clean = clean[2:]
    if clean in ("**", ""):
        return lambda path: True
    head, _, tail = clean.rpartition("/")
    if tail == "**" and not _WILDCARDS.intersection(head):
        prefix = head + "/"
        return lambda path: path.startswith(prefix)
    return compile_glob(pattern).matches


def matches(pattern: str, path: str) -> bool:
    return compile_glob(pattern).matches(path)


def matches_any(patterns: tuple[str, ...] | list[str], path: str) -> bool:
    return any(matches(p, path) for p in patterns)
