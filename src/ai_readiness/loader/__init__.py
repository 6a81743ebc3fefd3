"""Bytes to YAML documents with positions; every YAML-layer problem becomes a finding.

A file goes through these passes (docs/design.md, "Reading and decoding" and "Parsing"):

* `decoding`: the file's bytes, within the size limit, and their text;
* `parsers`: libyaml (through ruamel.yaml's C module) or ruamel.yaml's pure parser, corrected in
  `pureparse`, as events; which parser may read a text, and the stand-ins for the characters
  both misread as line breaks;
* `fast`: the common case, plain data composed from libyaml's events as tuples without positions,
  and the positions-only pass a document's first finding calls for;
* `composer`: when the fast pass gives up, data and positions in one pass, with every finding
  the YAML layer can give;
* `scalars`: what a scalar means under the YAML 1.2 core schema, for both composers;
* `document`: what loading gives (documents, positions on demand, findings) and the limits.

Nothing is built from tags and no composer recurses, so depth and alias expansion stay under the
limits before anything is built. This module is the loader's public face.
"""

from __future__ import annotations

from ai_readiness.findings import Finding
from ai_readiness.loader.decoding import read_file, text_of
from ai_readiness.loader.document import MAX_DOCUMENTS, MAX_NODES, Document, Limits, LoadResult
from ai_readiness.loader.fast import MAX_CHARS, NeedFull, Source, as_tuples, fast_compose, fast_compose_c
from ai_readiness.loader.parsers import (
    HAS_C_PARSER,
    ParseError,
    c_events,
    c_unsafe,
    error_message,
    error_position,
    pure_events,
    restored,
    stand_ins,
)
from ai_readiness.loader.scalars import MAX_INT_DIGITS

__all__ = [
    "HAS_C_PARSER",
    "MAX_DOCUMENTS",
    "MAX_INT_DIGITS",
    "MAX_NODES",
    "Document",
    "Limits",
    "LoadResult",
    "compose",
    "load_bytes",
    "load_file",
]


def load_file(fspath: str, path: str, limits: Limits) -> LoadResult:
    """Load one file (``fspath`` on disk, ``path`` as findings show it)."""
    data = read_file(fspath, path, limits)
    if isinstance(data, Finding):
        return LoadResult([], [data])
    return load_bytes(data, path, limits)


def load_bytes(data: bytes, path: str, limits: Limits, *, pure: bool = False) -> LoadResult:
    """Load a file's bytes; ``pure``: with the pure parser even where libyaml could read them."""
    text = text_of(data, path, limits)
    if isinstance(text, Finding):
        return LoadResult([], [text])
    return compose(text, path, limits, pure=pure)


def compose(text: str, path: str, limits: Limits, *, pure: bool = False) -> LoadResult:
    """Documents and YAML-layer findings of one text (already decoded). ``HAS_C_PARSER`` is read
    from this module at each call: setting it to False here takes the pure parser's path."""
    parsed, restore = stand_ins(text)
    use_c = HAS_C_PARSER and not pure and not c_unsafe(parsed)
    if len(parsed) <= MAX_CHARS:
        try:
            if use_c:
                fast = fast_compose_c(parsed, limits, restore)
            else:
                fast = fast_compose(as_tuples(restored(pure_events(parsed), restore)), limits)
        except (NeedFull, ParseError):
            pass  # the positioned pass below decides, with findings
        else:
            source = Source(parsed, path, limits, use_c, restore)
            documents = [
                Document(index, data, None, source=source, name_span=name, start=start, plain=not empty)
                for index, data, name, start, empty in fast
            ]
            return LoadResult(documents, [], text)
    from ai_readiness.loader.composer import Composer, Stop

    if use_c:
        full = Composer(parsed, path, limits)
        try:
            full.run(restored(c_events(parsed), restore))
        except ParseError:
            pass  # the pure parser decides whenever libyaml raises
        except Stop:
            return LoadResult(full.documents, full.findings, text)
        else:
            return LoadResult(full.documents, full.findings, text)
    full = Composer(parsed, path, limits)
    try:
        full.run(restored(pure_events(parsed), restore))
    except Stop:
        pass
    except ParseError as exc:
        cause = exc.cause
        full.finding("YAML001", error_message(cause, restore), error_position(cause, parsed))
    return LoadResult(full.documents, full.findings, text)
