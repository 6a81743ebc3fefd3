"""Small helpers the rule modules share: owners, dates, durations and wording."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ai_readiness.dates import Duration, parse_date, parse_duration

if TYPE_CHECKING:
    from ai_readiness.context import DocContext

OWNER_ROLES = ("business", "technical", "oversight")


def owner_key(owner: Any) -> str | None:
    """How owners compare (as OWN003 says): `@user`/`@org/team` case-insensitively, e-mail
    addresses and `group:`/`user:` refs exactly. None for anything that is not text."""
    if not isinstance(owner, str) or not owner:
        return None
    return owner.lower() if owner.startswith("@") else owner


def is_team(owner: Any) -> bool:
    """A team outlives one person: `@org/team` or a Backstage `group:` ref."""
    return isinstance(owner, str) and ((owner.startswith("@") and "/" in owner) or owner.startswith("group:"))


def owners(ctx: DocContext, *roles: str) -> Iterator[tuple[str, int, str]]:
    """(role, index, owner) for the declared owners of ``roles`` (default: all three)."""
    section = ctx.section("owners")
    for role in roles or OWNER_ROLES:
        listed = section.get(role)
        if isinstance(listed, list):
            for index, owner in enumerate(listed):
                if isinstance(owner, str):
                    yield role, index, owner


def owner_keys(ctx: DocContext, *roles: str) -> set[str]:
    return {k for _, _, o in owners(ctx, *roles) if (k := owner_key(o)) is not None}


def date_of(value: Any) -> _dt.date | None:
    return parse_date(value)


def duration_of(value: Any) -> Duration | None:
    return parse_duration(value)


def quoted(value: Any) -> str:
    """A value as a message shows it (long text shortened: a runner keeps 4,096 characters of an
    annotation, and a message should point at the value, not repeat it)."""
    if isinstance(value, str):
        shown = value if len(value) <= 80 else value[:77] + "..."
        return f"'{shown}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    return str(value)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def is_release_gate(threshold: dict[str, Any]) -> bool:
    """A threshold without `gate` is a release gate (the schema's default)."""
    gate: object = threshold.get("gate", "release")
    return gate == "release"
