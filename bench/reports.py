"""Report files of many repositories, for the benchmark's merge rows and the tests of `report
--merge` at scale (tests/test_report_merge.py loads this file by path). Standard library only.

A *template* is a real report (`report --format json`) of a repository holding a mix of systems:
the bundled production, prototype and bad examples, `init` starters at pilot and production (full
of placeholders and missing keys, so many gaps), and a production system with an exception ending
soon and reviews falling due. `write_reports` copies its systems into ``repositories`` report files
of ``systems`` systems each, every repository with its own name, address, commit and date.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
TODAY = "2026-11-28"

CODEOWNERS = "* @acme/support-ml @acme/legal-engineering @acme/payments @acme/ml\n"

WAIVED = """\
  exceptions:
    - {rule: EVAL009, reason: "Red-team exercise booked for December.", approvedBy: "@acme/ciso", expires: 2026-12-10}
    - {rule: SEC001, reason: "Security evidence is being re-filed.", approvedBy: "@acme/ciso", expires: 2026-11-20}
"""

# run(args, cwd): the CLI, in this process or as a subprocess; returns standard output
Run = Callable[[list[str], Path], str]


def _git(repo: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_AUTHOR_DATE": "2026-11-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2026-11-01T12:00:00+00:00"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def template(run: Run, repo: Path) -> dict[str, Any]:
    """The report of a git repository built at ``repo`` (an empty folder)."""
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.name", "Bench")
    _git(repo, "config", "user.email", "bench@example.com")
    _git(repo, "config", "commit.gpgsign", "false")
    text = (EXAMPLES / "production" / "ai-readiness.yaml").read_text(encoding="utf-8")
    for name in ("production", "prototype", "bad"):
        folder = repo / "services" / name
        folder.mkdir(parents=True)
        source = EXAMPLES / name
        for item in source.rglob("*"):
            if item.is_file():
                target = folder / item.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(item.read_bytes())
    waived = repo / "services" / "waived"
    waived.mkdir(parents=True)
    manifest = text.replace("support-answer-assistant", "support-triage").replace(
        "evidence: docs/reviews/launch.md}", "evidence: docs/reviews/launch.md, expires: 2026-12-12}"
    )
    manifest = manifest.replace(": docs/", ": /services/production/docs/").replace(
        ": eval/", ": /services/production/eval/"
    )
    (waived / "ai-readiness.yaml").write_text(manifest + WAIVED, encoding="utf-8")
    for stage, kind in (("pilot", "llm-feature"), ("production", "agent"), ("pilot", "rag-assistant")):
        folder = repo / "services" / f"starter-{stage}-{kind}"
        run(["init", str(folder), "--stage", stage, "--type", kind, "--owner", "@acme/ml"], repo)
    (repo / ".github").mkdir(exist_ok=True)
    (repo / ".github" / "CODEOWNERS").write_text(CODEOWNERS, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "systems")
    document: dict[str, Any] = json.loads(run(["report", "--format", "json", "--today", TODAY], repo))
    return document


def write_reports(template: dict[str, Any], folder: Path, repositories: int = 500, systems: int = 20) -> list[Path]:
    """``repositories`` report files under ``folder``, ``systems`` systems each, made of the
    template's systems under new names and paths, written as `report` writes them (indented)."""
    folder.mkdir(parents=True, exist_ok=True)
    pool = []
    for system in template["systems"]:  # each as JSON text with its path and name as blanks to fill
        old_path, old_name = system["path"], system.get("name")
        text = json.dumps(system, indent=2, ensure_ascii=False).replace("{", "{{").replace("}", "}}")
        text = text.replace(json.dumps(old_path), '"{path}"')
        if old_name:
            text = text.replace(f'"name": {json.dumps(old_name)}', '"name": "{name}"')
        pool.append((text, old_path.split("/")[-2], old_name))
    paths = []
    for r in range(repositories):
        name = f"acme/service-{r:03d}"
        head = {
            "version": 1,
            "repository": {
                "name": name,
                "url": f"https://github.com/{name}",
                "commit": hashlib.sha1(name.encode()).hexdigest(),
            },
            "date": f"2026-11-{28 - r % 7:02d}",
            "exceptionExpiryNotice": template.get("exceptionExpiryNotice"),
        }
        texts = []
        for s in range(systems):
            text, folder_name, old_name = pool[(r + s) % len(pool)]
            system = text.format(
                path=f"teams/team-{s:02d}/{folder_name}/ai-readiness.yaml", name=f"{old_name}-{r:03d}-{s:02d}"
            )
            texts.append("    " + system.replace("\n", "\n    "))
        body = json.dumps(head, indent=2, ensure_ascii=False)[:-2]
        document = body + ',\n  "systems": [\n' + ",\n".join(texts) + "\n  ]\n}\n"
        path = folder / f"{r:03d}-{name.replace('/', '-')}.json"
        path.write_text(document, encoding="utf-8")
        paths.append(path)
    return paths
