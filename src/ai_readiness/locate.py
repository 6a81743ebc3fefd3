"""JSON pointer to line/column span, and to the text there: the only place that reads the
loader's position table."""

from __future__ import annotations

from ai_readiness.findings import Span
from ai_readiness.loader import Document
from ai_readiness.strings import escape_pointer_token


def parent_pointer(pointer: str) -> str:
    return pointer[: pointer.rfind("/")] if pointer else ""


def locate(doc: Document, pointer: str, at: str = "value") -> Span:
    """The span of ``pointer`` in ``doc``.

    ``at="key"`` asks for the key of a mapping entry (an unknown key, or the parent of a missing
    one); a list item or the document root has no key and gives its value. A pointer that does
    not exist (a missing key) gives its nearest existing parent's key (docs/design.md, "Positions").
    """
    positions = doc.positions
    entry = positions.get(pointer)
    if entry is None:
        at = "key"
        while entry is None and pointer:
            pointer = parent_pointer(pointer)
            entry = positions.get(pointer)
        if entry is None:
            return doc.start
    key, value = entry
    if not pointer:
        # The document root: its first line (the first key, for a mapping).
        first = _first_key(doc)
        return Span(*first) if first else doc.start
    chosen = key if (at == "key" and key is not None) else value
    return Span(*chosen)


def _first_key(doc: Document) -> tuple[int, int, int, int] | None:
    if not isinstance(doc.data, dict) or not doc.data:
        return None
    first = next(iter(doc.data))
    entry = doc.positions.get("/" + escape_pointer_token(first))
    return entry[0] if entry else None


def source_text(doc: Document, text: str, pointer: str) -> str | None:
    """The YAML text of the value at ``pointer`` (one line), to quote an old value as written."""
    entry = doc.positions.get(pointer)
    if entry is None or not text:
        return None
    line, col, end_line, end_col = entry[1]
    if line != end_line:
        return None
    # YAML's line breaks only: splitlines() also breaks at U+0085 and U+2028, which YAML does not
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if line - 1 >= len(lines):
        return None
    snippet = lines[line - 1][col - 1 : end_col - 1].strip()
    return snippet.strip("'\"") or None
