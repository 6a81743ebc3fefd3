"""Rules about the manifest as a record: unfinished text, review cadence, unique names."""

from __future__ import annotations

from ai_readiness.rules.base import ALWAYS_ERROR, WARN_THEN_ERROR, Rule

RULES: tuple[Rule, ...] = (
    Rule(
        id="META001",
        name="placeholder-text",
        policy=WARN_THEN_ERROR,
        summary=(
            "A string value anywhere in the document still holds placeholder text: one of the "
            "whole words TODO, TBD, FIXME or XXX in any case, a phrase in angle brackets such as "
            '`<team name>`, or "lorem ipsum".'
        ),
        rationale=(
            "A placeholder satisfies the stage gate without answering the question, so a reviewer "
            "can approve a launch whose intended use, fallback or owner is still unknown. "
            "`ai-readiness init` writes `<...>` placeholders at pilot and production on purpose, "
            "so that each unanswered field stays visible until someone fills it in. "
            "Only string values are searched (keys and comments are not), the words match only "
            'as whole words (`TODOS` or `todolist` do not match), and "lorem ipsum" matches in '
            "any case."
        ),
        bad="""\
metadata:
  name: support-answer-assistant
  description: TBD
spec:
  stage: pilot
  purpose:
    intendedUse: <what the system is for>
""",
        good="""\
metadata:
  name: support-answer-assistant
  description: Drafts replies to support tickets for human agents.
spec:
  stage: pilot
  purpose:
    intendedUse: Draft answers to support tickets from help-centre articles.
""",
    ),
    Rule(
        id="META002",
        name="review-overdue",
        policy=WARN_THEN_ERROR,
        summary=(
            "The periodic review is overdue: `review.lastReviewed` plus `review.cadence` is "
            "before today; a `review.lastReviewed` date in the future is an error at any stage."
        ),
        rationale=(
            "Models, prompts, data and regulations change after launch, and the recurring review "
            "is where the owners confirm that the manifest still describes the running system. "
            "An overdue review means the declared readiness is no longer vouched for; a review "
            "dated in the future is a typo or a claim made in advance. "
            "Overdue is judged only when both `lastReviewed` and `cadence` are declared (from "
            "pilot STAGE001 reports either one missing), a review due today is not overdue, and "
            "the future-date check needs only `lastReviewed`."
        ),
        bad="""\
spec:
  stage: production
  review:
    lastReviewed: 2026-05-04   # due 2026-08-02
    cadence: P90D
""",
        good="""\
spec:
  stage: production
  review:
    lastReviewed: 2026-10-19   # due 2027-01-17
    cadence: P90D
""",
    ),
    Rule(
        id="META003",
        name="duplicate-name",
        policy=ALWAYS_ERROR,
        summary=(
            "Two documents in the repository share `metadata.name`; every manifest of the "
            "repository is compared (as folder discovery finds them, minus `exclude`), not only "
            "the files being linted, and the finding is at the name, naming the other file and "
            "line."
        ),
        rationale=(
            "The name is the system's identity: reports, the catalogue and the pull-request "
            "checks (which match a system with its earlier version by name) all rely on it. "
            "Two documents with one name make it unclear which owners, gates and history belong "
            "to which system, typically after a manifest was copied as a template. "
            "The whole repository is read because pre-commit passes only the changed files; each "
            "linted document with a shared name gets one finding, naming the first other "
            "occurrence by path and line, and documents of the same file are compared too."
        ),
        bad="""\
# services/support/ai-readiness.yaml
metadata:
  name: support-answer-assistant
# services/sales/ai-readiness.yaml also has:
#   metadata:
#     name: support-answer-assistant
""",
        good="""\
# services/support/ai-readiness.yaml
metadata:
  name: support-answer-assistant
# services/sales/ai-readiness.yaml has:
#   metadata:
#     name: sales-answer-assistant
""",
        scope="repository",
    ),
)
