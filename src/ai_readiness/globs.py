"""Path globs with ``**`` (any number of folders), ``*``, ``?`` and ``[...]``, on ``/`` paths."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable


@functools.lru_cache(maxsize=1024)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A regex matching the whole of a relative ``/`` path, or a path inside a matched folder."""
    pattern = pattern.strip().lstrip("/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            if pattern.startswith("**", i):
                at_start = i == 0 or pattern[i - 1] == "/"
                j = i + 2
                if at_start and (j == n or pattern[j] == "/"):
                    # `**/` = zero or more folders; a trailing `**` = everything below
                    if j == n:
                        out.append(".*")
                    else:
                        out.append("(?:[^/]*/)*")
                        j += 1
                    i = j
                    continue
                out.append("[^/]*")
                i = j
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "]") else i + 1)
            if end < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out).rstrip("/") + r"(?:/.*)?\Z", re.DOTALL)


_WILDCARDS = frozenset("*?[")


def glob_matcher(pattern: str) -> Callable[[str], bool]:
    """A matcher for ``pattern``; the common `folder/**` and `**` need no regex (compiling one
    per system costs more than everything else GIT001 does)."""
    clean = pattern.strip().lstrip("/")
    while clean.startswith("./"):
        clean = clean[2:]
    if clean in ("**", ""):
        return lambda path: True
    head, _, tail = clean.rpartition("/")
    if tail == "**" and not _WILDCARDS.intersection(head):
        prefix = head + "/"
        return lambda path: path.startswith(prefix)
    regex = glob_regex(pattern)
    return lambda path: regex.match(path) is not None


def matches(pattern: str, path: str) -> bool:
    try:
        return glob_regex(pattern).match(path) is not None
    except re.error:
        return False


def matches_any(patterns: tuple[str, ...] | list[str], path: str) -> bool:
    return any(matches(p, path) for p in patterns)
