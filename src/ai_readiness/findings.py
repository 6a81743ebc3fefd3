"""The one record every layer speaks: a positioned finding."""

from __future__ import annotations

import enum
from typing import Any, NamedTuple


class Severity(enum.IntEnum):
    """Finding severities; the order is what `--fail-on` compares."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


class Span(NamedTuple):
    """A 1-based start and exclusive end (line, column); columns count code points."""

    line: int
    column: int
    end_line: int
    end_column: int


FILE_START = Span(1, 1, 1, 1)


class Finding(NamedTuple):
    rule: str
    severity: Severity
    message: str
    path: str
    span: Span
    pointer: str = ""
    document: int = 0
    suppressed: dict[str, Any] | None = None

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple[str, int, int, str, int, int, str]:
        # path, line, column, rule; ties by end line, end column, message (docs/design.md,
        # "Positions"): the order never depends on how the files were spread over processes.
        s = self.span
        return (self.path, s.line, s.column, self.rule, s.end_line, s.end_column, self.message)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of a finding (docs/design.md, "Output and escaping"; key order is part of
        the contract)."""
        s = self.span
        return {
            "rule": self.rule,
            "severity": self.severity.label,
            "message": self.message,
            "path": self.path,
            "line": s.line,
            "column": s.column,
            "endLine": s.end_line,
            "endColumn": s.end_column,
            "pointer": self.pointer,
            "document": self.document,
            "suppressed": self.suppressed,
        }
