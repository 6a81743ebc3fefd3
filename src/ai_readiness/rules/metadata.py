"""Rules about the manifest as a record: unfinished text, review cadence, unique names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import ALWAYS_ERROR, BY_POINTER, ERROR, WARN_THEN_ERROR, Hit, Rule, RunHit
from ai_readiness.rules.common import date_of, duration_of, quoted
from ai_readiness.strings import escape_pointer_token

if TYPE_CHECKING:
    from ai_readiness.context import DocContext, RunContext


# META001's placeholders, in one pass over each string (docs/rules.md, META001):
# * TODO, TBD, FIXME, XXX as whole words in any case (`\b`: `TODO:` and `todo-list` match,
#   `TODOS`, `todo_list` and `xxxx` do not);
# * a phrase in angle brackets: `<` and `>` hug text on one line that neither starts with a blank
#   or `=` nor ends with a blank, and `<` does not follow a letter or digit, so `a < b and c > d`,
#   `a<b and b>c`, `List<String>` and `<= 0.5` are not placeholders; a phrase
#   is words, so text with a digit, an `@` or `://` is not one either: ticket ids (`<PLAT-12>`),
#   e-mail addresses and links written in angle brackets are real values;
# * "lorem ipsum" in any case, with any blanks between the words.
_PLACEHOLDER = re.compile(
    r"\b(?:todo|tbd|fixme|xxx)\b"
    r"|(?<!\w)<(?![^<>\n]*://)[^\s<>=\d@][^<>\n\d@]*(?<=\S)>"
    r"|\blorem\s+ipsum\b",
    re.IGNORECASE,
)

# A superset of _PLACEHOLDER's matches that C code finds fast: substring tests for the words and a
# regex with a literal first character for the brackets (the full pattern is ten times slower).
_WORDS = ("todo", "tbd", "fixme", "xxx", "lorem")

_BRACKETS = re.compile(r"<[^\s<>=\d@][^<>\n\d@]*>")


def placeholder_in(text: str) -> str | None:
    """The placeholder META001 finds in ``text``, if any (`init` refuses such values)."""
    match = _PLACEHOLDER.search(text)
    return match.group() if match else None


def _may_hold_placeholder(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _WORDS) or _BRACKETS.search(text) is not None


def _sieve(ctx: DocContext) -> bool:
    """_may_hold_placeholder of the file's text, once per file (not once per document)."""
    seen = ctx.cache.get("meta001-sieve")
    if seen is None or seen[0] is not ctx.text:
        seen = ctx.cache["meta001-sieve"] = (ctx.text, _may_hold_placeholder(ctx.text))
    return bool(seen[1])


def _readable(tokens: tuple[str | int, ...]) -> str:
    """A document location as a product owner reads it: `spec.purpose.outOfScope[1]`."""
    out = ""
    for token in tokens:
        out += f"[{token}]" if isinstance(token, int) else (f".{token}" if out else token)
    return out


def placeholder_text(ctx: DocContext) -> Iterator[Hit]:
    """META001: one finding per string value holding placeholder text, anywhere in the document.

    The walk uses an explicit stack, so no nesting (the loader caps it at `max-depth`) can
    exhaust Python's recursion limit; keys are never searched, list items and every section
    (metadata, `x-` extensions, exceptions) are.
    """
    # The file's text is a cheap first sieve: no candidate anywhere means no value holds one. A
    # backslash may hide a placeholder in an escape sequence, so then the values decide alone.
    if ctx.text and "\\" not in ctx.text and not _sieve(ctx):
        return
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), ctx.data)]
    found: list[tuple[tuple[str | int, ...], str]] = []
    while stack:
        tokens, value = stack.pop()
        if isinstance(value, str):
            match = _PLACEHOLDER.search(value)
            if match:
                found.append((tokens, match.group()))
        elif isinstance(value, dict):
            stack.extend(((*tokens, key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*tokens, index), item) for index, item in enumerate(value))
    # The stack visits the document backwards; report in document order.
    for tokens, text in reversed(found):
        pointer = "".join(f"/{escape_pointer_token(str(t))}" for t in tokens)
        yield Hit(
            pointer,
            f"{_readable(tokens)} still holds placeholder text {quoted(text)}: replace it with the real answer",
        )


PLACEHOLDER_TEXT = Rule(
    id="META001",
    name="placeholder-text",
    policy=WARN_THEN_ERROR,
    area=BY_POINTER,
    check=placeholder_text,
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
        "Every string value of the document is searched, in every section (`metadata`, list "
        "items, `x-` extensions, exceptions, URLs and paths alike), while keys and comments are "
        "not; each value with a placeholder is one finding at that value, naming the first "
        "placeholder in it. "
        "The words match only as whole words (`TODO:` and `todo-list` match, `TODOS`, "
        "`todo_list` and `xxxx` do not); an angle-bracket phrase is words on one line between "
        "`<` and `>` that neither start with a blank or `=` nor end with a blank, without a "
        "digit, `@` or `://`, and with no letter or digit just before the `<` (so "
        "`latency < 2 s and > 1 s`, `a<b and b>c`, a ticket id such as `<PLAT-12>`, "
        "and an e-mail address or link in angle brackets are not placeholders); "
        '"lorem ipsum" matches in any case.'
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
)


def review_overdue(ctx: DocContext) -> Iterator[Hit]:
    """META002: the periodic review is overdue, or dated in the future (an error at any stage)."""
    review = ctx.section("review")
    last = date_of(review.get("lastReviewed"))
    if last is None:
        return  # a missing review date is STAGE001's from pilot (docs/design.md, "Absence")
    pointer = spec_pointer("review", "lastReviewed")
    if last > ctx.today:
        yield Hit(
            pointer,
            f"review.lastReviewed is {last.isoformat()}, after today ({ctx.today.isoformat()}): a review "
            "can only be recorded once it has happened; use the day it took place",
            severity=ERROR,
        )
        return
    cadence = duration_of(review.get("cadence"))
    if cadence is None:
        return  # without a cadence nothing is due (STAGE001 reports it missing from pilot)
    due = cadence.after(last)
    if due < ctx.today:
        yield Hit(
            pointer,
            f"the review is overdue: last reviewed on {last.isoformat()} with a cadence of {cadence}, it was "
            f"due on {due.isoformat()}: review the manifest with its owners and update `lastReviewed`",
        )


REVIEW_OVERDUE = Rule(
    id="META002",
    name="review-overdue",
    policy=WARN_THEN_ERROR,
    area="reviews",
    controls=("nist-ai-rmf:GOVERN 1.5",),
    keys=("spec.review.lastReviewed", "spec.review.cadence"),
    check=review_overdue,
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
        "pilot STAGE001 reports either one missing); the due day is `lastReviewed` plus "
        "`cadence` by calendar (months first, clamped to the month's end), and a review due "
        "today is not overdue. "
        "The future-date check needs only `lastReviewed` and is an error at every stage, "
        "reported instead of (never with) the overdue one; both findings are at "
        "`lastReviewed`."
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
)


def duplicate_name(run: RunContext) -> Iterator[RunHit]:
    """META003: one finding per linted document whose name another document of the repository
    also declares, naming the other file and line (docs/design.md, "Repository, configuration and
    git"). The other manifests are searched by their text first: names.py."""
    linted = [
        (r.name, r.path, r.document, r.name_span)
        for r in run.documents
        if r.name is not None and r.name_span is not None
    ]
    if not linted or (not run.root.is_git and len({name for name, *_ in linted}) == len(linted)):
        return  # outside git only the linted documents are compared, and their names differ
    from ai_readiness.names import Declaration, other_declarations  # reads the repository

    named = [(Declaration(name, path, document, span.line), span) for name, path, document, span in linted]
    names = {d.name for d, _ in named}
    everyone = [d for d, _ in named]
    git = run.git
    tracked = None
    if run.manifests is not None and git is not None and git.tracked_known:
        # the run listed the manifests and git's tracked files already: no third listing
        known = git.tracked
        tracked = [p for p in run.manifests if p in known] if known is not None else None
    config = run.config
    everyone += other_declarations(run.root, names, run.linted, config.exclude, config.limits, run.name_search, tracked)
    by_name: dict[str, list[Declaration]] = {}
    for declaration in everyone:
        by_name.setdefault(declaration.name, []).append(declaration)
    # Sorted once per name: a file of thousands of documents sharing one name must not cost a
    # sort per document (quadratic: minutes for one hostile file).
    for group in by_name.values():
        if len(group) > 1:
            group.sort(key=lambda d: (d.path, d.line))
    for declaration, span in named:
        group = by_name[declaration.name]
        if len(group) == 1:
            continue  # the name is this declaration's alone
        me = (declaration.path, declaration.document)
        other = next((d for d in group if (d.path, d.document) != me), None)
        if other is None:
            continue
        where = "this file" if other.path == declaration.path else other.path
        count = len(group) - 1  # every declaration but this one
        more = f" and {count - 1} more" if count > 1 else ""
        yield RunHit(
            declaration.path,
            declaration.document,
            span,
            "/metadata/name",
            f"metadata.name '{declaration.name}' is also declared in {where} at line {other.line}{more}: "
            "names must be unique in the repository; rename one of them",
        )


DUPLICATE_NAME = Rule(
    id="META003",
    name="duplicate-name",
    policy=ALWAYS_ERROR,
    area="ownership",
    controls=("nist-ai-rmf:GOVERN 1.6",),
    keys=("metadata.name",),
    run_check=duplicate_name,
    summary=(
        "Two documents in the repository share `metadata.name`; every manifest of the "
        "repository is compared (every one git tracks, committed or staged, minus `exclude`) "
        "and every linted one, not only the files being linted (outside git: the linted files "
        "only), and the finding is at the name, naming the other file and line."
    ),
    rationale=(
        "The name is the system's identity: reports, the catalogue and the pull-request "
        "checks (which match a system with its earlier version by name) all rely on it. "
        "Two documents with one name make it unclear which owners, gates and history belong "
        "to which system, typically after a manifest was copied as a template. "
        "The whole repository is read because pre-commit passes only the changed files; each "
        "linted document with a shared name gets one finding, naming the first other "
        "occurrence by path and line, and documents of the same file are compared too. A "
        "manifest git does not track yet is compared only when it is linted itself (`lint .` "
        "finds it): a file not yet added must not fail a commit of another. Outside git "
        "there is no repository to read: a folder that happens to hold other manifests is "
        "not one, so only the files of the run are compared."
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
)
