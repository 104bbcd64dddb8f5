"""Cue words from the site profile, and the phrase and record helpers both event readers use."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from crawler.extract.dates import DateMatch
from crawler.extract.pagedoc import PageDoc
from crawler.extract.text import normalize_space
from crawler.items import EventRecord

_EVENT_FIELDS = ("date", "time", "end", "location", "organizer", "event_title")
_QUOTES = "\"'„“”‚‘’«»"
_MONTH_AND_DAY_WORDS = {
    "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
    "november", "dezember", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag",
    "sonntag", "sonnabend", "anfang", "mitte", "ende",
}  # fmt: skip
# genitive articles join a head noun to its owner ("Foyer des Kreishauses") but not two phrases
_GENITIVE = {"der", "des", "die"}
_TOKEN = re.compile(r"\S+")


def normalize_title(title: str) -> str:
    """Fold a title for identity: case, quotes, punctuation and spacing do not matter."""
    text = unicodedata.normalize("NFKC", title or "").casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


# --- cue words from the profile --------------------------------------------------------------


@dataclass
class _Cues:
    doc: PageDoc

    def words(self, *keys: str) -> list[str]:
        out: list[str] = []
        for key in keys:
            out.extend(self.doc.profile.words(key))
        return out

    @cached_property
    def event(self) -> re.Pattern[str]:
        # a report of an event ("fand statt", "nahmen teil") is evidence of an event too
        words = self.words("events.event_cues", "events.extra_event_cues")
        return _any_inside(words + self.words("events.report_cues", "events.extra_report_cues"))

    @cached_property
    def non_event(self) -> re.Pattern[str]:
        return _any_word_start(self.words("events.non_event_cues"))

    @cached_property
    def report(self) -> re.Pattern[str]:
        # whole words: "Bericht" must not match "berichten" in an announcement
        words = self.words("events.report_cues", "events.extra_report_cues")
        return re.compile(_any_word_start(words).pattern + r"(?!\w)", re.I)

    @cached_property
    def gallery(self) -> re.Pattern[str]:
        return _any_word_start(self.words("photos.gallery_words"))

    @cached_property
    def cancelled(self) -> re.Pattern[str]:
        return _any_word_start(self.words("events.cancelled_words"))

    @cached_property
    def labels(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in _EVENT_FIELDS:
            for word in self.doc.profile.words(f"labels.{name}"):
                out.setdefault(_fold_label(word), name)
        return out

    @cached_property
    def tz(self) -> str:
        return self.doc.profile.get("site.timezone") or "Europe/Berlin"


def _any_inside(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
    return re.compile(alternatives or r"(?!x)x", re.I)


def _any_word_start(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
    return re.compile(rf"(?<!\w)(?:{alternatives})" if alternatives else r"(?!x)x", re.I)


def _fold_label(text: str) -> str:
    return normalize_space(text).strip(" :?").casefold()


def _clean_phrase(text: str) -> str:
    text = text.strip().rstrip(",;:")
    # a quote mark without its partner is debris of the markup ('Fit für den Konsumalltag"')
    while text and (text[-1] in _QUOTES or text[0] in _QUOTES):
        if sum(text.count(q) for q in _QUOTES) % 2 == 0:
            break
        text = text[:-1] if text[-1] in _QUOTES else text[1:]
    text = text.strip()
    if text.endswith(".") and not re.search(r"(?:\be\.\s?V|\b[A-Za-z])\.$", text):
        text = text[:-1]
    if text.count("(") < text.count(")"):
        text = text.rstrip(")")
    return text


# --- building records ------------------------------------------------------------------------


def _apply_date(record: EventRecord, match: DateMatch) -> None:
    record.start, record.end = match.start_iso, match.end_iso
    record.precision, record.all_day = match.precision, match.all_day
    record.raw["start"] = match.raw
    if match.end is not None:
        record.raw["end"] = match.raw
    for warning in match.warnings:
        # "year added" only matters when a start was set; the other messages always do
        if record.start or "ergänzt" not in warning:
            record.warn(warning)


def _kind(
    record: EventRecord, match: DateMatch, doc: PageDoc, report_text: str, cues: _Cues
) -> str:
    if cues.report.search(report_text):
        return "report"
    day = match.start_day
    if day is not None and doc.page_date is not None and day < doc.page_date:
        return "report"
    return "announcement"


def _line_with(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)].strip()
