"""Calendar views: dated URLs of endless calendars, their order, and links that step through them.

A calendar shows the same page for any day, week, month or year its URL names, and links the
next and the previous one forever. Such a view is recognised by its URL (a date in a query value,
a parameter the profile names as a calendar parameter, a date at the end of the path) or, for
the link that steps to it, by the link text (`crawl.calendar_step_words`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler.extract import urls
from crawler.profiles import Profile

_DAY = r"(0?[1-9]|[12]\d|3[01])"
_MONTH = r"(0?[1-9]|1[0-2])"
_YEAR = r"(19|20)\d\d"
# Query values that are dates whatever the parameter is called: 2017-06, 2017-06-01, 01.06.2017,
# 06.2017, 6/2017, 2017/06. Bare numbers (2017, 201706) count only under a calendar parameter.
_DATE_VALUE = re.compile(
    rf"{_YEAR}-{_MONTH}(-{_DAY})?|{_DAY}\.{_MONTH}\.{_YEAR}|{_MONTH}[./]{_YEAR}|{_YEAR}/{_MONTH}"
)
_YEAR_SEGMENT = re.compile(_YEAR)
_NUMBER_SEGMENT = re.compile(r"\d{1,2}")
_INDEX_FILES = {"", "index.html", "index.htm", "index.php"}
_PARAM_TOKENS = re.compile(r"[a-z]+")
_STEP_TEXT_MAX = 40


def is_calendar_param(name: str, value: str, words: set[str]) -> bool:
    """True if one query pair names a day, week, month or year (`words`: calendar_params)."""
    if _DATE_VALUE.fullmatch(value.strip()):
        return True
    if not any(c.isdigit() for c in value):
        return False
    for token in _PARAM_TOKENS.findall(name.lower()):
        # "monat", "cal_month"; compounds only on long words: "startdatum", not "update"
        if token in words or any(len(w) >= 5 and token.endswith(w) for w in words):
            return True
    return False


def _date_path_tail(segments: list[str]) -> int:
    """How many trailing path segments name a date: /2017-06/, /2017/06/, /2017/06/01/ (else 0)."""
    tail = segments[:]
    index_files = 0
    if tail and tail[-1].lower() in _INDEX_FILES:
        tail.pop()
        index_files = 1
    if tail and _DATE_VALUE.fullmatch(tail[-1]) and "-" in tail[-1]:
        return 1 + index_files
    for size in (3, 2):
        run = tail[-size:]
        if (
            len(run) == size
            and _YEAR_SEGMENT.fullmatch(run[0])
            and all(_NUMBER_SEGMENT.fullmatch(s) for s in run[1:])
            and 1 <= int(run[1]) <= 12
            and (size == 2 or 1 <= int(run[2]) <= 31)
        ):
            return size + index_files
    return 0


def calendar_key(url: str, profile: Profile) -> str | None:
    """The calendar a URL is a dated view of: the URL without its date parts; None if undated.

    All views of one calendar (every month, week or day, however it steps) share one key, so a
    view can tell the links that step through its own calendar from any other link.
    """
    parts = urlsplit(url)
    words = {w.lower() for w in profile.words("crawl.calendar_params")}
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    undated = [(k, v) for k, v in pairs if not is_calendar_param(k, v, words)]
    segments = parts.path.split("/")
    tail = _date_path_tail(segments[1:]) if not urls.is_media(url, profile) else 0
    if len(undated) == len(pairs) and not tail:
        return None
    path = "/".join(segments[: len(segments) - tail]) + "/" if tail else parts.path
    query = urlencode(undated, safe=",:")
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


_YEAR_WORDS = ("jahr", "year")
_MONTH_WORDS = ("monat", "month")
_WEEK_WORDS = ("woche", "week", "kw")


def _date_numbers(value: str) -> tuple[int, ...]:
    """The numbers of a date value, most significant first: 01.06.2017 -> (2017, 6, 1)."""
    numbers = re.findall(r"\d+", value)
    if _DATE_VALUE.fullmatch(value.strip()) and len(numbers[-1]) == 4:
        numbers.reverse()  # day.month.year, month/year
    return tuple(int(n) for n in numbers)


def _param_rank(name: str) -> int:
    name = name.lower()
    for rank, words in enumerate((_YEAR_WORDS, _MONTH_WORDS, _WEEK_WORDS)):
        if any(w in name for w in words):
            return rank
    return len((_YEAR_WORDS, _MONTH_WORDS, _WEEK_WORDS))


def calendar_position(url: str, profile: Profile) -> tuple[int, ...] | None:
    """Where a dated view lies in its calendar: comparable between views of one calendar.

    `monat=2017-06` -> (2017, 6); `jahr=2017&monat=6` -> (2017, 6); /termine/2017/06/01/ ->
    (2017, 6, 1); None for a URL that is no dated view. A larger position is a later view.
    """
    if calendar_key(url, profile) is None:
        return None
    parts = urlsplit(url)
    words = {w.lower() for w in profile.words("crawl.calendar_params")}
    numbers: list[int] = []
    segments = parts.path.split("/")
    tail = _date_path_tail(segments[1:]) if not urls.is_media(url, profile) else 0
    if tail:
        dated = [s for s in segments[len(segments) - tail :] if s.lower() not in _INDEX_FILES]
        for segment in dated:
            numbers.extend(_date_numbers(segment))
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    dated_pairs = [(k, v) for k, v in pairs if is_calendar_param(k, v, words)]
    for _, value in sorted(dated_pairs, key=lambda kv: _param_rank(kv[0])):
        numbers.extend(_date_numbers(value))
    return tuple(numbers) or None


def _normalize_link_text(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def is_calendar_step_text(text: str, profile: Profile) -> bool:
    """True if a link text steps a calendar: "nächster Monat »", "« Vormonat", "Vorwoche (KW 22)".

    Besides the step word the text may hold only numbers and `crawl.calendar_step_fillers`
    (month names, "zum", …): "Rückblick auf das Vorjahr" is an ordinary link.
    """
    norm = _normalize_link_text(text)
    if not norm or len(norm) > _STEP_TEXT_MAX:
        return False
    fillers = {_normalize_link_text(w) for w in profile.words("crawl.calendar_step_fillers")}
    for word in profile.words("crawl.calendar_step_words"):
        phrase = _normalize_link_text(word)
        padded = f" {norm} "
        if f" {phrase} " not in padded:
            continue
        rest = padded.replace(f" {phrase} ", " ", 1).split()
        if all(w.isdigit() or w in fillers for w in rest):
            return True
    return False


def calendar_step_links(
    anchors: Iterable[tuple[str, Iterable[str]]], base: str, profile: Profile
) -> set[str]:
    """Canonical URLs that a page links to only with calendar-step texts.

    `anchors` holds (href, texts) per link: its text, title, image alt. A URL the page also links
    with any other text is an ordinary link.
    """
    step: set[str] = set()
    plain: set[str] = set()
    for href, texts in anchors:
        try:
            url = urls.canonicalize(href, profile, base=base)
        except ValueError:
            continue
        if any(is_calendar_step_text(t, profile) for t in texts if t):
            step.add(url)
        else:
            plain.add(url)
    return step - plain
