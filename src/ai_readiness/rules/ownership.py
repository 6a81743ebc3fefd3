"""Rules about who owns the system: separate roles, team ownership, CODEOWNERS."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_readiness.context import spec_pointer
from ai_readiness.rules.base import ALWAYS_ERROR, ALWAYS_WARNING, INFO_THEN_ERROR, Hit, Rule
from ai_readiness.rules.common import OWNER_ROLES, is_team, owner_key, owners, quoted

if TYPE_CHECKING:
    from ai_readiness.context import DocContext


def owner_roles_overlap(ctx: DocContext) -> Iterator[Hit]:
    """OWN001: from pilot, one finding per owner listed as both business and technical owner,
    at its first entry in `owners.technical`."""
    if not ctx.from_pilot:
        return
    business = {k: o for _, _, o in owners(ctx, "business") if (k := owner_key(o)) is not None}
    reported: set[str] = set()
    for _, index, owner in owners(ctx, "technical"):
        key = owner_key(owner)
        if key is None or key not in business or key in reported:
            continue
        reported.add(key)
        same = "" if business[key] == owner else f" (as {quoted(business[key])})"
        yield Hit(
            spec_pointer("owners", "technical", index),
            f"{quoted(owner)} is both a technical and a business owner{same}: from pilot on, name a business "
            "owner who answers for the system's outcomes apart from the people who build it",
        )


OWNER_ROLES_OVERLAP = Rule(
    id="OWN001",
    name="owner-roles-overlap",
    policy=ALWAYS_ERROR,
    area="ownership",
    controls=(
        "nist-ai-rmf:GOVERN 2.1",
        "iso-42001:A.3.2",
    ),
    keys=("spec.owners.business", "spec.owners.technical"),
    check=owner_roles_overlap,
    summary=(
        "From pilot on (pilot and production; a deprecated system counts as a prototype), the "
        "same owner is listed both in `owners.business` and in `owners.technical`."
    ),
    rationale=(
        "The business owner answers for whether the system should do what it does and accepts "
        "its risks; the technical owner answers for whether it works. "
        "When one person holds both roles, nobody independent weighs the risk against the "
        "benefit once real users depend on the system. "
        "Owners are compared as OWN003 compares them (`@user` and `@org/team` "
        "case-insensitively, e-mail addresses and `group:`/`user:` refs exactly as written), "
        "and each shared owner is one finding, at its (first) entry in `owners.technical`."
    ),
    bad="""\
spec:
  stage: pilot
  owners:
    business: ["@jdoe"]
    technical: ["@JDoe", "@acme/support-ml"]
""",
    good="""\
spec:
  stage: pilot
  owners:
    business: ["@mlee"]
    technical: ["@JDoe", "@acme/support-ml"]
""",
)


def no_team_owner(ctx: DocContext) -> Iterator[Hit]:
    """OWN002: declared technical owners, none of them a team (one finding at the list)."""
    listed = [o for _, _, o in owners(ctx, "technical")]
    if not listed or any(is_team(o) for o in listed):
        return  # an absent owners.technical is STAGE001's (docs/design.md, "Absence")
    names = ", ".join(quoted(o) for o in listed[:3]) + (f" and {len(listed) - 3} more" if len(listed) > 3 else "")
    yield Hit(
        spec_pointer("owners", "technical"),
        f"no technical owner is a team (found {names}): add a team such as '@org/team' or "
        "'group:namespace/name', so that ownership outlives one person",
        at="key",
    )


NO_TEAM_OWNER = Rule(
    id="OWN002",
    name="no-team-owner",
    policy=INFO_THEN_ERROR,
    area="ownership",
    controls=(
        "nist-ai-rmf:GOVERN 2.1",
        "iso-42001:A.3.2",
    ),
    keys=("spec.owners.technical",),
    check=no_team_owner,
    summary=(
        "No entry of `owners.technical` is a team (`@org/team` or a `group:` ref); info before "
        "production, error at production."
    ),
    rationale=(
        "People change roles and leave; a system owned by one person is orphaned the day they "
        "do, and its alerts, reviews and waivers lose their addressee. "
        "A team as technical owner keeps ownership with a group that outlives any one member. "
        "The rule speaks only when `owners.technical` is declared (its absence is STAGE001's), "
        "and e-mail addresses (even a team's mailing list) and `user:` refs do not count as "
        "teams; the finding is one for the list, at the `technical` key."
    ),
    bad="""\
spec:
  stage: production
  owners:
    technical: ["@jdoe"]
""",
    good="""\
spec:
  stage: production
  owners:
    technical: ["@acme/support-ml", "@jdoe"]
""",
)


def codeowners_mismatch(ctx: DocContext) -> Iterator[Hit]:
    """OWN003: CODEOWNERS exists and assigns the manifest to at least one declared owner."""
    facts = ctx.git
    if facts is None:
        return
    pointer = spec_pointer("owners")
    codeowners = facts.codeowners
    if codeowners is None:
        yield Hit(
            pointer,
            f"the repository has no CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS): add one "
            f"that assigns {ctx.path} to the system's owners, so they review changes to it",
            at="key",
        )
        return
    declared = list(owners(ctx))
    if not declared:
        return  # no owner declared: STAGE001's to report
    keys = {owner_key(o) for _, _, o in declared if not o.startswith(("group:", "user:"))}
    entry = codeowners.owners_of(ctx.path)
    first = next((o for _, _, o in declared if not o.startswith(("group:", "user:"))), declared[0][2])
    folder = posixpath.dirname(ctx.path)
    suggestion = f"`/{folder}/ {first}`" if folder else f"`/{ctx.path} {first}`"
    if entry is None:
        yield Hit(
            pointer,
            f"no pattern in {codeowners.path} matches {ctx.path}: nobody is asked to review it; add {suggestion}",
            at="key",
        )
    elif not entry.owners:
        yield Hit(
            pointer,
            f"{codeowners.path} line {entry.line} (`{entry.pattern}`) leaves {ctx.path} without an "
            f"owner; assign it, e.g. {suggestion}",
            at="key",
        )
    elif not any(owner_key(o) in keys for o in entry.owners):
        yield Hit(
            pointer,
            f"{codeowners.path} line {entry.line} assigns {ctx.path} to {' '.join(entry.owners)}, "
            "none of the system's owners (business, technical, oversight); add one of them to that line",
            at="key",
        )


CODEOWNERS_MISMATCH = Rule(
    id="OWN003",
    name="codeowners-mismatch",
    policy=ALWAYS_WARNING,
    area="ownership",
    controls=(
        "nist-ai-rmf:GOVERN 2.1",
        "iso-42001:A.3.2",
    ),
    keys=tuple(f"spec.owners.{role}" for role in OWNER_ROLES),
    check=codeowners_mismatch,
    summary=(
        "In a git repository, there is no CODEOWNERS file (the first of "
        "`.github/CODEOWNERS`, `CODEOWNERS` and `docs/CODEOWNERS`, as GitHub looks for it), or "
        "the last CODEOWNERS pattern matching the manifest's path assigns none of the "
        "system's owners (`owners.business`, `owners.technical`, `owners.oversight`)."
    ),
    rationale=(
        "The manifest names the owners, but GitHub asks CODEOWNERS who must review a change. "
        "When the two disagree, the declared owners never see changes to their own gates, "
        "thresholds and waivers, and ownership exists only on paper. "
        "`@user` and `@org/team` compare case-insensitively, e-mail addresses exactly, and "
        "`group:`/`user:` refs never match; a manifest path that no pattern matches (or whose "
        "last matching pattern lists no owner) is owned by nobody; the rule says nothing "
        "outside a git repository, and a document that declares no owner at all gets only "
        "the missing-CODEOWNERS finding."
    ),
    bad="""\
# services/support/ai-readiness.yaml; .github/CODEOWNERS has:
#   /services/support/  @acme/platform
spec:
  owners:
    business: ["@acme/support-leads"]
    technical: ["@acme/support-ml"]
""",
    good="""\
# services/support/ai-readiness.yaml; .github/CODEOWNERS has:
#   /services/support/  @acme/support-ml
spec:
  owners:
    business: ["@acme/support-leads"]
    technical: ["@acme/support-ml"]
""",
    scope="git",
)
