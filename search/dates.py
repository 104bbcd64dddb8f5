"""Dates in search: record dates as YYYYMMDD numbers, and date expressions typed in queries."""

from __future__ import annotations

import calendar
import re

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$")
_GERMAN_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_GERMAN_MONTH = re.compile(r"^(\d{1,2})\.(\d{4})$")

MIN_YEAR = 1900
MAX_YEAR = 2200


class DateSyntaxError(ValueError):
    """A date in a query that cannot be read; the message is German and one line."""


def _check(year: int, month: int | None, day: int | None, raw: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateSyntaxError(f"Ungültiges Datum „{raw}“: Jahr außerhalb {MIN_YEAR}–{MAX_YEAR}")
    if month is not None and not 1 <= month <= 12:
        raise DateSyntaxError(f"Ungültiges Datum „{raw}“: Monat {month} gibt es nicht")
    if day is not None:
        last = calendar.monthrange(year, month or 1)[1]
        if not 1 <= day <= last:
            raise DateSyntaxError(
                f"Ungültiges Datum „{raw}“: Tag {day} gibt es im Monat {month:02d}/{year} nicht"
            )


def _bounds(year: int, month: int | None, day: int | None) -> tuple[int, int]:
    if month is None:
        return year * 10000 + 101, year * 10000 + 1231
    base = year * 10000 + month * 100
    if day is None:
        return base + 1, base + calendar.monthrange(year, month)[1]
    return base + day, base + day


def _parts(text: str) -> tuple[int, int | None, int | None]:
    raw = text.strip()
    if m := _GERMAN_DAY.match(raw):
        day, month, year = (int(g) for g in m.groups())
        return year, month, day
    if m := _GERMAN_MONTH.match(raw):
        month, year = (int(g) for g in m.groups())
        return year, month, None
    if m := _ISO.match(raw):
        year, month, day = (int(g) if g else None for g in m.groups())
        return year, month, day
    raise DateSyntaxError(
        f"Datum „{raw}“ nicht lesbar – erlaubt: 2017, 2017-06, 2017-06-06, 06.06.2017, 06.2017"
    )


def parse_date_range(text: str) -> tuple[int, int]:
    """Return the first and last day (YYYYMMDD) a query date covers: a year, a month or a day."""
    year, month, day = _parts(text)
    _check(year, month, day, text.strip())
    return _bounds(year, month, day)


def record_date(value: str | None) -> int | None:
    """Return YYYYMMDD for a record's ISO date string ('2017-06-06T17:00:00+02:00', '2016-07')."""
    if not value:
        return None
    m = _ISO.match(value.strip())
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        _check(year, month, day, value)
    except DateSyntaxError:
        return None
    return _bounds(year, month, day)[0]


def format_date(number: int | None) -> str:
    """Return YYYY-MM-DD for a YYYYMMDD number ('' for none)."""
    if not number:
        return ""
    return f"{number // 10000:04d}-{number // 100 % 100:02d}-{number % 100:02d}"
