"""Reading and decoding: a file's bytes (never more than the size limit, never from a FIFO or a
device) and their text, or the YAML003 that says why there is none (docs/design.md, "Reading and
decoding"). The parsers get text, never bytes: neither reads UTF-32 or UTF-16 without a BOM."""

from __future__ import annotations

import os
import stat

from ai_readiness.findings import FILE_START, Finding, Severity, Span
from ai_readiness.loader.document import Limits

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)

_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def read_file(fspath: str, path: str, limits: Limits) -> bytes | Finding:
    """The file's bytes, reading at most one byte more than the limit (a huge file is never
    read whole), or the finding that says why they are not linted."""
    # A FIFO, socket or device is never opened: opening a FIFO blocks until someone writes,
    # and a device can stream forever.
    if not stat.S_ISREG(os.stat(fspath).st_mode):
        return file_finding(path, "the file is not a regular file (a FIFO, socket or device): it is not read")
    # os.open and os.read: a buffered file object costs more than the read itself.
    fd = os.open(fspath, _READ_FLAGS)
    try:
        limit = limits.max_file_bytes + 1
        chunks = []
        size = 0
        expected = os.fstat(fd).st_size + 1  # one read for most files; the loop for files that grow
        while size < limit and (chunk := os.read(fd, min(limit - size, max(expected - size, 65536)))):
            chunks.append(chunk)
            size += len(chunk)
        if size > limits.max_file_bytes:
            return too_big(path, max(size, os.fstat(fd).st_size), limits)
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def text_of(data: bytes, path: str, limits: Limits) -> str | Finding:
    """The text of a file's bytes (without a BOM), or the finding that says why it has none:
    over the size limit, empty, or not text."""
    if len(data) > limits.max_file_bytes:
        return too_big(path, len(data), limits)
    if not data or data.isspace():  # what bytes.strip() strips, without copying the file
        return file_finding(path, "the file is empty: there is nothing to lint")
    text, reason, where = decode(data)
    if text is None:
        line, col = where
        return Finding("YAML003", Severity.ERROR, reason, path, Span(line, col, line, col + 1))
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def too_big(path: str, size: int, limits: Limits) -> Finding:
    message = (
        f"the file is {size:,} bytes, over the limit of {limits.max_file_bytes:,} "
        "(limit `max-file-bytes`): it is not linted"
    )
    return file_finding(path, message)


def file_finding(path: str, message: str) -> Finding:
    return Finding("YAML003", Severity.ERROR, message, path, FILE_START)


def detect_encoding(data: bytes) -> tuple[str, int]:
    """The encoding and BOM length: a BOM, else the null-byte pattern of the YAML 1.2
    specification (section 5.2)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    head = data[:4]
    if len(head) >= 4 and head[:3] == b"\x00\x00\x00" and head[3]:
        return "utf-32-be", 0
    if len(head) >= 4 and head[0] and head[1:4] == b"\x00\x00\x00":
        return "utf-32-le", 0
    if len(head) >= 2 and head[0] == 0 and head[1]:
        return "utf-16-be", 0
    if len(head) >= 2 and head[0] and head[1] == 0:
        return "utf-16-le", 0
    return "utf-8", 0


def position_of(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index (line breaks as YAML counts them)."""
    head = text[:index]
    line = head.count("\n") + 1
    start = head.rfind("\n") + 1
    return line, index - start + 1


def decode(data: bytes) -> tuple[str | None, str, tuple[int, int]]:
    """Text, or None with the reason and the position of the first undecodable byte."""
    encoding, bom = detect_encoding(data)
    body = data[bom:]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        good = body[: exc.start].decode(encoding, errors="replace")
        line, col = position_of(good, len(good))
        bad = body[exc.start : exc.start + 1].hex()
        return None, f"the file is not valid {encoding.upper()} text (byte 0x{bad} cannot be decoded)", (line, col)
    nul = text.find("\x00")
    if nul >= 0:
        return None, "the file holds binary data (a NUL character), not YAML text", position_of(text, nul)
    return text, encoding, (0, 0)
