"""German date and time expressions in running text: find them, resolve them, format them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Europe/Berlin"
# An announcement without a year is read as the next occurrence after the page date minus this.
DEFAULT_LOOKBACK_DAYS = 42

_MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "jän": 1,
    "februar": 2, "febr": 2, "feb": 2,
    "märz": 3, "maerz": 3, "mär": 3, "mrz": 3,
    "april": 4, "apr": 4,
    "mai": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12,
}  # fmt: skip
_FULL_MONTHS = {
    "januar", "jänner", "februar", "märz", "maerz", "april", "mai", "juni", "juli", "august",
    "september", "oktober", "november", "dezember",
}  # fmt: skip
_WEEKDAYS = {
    "montag": 0, "mo": 0, "dienstag": 1, "di": 1, "mittwoch": 2, "mi": 2, "donnerstag": 3,
    "do": 3, "freitag": 4, "fr": 4, "samstag": 5, "sonnabend": 5, "sa": 5, "sonntag": 6, "so": 6,
}  # fmt: skip
_WEEKDAY_NAMES = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


def _alternation(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_MON = _alternation(_MONTHS)
_WD = rf"(?:(?P<wd>{_alternation(_WEEKDAYS)})\.?\s*,?\s+(?:(?:den|dem)\s+)?)?"  # "Dienstag, den "

_TEXTUAL = re.compile(
    rf"(?<![\w.]){_WD}(?P<date>(?P<d>\d{{1,2}})\.\s*(?P<mon>{_MON})(?!\w)(?P<dot>\.)?"
    rf"(?:\s*(?P<y>\d{{4}})(?!\d))?)",
    re.I,
)
_NUMERIC = re.compile(
    rf"(?<![\w.]){_WD}(?P<date>(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\."
    r"(?:(?P<y4>\s?\d{4})|(?P<y2>\d{2})(?![:.]\d|\s*(?:uhr|h)\b))?)(?!\d)",
    re.I,
)
_ISO = re.compile(
    r"(?<![\w.-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:T(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?![\w-])",
)
_MONTH = re.compile(
    rf"(?<!\w)(?:(?P<q>anfang|mitte|ende)\s+(?:(?:des\s+)?monats\s+)?|(?P<im>im)\s+(?:monat\s+)?)?"
    rf"(?P<mon>{_MON})(?!\w)(?:\.?\s*(?P<y>\d{{4}})(?!\d))?",
    re.I,
)
_TIME_RANGE = re.compile(
    r"(?<![\w.:])(?:(?P<pre>von|zwischen)\s+)?(?P<h1>\d{1,2})(?:(?P<s1>[:.])(?P<m1>\d{2}))?"
    r"(?:\s*(?:uhr|h)(?!\w))?\s*(?P<sep>bis|-|–|—|und)\s*(?:ca\.\s*)?"
    r"(?P<h2>\d{1,2})(?:(?P<s2>[:.])(?P<m2>\d{2}))?(?P<uhr>\s*(?:uhr|h)(?!\w))?(?![\d])",
    re.I,
)
_TIME_SINGLE = re.compile(
    r"(?<![\w.:])(?:(?P<pre>um|ab|gegen|ca\.|circa|beginn:?)\s+)?(?P<h>\d{1,2})"
    r"(?:(?P<sep>[:.])(?P<m>\d{2}))?(?P<uhr>\s*(?:uhr|h)(?!\w))?(?![\d])",
    re.I,
)
_NUMBER_NOUN = re.compile(
    r"(?:raum|zimmer|nr\.?|ebene|etage|seite|s\.|kapitel|abs\.|absatz|ziffer|§|version|tel\.?)\s*$",
    re.I,
)
_ALLDAY = re.compile(r"(?<!\w)(?:ganztägig|ganztags|den ganzen tag)(?!\w)", re.I)

_RANGE_GAP = re.compile(
    r"\s*(?:bis(?:\s+(?:zum|einschließlich|einschl\.|und mit))?|[-–—])\s*(?:zum\s+)?", re.I
)
_ATTACH_GAP = re.compile(
    r"[\s,;]*(?:\(|jeweils|in der zeit|beginn:?|uhrzeit:?|zeit:?|einlass:?|[-–|/]|beginnt|startet)?"
    r"[\s,;:]*",
    re.I,
)
_PRE_GAP = re.compile(r"\s*,?\s*(?:am|den|dem)?\s*", re.I)
_ALLDAY_GAP = re.compile(r"[\s,;(]*")
_RANGE_OPEN = re.compile(r"(?:vom|von|zwischen dem)\s+$", re.I)
# "vom 3. bis" / "3.-" before a full date: the first day of a range that shares month and year
_DAY_PREFIX = re.compile(
    rf"(?:(?:vom|von)\s+)?(?:(?:{_alternation(_WEEKDAYS)})\.?\s*,?\s+)?(?<![\w.])(?P<d>\d{{1,2}})\."
    r"\s*(?:bis(?:\s+zum)?|[-–—])\s*$",
    re.I,
)


@dataclass
class DateMatch:
    """One date/time expression found in text, resolved against a reference date.

    `start`/`end` are `date` (day or month precision) or tz-aware `datetime` (minute precision);
    `start` is None when the text cannot be read safely (see `warnings`).
    """

    raw: str
    span: tuple[int, int]
    start: date | datetime | None = None
    end: date | datetime | None = None
    precision: str = "day"  # minute | day | month
    all_day: bool = False
    has_date: bool = True
    open_end: bool = False  # "ab 19.30 Uhr"
    qualifier: str | None = None  # Anfang | Mitte | Ende (month precision)
    year_inferred: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def start_iso(self) -> str | None:
        """The start as the export writes it (see `format_value`)."""
        return format_value(self.start, self.precision)

    @property
    def end_iso(self) -> str | None:
        """The end as the export writes it (see `format_value`)."""
        return format_value(self.end, self.precision)

    @property
    def start_day(self) -> date | None:
        """The calendar day of the start (first of month for month precision)."""
        if isinstance(self.start, datetime):
            return self.start.date()
        return self.start


def format_value(value: date | datetime | None, precision: str = "day") -> str | None:
    """Format a start/end for export: ISO 8601 with offset if timed, YYYY-MM-DD, or YYYY-MM."""
    if value is None:
        return None
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


# --- atoms: the pieces the scanner finds before it puts them together ------------------------


@dataclass
class _Atom:
    kind: str  # day | month | time | allday
    start: int
    end: int
    text: str = ""  # the date part without weekday, for messages
    d: int | None = None
    m: int | None = None
    y: int | None = None
    wd: int | None = None
    wd_raw: str = ""
    q: str | None = None
    iso: datetime | None = None
    h1: int | None = None
    m1: int = 0
    h2: int | None = None
    m2: int = 0
    open_end: bool = False
    used: bool = False


@dataclass
class _Item:
    start: int
    end: int
    day1: _Atom | None = None
    day2: _Atom | None = None
    month1: _Atom | None = None
    month2: _Atom | None = None
    time1: _Atom | None = None
    time2: _Atom | None = None
    all_day: bool = False


def _two_digit_year(yy: int) -> int:
    return 2000 + yy if yy < 70 else 1900 + yy


def _mask(text: str, spans) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _overlaps(a: int, b: int, taken: list[tuple[int, int]]) -> bool:
    return any(a < t1 and t0 < b for t0, t1 in taken)


def _weekday(match: re.Match) -> tuple[int | None, str]:
    wd = match.group("wd")
    return (_WEEKDAYS[wd.lower()], wd) if wd else (None, "")


def _day_atoms(text: str, tz: ZoneInfo) -> list[_Atom]:
    atoms: list[_Atom] = []
    taken: list[tuple[int, int]] = []
    for m in _ISO.finditer(text):
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        atom = _Atom("day", m.start(), m.end(), text=m.group(0), d=d, m=mo, y=y)
        if m["H"]:
            atom.iso = _iso_datetime(m, tz)
            atom.h1, atom.m1 = int(m["H"]), int(m["M"])
        atoms.append(atom)
        taken.append((m.start(), m.end()))
    for m in _TEXTUAL.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        end = m.end()
        if m["dot"] and not m["y"] and m["mon"].lower() in _FULL_MONTHS:
            end = m.end("mon")  # a sentence full stop, not an abbreviation dot
        wd, wd_raw = _weekday(m)
        atoms.append(
            _Atom(
                "day", m.start(), end, text=text[m.start("date") : end].strip(), d=int(m["d"]),
                m=_MONTHS[m["mon"].lower()], y=int(m["y"]) if m["y"] else None, wd=wd,
                wd_raw=wd_raw,
            )
        )  # fmt: skip
        taken.append((m.start(), end))
    for m in _NUMERIC.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        d, mo = int(m["d"]), int(m["m"])
        y = int(m["y4"]) if m["y4"] else _two_digit_year(int(m["y2"])) if m["y2"] else None
        if y is None and not (1 <= d <= 31 and 1 <= mo <= 12):
            continue  # "1.30." is no date; with a year, a wrong one is reported instead
        if y is None and _NUMBER_NOUN.search(text[max(0, m.start() - 12) : m.start()]):
            continue  # "Raum 3.05." is a room number
        wd, wd_raw = _weekday(m)
        atoms.append(
            _Atom("day", m.start(), m.end(), text=m["date"].strip(), d=d, m=mo, y=y, wd=wd,
                  wd_raw=wd_raw)
        )  # fmt: skip
        taken.append((m.start(), m.end()))
    return atoms


def _iso_datetime(m: re.Match, tz: ZoneInfo) -> datetime | None:
    try:
        naive = datetime(
            int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"]), int(m["M"]), int(m["S"] or 0)
        )
    except ValueError:
        return None
    offset = m["tz"]
    if not offset:
        return naive.replace(tzinfo=tz)
    if offset == "Z":
        return naive.replace(tzinfo=UTC).astimezone(tz)
    sign = 1 if offset[0] == "+" else -1
    hours, minutes = int(offset[1:3]), int(offset[-2:])
    fixed = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return naive.replace(tzinfo=fixed).astimezone(tz)


def _month_atoms(masked: str) -> list[_Atom]:
    atoms = []
    for m in _MONTH.finditer(masked):
        if not (m["y"] or m["q"] or m["im"]):
            continue  # a bare month name is too weak a signal
        atoms.append(
            _Atom("month", m.start(), m.end(), text=m.group(0), m=_MONTHS[m["mon"].lower()],
                  y=int(m["y"]) if m["y"] else None, q=m["q"].capitalize() if m["q"] else None)
        )  # fmt: skip
    return atoms


def _time_atoms(masked: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    taken: list[tuple[int, int]] = []
    for m in _TIME_RANGE.finditer(masked):
        both_minutes = m["m1"] and m["m2"]
        if not (m["uhr"] or both_minutes):
            continue
        if m["sep"].lower() == "und" and (m["pre"] or "").lower() != "zwischen":
            continue
        end = m.end() if m["uhr"] else m.end("h2") if not m["m2"] else m.end("m2")
        atoms.append(
            _Atom("time", m.start(), end, text=masked[m.start() : end], h1=int(m["h1"]),
                  m1=int(m["m1"] or 0), h2=int(m["h2"]), m2=int(m["m2"] or 0))
        )  # fmt: skip
        taken.append((m.start(), end))
    for m in _TIME_SINGLE.finditer(masked):
        if _overlaps(m.start(), m.end(), taken):
            continue
        pre = (m["pre"] or "").lower()
        if not (m["uhr"] or (m["sep"] == ":" and m["m"]) or (pre and m["m"])):
            continue
        atoms.append(
            _Atom("time", m.start(), m.end(), text=m.group(0), h1=int(m["h"]),
                  m1=int(m["m"] or 0), open_end=pre == "ab")
        )  # fmt: skip
    return atoms


def _dates_to_items(text: str, atoms: list[_Atom]) -> list[_Item]:
    """Pair dates into ranges ('vom 3. bis 5. Mai', '09.04. - 27.04.2018')."""
    atoms = sorted(atoms, key=lambda a: a.start)
    items: list[_Item] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is not None and b.kind == a.kind and _RANGE_GAP.fullmatch(text[a.end : b.start]):
            opener = _RANGE_OPEN.search(text[max(0, a.start - 15) : a.start])
            start = a.start - (len(opener.group(0)) if opener else 0)
            if a.kind == "day":
                items.append(_Item(start, b.end, day1=a, day2=b))
            else:
                items.append(_Item(start, b.end, month1=a, month2=b))
            i += 2
            continue
        if a.kind == "day":
            prefix = _DAY_PREFIX.search(text[max(0, a.start - 40) : a.start])
            if prefix and a.m is not None:
                offset = a.start - len(text[max(0, a.start - 40) : a.start]) + prefix.start()
                first = _Atom("day", offset, a.start, text=prefix["d"] + ".", d=int(prefix["d"]))
                items.append(_Item(offset, a.end, day1=first, day2=a))
            else:
                items.append(_Item(a.start, a.end, day1=a))
        else:
            items.append(_Item(a.start, a.end, month1=a))
        i += 1
    return items


def _attach(text: str, items: list[_Item], times: list[_Atom], alldays: list[_Atom]) -> None:
    for item in items:
        if item.month1 is not None:
            continue
        if item.day1 is not None and item.day1.iso is not None and item.day2 is None:
            continue  # an ISO datetime carries its own time
        after = next((t for t in times if not t.used and t.start >= item.end), None)
        if after is not None and _ATTACH_GAP.fullmatch(text[item.end : after.start]):
            after.used = True
            if item.day1 is not None and item.day1.iso is not None:
                item.time2 = after  # "2017-11-21T09:00 bis 21.11.2017, 15:30 Uhr": the end time
            else:
                item.time1 = after
            item.end = after.end
        else:
            before = next((t for t in reversed(times) if not t.used and t.end <= item.start), None)
            if before is not None and _PRE_GAP.fullmatch(text[before.end : item.start]):
                before.used = True
                item.time1, item.start = before, before.start
        for marker in alldays:
            if marker.start >= item.end and _ALLDAY_GAP.fullmatch(text[item.end : marker.start]):
                item.all_day, item.end = True, marker.end


def _merge_timed(text: str, items: list[_Item]) -> list[_Item]:
    """Join 'D1, T1 bis D2, T2' into one range."""
    out: list[_Item] = []
    for item in items:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.day1 is not None
            and prev.day2 is None
            and item.day1 is not None
            and item.day2 is None
            and (prev.time1 is not None or item.time1 is not None)
            and _RANGE_GAP.fullmatch(text[prev.end : item.start])
        ):
            prev.day2, prev.time2, prev.end = item.day1, item.time1, item.end
            continue
        out.append(item)
    return out


# --- resolution: atoms to values -------------------------------------------------------------


def _infer_year(
    month: int, day: int, ref: date, lookback: int, wd: int | None = None
) -> int | None:
    threshold = ref - timedelta(days=lookback)
    candidates = []
    for year in range(ref.year - 1, ref.year + 3):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    later = [c for c in candidates if c >= threshold]
    if not later:
        return None
    choice = later[0]
    if wd is not None and choice.weekday() != wd:
        # the weekday names the year: prefer the nearest candidate it fits
        fitting = [c for c in candidates if c.weekday() == wd and abs((c - choice).days) <= 366]
        if fitting:
            choice = min(fitting, key=lambda c: abs((c - choice).days))
    return choice.year


def _make_date(y: int, m: int, d: int, label: str, warnings: list[str]) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        warnings.append(f"Datum {label} ungültig")
        return None


def _make_time(h: int, mi: int, label: str, warnings: list[str]) -> tuple[int, int, int] | None:
    """Return (hour, minute, day offset); 24:00 is midnight of the next day."""
    if h == 24 and mi == 0:
        return 0, 0, 1
    if 0 <= h <= 23 and 0 <= mi <= 59:
        return h, mi, 0
    warnings.append(f"Uhrzeit {label} ungültig")
    return None


def _at(day: date, hm: tuple[int, int, int], tz: ZoneInfo) -> datetime:
    h, mi, plus = hm
    return datetime.combine(day + timedelta(days=plus), time(h, mi), tzinfo=tz)


def _resolve(text: str, item: _Item, ref: date | None, tz: ZoneInfo, lookback: int) -> DateMatch:
    match = DateMatch(raw=text[item.start : item.end].strip(), span=(item.start, item.end))
    lead = len(text[item.start : item.end]) - len(text[item.start : item.end].lstrip())
    match.span = (item.start + lead, item.start + lead + len(match.raw))
    if item.month1 is not None:
        _resolve_month(item, ref, lookback, match)
    else:
        _resolve_days(item, ref, tz, lookback, match)
    return match


def _resolve_month(item: _Item, ref: date | None, lookback: int, match: DateMatch) -> None:
    match.precision = "month"
    first, last = item.month1, item.month2 or item.month1
    match.qualifier = first.q
    year2 = last.y
    year1 = first.y or (year2 - (1 if first.m > last.m else 0) if year2 else None)
    if year1 is None:
        if ref is None:
            match.warnings.append(f"Jahr fehlt in „{match.raw}“ und kein Seitendatum: Datum offen")
            return
        threshold = ref - timedelta(days=lookback)
        year1 = ref.year - 1
        while (year1, first.m) < (threshold.year, threshold.month):
            year1 += 1
        match.year_inferred = True
        match.warnings.append(f"Jahr in „{match.raw}“ ergänzt: {year1}")
    match.start = date(year1, first.m, 1)
    if item.month2 is not None:
        year2 = year2 or (year1 + (1 if last.m < first.m else 0))
        match.end = date(year2, last.m, 1)


def _resolve_days(
    item: _Item, ref: date | None, tz: ZoneInfo, lookback: int, match: DateMatch
) -> None:
    first, last = item.day1, item.day2
    warnings = match.warnings
    m1 = first.m if first.m is not None else (last.m if last else None)
    y1, y2 = first.y, last.y if last else None
    if last is not None:
        if y1 is None and y2 is not None:
            y1 = y2 - (1 if (m1, first.d) > (last.m, last.d) else 0)
        if y2 is None and y1 is not None:
            y2 = y1 + (1 if (last.m, last.d) < (m1, first.d) else 0)
    if y1 is None:
        if ref is None:
            warnings.append(f"Jahr fehlt in „{match.raw}“ und kein Seitendatum: Datum offen")
            return
        y1 = _infer_year(m1, first.d, ref, lookback, first.wd)
        if y1 is None:
            warnings.append(f"Datum {first.text} ungültig")
            return
        match.year_inferred = True
        warnings.append(f"Jahr in „{match.raw}“ aus dem Seitendatum ergänzt: {y1}")
        if last is not None:
            y2 = y1 + (1 if (last.m, last.d) < (m1, first.d) else 0)
    day1 = _make_date(y1, m1, first.d, _label(first, m1, y1), warnings)
    day2 = _make_date(y2, last.m, last.d, _label(last, last.m, y2), warnings) if last else None
    if day1 is None or (last is not None and day2 is None):
        return
    for atom, day in ((first, day1), (last, day2)):
        if atom is not None and atom.wd is not None and day.weekday() != atom.wd:
            warnings.append(
                f"Wochentag „{atom.wd_raw}“ passt nicht zu {day:%d.%m.%Y} "
                f"({_WEEKDAY_NAMES[day.weekday()]})"
            )
    if day2 is not None and day2 < day1:
        warnings.append(f"Ende vor Beginn in „{match.raw}“")
    match.start, match.end = day1, day2
    match.precision = "day"
    match.all_day = True
    _apply_times(item, day1, day2, tz, match, start_known=first.iso is not None)
    if first.iso is not None:
        match.start, match.precision, match.all_day = first.iso, "minute", False
    if last is not None and last.iso is not None:
        match.end, match.precision, match.all_day = last.iso, "minute", False
    if item.all_day:
        match.all_day = True


def _label(atom: _Atom, month: int | None, year: int | None) -> str:
    if atom.y is not None or month is None or year is None:
        return atom.text
    return f"{atom.d:02d}.{month:02d}.{year}"


def _apply_times(
    item: _Item,
    day1: date,
    day2: date | None,
    tz: ZoneInfo,
    match: DateMatch,
    *,
    start_known: bool = False,
) -> None:
    t1, t2 = item.time1, item.time2
    if t1 is None and t2 is None:
        return
    warnings = match.warnings
    if t1 is not None:
        hm = _make_time(t1.h1, t1.m1, f"{t1.h1:02d}:{t1.m1:02d}", warnings)
        if hm is None:
            return
        match.start = _at(day1, hm, tz)
        match.precision, match.all_day, match.open_end = "minute", False, t1.open_end
        if t1.h2 is not None:
            hm2 = _make_time(t1.h2, t1.m2, f"{t1.h2:02d}:{t1.m2:02d}", warnings)
            if hm2 is not None:
                end = _at(day2 or day1, hm2, tz)
                if end <= match.start and day2 is None:
                    end += timedelta(days=1)  # "22 - 2 Uhr" runs past midnight
                match.end = end
    if t2 is not None:
        hm = _make_time(t2.h1, t2.m1, f"{t2.h1:02d}:{t2.m1:02d}", warnings)
        if hm is not None and day2 is not None:
            match.end = _at(day2, hm, tz)
            if t1 is None and not start_known:
                match.start = datetime.combine(day1, time(0, 0), tzinfo=tz)
                warnings.append(f"Uhrzeit des Beginns fehlt in „{match.raw}“")
            match.precision, match.all_day = "minute", False


# --- public API ------------------------------------------------------------------------------


def find_dates(
    text: str,
    reference: date | None = None,
    *,
    tz: str | ZoneInfo = DEFAULT_TZ,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
) -> list[DateMatch]:
    """Find every German date/time expression in `text`, in text order.

    `reference` (the page's own date) supplies a missing year: the first occurrence on or after
    `reference - lookback_days`. Without it a year-less date keeps `start=None` and a warning.
    A time with no date is returned with `has_date=False`, no start and a warning.
    """
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    days = _day_atoms(text, zone)
    masked = _mask(text, [(a.start, a.end) for a in days])
    months = _month_atoms(masked)
    items = _dates_to_items(text, days + months)
    masked = _mask(text, [(i.start, i.end) for i in items])
    times = _time_atoms(masked)
    alldays = [_Atom("allday", m.start(), m.end()) for m in _ALLDAY.finditer(masked)]
    _attach(text, items, times, alldays)
    items = _merge_timed(text, items)
    matches = [_resolve(text, item, reference, zone, lookback_days) for item in items]
    for t in times:
        if not t.used:
            raw = text[t.start : t.end].strip()
            match = DateMatch(raw=raw, span=(t.start, t.end), has_date=False, precision="minute")
            match.warnings.append(f"Uhrzeit „{raw}“ ohne Datum")
            matches.append(match)
    matches.sort(key=lambda m: m.span)
    return matches


def parse_date(
    text: str,
    reference: date | None = None,
    *,
    tz: str | ZoneInfo = DEFAULT_TZ,
    lookback_days: int = DEFAULT_LOOKBACK_DAYS,
) -> DateMatch | None:
    """Return the first expression in `text` that names a date (else the first time, else None)."""
    matches = find_dates(text, reference, tz=tz, lookback_days=lookback_days)
    dated = [m for m in matches if m.has_date]
    return (dated or matches or [None])[0]


def parse_iso(value: str, *, tz: str | ZoneInfo = DEFAULT_TZ) -> DateMatch | None:
    """Parse an ISO 8601 value such as a `<time datetime>` attribute (date or date-time)."""
    value = (value or "").strip()
    if not _ISO.fullmatch(value):
        return None
    return parse_date(value, tz=tz)
