"""The positioned composer: parser events to documents with data and positions in one pass, with
an explicit stack, judging everything the fast pass gives up on: YAML002 (a repeated key), YAML003
(limits, unsupported tags, a document that is not a mapping), YAML001 (bad aliases, lone
surrogates) and SCHEMA001 for a key that is a collection (docs/design.md, "Parsing"). Imported
only when the fast pass gives up."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

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

from ai_readiness.findings import FILE_START, Finding, Severity, Span
from ai_readiness.loader.document import MAX_DOCUMENTS, MAX_NODES, Document, Limits, Pos, Positions
from ai_readiness.loader.parsers import block_scalar_end
from ai_readiness.loader.scalars import (
    CORE,
    EXPLICIT,
    MAP,
    SEQ,
    STR,
    Unrepresentable,
    float_value,
    has_surrogate,
    resolve_plain,
)
from ai_readiness.strings import escape_pointer_token, shorten


class Stop(Exception):
    """A limit was hit: the rest of the file is not read (YAML003)."""


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


class Composer:
    """Events to documents; findings for duplicate keys, tags, limits and aliases."""

    def __init__(self, text: str, path: str, limits: Limits) -> None:
        self.text = text
        self.path = path
        self.limits = limits
        self.documents: list[Document] = []
        self.findings: list[Finding] = []
        self.doc_index = 0
        self._positions: Positions = {}
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
                    end = block_scalar_end(self.text, start, em)
                else:
                    end = (em.line + 1, em.column + 1)
                pos = (start[0], start[1], end[0], end[1])
                if style == '"' and has_surrogate(raw):
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
                    raise Stop
                tag = event.tag
                is_map = cls is MappingStartEvent
                start = (sm.line + 1, sm.column + 1)
                if tag is not None and tag != "!" and tag != (MAP if is_map else SEQ):
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
                    raise Stop
                value, size, _ = target
                expanded += size
                if expanded > limits.max_alias_nodes:
                    self.finding(
                        "YAML003",
                        f"aliases expand to more than {limits.max_alias_nodes} nodes: the file is "
                        "not linted (limit `max-alias-nodes`)",
                        pos,
                    )
                    raise Stop
                anchor = None
            elif cls is DocumentStartEvent:
                positions: Positions = {}
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
                if isinstance(value, Unrepresentable):
                    self._invalid[pointer] = value.why
                    continue
                if value.__class__ is float and cls is ScalarEvent and not math.isfinite(value):
                    self._written[pointer] = raw
                parent.value[key] = value
            else:
                pointer = f"{parent.pointer}/{len(parent.value)}"
                self._positions[pointer] = (None, pos)
                parent.end = (pos[2], pos[3])
                if isinstance(value, Unrepresentable):
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
            raise Stop from None

    def _too_many(self, what: str, pos: Pos) -> None:
        """A file over MAX_NODES or MAX_DOCUMENTS: one finding, nothing of it linted."""
        self.documents.clear()
        self.findings.clear()
        self.finding("YAML003", f"the file holds more than {what}: it is not linted (a manifest holds a few)", pos)
        raise Stop

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
        shown = shorten("!!" + tag[len(CORE) :] if tag.startswith(CORE) else tag)
        self.finding(
            "YAML003",
            f"unsupported tag '{shown}': only the YAML 1.2 core tags are read; the value is taken as untagged",
            pos,
            self._child_pointer(stack),
        )

    def _tagged_scalar(self, tag: str, raw: str, pos: Pos, stack: list[_Frame]) -> Any:
        if tag == STR:
            return raw
        expected = EXPLICIT.get(tag)
        if expected is None:
            self._unsupported_tag(tag, pos, stack)
            return raw
        if expected is float:  # the core schema's float forms, which take in decimal integers
            value = float_value(raw)
        else:
            value = resolve_plain(raw) if raw else None
            if value.__class__ is Unrepresentable:
                return value  # an integer too large: a SCHEMA001, as when it is untagged
        if type(value) is not expected:
            self.finding(
                "YAML003",
                f"'{raw[:40]}' is not a valid '!!{tag[len(CORE) :]}' value; it is taken as text",
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
