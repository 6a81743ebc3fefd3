"""Rules about files the manifest points at."""

from __future__ import annotations

from ai_readiness.rules.base import ALWAYS_ERROR, Rule

RULES: tuple[Rule, ...] = (
    Rule(
        id="REF001",
        name="broken-path",
        policy=ALWAYS_ERROR,
        summary=(
            "A path in a path-or-url field (any value not starting with `https://`) does not "
            "exist or leaves the repository, or a `spec.paths` glob leaves the repository; in a "
            "git repository, an existing path that git does not track is a warning."
        ),
        rationale=(
            "Runbooks, evaluation reports, datasets and review evidence are what the manifest's "
            "claims rest on; a path that leads nowhere is a claim without evidence. "
            "A file that exists only on one laptop because it was never committed is missing in "
            "CI and for every reviewer. "
            "Relative paths resolve against the manifest's folder and a leading `/` against the "
            "repository root; `..` past the root and a symlink pointing outside both leave it; "
            "any other scheme (`http://`, `s3://`) is read as a path; and a `spec.paths` glob "
            "that matches no file is not reported."
        ),
        bad="""\
# services/support/ai-readiness.yaml
spec:
  failureHandling:
    runbook: ../../../runbooks/support-assistant.md
""",
        good="""\
# services/support/ai-readiness.yaml
spec:
  failureHandling:
    runbook: /docs/runbooks/support-assistant.md
""",
    ),
)
