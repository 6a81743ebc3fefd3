"""Regenerate src/ai_readiness/_schemacheck.py from schemas/ai-readiness.schema.json."""

from __future__ import annotations

import sys
from pathlib import Path

from ai_readiness.schemagen import generate

TARGET = Path(__file__).resolve().parent.parent / "src" / "ai_readiness" / "_schemacheck.py"


def main() -> int:
    TARGET.write_text(generate(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
