"""What the report tells of a system besides its gaps: how old its evaluation evidence is, its
waivers and when they end, and the reviews that fall due (README, "report"; docs/design.md,
"Reports and exports").

Read from the rules' view of the document (`DocContext`), so a value with a schema error counts as
absent here too. Dates are written as `YYYY-MM-DD`; "within the notice" means on or before today
plus `windows.exception-expiry-notice` (P30D unless configured).
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from ai_readiness.dates import Duration, parse_date, parse_duration

if TYPE_CHECKING:
    from ai_readiness.config import Config
    from ai_readiness.context import DocContext

EXPIRED, EXPIRING, ACTIVE = "expired", "expiring", "active"


def expiry_notice(config: Config) -> Duration:
    """How far ahead an ending waiver or a review falling due is announced: the window
    `exception-expiry-notice` (P30D unless configured), as ATT003 reads it."""
    return config.windows.exception_expiry_notice


def _day(value: Any) -> str | None:
    day = parse_date(value)
    return day.isoformat() if day is not None else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def system_facts(ctx: DocContext, notice: Duration) -> dict[str, Any]:
    """``evidence``, ``exceptions`` and ``reviewsDue`` of the report's JSON for one system."""
    today = ctx.today
    horizon = notice.after(today)
    last_run = ctx.section("evaluation", "lastRun")
    red_team = ctx.section("evaluation", "redTeam")
    evidence = {"lastRun": _day(last_run.get("date")), "redTeam": _day(red_team.get("lastPerformed"))}

    exceptions = []
    for _, entry in ctx.items("exceptions"):
        rule = entry.get("rule")
        if not isinstance(rule, str):
            continue
        expires = parse_date(entry.get("expires"))
        if expires is None:
            state = None
        elif expires < today:
            state = EXPIRED
        elif expires <= horizon:
            state = EXPIRING
        else:
            state = ACTIVE
        exceptions.append(
            {
                "rule": rule,
                "reason": _text(entry.get("reason")),
                "approvedBy": _text(entry.get("approvedBy")),
                "expires": expires.isoformat() if expires else None,
                "state": state,
            }
        )

    due: list[dict[str, Any]] = []
    review = ctx.section("review")
    last = parse_date(review.get("lastReviewed"))
    cadence = parse_duration(review.get("cadence"))
    if last is not None and cadence is not None:
        _due(due, "periodic", "/spec/review", cadence.after(last), today, horizon)
    for index, entry in ctx.items("reviews"):
        expires = parse_date(entry.get("expires"))
        kind = entry.get("type")
        if expires is not None:
            _due(due, kind if isinstance(kind, str) else "review", f"/spec/reviews/{index}", expires, today, horizon)
    return {"evidence": evidence, "exceptions": exceptions, "reviewsDue": due}


def _due(
    out: list[dict[str, Any]], review: str, pointer: str, day: _dt.date, today: _dt.date, horizon: _dt.date
) -> None:
    if day <= horizon:
        out.append({"review": review, "pointer": pointer, "due": day.isoformat(), "overdue": day < today})
