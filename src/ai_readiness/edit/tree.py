"""Where each node of a text is: the edit tree that edits are spliced by (docs/design.md, "Editing").

The loader's position table holds spans for findings; an edit needs more: character indexes,
whether a collection is written in flow or block style, where a key's `:` is, the anchors and
aliases, and which lines are comments. The tree is read from the same parsers the loader uses, on
the same text (with the same stand-ins), and only when a file is edited.
"""

from __future__ import annotations

import bisect
import re
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
)

from ai_readiness.loader.parsers import HAS_C_PARSER, ParseError, c_events, c_unsafe, pure_events, restored, stand_ins
from ai_readiness.loader.scalars import resolve_plain

MAP, SEQ, SCALAR, ALIAS = "map", "seq", "scalar", "alias"
_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*")
# A commented-out key, as init and promote write it: `# key: value  # note`
COMMENTED_KEY = re.compile(r"#\s*([A-Za-z_$][\w$-]*)\s*:(?:\s|$)")


def _empty(node: Node) -> bool:
    """An empty plain scalar without anchor or tag (a missing value: `key:`)."""
    return node.kind == SCALAR and node.text == "" and node.style is None and node.tag is None and node.anchor is None


class CannotEdit(Exception):
    """The text cannot be edited safely here: the message says why, in a user's words."""


class Node:
    """One node: ``start`` includes its anchor and tag, ``content`` is where its own text starts,
    ``end`` is just past its last character (a block scalar: its last non-blank one), ``raw_end``
    the parser's end (a block scalar's trailing line breaks included)."""

    __slots__ = (
        "anchor",
        "content",
        "end",
        "entries",
        "flow",
        "items",
        "kind",
        "raw_end",
        "start",
        "style",
        "tag",
        "text",
    )

    def __init__(self, kind: str, start: int, content: int, *, flow: bool = False) -> None:
        self.kind = kind
        self.start = start
        self.content = content
        self.end = content
        self.raw_end = content
        self.flow = flow
        self.style: str | None = None  # a scalar's: None (plain), "'", '"', "|" or ">"
        self.anchor: str | None = None
        self.tag: str | None = None
        self.text = ""  # a scalar's value as the parser gives it; an alias's anchor name
        self.entries: list[Entry] = []
        self.items: list[Node] = []

    @property
    def value(self) -> Any:
        """A scalar's data under the YAML 1.2 core schema (a tagged scalar: its text)."""
        if self.kind != SCALAR:
            return None
        if self.style is None and self.tag is None:
            return resolve_plain(self.text)
        return self.text

    def get(self, key: str) -> Entry | None:
        for entry in self.entries:
            if entry.key.kind == SCALAR and entry.key.text == key:
                return entry
        return None


class Entry:
    """A mapping entry: its key, its value, and the index of the `:` between them (None when the
    key is explicit, `? key`, or has no value indicator, `{a}`)."""

    __slots__ = ("colon", "key", "value")

    def __init__(self, key: Node, value: Node, colon: int | None) -> None:
        self.key = key
        self.value = value
        self.colon = colon


class Tree:
    """The documents of one text (index as the loader counts them, root node) and its lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        i, n = 0, len(text)
        find = text.find
        while True:  # YAML's line breaks only: LF, CRLF and CR
            lf, cr = find("\n", i), find("\r", i)
            if lf < 0 and cr < 0:
                break
            if cr >= 0 and (lf < 0 or cr < lf):
                i = cr + 2 if text.startswith("\r\n", cr) else cr + 1
            else:
                i = lf + 1
            starts.append(i)
            if i >= n:
                break
        self.starts = starts
        first = re.search(r"\r\n|\r|\n", text)
        self.newline = first.group() if first else "\n"
        self.documents: list[tuple[int, Node]] = []
        self.aliased: set[str] = set()  # anchors some alias refers to
        self.multiline: list[tuple[int, int]] = []  # scalars over several lines: their lines are no comments
        self._build()

    # -- lines ----------------------------------------------------------------------------------

    def line_of(self, index: int) -> int:
        """The 0-based line that holds ``index``."""
        return bisect.bisect_right(self.starts, index) - 1

    def line_start(self, line: int) -> int:
        return self.starts[line] if line < len(self.starts) else len(self.text)

    def line_end(self, line: int) -> int:
        """Where ``line``'s content ends (its line break, or the end of the text)."""
        nxt = self.line_start(line + 1)
        text = self.text
        if nxt > self.line_start(line) and text[nxt - 1 : nxt] == "\n":
            nxt -= 1
            if text[nxt - 1 : nxt] == "\r" and nxt > self.line_start(line):
                nxt -= 1
        elif nxt > self.line_start(line) and text[nxt - 1 : nxt] == "\r":
            nxt -= 1
        return nxt

    @property
    def line_count(self) -> int:
        return len(self.starts) if self.starts[-1] < len(self.text) else len(self.starts) - 1

    def line_text(self, line: int) -> str:
        return self.text[self.line_start(line) : self.line_end(line)]

    def column(self, index: int) -> int:
        return index - self.starts[self.line_of(index)]

    def in_scalar(self, line: int) -> bool:
        """Whether ``line`` starts inside a scalar written over several lines."""
        start = self.line_start(line)
        i = bisect.bisect_right(self.multiline, (start, len(self.text) + 1)) - 1
        return i >= 0 and self.multiline[i][0] < start < self.multiline[i][1]

    def comment(self, line: int) -> tuple[int, str] | None:
        """(indentation, text) of a line that holds only a comment, else None."""
        text = self.line_text(line)
        stripped = text.lstrip(" \t")
        if not stripped.startswith("#") or self.in_scalar(line):
            return None
        return len(text) - len(stripped), stripped

    def blank(self, line: int) -> bool:
        return not self.line_text(line).strip(" \t") and not self.in_scalar(line)

    def boundary(self, line: int) -> bool:
        """A document marker (`---`, `...`) at the start of ``line``."""
        text = self.line_text(line)
        return text[:3] in ("---", "...") and text[3:4] in ("", " ", "\t") and not self.in_scalar(line)

    def past_comments(self, line: int, column: int) -> int:
        """The line after ``line`` and the comment lines at ``column`` or deeper that follow it
        (blank lines between them included): where keys written after ``line`` go."""
        last = line
        line += 1
        while line < self.line_count and not self.boundary(line):
            if self.blank(line):
                line += 1
                continue
            comment = self.comment(line)
            if comment is None or comment[0] < column:
                break
            last = line
            line += 1
        return last + 1

    # -- building -------------------------------------------------------------------------------

    def _index(self, mark: Any) -> int:
        return self.starts[mark.line] + mark.column if mark.line < len(self.starts) else len(self.text)

    def _content_start(self, start: int) -> int:
        """Past a node's anchor and tag (and the space, line breaks and comments after them)."""
        text = self.text
        i = start
        while i < len(text) and text[i] in "&!":
            while i < len(text) and text[i] not in " \t\r\n":
                i += 1
            while i < len(text):
                if text[i] in " \t\r\n":
                    i += 1
                elif text[i] == "#":
                    while i < len(text) and text[i] not in "\r\n":
                        i += 1
                else:
                    break
        return i

    def _build(self) -> None:
        parsed, restore = stand_ins(self.text)
        events: Any
        if HAS_C_PARSER and not c_unsafe(parsed):
            try:
                events = list(restored(c_events(parsed), restore))
            except ParseError:
                events = None
        else:
            events = None
        if events is None:
            try:
                events = list(restored(pure_events(parsed), restore))
            except ParseError as exc:
                raise CannotEdit("the text is not valid YAML") from exc
        self._compose(events)

    def _compose(self, events: list[Any]) -> None:
        stack: list[Node] = []
        pending: list[Node | None] = []  # per open mapping: its key waiting for a value
        root: Node | None = None
        doc_index = 0
        text = self.text
        for event in events:
            cls = event.__class__
            if cls is DocumentStartEvent:
                root = None
                continue
            if cls is DocumentEndEvent:
                if root is not None and root.kind == MAP:
                    self.documents.append((doc_index, root))
                doc_index += 1
                continue
            if cls is MappingStartEvent or cls is SequenceStartEvent:
                start = self._index(event.start_mark)
                node = Node(MAP if cls is MappingStartEvent else SEQ, start, 0, flow=bool(event.flow_style))
                node.content = self._content_start(start)
                node.anchor, node.tag = event.anchor, event.tag
                stack.append(node)
                pending.append(None)
                continue
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                node = stack.pop()
                pending.pop()
                if node.flow:
                    node.end = node.raw_end = self._index(event.end_mark)
                else:
                    children = [e.value for e in node.entries] if node.kind == MAP else node.items
                    if node.entries:
                        node.content = node.entries[0].key.start
                    node.end = children[-1].end if children else node.content
                    node.raw_end = children[-1].raw_end if children else node.content
            elif cls is ScalarEvent:
                start = self._index(event.start_mark)
                raw_end = self._index(event.end_mark)
                node = Node(SCALAR, start, start)
                node.style = event.style or None
                node.anchor, node.tag = event.anchor, event.tag
                node.text = event.value
                node.raw_end = raw_end
                if node.style in ("|", ">"):
                    node.content = self._content_start(start)
                    header = _BLOCK_HEADER.match(text, node.content)
                    header_end = header.end() if header else node.content + 1
                    end = raw_end
                    while end > header_end and text[end - 1] in " \t\r\n":
                        end -= 1
                    node.end = end if node.text else header_end
                elif node.text == "" and node.style is None:
                    node.content = node.end = raw_end  # no characters of its own
                else:
                    node.content = self._content_start(start)
                    node.end = raw_end
                if node.raw_end > node.content and self.line_of(node.content) != self.line_of(node.raw_end):
                    self.multiline.append((node.content, node.raw_end))
            elif cls is AliasEvent:
                start = self._index(event.start_mark)
                node = Node(ALIAS, start, start)
                node.end = node.raw_end = self._index(event.end_mark)
                node.text = event.anchor
                self.aliased.add(event.anchor)
            else:
                continue
            if not stack:
                root = node
                continue
            parent = stack[-1]
            if parent.kind == SEQ:
                if not parent.flow and _empty(node):
                    node.start = node.content = node.end = node.raw_end = self._after(parent, "-")
                parent.items.append(node)
            elif pending[-1] is None:
                pending[-1] = node
            else:
                key = pending[-1]
                assert key is not None
                pending[-1] = None
                colon = self._colon(key)
                if colon is not None and _empty(node):
                    node.start = node.content = node.end = node.raw_end = colon + 1  # an empty value
                parent.entries.append(Entry(key, node, colon))
        self.multiline.sort()

    def _colon(self, key: Node) -> int | None:
        text = self.text
        i = key.end
        while i < len(text) and text[i] in " \t":
            i += 1
        return i if text[i : i + 1] == ":" else None

    def _after(self, parent: Node, indicator: str) -> int:
        """Just past the last ``indicator`` before the end of ``parent``'s last item (an empty
        item: where its dash is)."""
        text = self.text
        start = parent.items[-1].end if parent.items else parent.content
        i = text.find(indicator, start)
        return i + 1 if i >= 0 else start

    # -- questions editors ask ------------------------------------------------------------------

    def root(self, document: int) -> Node | None:
        for index, node in self.documents:
            if index == document:
                return node
        return None

    def source(self, node: Node) -> str:
        """The text of ``node`` as written (anchor and tag included)."""
        return self.text[node.start : node.end]

    def has_comment(self, node: Node) -> bool:
        """Whether a flow collection holds a comment between its tokens."""
        children: list[Node] = []
        for entry in node.entries:
            children += [entry.key, entry.value]
        children += node.items
        gaps = []
        position = node.content + 1
        for child in sorted(children, key=lambda c: c.start):
            gaps.append(self.text[position : child.start])
            position = max(position, child.end)
        gaps.append(self.text[position : node.end])
        return any("#" in gap for gap in gaps)

    def commented_keys(self, first_line: int, last_line: int, indent: int) -> set[str]:
        """The keys written as `# key:` comment lines at ``indent``, from ``first_line`` to
        ``last_line`` (inclusive)."""
        found = set()
        for line in range(first_line, last_line + 1):
            comment = self.comment(line)
            if comment is not None and comment[0] == indent:
                match = COMMENTED_KEY.match(comment[1])
                if match:
                    found.add(match.group(1))
        return found
