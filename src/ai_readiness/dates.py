"""Calendar dates and ISO 8601 durations, added and compared as docs/design.md, "Dates and
durations" says."""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from typing import Any, NamedTuple

# ASCII digits only: Python's `\d` also matches other scripts' digits (`２０２６`, `٣`), which int()
# reads, so `--today ２０２６-01-01` or a window of "P٣D" would pass where the schema refuses them.
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_DURATION = re.compile(
    r"P(?=[0-9]|T[0-9])(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?"
    r"(?:T(?=[0-9])(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+)S)?)?\Z"
)


class Duration(NamedTuple):
    years: int = 0
    months: int = 0
    days: int = 0
    seconds: int = 0
    text: str = ""

    def __str__(self) -> str:
        return self.text or "P0D"

    def times(self, factor: int) -> Duration:
        """ "Twice a duration" doubles each part: twice `P1M` is `P2M`, not `P60D`."""
        return Duration(
            self.years * factor,
            self.months * factor,
            self.days * factor,
            self.seconds * factor,
            f"{factor} × {self.text}",
        )

    def after(self, day: _dt.date) -> _dt.date:
        """``day`` + this duration: years and months first, clamped to the month's end, then
        days and time; a calendar day, so time parts count only in whole days."""
        month_index = day.month - 1 + self.months + 12 * self.years
        year = day.year + month_index // 12
        month = month_index % 12 + 1
        if year > 9999:
            return _dt.date.max
        last = calendar.monthrange(year, month)[1]
        shifted = _dt.date(year, month, min(day.day, last))
        extra_days = self.days + self.seconds // 86_400
        try:
            return shifted + _dt.timedelta(days=extra_days)
        except OverflowError:
            return _dt.date.max

    def compare(self, other: Duration, today: _dt.date) -> int:
        """-1, 0 or 1: two durations compare by adding each to today (`P6M` against `P180D`)."""
        a, b = self.after(today), other.after(today)
        if a == b:
            return (self.seconds % 86_400 > other.seconds % 86_400) - (self.seconds % 86_400 < other.seconds % 86_400)
        return -1 if a < b else 1


def parse_duration(value: Any) -> Duration | None:
    if not isinstance(value, str):
        return None
    match = _DURATION.match(value)
    if not match:
        return None
    y, mo, w, d, h, mi, s = (int(g) if g else 0 for g in match.groups())
    if max(y, mo, w, d, h, mi, s) > 10**6:  # absurd but valid: keep arithmetic bounded
        y, mo, w, d = min(y, 10**4), min(mo, 10**5), min(w, 10**5), min(d, 10**6)
        h, mi, s = min(h, 10**7), min(mi, 10**8), min(s, 10**9)
    return Duration(y, mo, w * 7 + d, h * 3600 + mi * 60 + s, value)


def parse_date(value: Any) -> _dt.date | None:
    """A ``YYYY-MM-DD`` string (or a date a loader made of it) that names a real day."""
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str):
        return None
    match = _DATE.match(value)
    if not match:
        return None
    try:
        return _dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def is_older_than(day: _dt.date, window: Duration, today: _dt.date) -> bool:
    """ "X older than P90D" means X + P90D is before today: the same day is fine."""
    return window.after(day) < today


def today_utc() -> _dt.date:
    return _dt.datetime.now(_dt.timezone.utc).date()
