"""Where new keys go and how they are written, as text edits (docs/design.md, "Editing").

The rules: a new key goes after its new siblings' existing ones, its comment lines included (a
comment at the children's indentation after the last child stays with it; a shallower one belongs
to the next key); several new keys follow the order the caller gives (the schema's). A parent that
is present but missing (`key:`, `~`, `{}`, ...) is filled in place, its comment kept. A flow
collection that must take a key is rewritten in block style: the outermost flow collection around
the insertion point, each scalar and each collection off the insertion path with its original
text. An alias, or a node whose anchor an alias uses, is never edited: the change would show up
wherever the alias is.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from ai_readiness.edit.splice import Edit
from ai_readiness.edit.tree import ALIAS, COMMENTED_KEY, MAP, SCALAR, SEQ, CannotEdit, Entry, Node, Tree
from ai_readiness.loader.scalars import STR
from ai_readiness.templates import COMMENTED, Form, form_lines


class NewKey(NamedTuple):
    """A key to write: in a ``form``, or with a ``value`` (YAML text, e.g. `pilot`)."""

    name: str
    order: int
    form: Form | None = None
    value: str | None = None


def _empty(node: Node) -> bool:
    return node.kind == SCALAR and node.style is None and node.text == "" and node.end == node.start


class Writer:
    """Collects what to write into one text, then turns it into non-overlapping edits."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.parents: dict[int, tuple[Node, Entry | None]] = {}
        self.nodes: dict[int, Node] = {}
        for _, root in tree.documents:
            self._index(root)
        self.step, self.dash = _indentation(tree)
        self.added: dict[int, list[NewKey]] = {}  # per mapping: keys after its children
        self.after: dict[int, list[NewKey]] = {}  # per entry: keys right after it
        self.beneath: dict[int, list[NewKey]] = {}  # per entry: commented lines beneath it
        self.filled: dict[int, list[NewKey]] = {}  # per entry whose value is missing: its children
        self.replaced: dict[int, str] = {}  # per node: its new text
        self.entries: dict[int, Entry] = {}
        self.touched: set[int] = set()  # mappings that take keys or hold one that does

    def _index(self, root: Node) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            self.nodes[id(node)] = node
            for entry in node.entries:
                for child in (entry.key, entry.value):
                    self.parents[id(child)] = (node, entry)
                    stack.append(child)
            for item in node.items:
                self.parents[id(item)] = (node, None)
                stack.append(item)

    # -- what is there --------------------------------------------------------------------------

    def commented(self, node: Node, entry: Entry | None = None) -> set[str]:
        """The keys written as `# key:` comment lines among ``node``'s children (``entry``: the
        entry whose value ``node`` is; None for a document): at the children's indentation in a
        block mapping; deeper than the key beneath a value that is not (a missing one)."""
        tree = self.tree
        if entry is not None:
            first = tree.line_of(entry.colon if entry.colon is not None else entry.key.end) + 1
        else:
            first = tree.line_of(node.content)
        if node.kind == MAP and not node.flow and node.entries:
            column = tree.column(node.content)
            last = tree.line_of(max(self._after_children(node, column) - 1, 0))
            return tree.commented_keys(first, last, column)
        if entry is None:
            return set()
        key_column = tree.column(entry.key.start)
        found = set()
        line = tree.line_of(max(node.end, entry.key.end)) + 1
        while line < tree.line_count and not tree.boundary(line):
            if tree.blank(line):
                line += 1
                continue
            comment = tree.comment(line)
            if comment is None or comment[0] <= key_column:
                break
            match = COMMENTED_KEY.match(comment[1])
            if match:
                found.add(match.group(1))
            line += 1
        return found

    # -- what to write --------------------------------------------------------------------------

    def add(self, mapping: Node, key: NewKey, after: Entry | None = None) -> None:
        """Write ``key`` into ``mapping`` (after its children, or right after ``after``)."""
        self.editable(mapping)
        if mapping.kind != MAP:
            raise CannotEdit("a key would go into a value that is not a mapping")
        self._simple_keys(mapping)
        if after is not None:
            self.after.setdefault(id(after), []).append(key)
            self.entries[id(after)] = after
        else:
            self.added.setdefault(id(mapping), []).append(key)
        self._touch(mapping)

    def fill(self, entry: Entry, keys: list[NewKey]) -> None:
        """``entry``'s value is missing (empty, `~`, `{}`, `[]`, `""`): it becomes a mapping of ``keys``."""
        value = entry.value
        self.editable(value)
        if value.kind == ALIAS or value.tag is not None:
            raise CannotEdit("a missing value with an alias or a tag cannot be filled in")
        if value.flow and self.tree.has_comment(value):
            raise CannotEdit("a comment inside a flow collection")
        parent, _ = self.parents[id(entry.value)]
        self._simple_keys(parent)
        self.filled.setdefault(id(entry), []).extend(keys)
        self.entries[id(entry)] = entry
        self._touch(parent)

    def comment_beneath(self, entry: Entry, key: NewKey) -> None:
        """A commented example beneath ``entry`` (a typed key that is there but missing)."""
        parent, _ = self.parents[id(entry.value)]
        self.editable(parent)
        self._simple_keys(parent)
        self.beneath.setdefault(id(entry), []).append(key)
        self.entries[id(entry)] = entry
        self._touch(parent)

    def replace(self, node: Node, text: str) -> None:
        """``node``'s content (after its anchor and tag) becomes ``text`` (YAML, one line)."""
        self.editable(node)
        if node.kind == ALIAS:
            raise CannotEdit("the value is an alias")
        if node.tag is not None and node.tag != STR:
            raise CannotEdit("a tagged value cannot be changed")
        if node.flow and self.tree.has_comment(node):
            raise CannotEdit("a comment inside a flow collection")
        self.replaced[id(node)] = text

    def editable(self, node: Node) -> None:
        """Neither ``node`` nor a collection holding it is an alias or aliased, else CannotEdit."""
        aliased = self.tree.aliased
        current: Node | None = node
        while current is not None:
            if current.kind == ALIAS:
                raise CannotEdit("the place to edit is an alias (`*name`): the change would show up elsewhere too")
            if current.anchor is not None and current.anchor in aliased:
                raise CannotEdit(
                    f"the place to edit is inside '&{current.anchor}', which an alias repeats: "
                    "the change would show up there too"
                )
            parent = self.parents.get(id(current))
            current = parent[0] if parent else None

    def _simple_keys(self, mapping: Node) -> None:
        """A block mapping whose keys are all `key: value` (none written `? key`): where its
        entries end is then plain to see."""
        if mapping.flow:
            return
        text = self.tree.text
        for entry in mapping.entries:
            head = text[self.tree.line_start(self.tree.line_of(entry.key.start)) : entry.key.start]
            if entry.colon is None or "?" in head:
                raise CannotEdit("a mapping with a key written `? key`")

    def _touch(self, mapping: Node) -> None:
        current: Node | None = mapping
        while current is not None:
            self.touched.add(id(current))
            parent = self.parents.get(id(current))
            current = parent[0] if parent else None

    # -- edits ----------------------------------------------------------------------------------

    def finish(self) -> list[Edit]:
        edits: list[Edit] = []
        inserts: list[tuple[int, int, int, int, int, str]] = []  # (index, -column, rank, order, n, text)
        flows: dict[int, Node] = {}
        for node_id in self.touched:
            node = self.nodes[node_id]
            outer = self._outer_flow(node)
            if outer is not None:
                flows[id(outer)] = outer
        inside = [(f.start, f.end) for f in flows.values()]

        def in_flow(node: Node) -> bool:
            return any(start <= node.start and node.end <= end for start, end in inside)

        for mapping_id, keys in self.added.items():
            mapping = self.nodes[mapping_id]
            if in_flow(mapping):
                continue
            column = self.tree.column(mapping.content)
            index = self._after_children(mapping, column)
            for key in keys:
                inserts.append((index, -column, 2, key.order, len(inserts), self._lines(key, column)))
        for entry_id, entry in self.entries.items():
            if in_flow(entry.key):
                continue
            column = self.tree.column(entry.key.start)
            index = self.tree.line_start(self._last_line(entry) + 1)
            for key in self.beneath.get(entry_id, []):  # right beneath its key
                inserts.append((index, -column, 0, key.order, len(inserts), self._lines(key, column)))
            for key in self.after.get(entry_id, []):
                inserts.append((index, -column, 1, key.order, len(inserts), self._lines(key, column)))
            if entry_id in self.filled:
                edits += self._fill_block(entry, column, inserts)
        for node_id, text in self.replaced.items():
            node = self.nodes[node_id]
            if not in_flow(node):
                edits.append(self._replacement(node, text))
        for outer in flows.values():
            edits += self._rewrite(outer)
        merged: dict[int, list[tuple[int, int, int, int, str]]] = {}
        for index, column, rank, order, n, text in inserts:
            merged.setdefault(index, []).append((column, rank, order, n, text))
        for index, parts in merged.items():
            edits.append(self._insertion(index, "".join(text for *_, text in sorted(parts))))
        return edits

    def _lines(self, key: NewKey, column: int) -> str:
        indent = " " * column
        if key.form is not None:
            lines = form_lines(key.name, key.form, indent, " " * self.step, " " * self.dash)
        else:
            lines = [f"{indent}{key.name}: {key.value}"]
        return "".join(line + self.tree.newline for line in lines)

    def _insertion(self, index: int, text: str) -> Edit:
        """Lines inserted at the start of a line; at the end of a text without a final line
        break, the break moves before them."""
        tree = self.tree
        if index >= len(tree.text) and tree.text and tree.text[-1] not in "\r\n":
            return Edit(index, index, tree.newline + text[: -len(tree.newline)])
        return Edit(index, index, text)

    def _last_line(self, entry: Entry) -> int:
        """The last line of an entry: its value's, or, for a block scalar that keeps its final
        line breaks (`|+`), the last of those."""
        tail = entry.value
        while tail.kind in (MAP, SEQ) and not tail.flow and (tail.entries or tail.items):
            tail = tail.entries[-1].value if tail.kind == MAP else tail.items[-1]
        tree = self.tree
        if tail.kind == SCALAR and tail.style in ("|", ">") and "+" in tree.text[tail.content : tail.content + 3]:
            return tree.line_of(max(tail.raw_end - 1, tail.end))
        return tree.line_of(max(entry.value.end, entry.key.end))

    def _after_children(self, mapping: Node, column: int) -> int:
        """Where a block mapping's new keys go: after its last entry and the comment lines at
        its children's indentation (or deeper) that follow it."""
        tree = self.tree
        return tree.line_start(tree.past_comments(self._last_line(mapping.entries[-1]), column))

    def _fill_block(self, entry: Entry, column: int, inserts: list[tuple[int, int, int, int, int, str]]) -> list[Edit]:
        tree = self.tree
        value = entry.value
        edits = []
        if not _empty(value):
            if entry.colon is None:
                raise CannotEdit("a key without `:` cannot take a value")
            start = entry.colon + 1
            if value.anchor is not None:
                start = value.content
                while start > value.start and tree.text[start - 1] in " \t":
                    start -= 1
            if "#" in tree.text[start : value.content]:
                raise CannotEdit("a comment between a key and its value")
            edits.append(Edit(start, value.end, ""))
        last = tree.line_of(max(value.end, entry.key.end))
        line = last + 1
        while line < tree.line_count and not tree.boundary(line):
            comment = tree.comment(line)
            if tree.blank(line):
                line += 1
                continue
            if comment is None or comment[0] <= column:
                break
            last = line
            line += 1
        child = column + self.step
        index = tree.line_start(last + 1)
        for key in self.filled[id(entry)]:
            inserts.append((index, -child, 0, key.order, len(inserts), self._lines(key, child)))
        return edits

    def _replacement(self, node: Node, text: str) -> Edit:
        if node.content == node.end:  # no characters of its own (`key:`, or a tag alone)
            return Edit(node.end, node.end, " " + text)
        return Edit(node.content, node.end, text)

    # -- flow collections ----------------------------------------------------------------------

    def _outer_flow(self, node: Node) -> Node | None:
        outer = None
        current: Node | None = node
        while current is not None:
            if current.flow:
                outer = current
            parent = self.parents.get(id(current))
            current = parent[0] if parent else None
        return outer

    def _rewrite(self, outer: Node) -> list[Edit]:
        """``outer`` (a flow mapping) in block style, with everything written into it."""
        tree = self.tree
        text = tree.text
        parent = self.parents.get(id(outer))
        end_line = tree.line_of(outer.end)
        rest = text[outer.end : tree.line_end(end_line)]
        if rest.strip(" \t") and not rest.lstrip(" \t").startswith("#"):
            raise CannotEdit("text after a flow collection on its line")
        if parent is None:  # the document itself
            lines = self._render(outer, 0)
            head = text[tree.line_start(tree.line_of(outer.content)) : outer.content]
            if not head.strip(" \t"):
                return [Edit(tree.line_start(tree.line_of(outer.content)), outer.end, tree.newline.join(lines))]
            start = outer.content
            while text[start - 1] in " \t":
                start -= 1
            return [Edit(start, outer.end, tree.newline + tree.newline.join(lines))]
        holder, entry = parent
        if holder.flow or entry is None or entry.value is not outer:
            raise CannotEdit("a flow collection inside a list or a key")
        if entry.colon is None:
            raise CannotEdit("a key without `:` cannot take a value")
        if "#" in text[entry.colon + 1 : outer.start]:
            raise CannotEdit("a comment between a key and its value")
        column = tree.column(entry.key.start)
        lines = self._render(outer, column + self.step)
        props = text[outer.start : outer.content].strip()
        return [
            Edit(entry.colon + 1, outer.end, f" {props}" if props else ""),
            Edit(tree.line_end(end_line), tree.line_end(end_line), tree.newline + tree.newline.join(lines)),
        ]

    def _render(self, mapping: Node, column: int) -> list[str]:
        tree = self.tree
        if mapping.kind != MAP:
            raise CannotEdit("a key would go into a flow list")
        if tree.has_comment(mapping):
            raise CannotEdit("a comment inside a flow collection")
        indent = " " * column
        lines: list[str] = []
        for entry in mapping.entries:
            key = entry.key
            key_text = self._one_line(key)
            if not key_text:
                raise CannotEdit("an empty key in a flow collection")
            value = entry.value
            props = tree.text[value.start : value.content].strip() if value.kind != ALIAS else ""
            if id(entry) in self.filled:
                lines.append(f"{indent}{key_text}:{' ' + props if props else ''}")
                for new in self.filled[id(entry)]:
                    lines += self._split(self._lines(new, column + self.step))
            elif id(value) in self.touched:
                lines.append(f"{indent}{key_text}:{' ' + props if props else ''}")
                lines += self._render(value, column + self.step)
            else:
                if id(value) in self.replaced:
                    shown = (props + " " if props else "") + self.replaced[id(value)]
                else:
                    shown = self._one_line(value)
                lines.append(f"{indent}{key_text}:{' ' + shown if shown else ''}")
            for new in self.beneath.get(id(entry), []) + self.after.get(id(entry), []):
                lines += self._split(self._lines(new, column))
        for new in sorted(self.added.get(id(mapping), []), key=lambda k: k.order):
            lines += self._split(self._lines(new, column))
        return lines

    def _split(self, text: str) -> list[str]:
        return text.split(self.tree.newline)[:-1]

    def _one_line(self, node: Node) -> str:
        if id(node) in self.replaced:
            return self.replaced[id(node)]
        source = self.tree.source(node)
        if "\n" in source or "\r" in source:
            raise CannotEdit("a value written over several lines inside a flow collection")
        return source


def _indentation(tree: Tree) -> tuple[int, int]:
    """How the file indents: one level (a block mapping's children under their key), and a
    block list's dashes under their key; two spaces each when the file does not say."""
    steps: Counter[int] = Counter()
    dashes: Counter[int] = Counter()
    for _, root in tree.documents:
        stack = [root]
        while stack:
            node = stack.pop()
            for entry in node.entries:
                value = entry.value
                if not value.flow and value.kind in (MAP, SEQ) and (value.entries or value.items):
                    offset = tree.column(value.content) - tree.column(entry.key.start)
                    if value.kind == MAP and offset > 0:
                        steps[offset] += 1
                    elif (
                        value.kind == SEQ and offset >= 0 and tree.line_of(value.content) > tree.line_of(entry.key.end)
                    ):
                        dashes[offset] += 1
                stack.append(value)
            stack.extend(node.items)
    step = steps.most_common(1)[0][0] if steps else 2
    dash = dashes.most_common(1)[0][0] if dashes else step
    return step, dash


__all__ = ["COMMENTED", "NewKey", "Writer"]
