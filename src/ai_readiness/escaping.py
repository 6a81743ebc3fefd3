"""Text on its way out: everything the tool writes is valid UTF-8, and a line stays one line.

File names reach Python as text even when they are not UTF-8: each byte that does not decode becomes
a lone surrogate (U+DC80-U+DCFF stands for the byte 0x80-0xFF, Python's "surrogateescape"), which
UTF-8 cannot carry. Every format shows such a byte one way, as Python's backslash escape of it: a
folder named ``a<0xff>b`` is shown ``a\\xffb`` in text, JSON, SARIF messages, workflow commands,
markdown and error lines; URIs (SARIF's artifact locations, links in the job summary) percent-encode
the byte instead (``a%FFb``), which names the file exactly. Any other lone surrogate (a Windows file
name can hold one) is shown as ``\\udXXX``. README.md ("File names that are not UTF-8") says the same.

Nothing here is imported on the hot path until output is written.
"""

from __future__ import annotations

import functools
import re

# What must not reach a terminal or a CI log raw: C0 and C1 controls (tab excepted), the line and
# paragraph separators, and lone surrogates. Compiled on first use: most runs never need it.
_UNSAFE = "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]"
_SURROGATE = "[\ud800-\udfff]"


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return match.group().encode("unicode_escape").decode("ascii")  # \n, \x1b, \x85, \u2028, \ud800


def _encodable(text: str) -> bool:
    """Whether UTF-8 can carry ``text`` (only lone surrogates stop it): a test in C."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(text: str) -> str:
    """``text`` with each lone surrogate written as its backslash escape: valid UTF-8."""
    return text if _encodable(text) else _compiled(_SURROGATE).sub(_escape, text)


def printable_json(text: str) -> str:
    """The same for JSON text written with ``ensure_ascii=False``: a lone surrogate can only stand
    inside a string there, where the escape's backslash must itself be escaped."""
    return text if _encodable(text) else _compiled(_SURROGATE).sub(lambda m: "\\" + _escape(m), text)


def one_line(text: str) -> str:
    """``text`` as one line that moves no cursor: control characters and lone surrogates escaped,
    so nothing echoed from a file, a name or an option starts a line of its own (in a CI log, a line
    starting with ``::`` is a command)."""
    return _compiled(_UNSAFE).sub(_escape, text)


def raw_bytes(text: str) -> bytes:
    """The bytes a name stands for: the original bytes of a name that is not UTF-8."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        return text.encode("utf-8", "surrogatepass")
