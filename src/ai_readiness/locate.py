"""JSON pointer to line/column span: the only place that reads the loader's position table."""

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
