"""Text edits: spans of the original text and what replaces them, applied in one pass; and the
line-level description of a change that callers show (a diff) or send (an editor's text edits)."""

from __future__ import annotations

from typing import NamedTuple

from ai_readiness.edit.tree import CannotEdit


class Edit(NamedTuple):
    """Replace ``text[start:end]`` (character indexes of the original text) by ``new``; an
    insertion has ``start == end``."""

    start: int
    end: int
    new: str


def apply(text: str, edits: list[Edit]) -> str:
    """``text`` with ``edits`` applied; edits may touch, never overlap (insertions at one index
    keep their order)."""
    out = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            raise CannotEdit("two edits overlap")
        out.append(text[position : edit.start])
        out.append(edit.new)
        position = edit.end
    out.append(text[position:])
    return "".join(out)


class TextEdit(NamedTuple):
    """A change as an editor takes it: replace from (line, column) to (end line, end column),
    1-based, columns in code points, the end exclusive, by ``new``."""

    line: int
    column: int
    end_line: int
    end_column: int
    new: str


def text_edit(text: str, edit: Edit) -> TextEdit:
    """``edit`` (character indexes of ``text``) as an editor's line and column range."""

    def position(index: int) -> tuple[int, int]:
        head = text[:index]
        line = head.count("\n") + head.count("\r") - head.count("\r\n")
        start = max(head.rfind("\n"), head.rfind("\r")) + 1
        return line + 1, index - start + 1

    line, column = position(edit.start)
    end_line, end_column = position(edit.end)
    return TextEdit(line, column, end_line, end_column, edit.new)


def split_lines(text: str) -> list[str]:
    """Lines with their line breaks, split at YAML's breaks only (LF, CRLF, CR): Python's
    splitlines() also splits at U+2028, NEL and form feed."""
    lines = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char == "\n" or char == "\r":
            end = i + 2 if text.startswith("\r\n", i) else i + 1
            lines.append(text[start:end])
            start = i = end
        else:
            i += 1
    if start < n:
        lines.append(text[start:])
    return lines


def line_edits(old: str, new: str) -> list[TextEdit]:
    """The change from ``old`` to ``new`` as whole-line replacements (what a diff shows)."""
    import difflib

    a, b = split_lines(old), split_lines(new)
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            edits.append(TextEdit(i1 + 1, 1, i2 + 1, 1, "".join(b[j1:j2])))
    return edits


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff of two texts of ``path`` (`a/` and `b/` prefixes, as git writes them)."""
    import difflib

    a, b = split_lines(old), split_lines(new)
    out = []
    for line in difflib.unified_diff(a, b, f"a/{path}", f"b/{path}", lineterm="\n"):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)
