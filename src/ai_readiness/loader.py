"""Bytes to YAML documents with positions; every YAML-layer problem becomes a finding.

The parser only produces events: this module composes them itself, with an explicit stack, into
plain data (dict, list, str, int, float, bool, None) and a table of positions, in one pass. That
keeps depth and alias expansion under the limits before anything is built (ruamel's own C
composer recurses in C and crashes on deep nesting), constructs nothing from tags, and resolves
plain scalars with the YAML 1.2 core schema only (SPEC §2, §10, §11).

Parse paths: libyaml through ``_ruamel_yaml.CParser`` first; ruamel's pure parser decides
whenever the C parser raises, for the few patterns libyaml reads differently from YAML 1.2 (see
`_c_unsafe`), and when no C library imports. Both parsers count U+0085, U+2028 and U+2029 as line
breaks (YAML 1.1); in YAML 1.2 they are ordinary characters, so they are read through stand-ins
(see `_stand_ins`).
"""

from __future__ import annotations

import math
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple, TypeVar

from ai_readiness.findings import FILE_START, Finding, Severity, Span
from ai_readiness.strings import escape_pointer_token, shorten

try:  # pragma: no cover - which one imports depends on the platform
    from _ruamel_yaml import CParser as _CParser
except ImportError:  # pragma: no cover
    try:
        from _ruamel_yaml_clibz import CParser as _CParser
    except ImportError:
        _CParser = None

from ruamel.yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

HAS_C_PARSER = _CParser is not None


class Limits(NamedTuple):
    """YAML003's limits (SPEC §3, configurable in ``[tool.ai-readiness.limits]``)."""

    max_file_bytes: int = 1_048_576
    max_depth: int = 64
    max_alias_nodes: int = 100_000


# A position is (key span or None, value span); spans are 1-based (line, col, end line, end col).
Pos = tuple[int, int, int, int]


class Document:
    """One YAML document that is a mapping: its data and, on demand, the positions of its nodes.

    Most documents have no finding, so the common path composes data only (`_fast_compose`);
    the first question about a position reads the file again for positions (`_plain_positions`).
    """

    __slots__ = ("_positions", "_source", "data", "index", "invalid", "name_span", "plain", "start_pos", "written")

    def __init__(
        self,
        index: int,
        data: Any,
        positions: dict[str, tuple[Pos | None, Pos]] | None,
        invalid: dict[str, str] | None = None,
        written: dict[str, str] | None = None,
        *,
        source: _Source | None = None,
        name_span: Pos | None = None,
        start: tuple[int, int] = (1, 1),
        plain: bool = False,
    ) -> None:
        self.index = index
        self.data = data
        # No null, empty text or empty collection anywhere: the data is already what
        # context.clean() makes of a valid document (the fast pass knows; otherwise False).
        self.plain = plain
        self._positions = positions
        self._source = source
        # Values the loader could read but not represent (an integer of over 4,300 digits): they
        # are absent from ``data`` and become SCHEMA001 findings (SPEC §11).
        self.invalid: dict[str, str] = invalid if invalid is not None else {}
        # How the file writes values whose data does not show it (`1e400` and `.Inf` are both
        # float("inf")): messages quote the file. Only documents with such a value have any.
        self.written: dict[str, str] = written if written is not None else {}
        if positions is not None:
            root = positions[""][1]
            start = (root[0], root[1])
            entry = positions.get("/metadata/name")
            name_span = entry[1] if entry else None
        self.start_pos = start
        self.name_span = name_span  # where metadata.name's value is (META003 needs it for every document)

    @property
    def positions(self) -> dict[str, tuple[Pos | None, Pos]]:
        if self._positions is None:
            assert self._source is not None
            self._positions = self._source.positions(self.index)
        return self._positions

    @property
    def start(self) -> Span:
        line, column = self.start_pos
        return Span(line, column, line, column)


class _Source:
    """The text a fast-composed file came from (as the parser reads it: with stand-ins, and the
    table that restores them), to compose it again with positions once."""

    __slots__ = ("_by_index", "limits", "path", "restore", "text", "use_c")

    def __init__(
        self, text: str, path: str, limits: Limits, use_c: bool, restore: dict[int, str] | None = None
    ) -> None:
        self.text = text
        self.path = path
        self.limits = limits
        self.use_c = use_c
        self.restore = restore
        self._by_index: dict[int, dict[str, tuple[Pos | None, Pos]]] | None = None

    def positions(self, index: int) -> dict[str, tuple[Pos | None, Pos]]:
        if self._by_index is None:
            # The same parser as the fast pass, which read the whole text without an error.
            text, restore = self.text, self.restore
            if self.use_c:
                self._by_index = _with_c_tuples(text, lambda events: _plain_positions(text, events), restore)
            else:
                self._by_index = _plain_positions(text, _as_tuples(_restored(_pure_events(text), restore)))
        return self._by_index[index]


class LoadResult:
    __slots__ = ("documents", "findings", "text")

    def __init__(self, documents: list[Document], findings: list[Finding], text: str | None = None) -> None:
        self.documents = documents
        self.findings = findings
        self.text = text


class _Stop(Exception):
    """A limit was hit: the rest of the file is not read (YAML003)."""


class _ParseError(Exception):
    """The parser (not the composer) raised; ``cause`` is what it raised."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


# --- decoding ----------------------------------------------------------------------------------

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)


def detect_encoding(data: bytes) -> tuple[str, int]:
    """The encoding and BOM length: a BOM, else the YAML spec's null-byte pattern (§5.2)."""
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


def _position_of(text: str, index: int) -> tuple[int, int]:
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
        line, col = _position_of(good, len(good))
        bad = body[exc.start : exc.start + 1].hex()
        return None, f"the file is not valid {encoding.upper()} text (byte 0x{bad} cannot be decoded)", (line, col)
    nul = text.find("\x00")
    if nul >= 0:
        return None, "the file holds binary data (a NUL character), not YAML text", _position_of(text, nul)
    return text, encoding, (0, 0)


# --- scalar resolution (YAML 1.2 core schema) -----------------------------------------------------

_NULLS = frozenset(("~", "null", "Null", "NULL"))  # and the empty plain scalar
_TRUES = frozenset(("true", "True", "TRUE"))
_FALSES = frozenset(("false", "False", "FALSE"))
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")
_NUMBER_START = frozenset("-+.0123456789")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Python refuses to turn longer digit strings into int (CVE-2020-10735); SPEC §11 makes them a
# SCHEMA001 rather than a crash.
MAX_INT_DIGITS = 4300
_MAX_INT_BITS = 14_284  # about 4,300 decimal digits

# Composed nodes and documents per file. The default size limit (1 MiB) holds at most about
# 530,000 nodes (two bytes each, `[1,1,...]`) and 175,000 documents (six bytes each, `--- a`), so
# only a raised `max-file-bytes` meets these. A node costs a few hundred bytes of positions and
# data, a document a few kilobytes with its findings: memory stays under a gigabyte whatever the
# size limit. A file over either is one YAML003 and is not linted, never a silent stop (SPEC §9).
MAX_NODES = 1_000_000
MAX_DOCUMENTS = 200_000

_CORE = "tag:yaml.org,2002:"
_STR, _INT_TAG, _FLOAT_TAG, _BOOL, _NULL = (_CORE + t for t in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP = _CORE + "seq", _CORE + "map"


class _Unrepresentable:
    """A scalar that is YAML but can't be a value (huge integer): stays out of the data."""

    __slots__ = ("why",)

    def __init__(self, why: str) -> None:
        self.why = why


# The plain scalars that are not text or numbers under the core schema, with their values.
_WORDS: dict[str, Any] = {
    **dict.fromkeys(_NULLS),
    **dict.fromkeys(_TRUES, True),
    **dict.fromkeys(_FALSES, False),
}


def resolve_plain(value: str) -> Any:
    """A plain scalar under the YAML 1.2 core schema (SPEC §2: ``yes``/``no``/``on`` are text).
    `_fast_compose` spells the same steps out."""
    if not value:
        return None
    resolved = _WORDS.get(value, value)
    if resolved is value and value[0] in _NUMBER_START:
        return _number(value)
    return resolved


def _number(value: str) -> Any:
    if _INT.match(value):
        digits = len(value.lstrip("+-"))
        if digits > MAX_INT_DIGITS:
            return _Unrepresentable(f"an integer of {digits} digits")
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    if _OCT.match(value) or _HEX.match(value):
        number = int(value[2:], 8 if value[1] == "o" else 16)
        if number.bit_length() > _MAX_INT_BITS:
            return _Unrepresentable(f"an integer of about {int(number.bit_length() * 0.30103) + 1} digits")
        return number
    if _INF.match(value):
        return float("-inf") if value[0] == "-" else float("inf")
    if _NAN.match(value):
        return float("nan")
    return value


def _float(value: str) -> float | None:
    """A ``!!float`` scalar's value, or None when it is not one of the core schema's float forms
    (`0x10` is an integer, not a float)."""
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return float("-inf") if value[0] == "-" else float("inf")
    if _NAN.match(value):
        return float("nan")
    return None


_EXPLICIT: dict[str, type] = {_INT_TAG: int, _FLOAT_TAG: float, _BOOL: bool, _NULL: type(None)}


# --- composing ----------------------------------------------------------------------------------


class _Frame:
    __slots__ = ("anchor", "end", "flow", "is_map", "key", "key_pos", "pointer", "size", "start", "value")

    def __init__(self, is_map: bool, pointer: str, start: tuple[int, int], flow: bool, anchor: str | None) -> None:
        self.is_map = is_map
        self.value: Any = {} if is_map else []
        self.pointer = pointer
        self.start = start
        self.end = start
        self.flow = flow
        self.anchor = anchor
        self.size = 1
        self.key: str | None = None  # pending mapping key
        self.key_pos: Pos | None = None


def _block_scalar_end(text: str, start: tuple[int, int], mark: Any) -> tuple[int, int]:
    # libyaml and ruamel end a literal/folded scalar after its trailing line breaks; the
    # span ends just past the last non-blank character (SPEC §11).
    i = mark.index
    line = mark.line + 1
    col = mark.column + 1
    j = i
    while j > 0 and text[j - 1] in " \t\r\n":
        j -= 1
    if j == i:
        return line, col
    skipped = text[j:i]
    breaks = skipped.count("\n") + skipped.count("\r") - skipped.count("\r\n")
    if breaks:
        line -= breaks
        col = j - max(text.rfind("\n", 0, j), text.rfind("\r", 0, j))
    else:
        col -= i - j
    if (line, col) < start:
        return start
    return line, col


class _Composer:
    """Events to documents; findings for duplicate keys, tags, limits and aliases."""

    def __init__(self, text: str, path: str, limits: Limits) -> None:
        self.text = text
        self.path = path
        self.limits = limits
        self.documents: list[Document] = []
        self.findings: list[Finding] = []
        self.doc_index = 0
        self._positions: dict[str, tuple[Pos | None, Pos]] = {}
        self._invalid: dict[str, str] = {}
        self._written: dict[str, str] = {}
        self._root: list[tuple[Any, Pos]] = []

    def finding(self, rule: str, message: str, pos: Pos | None, pointer: str = "") -> None:
        span = Span(*pos) if pos else FILE_START
        self.findings.append(Finding(rule, Severity.ERROR, message, self.path, span, pointer, self.doc_index))

    def _tag_span(self, start: tuple[int, int], mark: Any) -> Pos:
        """The tag's own characters, from the node's start (the tag, or an anchor before it)."""
        text = self.text
        base = mark.index - (mark.column + 1 - start[1])  # the text index of ``start``
        i = base
        for _ in range(2):  # at most an anchor and a tag precede a node's content
            j = i
            while j < len(text) and text[j] not in " \t\r\n":
                j += 1
            if text.startswith("!", i):
                return start[0], start[1] + i - base, start[0], start[1] + j - base
            while j < len(text) and text[j] in " \t":
                j += 1
            i = j
        return start[0], start[1], start[0], start[1] + 1

    def run(self, events: Iterable[Any]) -> None:
        limits = self.limits
        stack: list[_Frame] = []
        anchors: dict[str, tuple[Any, int, bool]] = {}
        expanded = 0
        nodes = documents = 0
        for event in events:
            cls = event.__class__
            value: Any
            if cls is ScalarEvent:
                sm, em = event.start_mark, event.end_mark
                start = (sm.line + 1, sm.column + 1)
                style = event.style
                raw = event.value
                tag = event.tag
                if style in ("|", ">"):
                    end = _block_scalar_end(self.text, start, em)
                else:
                    end = (em.line + 1, em.column + 1)
                pos = (start[0], start[1], end[0], end[1])
                if style == '"' and _SURROGATE.search(raw):
                    raw = self._surrogates(raw, pos, stack)
                if tag is None or tag == "!":
                    value = resolve_plain(raw) if (not style and tag is None) else raw
                else:
                    value = self._tagged_scalar(tag, raw, pos, stack)
                size = 1
                anchor = event.anchor
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                sm = event.start_mark
                if len(stack) >= limits.max_depth:
                    self.finding(
                        "YAML003",
                        f"nesting deeper than {limits.max_depth} levels: the file is not linted (limit `max-depth`)",
                        (sm.line + 1, sm.column + 1, sm.line + 1, sm.column + 2),
                    )
                    raise _Stop
                tag = event.tag
                is_map = cls is MappingStartEvent
                start = (sm.line + 1, sm.column + 1)
                if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
                    self._unsupported_tag(tag, self._tag_span(start, sm), stack)
                pointer = self._child_pointer(stack)
                if event.anchor is not None:
                    anchors[event.anchor] = (None, 0, False)  # open: an alias to it would recurse
                stack.append(_Frame(is_map, pointer, start, bool(event.flow_style), event.anchor))
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = stack.pop()
                em = event.end_mark
                end = (em.line + 1, em.column + 1) if frame.flow else frame.end
                pos = (frame.start[0], frame.start[1], end[0], end[1])
                value, size, anchor = frame.value, frame.size, frame.anchor
            elif cls is AliasEvent:
                sm, em = event.start_mark, event.end_mark
                pos = (sm.line + 1, sm.column + 1, em.line + 1, em.column + 1)
                target = anchors.get(event.anchor)
                if target is None or not target[2]:
                    reason = "refers to a node that contains it" if target else "is not defined"
                    self.finding("YAML001", f"alias '*{event.anchor}' {reason}", pos, self._child_pointer(stack))
                    raise _Stop
                value, size, _ = target
                expanded += size
                if expanded > limits.max_alias_nodes:
                    self.finding(
                        "YAML003",
                        f"aliases expand to more than {limits.max_alias_nodes} nodes: the file is "
                        "not linted (limit `max-alias-nodes`)",
                        pos,
                    )
                    raise _Stop
                anchor = None
            elif cls is DocumentStartEvent:
                positions: dict[str, tuple[Pos | None, Pos]] = {}
                invalid: dict[str, str] = {}
                written: dict[str, str] = {}
                self._positions = positions
                self._invalid = invalid
                self._written = written
                anchors = {}
                root: list[Any] = []
                self._root = root
                continue
            elif cls is DocumentEndEvent:
                if root:
                    data, pos = root[0]
                    if data is not None or pos[0:2] != pos[2:4]:
                        documents += 1  # not counting empty ones: they are skipped
                        if documents > MAX_DOCUMENTS:
                            self._too_many(f"{MAX_DOCUMENTS:,} documents", pos)
                    if isinstance(data, dict):
                        self.documents.append(Document(self.doc_index, data, positions, invalid, written))
                    elif data is not None or pos[0:2] != pos[2:4]:
                        kind = _kind(data)
                        self.finding(
                            "YAML003", f"the document is {kind}, not a mapping: an AISystem manifest is a mapping", pos
                        )
                self.doc_index += 1
                continue
            elif cls is StreamStartEvent or cls is StreamEndEvent:
                continue
            else:  # pragma: no cover - no other event types exist
                continue

            nodes += 1
            if nodes > MAX_NODES:
                self._too_many(f"{MAX_NODES:,} YAML nodes", pos)
            if anchor is not None:
                anchors[anchor] = (value, size, True)
            if not stack:
                self._root.append((value, pos))
                self._positions[""] = (None, pos)
                continue
            parent = stack[-1]
            parent.size += size
            if parent.is_map:
                if parent.key is None and parent.key_pos is None:
                    # this node is a key
                    if isinstance(value, (dict, list)):
                        self.finding(
                            "SCHEMA001",
                            f"[type] expected a text key, found {_kind(value)}",
                            pos,
                            parent.pointer,
                        )
                        parent.key_pos = pos
                        parent.key = None
                        parent.end = (pos[2], pos[3])
                        continue
                    parent.key = raw if cls is ScalarEvent else str(value)
                    parent.key_pos = pos
                    continue
                key, key_pos = parent.key, parent.key_pos
                parent.key, parent.key_pos = None, None
                parent.end = (pos[2], pos[3])
                if key is None:  # the value of a skipped non-text key
                    continue
                assert key_pos is not None
                if cls is ScalarEvent and raw == "" and not event.style and event.tag is None:
                    # An empty value: both parsers disagree on where it is; point at the key.
                    pos = key_pos
                if key in parent.value:
                    first = self._positions[f"{parent.pointer}/{escape_pointer_token(key)}"][0]
                    first_at = f" (first at line {first[0]})" if first else ""
                    self.finding(
                        "YAML002",
                        f"duplicate key '{shorten(key)}'{first_at}: the second value is ignored",
                        key_pos,
                        f"{parent.pointer}/{escape_pointer_token(key)}",
                    )
                    continue
                pointer = f"{parent.pointer}/{escape_pointer_token(key)}"
                self._positions[pointer] = (key_pos, pos)
                if isinstance(value, _Unrepresentable):
                    self._invalid[pointer] = value.why
                    continue
                if value.__class__ is float and cls is ScalarEvent and not math.isfinite(value):
                    self._written[pointer] = raw
                parent.value[key] = value
            else:
                pointer = f"{parent.pointer}/{len(parent.value)}"
                self._positions[pointer] = (None, pos)
                parent.end = (pos[2], pos[3])
                if isinstance(value, _Unrepresentable):
                    self._invalid[pointer] = value.why
                    value = None
                elif value.__class__ is float and cls is ScalarEvent and not math.isfinite(value):
                    self._written[pointer] = raw
                parent.value.append(value)
        if not self.findings and not self.documents:
            self.finding("YAML003", "the file holds no YAML document: there is nothing to lint", None)

    def _surrogates(self, raw: str, pos: Pos, stack: list[_Frame]) -> str:
        """`\\ud83d\\ude00` escapes: a pair is one character, as in JSON; a lone surrogate is no
        character at all (libyaml refuses it, ruamel's pure parser lets it through, and no output
        could encode it)."""
        try:
            return raw.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:
            self.finding(
                "YAML001",
                "invalid YAML: a \\u escape names a lone surrogate, not a character",
                pos,
                self._child_pointer(stack),
            )
            raise _Stop from None

    def _too_many(self, what: str, pos: Pos) -> None:
        """A file over MAX_NODES or MAX_DOCUMENTS: one finding, nothing of it linted."""
        self.documents.clear()
        self.findings.clear()
        self.finding("YAML003", f"the file holds more than {what}: it is not linted (a manifest holds a few)", pos)
        raise _Stop

    def _child_pointer(self, stack: list[_Frame]) -> str:
        if not stack:
            return ""
        parent = stack[-1]
        if parent.is_map:
            if parent.key is None:
                return parent.pointer  # a key being composed
            return f"{parent.pointer}/{escape_pointer_token(parent.key)}"
        return f"{parent.pointer}/{len(parent.value)}"

    def _unsupported_tag(self, tag: str, pos: Pos, stack: list[_Frame]) -> None:
        shown = shorten("!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag)
        self.finding(
            "YAML003",
            f"unsupported tag '{shown}': only the YAML 1.2 core tags are read; the value is taken as untagged",
            pos,
            self._child_pointer(stack),
        )

    def _tagged_scalar(self, tag: str, raw: str, pos: Pos, stack: list[_Frame]) -> Any:
        if tag == _STR:
            return raw
        expected = _EXPLICIT.get(tag)
        if expected is None:
            self._unsupported_tag(tag, pos, stack)
            return raw
        if expected is float:  # the core schema's float forms, which take in decimal integers
            value = _float(raw)
        else:
            value = resolve_plain(raw) if raw else None
            if value.__class__ is _Unrepresentable:
                return value  # an integer too large: a SCHEMA001, as when it is untagged
        if type(value) is not expected:
            self.finding(
                "YAML003",
                f"'{raw[:40]}' is not a valid '!!{tag[len(_CORE) :]}' value; it is taken as text",
                pos,
                self._child_pointer(stack),
            )
            return raw
        return value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


class _NeedFull(Exception):
    """Something the fast pass does not handle (a finding to position, a tag, an alias, a
    limit): the file is composed again with positions, where every such case is handled."""


_EVENT_CLASSES = (ScalarEvent, MappingStartEvent, SequenceStartEvent, MappingEndEvent, SequenceEndEvent)


def _scalar_tuple(*event: Any) -> tuple[Any, ...]:
    return event  # (anchor, tag, implicit, value, start_mark, end_mark, style)


def _sequence_start_tuple(
    anchor: Any, tag: Any, implicit: Any, start_mark: Any, end_mark: Any, flow_style: Any
) -> tuple[Any, ...]:
    return (anchor, tag, start_mark, flow_style)


# What the C module builds in place of ruamel's event classes during the fast pass: plain tuples,
# told apart by length (scalar 7, mapping start 6, sequence start 4, end 2). A tuple costs less
# than an instance: no __init__ frame, no attribute stores (ruamel's classes cost a third of the
# pass, slim classes a fifth).
_TUPLE_EVENTS = (_scalar_tuple, _scalar_tuple, _sequence_start_tuple, _scalar_tuple, _scalar_tuple)
_EVENT_NAMES = ("ScalarEvent", "MappingStartEvent", "SequenceStartEvent", "MappingEndEvent", "SequenceEndEvent")


def _as_tuples(events: Iterable[Any]) -> Iterator[Any]:
    """ruamel's event objects (the pure parser's, or a C module that is not ruamel's) in the
    fast pass's tuple shapes; other events as they are."""
    for event in events:
        cls = event.__class__
        if cls is ScalarEvent:
            yield (event.anchor, event.tag, None, event.value, event.start_mark, event.end_mark, event.style)
        elif cls is MappingStartEvent:
            yield (event.anchor, event.tag, None, event.start_mark, event.end_mark, event.flow_style)
        elif cls is SequenceStartEvent:
            yield (event.anchor, event.tag, event.start_mark, event.flow_style)
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            yield (event.start_mark, event.end_mark)
        else:
            yield event


_T = TypeVar("_T")


def _with_c_tuples(text: str, consume: Callable[[Iterable[Any]], _T], restore: dict[int, str] | None = None) -> _T:
    """``consume`` libyaml's events of ``text`` in the tuple shapes (see `_TUPLE_EVENTS`), with
    stand-ins restored (see `_stand_ins`). The C module looks its event classes up in its own
    globals at each event: they are swapped for the read only, and swapped back whatever happens.
    A parser error is a _ParseError."""
    module = sys.modules.get(_CParser.__module__)
    names = module.__dict__ if module is not None else {}
    if not all(names.get(n) is c for n, c in zip(_EVENT_NAMES, _EVENT_CLASSES, strict=True)):
        return consume(_as_tuples(_restored(_c_events(text), restore)))  # a C module that is not ruamel's
    try:
        names.update(zip(_EVENT_NAMES, _TUPLE_EVENTS, strict=True))
        return consume(_restored(iter(_CParser(text).get_event, None), restore))
    except (_NeedFull, _ParseError):
        raise
    except Exception as exc:
        raise _ParseError(exc) from exc
    finally:
        names.update(zip(_EVENT_NAMES, _EVENT_CLASSES, strict=True))


def _fast_compose_c(
    text: str, limits: Limits, restore: dict[int, str] | None = None
) -> list[tuple[int, dict[str, Any], Pos | None, tuple[int, int], bool]]:
    """The fast pass on libyaml."""
    return _with_c_tuples(text, lambda events: _fast_compose(events, limits), restore)


def _fast_compose(
    events: Iterable[Any], limits: Limits
) -> list[tuple[int, dict[str, Any], Pos | None, tuple[int, int], bool]]:
    """Data only, no positions, for the common case: plain YAML without tags, anchors, repeated
    keys or anything else worth a finding. Reads events in the tuple shapes of `_TUPLE_EVENTS`
    (`_as_tuples` gives them). Returns (index, data, name span, start, whether it holds an empty
    value) per document; raises
    _NeedFull for anything else. The same semantics as `_Composer`, which decides in those
    cases (a test compares the two on every case of the YAML test suite)."""
    max_depth = limits.max_depth
    documents: list[tuple[int, dict[str, Any], Pos | None, tuple[int, int], bool]] = []
    # The open collection's state lives in locals; the enclosing ones wait on the stack.
    stack: list[tuple[Any, bool, Any, Any]] = []
    container: Any = None
    is_map = False
    key: Any = None  # the pending key of the open mapping
    key_in_parent: Any = None  # the key the open collection sits under
    depth = 0
    nodes = 0
    doc_index = 0
    root: Any = None
    root_raw = ""
    has_root = False
    name_span: Pos | None = None
    start = (1, 1)
    empty = False  # whether the document holds a null, an empty text or an empty collection
    for event in events:
        if event.__class__ is tuple:
            size = len(event)
            if size == 7:  # a scalar
                anchor, tag, _, raw, start_mark, end_mark, style = event
                if tag is not None or anchor is not None:
                    raise _NeedFull
                nodes += 1
                if nodes > MAX_NODES:
                    raise _NeedFull
                if is_map and key is None:  # a key: its text, whatever it would resolve to
                    if style:
                        if style == '"' and _SURROGATE.search(raw):
                            raise _NeedFull
                    elif raw and raw[0] in _NUMBER_START and resolve_plain(raw).__class__ is _Unrepresentable:
                        raise _NeedFull
                    key = raw
                    continue
                if not style:  # resolve_plain, spelled out: most values are text
                    value = _WORDS.get(raw, raw) if raw else None
                    if value is None:
                        empty = True
                    elif value is raw and raw[0] in _NUMBER_START:
                        value = _number(raw)
                        cls = value.__class__
                        if cls is not int and cls is not str and (cls is _Unrepresentable or value - value):
                            raise _NeedFull  # too large, or an infinity or NaN: a message may quote it
                elif style == '"' and _SURROGATE.search(raw):
                    raise _NeedFull
                else:
                    value = raw
                    if not raw:
                        empty = True
                if not depth:
                    root, has_root, root_raw = value, True, raw
                    continue
                if not is_map:
                    container.append(value)
                    continue
                if key in container:
                    raise _NeedFull  # a repeated key: YAML002
                container[key] = value
                if key == "name" and depth == 2 and key_in_parent == "metadata":
                    if style in ("|", ">"):
                        raise _NeedFull
                    name_span = (start_mark.line + 1, start_mark.column + 1, end_mark.line + 1, end_mark.column + 1)
                key = None
                continue
            if size != 2:  # a mapping (6) or a sequence (4) starts
                if event[1] is not None or event[0] is not None or depth >= max_depth:
                    raise _NeedFull  # a tag, an anchor, or the depth limit
                if not depth and not has_root:
                    mark = event[3] if size == 6 else event[2]
                    start = (mark.line + 1, mark.column + 1)
                if is_map and key is None:
                    raise _NeedFull  # a mapping or a list as a key
                stack.append((container, is_map, key, key_in_parent))
                key_in_parent = key if is_map else None
                is_map = size == 6
                container = {} if is_map else []
                key = None
                depth += 1
                continue
            # an end: the collection is complete, and a value of the one around it
            value = container
            if not value:
                empty = True
            container, is_map, key, key_in_parent = stack.pop()
            depth -= 1
            nodes += 1
            if nodes > MAX_NODES:
                raise _NeedFull
            if not depth:
                root, has_root, root_raw = value, True, ""
            elif not is_map:
                container.append(value)
            else:
                if key in container:
                    raise _NeedFull  # a repeated key: YAML002
                container[key] = value
                key = None
            continue
        cls = event.__class__
        if cls is DocumentStartEvent:
            root, has_root, name_span, empty = None, False, None, False
        elif cls is DocumentEndEvent:
            if has_root:
                if root.__class__ is dict:
                    documents.append((doc_index, root, name_span, start, empty))
                elif root is not None or root_raw:
                    raise _NeedFull  # not a mapping (`~` included): a finding
            if len(documents) > MAX_DOCUMENTS:
                raise _NeedFull
            doc_index += 1
        elif cls is not StreamStartEvent and cls is not StreamEndEvent:
            raise _NeedFull  # an alias, or anything new
    if not documents:
        raise _NeedFull  # no document: a finding
    return documents


def _plain_positions(text: str, events: Iterable[Any]) -> dict[int, dict[str, tuple[Pos | None, Pos]]]:
    """The positions of every document of a text the fast pass accepted (no tags, anchors,
    aliases, repeated or non-text keys, limits), read from events in the tuple shapes: the same
    positions as `_Composer`'s, for a fraction of its work (a test compares the two on every
    case of the YAML test suite). Document index -> pointer -> (key position, value position)."""
    by_index: dict[int, dict[str, tuple[Pos | None, Pos]]] = {}
    positions: dict[str, tuple[Pos | None, Pos]] = {}
    # per open collection: [is_map, pointer, start, end, flow, key, key position, items]
    stack: list[list[Any]] = []
    doc_index = 0
    for event in events:
        if event.__class__ is not tuple:
            cls = event.__class__
            if cls is DocumentStartEvent:
                positions = {}
            elif cls is DocumentEndEvent:
                by_index[doc_index] = positions
                doc_index += 1
            continue
        size = len(event)
        raw = None
        if size == 7:  # a scalar
            _, _, _, raw, start_mark, end_mark, style = event
            start = (start_mark.line + 1, start_mark.column + 1)
            if style == "|" or style == ">":
                end = _block_scalar_end(text, start, end_mark)
            else:
                end = (end_mark.line + 1, end_mark.column + 1)
            pos = (start[0], start[1], end[0], end[1])
            empty = not raw and not style
        elif size != 2:  # a collection starts
            mark = event[3] if size == 6 else event[2]
            start = (mark.line + 1, mark.column + 1)
            if not stack:
                pointer = ""
            else:
                parent = stack[-1]
                if parent[0]:
                    pointer = f"{parent[1]}/{escape_pointer_token(parent[5])}"
                else:
                    pointer = f"{parent[1]}/{parent[7]}"
            flow = event[5] if size == 6 else event[3]
            stack.append([size == 6, pointer, start, start, bool(flow), None, None, 0])
            continue
        else:  # a collection ends
            frame = stack.pop()
            end_mark = event[1]
            end = (end_mark.line + 1, end_mark.column + 1) if frame[4] else frame[3]
            pos = (frame[2][0], frame[2][1], end[0], end[1])
            empty = False
        if not stack:
            positions[""] = (None, pos)
            continue
        parent = stack[-1]
        if not parent[0]:  # an item
            positions[f"{parent[1]}/{parent[7]}"] = (None, pos)
            parent[7] += 1
            parent[3] = (pos[2], pos[3])
        elif parent[6] is None:  # a key
            parent[5], parent[6] = raw, pos
        else:  # a value
            key, key_pos = parent[5], parent[6]
            parent[5] = parent[6] = None
            parent[3] = (pos[2], pos[3])
            # an empty value: the parsers disagree on where it is; it is pointed at by its key
            positions[f"{parent[1]}/{escape_pointer_token(key)}"] = (key_pos, key_pos if empty else pos)
    return by_index


# --- parsing -----------------------------------------------------------------------------------

# Both parsers count these as line breaks (YAML 1.1): a comment holding one ends there, a plain
# or quoted scalar folds it into a space, a block scalar breaks its line. In YAML 1.2 they are
# ordinary characters.
_YAML11_BREAKS = "\x85\u2028\u2029"
# A `\\u` or `\\U` escape of a double-quoted scalar: the character it names is no stand-in.
_UNICODE_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")


def _stand_ins(text: str) -> tuple[str, dict[int, str] | None]:
    """The text the parsers read, and the table that turns its stand-ins back into the text's
    characters (None when there is nothing to stand in for, the common case).

    Each of U+0085, U+2028 and U+2029 the text holds is replaced by one character both parsers
    read as an ordinary one, which neither the text nor one of its `\\u` escapes holds: from the
    private use area up (over a million candidates, more than any text holds), so every stand-in
    is one code point in place of one, and lines, columns and indexes stay those of the text.
    The table is applied to every scalar, anchor and parser message (`_restored`)."""
    if "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return text, None
    taken = set(text)
    if "\\" in text:
        taken.update(chr(int(a or b, 16)) for a, b in _UNICODE_ESCAPE.findall(text) if int(a or b, 16) < 0x110000)
    forward: dict[int, str] = {}
    restore: dict[int, str] = {}
    code = 0xE000
    for special in _YAML11_BREAKS:
        if special not in taken:
            continue
        # U+FEFF is a byte order mark to ruamel's reader, U+FFFE and U+FFFF are no characters
        while chr(code) in taken or code in (0xFEFF, 0xFFFE, 0xFFFF):
            code += 1
        forward[ord(special)] = chr(code)
        restore[code] = special
        code += 1
    return text.translate(forward), restore


def _restored(events: Iterable[Any], restore: dict[int, str] | None) -> Iterable[Any]:
    """``events`` (ruamel's event objects or the fast pass's tuples) with the text's own
    characters in place of stand-ins (see `_stand_ins`); ``events`` itself when there are none."""
    if restore is None:
        return events
    return _restoring(events, restore)


def _restoring(events: Iterable[Any], restore: dict[int, str]) -> Iterator[Any]:
    for event in events:
        if event.__class__ is tuple:
            if len(event) == 7:  # a scalar: (anchor, tag, implicit, value, start, end, style)
                anchor = event[0]
                event = (anchor and anchor.translate(restore), *event[1:3], event[3].translate(restore), *event[4:])
            elif len(event) != 2 and event[0] is not None:  # a collection starts: its anchor
                event = (event[0].translate(restore), *event[1:])
        else:
            if getattr(event, "anchor", None) is not None:
                event.anchor = event.anchor.translate(restore)
            if event.__class__ is ScalarEvent:
                event.value = event.value.translate(restore)
        yield event


# libyaml ends an anchor or alias name at its first character outside these (`&a?b` is anchor `a`
# before the text `?b`, `&an:chor` anchor `an`); YAML 1.2 at a space or a flow indicator only.
_LIBYAML_NAME = re.compile(r"[0-9A-Za-z_-]*")
_TOKEN_END = " \t\r\n,[]{}"  # what ends a name or a plain scalar's first character in flow context


def _cut_name(text: str) -> bool:
    """Whether an anchor or alias at a token's start has a name libyaml would cut short."""
    for sigil in "&*":
        i = text.find(sigil)
        while i >= 0:
            if i == 0 or text[i - 1] in " \t\r\n[{,":
                end = _LIBYAML_NAME.match(text, i + 1).end()  # type: ignore[union-attr]  # `*` always matches
                if end < len(text) and text[end] not in _TOKEN_END:
                    return True
            i = text.find(sigil, i + 1)
    return False


def _question_misread(text: str) -> bool:
    """Whether a `?` starts a token and is followed by a character other than a space or a flow
    indicator, or by spaces and a `:` that is: in a flow collection YAML 1.2 reads a plain scalar
    there (`[?b]` holds the text `?b`, `{? :b}` the key `:b`), libyaml an indicator, without an
    error (elsewhere libyaml raises at such a `:`, and the pure parser decides anyway). A loop
    over the `?`s: a regex that looks behind each position costs a hundred times more."""
    i = text.find("?")
    while i >= 0:
        follower = text[i + 1 : i + 2]
        if follower and follower not in _TOKEN_END:
            j = i - 1
            while j >= 0 and text[j] in " \t":
                j -= 1
            if j < 0 or text[j] in "\r\n[{,?":
                return True
        elif follower:  # the key indicator: what does the key start with?
            k = i + 1
            while k < len(text) and text[k] in " \t\r\n":
                k += 1
            if text.startswith(":", k) and text[k + 1 : k + 2] not in ("", *_TOKEN_END):
                return True
        i = text.find("?", i + 1)
    return False


def _c_unsafe(text: str) -> bool:
    """Text libyaml may read differently from YAML 1.2 without an error, for the pure parser
    to read instead: an anchor or alias name with other characters than letters, digits, `_`
    and `-`, or a `?` that starts a plain scalar or a key `:b` (in flow context; elsewhere the
    pure parser reads it the same). Substring tests first, to spare the common file any scan.
    The other differences make libyaml raise, and the pure parser decides then anyway."""
    if "?" in text and _question_misread(text):
        return True
    return ("&" in text or "*" in text) and _cut_name(text)


def _c_events(text: str) -> Iterator[Any]:
    try:
        parser = _CParser(text)
        get = parser.get_event
        event = get()
    except Exception as exc:
        raise _ParseError(exc) from exc
    while event is not None:
        yield event
        try:
            event = get()
        except Exception as exc:
            raise _ParseError(exc) from exc


def _pure_events(text: str) -> Iterator[Any]:
    from ai_readiness import pureparse

    events = pureparse.events(text)
    while True:
        try:
            event = next(events)
        except StopIteration:
            return
        except Exception as exc:
            raise _ParseError(exc) from exc
        yield event


def _error_position(exc: BaseException, text: str) -> Pos | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
    elif isinstance(getattr(exc, "position", None), int):  # ReaderError: a character index
        line, col = _position_of(text, min(exc.position, len(text)))  # type: ignore[attr-defined]
    else:
        return None
    return line, col, line, col + 1


def _error_message(exc: BaseException, restore: dict[int, str] | None = None) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem:
        text = str(problem)
        if context:
            text = f"{text} ({context})"
        elif text == "mapping values are not allowed here":  # `intendedUse: TBD: ask legal`
            text += " (quote a text that contains ': ', or check the indentation)"
    else:
        text = str(exc).split("\n")[0] or exc.__class__.__name__
    if restore is not None:  # a stand-in as the message shows it: itself, or escaped by repr()
        text = text.translate(restore)
        for code, special in restore.items():
            text = text.replace(ascii(chr(code))[1:-1], ascii(special)[1:-1])
    return f"invalid YAML: {text}"


def compose(text: str, path: str, limits: Limits, *, pure: bool = False) -> LoadResult:
    """Documents and YAML-layer findings of one text (already decoded)."""
    parsed, restore = _stand_ins(text)
    use_c = HAS_C_PARSER and not pure and not _c_unsafe(parsed)
    try:
        if use_c:
            fast = _fast_compose_c(parsed, limits, restore)
        else:
            fast = _fast_compose(_as_tuples(_restored(_pure_events(parsed), restore)), limits)
    except (_NeedFull, _ParseError):
        pass  # the positioned pass below decides, with findings
    else:
        source = _Source(parsed, path, limits, use_c, restore)
        documents = [
            Document(index, data, None, source=source, name_span=name, start=start, plain=not empty)
            for index, data, name, start, empty in fast
        ]
        return LoadResult(documents, [], text)
    if use_c:
        composer = _Composer(parsed, path, limits)
        try:
            composer.run(_restored(_c_events(parsed), restore))
        except _ParseError:
            pass  # the pure parser decides whenever libyaml raises
        except _Stop:
            return LoadResult(composer.documents, composer.findings, text)
        else:
            return LoadResult(composer.documents, composer.findings, text)
    composer = _Composer(parsed, path, limits)
    try:
        composer.run(_restored(_pure_events(parsed), restore))
    except _Stop:
        pass
    except _ParseError as exc:
        cause = exc.cause
        composer.finding("YAML001", _error_message(cause, restore), _error_position(cause, parsed))
    return LoadResult(composer.documents, composer.findings, text)


def _too_big(path: str, size: int, limits: Limits) -> LoadResult:
    message = (
        f"the file is {size:,} bytes, over the limit of {limits.max_file_bytes:,} "
        "(limit `max-file-bytes`): it is not linted"
    )
    return LoadResult([], [_file_finding(path, message)])


def load_bytes(data: bytes, path: str, limits: Limits, *, pure: bool = False) -> LoadResult:
    if len(data) > limits.max_file_bytes:
        return _too_big(path, len(data), limits)
    if not data.strip():
        return LoadResult([], [_file_finding(path, "the file is empty: there is nothing to lint")])
    text, reason, where = decode(data)
    if text is None:
        line, col = where
        return LoadResult([], [Finding("YAML003", Severity.ERROR, reason, path, Span(line, col, line, col + 1))])
    if text.startswith("\ufeff"):
        text = text[1:]
    return compose(text, path, limits, pure=pure)


def _file_finding(path: str, message: str) -> Finding:
    return Finding("YAML003", Severity.ERROR, message, path, FILE_START)


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def load_file(fspath: str, path: str, limits: Limits) -> LoadResult:
    """Load one file, reading at most one byte more than the limit: a huge file is never read whole."""
    # A FIFO, socket or device is never opened: opening a FIFO blocks until someone writes,
    # and a device can stream forever (SPEC §9).
    if not stat.S_ISREG(os.stat(fspath).st_mode):
        message = "the file is not a regular file (a FIFO, socket or device): it is not read"
        return LoadResult([], [_file_finding(path, message)])
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
            return _too_big(path, max(size, os.fstat(fd).st_size), limits)
    finally:
        os.close(fd)
    return load_bytes(chunks[0] if len(chunks) == 1 else b"".join(chunks), path, limits)
