"""Turning archive records (record.to_dict() dicts) into Whoosh documents."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from search.dates import record_date

# Long text fields kept once, as the stored `content`, not again inside the stored record.
LONG_FIELD = {"page": "text", "event": "description", "document": "text"}

# Words staff use for each record type, indexed (lightly weighted) with every record.
TYPE_WORDS = {
    "event": "Veranstaltung Veranstaltungen Termin",
    "contact": "Kontakt Ansprechpartner Ansprechpartnerin",
    "photo": "Foto Fotos Bild Bilder Galerie",
    "document": "Dokument Datei",
    "page": "Seite",
}

MONTHS_DE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]

MAX_CONTENT_CHARS = 200_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "Frau Petra Schwenk", "Landrat Jürgen Müller": names introduced by a title or office.
_NAMED_PERSON = re.compile(
    r"\b(?:Frau|Herrn?|Dr\.|Prof\.|Landrat|Landrätin|Bürgermeisterin|Bürgermeister)"
    r"\s+((?:[A-ZÄÖÜ][\w'-]+\s+){0,2}[A-ZÄÖÜ][\w'-]+)"
)


def _clean(text: Any) -> str:
    if not text:
        return ""
    if isinstance(text, (list, tuple)):
        text = " ".join(str(t) for t in text if t)
    return _CONTROL.sub(" ", str(text))


def _join(*parts: Any) -> str:
    return "\n".join(p for p in (_clean(x) for x in parts) if p)


def named_people(text: str) -> list[str]:
    """Return names introduced by a title or office in running text ("Frau Petra Schwenk")."""
    seen: dict[str, None] = {}
    for match in _NAMED_PERSON.finditer(text or ""):
        seen.setdefault(match.group(1), None)
    return list(seen)


@dataclass
class IndexContext:
    """What one record's document needs from other records: linked events, page dates."""

    events: dict[str, dict] = field(default_factory=dict)
    page_dates: dict[str, str] = field(default_factory=dict)

    def learn(self, record: dict) -> None:
        """Remember the parts of `record` other documents refer to."""
        kind = record.get("type")
        if kind == "event" and record.get("id"):
            self.events[record["id"]] = {
                "title": record.get("title") or "",
                "location": record.get("location") or "",
                "start": record.get("start"),
            }
        elif kind == "page" and record.get("page_date"):
            for url in (record.get("url"), record.get("final_url")):
                if url:
                    self.page_dates[url] = record["page_date"]

    @classmethod
    def from_records(cls, records: Iterable[dict]) -> IndexContext:
        """Build a context from records (for example the store's events and pages)."""
        context = cls()
        for record in records:
            context.learn(record)
        return context

    def page_date(self, urls: Iterable[str | None]) -> str | None:
        """Return the date of the first of `urls` that is a known dated page."""
        for url in urls:
            if url and url in self.page_dates:
                return self.page_dates[url]
        return None


def _first(values: Any) -> str:
    if isinstance(values, (list, tuple)):
        return next((v for v in values if v), "") or ""
    return values or ""


def record_url(record: dict) -> str:
    """Return the URL a hit links to: the record's own URL, else its first source page."""
    return (
        record.get("url")
        or _first(record.get("source_urls"))
        or record.get("source_url")
        or record.get("vcard_url")
        or ""
    )


def record_title(record: dict) -> str:
    """Return a display title for any record type."""
    kind = record.get("type")
    if kind == "contact":
        return record.get("name") or record.get("unit") or ""
    if kind == "photo":
        title = record.get("caption") or record.get("alt") or record.get("album")
        if title:
            return title
        url = record.get("url") or ""
        return url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    title = record.get("title")
    if title:
        return title
    return (record.get("url") or "").rstrip("/").rsplit("/", 1)[-1]


def text_for_lexicon(record: dict) -> str:
    """Return the record text whose words feed the compound lexicon."""
    kind = record.get("type")
    long_key = LONG_FIELD.get(kind)
    return _join(record_title(record), record.get(long_key) if long_key else "")


def record_document(record: dict, context: IndexContext | None = None) -> dict[str, Any]:
    """Return the Whoosh document (field name → value) for one record dict."""
    context = context or IndexContext()
    kind = record.get("type") or "page"
    title = record_title(record)
    place = people = extra = ""
    date_value: str | None = None
    if kind == "page":
        content = record.get("text")
        extra = _join(record.get("breadcrumbs"))
        date_value = record.get("page_date")
    elif kind == "event":
        content = record.get("description")
        place = _clean(record.get("location"))
        people = _join(record.get("organizers"))
        date_value = record.get("start")
        extra = _join(
            "Bericht Rückblick" if record.get("kind") == "report" else "Ankündigung Einladung",
            "abgesagt ausgefallen" if record.get("status") == "cancelled" else "",
        )
    elif kind == "contact":
        city = _join(record.get("postal_code"), record.get("city")).replace("\n", " ")
        content = _join(
            record.get("role"),
            record.get("unit"),
            record.get("street"),
            city,
            record.get("phone"),
            record.get("fax"),
            record.get("email"),
            f"Raum {record['room']}" if record.get("room") else "",
            record.get("office_hours"),
        )
        people = _clean(record.get("name"))
        place = _join(record.get("street"), city)
    elif kind == "photo":
        event = context.events.get(record.get("event_id") or "", {})
        content = _join(
            record.get("caption"),
            record.get("alt"),
            record.get("album"),
            record.get("credit"),
            event.get("title"),
            record.get("event_hint"),
        )
        people = _clean(record.get("credit"))
        place = _clean(event.get("location"))
        date_value = event.get("start") or context.page_date([record.get("source_url")])
    else:  # document
        content = record.get("text")
        date_value = context.page_date(record.get("source_urls") or [])
        mime = record.get("mime") or ""
        extra = (
            "PDF" if "pdf" in mime.lower() or record_url(record).lower().endswith(".pdf") else ""
        )

    date_number = record_date(date_value)
    if date_number:
        year, month = date_number // 10000, date_number // 100 % 100
        extra = _join(extra, str(year), f"{MONTHS_DE[month - 1]} {year}")
    extra = _join(extra, TYPE_WORDS.get(kind, ""))
    if kind != "contact":
        people = _join(people, *named_people(_clean(content)[:20_000]))

    stored = dict(record)
    long_key = LONG_FIELD.get(kind)
    if long_key:
        stored.pop(long_key, None)
    return {
        "id": record["id"],
        "type": kind,
        "title": _clean(title),
        "content": _clean(content)[:MAX_CONTENT_CHARS],
        "place": place,
        "people": people,
        "meta": _join(people, place, extra),
        "date": date_number or None,  # undated records match no date range
        "date_text": date_value or "",
        "url": record_url(record),
        "group": result_group(record),
        "record": json.dumps(stored, ensure_ascii=False, default=str),
    }


def index_document(record: dict, context: IndexContext | None = None) -> dict[str, Any]:
    """Return the fields the index writer gets for one record."""
    return record_document(record, context)


def result_group(record: dict) -> str:
    """What a result list shows once: a photo album (its best photo), else the record itself."""
    if record.get("type") == "photo":
        return "album:" + (record.get("source_url") or "") + "|" + (record.get("album") or "")
    return record["id"]


def stored_record(fields: dict[str, Any]) -> dict[str, Any]:
    """Rebuild the full record dict from a hit's stored fields."""
    try:
        record = json.loads(fields.get("record") or "{}")
    except ValueError:
        record = {}
    long_key = LONG_FIELD.get(fields.get("type") or "")
    if long_key and long_key not in record:
        record[long_key] = fields.get("content", "")
    return record
