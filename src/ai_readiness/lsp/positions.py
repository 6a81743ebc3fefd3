"""Positions between findings and the protocol.

Findings carry 1-based lines and 1-based, end-exclusive columns in code points; the protocol
counts 0-based lines and characters in the negotiated unit (UTF-16 code units unless the client
and server agreed on UTF-8 or UTF-32). Lines end at LF, CRLF and CR in both (not at U+2028, NEL
or form feed, which Python's `splitlines` also splits at).
"""

from __future__ import annotations

import re

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_BREAK = re.compile(r"\r\n|\r|\n")


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` as the protocol counts them, without their breaks (a text ending in a
    break has an empty last line)."""
    return _BREAK.split(text)


def units(text: str, encoding: str) -> int:
    """The length of ``text`` in ``encoding``'s code units ("surrogatepass": a lone surrogate
    from the client's JSON counts, it does not raise)."""
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == UTF32:
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def to_protocol(lines: list[str], line: int, column: int, encoding: str) -> tuple[int, int]:
    """A 1-based line and code-point column as a 0-based (line, character); past the end of the
    text: the end of its last line."""
    if line > len(lines):
        return len(lines) - 1, units(lines[-1], encoding)
    index = max(line - 1, 0)
    text = lines[index]
    return index, units(text[: max(column - 1, 0)], encoding)


def from_protocol(lines: list[str], line: int, character: int, encoding: str) -> tuple[int, int]:
    """A 0-based (line, character) as a 1-based line and code-point column (a character inside a
    code point's units counts as that code point; past the end of a line: its end)."""
    if line >= len(lines):
        return len(lines), len(lines[-1]) + 1
    text = lines[max(line, 0)]
    if encoding == UTF32:
        return line + 1, min(max(character, 0), len(text)) + 1
    count = column = 0
    while column < len(text) and count + units(text[column], encoding) <= character:
        count += units(text[column], encoding)
        column += 1
    return line + 1, column + 1
