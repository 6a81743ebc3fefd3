"""`ai-readiness lsp` without its extra: one line and exit code 2 (runs with or without pygls)."""

from __future__ import annotations

import subprocess
import sys


def test_without_the_extra_one_line_and_exit_2() -> None:
    code = "import sys; sys.modules['pygls'] = None; from ai_readiness.cli import main; sys.exit(main(['lsp']))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "ai-readiness[lsp]" in done.stderr
