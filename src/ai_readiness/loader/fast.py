"""The fast pass: libyaml's events, built as plain tuples, composed into plain data without
positions, for the common file that deserves no finding; and the positions-only pass that fills
such a file's position table when a finding first needs it (docs/design.md, "Parsing"). It gives
up (NeedFull) on anything worth a finding, for the positioned composer to decide."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from ruamel.yaml.events import (
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

from ai_readiness.loader.document import MAX_NODES, Limits, Pos, Positions
from ai_readiness.loader.parsers import CParser, ParseError, block_scalar_end, c_events, pure_events, restored
from ai_readiness.loader.scalars import NUMBER_START, WORDS, Unrepresentable, has_surrogate, number, resolve_plain
from ai_readiness.strings import escape_pointer_token


class NeedFull(Exception):
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


def as_tuples(events: Iterable[Any]) -> Iterator[Any]:
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

# What the fast pass gives per document: (index, data, the span of metadata.name's value, where
# the document starts, whether it holds a null, an empty text or an empty collection).
FastDocument = tuple[int, dict[str, Any], Pos | None, tuple[int, int], bool]


def with_c_tuples(text: str, consume: Callable[[Iterable[Any]], _T], restore: dict[int, str] | None = None) -> _T:
    """``consume`` libyaml's events of ``text`` in the tuple shapes (see `_TUPLE_EVENTS`), with
    stand-ins restored (see `parsers.stand_ins`). The C module looks its event classes up in its own
    globals at each event: they are swapped for the read only, and swapped back whatever happens.
    A parser error is a ParseError."""
    module = sys.modules.get(CParser.__module__)
    names = module.__dict__ if module is not None else {}
    if not all(names.get(n) is c for n, c in zip(_EVENT_NAMES, _EVENT_CLASSES, strict=True)):
        return consume(as_tuples(restored(c_events(text), restore)))  # a C module that is not ruamel's
    try:
        names.update(zip(_EVENT_NAMES, _TUPLE_EVENTS, strict=True))
        return consume(restored(iter(CParser(text).get_event, None), restore))
    except (NeedFull, ParseError):
        raise
    except Exception as exc:
        raise ParseError(exc) from exc
    finally:
        names.update(zip(_EVENT_NAMES, _EVENT_CLASSES, strict=True))


# The longest text the fast pass reads. It counts no nodes and no documents: a node takes at least
# a third of a character (`?` in a flow sequence is a mapping of two empty scalars) and a document
# at least three (its `---`), so a text this long stays under MAX_NODES and MAX_DOCUMENTS. A longer
# one (only a raised `max-file-bytes` allows it) goes to the positioned composer, which counts.
MAX_CHARS = MAX_NODES // 4


def fast_compose_c(text: str, limits: Limits, restore: dict[int, str] | None = None) -> list[FastDocument]:
    """The fast pass on libyaml."""
    return with_c_tuples(text, lambda events: fast_compose(events, limits), restore)


def fast_compose(events: Iterable[Any], limits: Limits) -> list[FastDocument]:
    """Data only, no positions, for the common case: plain YAML without tags, anchors, repeated
    keys or anything else worth a finding, in a text of at most MAX_CHARS characters. Reads
    events in the tuple shapes of `_TUPLE_EVENTS` (`as_tuples` gives them). Returns (index, data,
    name span, start, whether it holds an empty value) per document; raises NeedFull for anything
    else. The same semantics as `composer.Composer`, which decides in those cases (a test
    compares the two on every case of the YAML test suite)."""
    max_depth = limits.max_depth
    documents: list[FastDocument] = []
    # The open collection's state lives in locals; the enclosing ones wait on the stack.
    stack: list[tuple[Any, bool, Any, Any]] = []
    container: Any = None
    is_map = False
    key: Any = None  # the pending key of the open mapping
    key_in_parent: Any = None  # the key the open collection sits under
    depth = 0
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
                    raise NeedFull
                if is_map and key is None:  # a key: its text, whatever it would resolve to
                    if style:
                        if style == '"' and has_surrogate(raw):
                            raise NeedFull
                    elif raw and raw[0] in NUMBER_START and resolve_plain(raw).__class__ is Unrepresentable:
                        raise NeedFull
                    key = raw
                    continue
                if not style:  # resolve_plain, spelled out: most values are text
                    value = WORDS.get(raw, raw) if raw else None
                    if value is None:
                        empty = True
                    elif value is raw and raw[0] in NUMBER_START:
                        value = number(raw)
                        cls = value.__class__
                        if cls is not int and cls is not str and (cls is Unrepresentable or value - value):
                            raise NeedFull  # too large, or an infinity or NaN: a message may quote it
                elif style == '"' and has_surrogate(raw):
                    raise NeedFull
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
                    raise NeedFull  # a repeated key: YAML002
                container[key] = value
                if key == "name" and depth == 2 and key_in_parent == "metadata":
                    if style in ("|", ">"):
                        raise NeedFull
                    name_span = (start_mark.line + 1, start_mark.column + 1, end_mark.line + 1, end_mark.column + 1)
                key = None
                continue
            if size != 2:  # a mapping (6) or a sequence (4) starts
                if event[1] is not None or event[0] is not None or depth >= max_depth:
                    raise NeedFull  # a tag, an anchor, or the depth limit
                if not depth and not has_root:
                    mark = event[3] if size == 6 else event[2]
                    start = (mark.line + 1, mark.column + 1)
                if is_map and key is None:
                    raise NeedFull  # a mapping or a list as a key
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
            if not depth:
                root, has_root, root_raw = value, True, ""
            elif not is_map:
                container.append(value)
            else:
                if key in container:
                    raise NeedFull  # a repeated key: YAML002
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
                    raise NeedFull  # not a mapping (`~` included): a finding
            doc_index += 1
        elif cls is not StreamStartEvent and cls is not StreamEndEvent:
            raise NeedFull  # an alias, or anything new
    if not documents:
        raise NeedFull  # no document: a finding
    return documents


def plain_positions(text: str, events: Iterable[Any]) -> dict[int, Positions]:
    """The positions of every document of a text the fast pass accepted (no tags, anchors,
    aliases, repeated or non-text keys, limits), read from events in the tuple shapes: the same
    positions as `composer.Composer`'s, for a fraction of its work (a test compares the two on every
    case of the YAML test suite). Document index -> pointer -> (key position, value position)."""
    by_index: dict[int, Positions] = {}
    positions: Positions = {}
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
            if style == "|" or style == ">":
                start = (start_mark.line + 1, start_mark.column + 1)
                pos = (*start, *block_scalar_end(text, start, end_mark))
            else:
                pos = (start_mark.line + 1, start_mark.column + 1, end_mark.line + 1, end_mark.column + 1)
            empty = not raw and not style
        elif size != 2:  # a collection starts
            mark = event[3] if size == 6 else event[2]
            start = (mark.line + 1, mark.column + 1)
            if not stack:
                pointer = ""
            else:
                parent = stack[-1]
                if parent[0]:
                    key = parent[5]
                    if "~" in key or "/" in key:
                        key = escape_pointer_token(key)
                    pointer = f"{parent[1]}/{key}"
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
            if "~" in key or "/" in key:
                key = escape_pointer_token(key)
            positions[f"{parent[1]}/{key}"] = (key_pos, key_pos if empty else pos)
    return by_index


class Source:
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
        self._by_index: dict[int, Positions] | None = None

    def positions(self, index: int) -> Positions:
        if self._by_index is None:
            # The same parser as the fast pass, which read the whole text without an error.
            text, restore = self.text, self.restore
            if self.use_c:
                self._by_index = with_c_tuples(text, lambda events: plain_positions(text, events), restore)
            else:
                self._by_index = plain_positions(text, as_tuples(restored(pure_events(text), restore)))
        return self._by_index[index]
