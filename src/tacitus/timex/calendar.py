"""Calendar arithmetic on TIMEX3 values.

Values are TIMEX3 strings: "2012", "2012-04", "2012-04-26", "2012-W17", "2012-W17-WE", "2012-Q2",
"2012-H1", "2012-SU", "201" (decade), "20" (century), with "X" for unknown digits ("XXXX-04").
These helpers take and return plain ``datetime.date`` objects and strings; nothing here knows
about text.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re

#: First and last month of each season, for the span a season value covers.
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})(?:-WE)?$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")


def parse_date(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` (anything after the day is ignored) as a date, or None."""
    if not value:
        return None
    m = _DAY.match(value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def day(d: dt.date) -> str:
    return d.isoformat()


def month(year: int, mon: int) -> str:
    return f"{year:04d}-{mon:02d}"


def week(d: dt.date) -> str:
    """The ISO week of a date: "2012-W17"."""
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def shift_month(year: int, mon: int, n: int) -> tuple[int, int]:
    """(year, month) moved by ``n`` months."""
    k = year * 12 + (mon - 1) + n
    return k // 12, k % 12 + 1


def shift_quarter(year: int, q: int, n: int) -> tuple[int, int]:
    k = year * 4 + (q - 1) + n
    return k // 4, k % 4 + 1


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = shift_month(d.year, d.month, n)
    return dt.date(y, m, min(d.day, _cal.monthrange(y, m)[1]))


def add_years(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


def weekday_before(d: dt.date, wd: int, strict: bool = False) -> dt.date:
    """The last date on or before ``d`` (strictly before if ``strict``) falling on ISO weekday ``wd``."""
    delta = (d.isoweekday() - wd) % 7
    if strict and delta == 0:
        delta = 7
    return d - dt.timedelta(days=delta)


def weekday_after(d: dt.date, wd: int, strict: bool = False) -> dt.date:
    """The first date on or after ``d`` (strictly after if ``strict``) falling on ISO weekday ``wd``."""
    delta = (wd - d.isoweekday()) % 7
    if strict and delta == 0:
        delta = 7
    return d + dt.timedelta(days=delta)


def weekday_in_week(d: dt.date, wd: int) -> dt.date:
    """The date of ISO weekday ``wd`` in the ISO week of ``d``."""
    return d + dt.timedelta(days=wd - d.isoweekday())


def nth_weekday(year: int, mon: int, wd: int, n: int) -> dt.date:
    """The ``n``-th ISO weekday ``wd`` of a month; ``n`` = -1 for the last one."""
    if n > 0:
        first = dt.date(year, mon, 1)
        return weekday_after(first, wd) + dt.timedelta(weeks=n - 1)
    last = dt.date(year, mon, _cal.monthrange(year, mon)[1])
    return weekday_before(last, wd)


def easter(year: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    mon, dd = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, mon, dd + 1)


def valid_day(year: int, mon: int, dd: int) -> bool:
    return 1 <= mon <= 12 and 1 <= dd <= _cal.monthrange(year if year > 0 else 2000, mon)[1]


def precision(value: str) -> str:
    """The granularity of a TIMEX3 date value: day, month, year, week, quarter, half, season,
    decade, century, or "unknown" for references (PRESENT_REF) and anything else."""
    v = value.split("T", 1)[0] if "T" in value and not value.startswith("P") else value
    if re.match(r"^[\dX]{4}-[\dX]{2}-[\dX]{2}$", v):
        return "day"
    if re.match(r"^[\dX]{4}-[\dX]{2}$", v):
        return "month"
    if re.match(r"^[\dX]{4}$", v):
        return "year"
    if re.match(r"^[\dX]{4}-W[\dX]{1,2}(-WE)?$", v):
        return "week"
    if re.match(r"^[\dX]{4}-Q[1-4X]$", v):
        return "quarter"
    if re.match(r"^[\dX]{4}-H[12X]$", v):
        return "half"
    if re.match(r"^[\dX]{4}-(SP|SU|FA|WI)$", v):
        return "season"
    if re.match(r"^\d{3}$", v):
        return "decade"
    if re.match(r"^\d{2}$", v):
        return "century"
    return "unknown"


def span_of(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day covered by a fully specified TIMEX3 date value, or None."""
    v = value.split("T", 1)[0]
    try:
        if m := _DAY.match(v):
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return d, d
        if m := _MONTH.match(v):
            y, mo = int(m.group(1)), int(m.group(2))
            return dt.date(y, mo, 1), dt.date(y, mo, _cal.monthrange(y, mo)[1])
        if m := _YEAR.match(v):
            y = int(m.group(1))
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if m := _WEEK.match(v):
            start = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return start, start + dt.timedelta(days=6)
        if m := _QUARTER.match(v):
            y, q = int(m.group(1)), int(m.group(2))
            return dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, _cal.monthrange(y, 3 * q)[1])
        if m := _HALF.match(v):
            y, h = int(m.group(1)), int(m.group(2))
            return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if h == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))
        if m := _SEASON.match(v):
            y = int(m.group(1))
            first, last = SEASON_MONTHS[m.group(2)]
            y2, last = shift_month(y, 1, last - 1)
            return dt.date(y, first, 1), dt.date(y2, last, _cal.monthrange(y2, last)[1])
        if m := _DECADE.match(v):
            y = int(m.group(1)) * 10
            return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
        if m := _CENTURY.match(v):
            y = int(m.group(1)) * 100
            return dt.date(max(y, 1), 1, 1), dt.date(y + 99, 12, 31)
    except ValueError:
        return None
    return None
