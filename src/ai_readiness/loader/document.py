"""What loading gives: a file's documents (data, and positions on demand), its YAML-layer
findings, and the limits that bound the work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ai_readiness.findings import Finding, Span

if TYPE_CHECKING:
    from ai_readiness.loader.fast import Source


class Limits(NamedTuple):
    """YAML003's limits (configurable in ``[tool.ai-readiness.limits]``)."""

    max_file_bytes: int = 1_048_576
    max_depth: int = 64
    max_alias_nodes: int = 100_000


# Composed nodes and documents per file. The default size limit (1 MiB) holds at most about
# 530,000 nodes (two bytes each, `[1,1,...]`) and 175,000 documents (six bytes each, `--- a`), so
# only a raised `max-file-bytes` meets these. A node costs a few hundred bytes of positions and
# data, a document a few kilobytes with its findings: memory stays under a gigabyte whatever the
# size limit. A file over either is one YAML003 and is not linted, never a silent stop.
MAX_NODES = 1_000_000
MAX_DOCUMENTS = 200_000

# A span: 1-based (line, column, end line, end column), the end exclusive. A node's entry in a
# position table is (its key's span or None, its value's span).
Pos = tuple[int, int, int, int]
Positions = dict[str, tuple[Pos | None, Pos]]


class Document:
    """One YAML document that is a mapping: its data and, on demand, the positions of its nodes.

    Most documents have no finding, so the common path composes data only (the fast pass); the
    first question about a position reads the file again for positions (see `fast.Source`).
    """

    __slots__ = ("_positions", "_source", "data", "index", "invalid", "name_span", "plain", "start_pos", "written")

    def __init__(
        self,
        index: int,
        data: Any,
        positions: Positions | None,
        invalid: dict[str, str] | None = None,
        written: dict[str, str] | None = None,
        *,
        source: Source | None = None,
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
        # are absent from ``data`` and become SCHEMA001 findings (docs/design.md, "Parsing").
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
    def positions(self) -> Positions:
        if self._positions is None:
            assert self._source is not None
            self._positions = self._source.positions(self.index)
        return self._positions

    @property
    def start(self) -> Span:
        line, column = self.start_pos
        return Span(line, column, line, column)


class LoadResult:
    """A file's documents, its YAML-layer findings, and its text (None when it was not read)."""

    __slots__ = ("documents", "findings", "text")

    def __init__(self, documents: list[Document], findings: list[Finding], text: str | None = None) -> None:
        self.documents = documents
        self.findings = findings
        self.text = text
