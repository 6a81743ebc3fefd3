"""The versioned JSON shape (docs/design.md, "Output and escaping")."""

from __future__ import annotations

import json

from ai_readiness.engine import LintResult
from ai_readiness.reporters.common import count

VERSION = 1


def render(result: LintResult, colour: bool = False, quiet: bool = False) -> str:
    document = {
        "version": VERSION,
        "findings": [f.as_dict() for f in result.findings],
        "files": [{"path": f.path, "systems": [s.as_dict() for s in f.systems]} for f in result.files],
        "summary": count(result).as_dict(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
