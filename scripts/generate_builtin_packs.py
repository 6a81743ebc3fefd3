"""Regenerate src/ai_readiness/builtin/_parsed.json, the built-in packs parsed ahead (packs.py)."""

from __future__ import annotations

import sys

from ai_readiness.packs import PARSED, parsed_builtin_packs


def main() -> int:
    PARSED.write_text(parsed_builtin_packs(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
