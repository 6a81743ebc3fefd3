"""Regenerate docs/rules.md and the README's rule table from the rule registry."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ai_readiness.docs import rules_markdown, rules_reference

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def readme_with_table(readme: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(readme):
        raise SystemExit(f"README.md lacks the {START} … {END} markers")
    return pattern.sub(lambda _: f"{START}\n{rules_markdown()}{END}", readme)


def main() -> int:
    readme = ROOT / "README.md"
    readme.write_text(readme_with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
    (ROOT / "docs" / "rules.md").write_text(rules_reference(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
