"""Reconciling records: when two items are the same thing, and how their fields merge."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Fields filled by the media pipelines; a later item without them must not erase them.
MEDIA_FIELDS = ("sha256", "file", "mime", "bytes", "width", "height", "text")
# Fields that say where a record was seen; merged as a union.
SOURCE_FIELDS = ("source_urls", "warnings", "organizers")


def fold(text: str | None) -> str:
    """Lower-case, strip accents and punctuation: a key for comparing names and titles."""
    text = unicodedata.normalize("NFKD", text or "").replace("ß", "ss")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def title_tokens(title: str | None) -> set[str]:
    """The significant words of a title (three letters or more)."""
    return {w for w in fold(title).split() if len(w) > 2}


def similar_titles(a: str | None, b: str | None) -> bool:
    """True if two event titles plausibly name the same event (shared significant words)."""
    ta, tb = title_tokens(a), title_tokens(b)
    if not ta or not tb:
        return False
    overlap = len(ta & tb)
    return overlap >= 2 or overlap / min(len(ta), len(tb)) >= 0.5


def same_event(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Events are the same when they start at the same moment and their titles are similar."""
    if not a.get("start") or a.get("start") != b.get("start"):
        return False
    return similar_titles(a.get("title"), b.get("title")) or (
        bool(a.get("location")) and fold(a.get("location")) == fold(b.get("location"))
    )


def _completeness(data: dict[str, Any]) -> int:
    keys = ("location", "end", "organizers", "description", "raw")
    return sum(1 for k in keys if data.get(k))


def _union(a: list | None, b: list | None) -> list:
    out: list = []
    for item in [*(a or []), *(b or [])]:
        if item not in out:
            out.append(item)
    return out


def merge_events(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Merge two records of one event: the more complete one leads, the other fills gaps.

    The result does not depend on the order of the arguments, so re-crawls give the same row.
    """
    lead, other = sorted((a, b), key=lambda d: (-_completeness(d), d.get("id") or ""))
    merged = fill_gaps(lead, other)
    # the title a page gives the event itself beats a section heading or a sentence's wording
    named = min((a, b), key=lambda d: (_title_rank(d), d.get("id") or ""))
    merged["title"] = named.get("title") or merged.get("title")
    merged["raw"] = {
        **merged.get("raw", {}),
        "title_source": (named.get("raw") or {}).get("title_source", ""),
    }
    merged["id"] = min(a.get("id") or "", b.get("id") or "") or lead.get("id")
    if "cancelled" in (a.get("status"), b.get("status")):
        merged["status"] = "cancelled"
    return merged


TITLE_SOURCES = ("label", "calendar", "page", "section", "sentence")


def _title_rank(data: dict[str, Any]) -> int:
    source = (data.get("raw") or {}).get("title_source")
    return TITLE_SOURCES.index(source) if source in TITLE_SOURCES else len(TITLE_SOURCES)


def fill_gaps(lead: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """Return `lead` with empty fields taken from `other` and source lists united."""
    merged = dict(lead)
    for key, value in other.items():
        if key in SOURCE_FIELDS:
            merged[key] = _union(lead.get(key), value)
        elif merged.get(key) in (None, "", [], {}) and value not in (None, "", [], {}):
            merged[key] = value
    if isinstance(lead.get("raw"), dict) and isinstance(other.get("raw"), dict):
        merged["raw"] = {**other["raw"], **lead["raw"]}
    return merged


def merge_photos(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """One photo shown on several pages: the page with the largest gallery (the album) leads."""
    lead, other = sorted(
        (a, b), key=lambda d: (-(d.get("album_size") or 0), d.get("source_url") or "")
    )
    merged = keep_media(other, lead)
    merged["warnings"] = _union(lead.get("warnings"), other.get("warnings"))
    return merged


def keep_media(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """A re-emitted photo or document without file data keeps the file data it had."""
    merged = dict(new)
    for key in MEDIA_FIELDS:
        if key in old and merged.get(key) in (None, "") and old.get(key) not in (None, ""):
            merged[key] = old[key]
    return merged


def event_for_hint(hint: str | None, events: list[dict[str, Any]]) -> str | None:
    """The id of the event an album's hint text names (by date and title words), if clear."""
    if not hint:
        return None
    from crawler.extract.dates import find_dates

    days = {m.start_day.isoformat() for m in find_dates(hint) if m.start_day}
    words = title_tokens(hint)
    best, best_score = None, 0.0
    for ev in events:
        start_day = (ev.get("start") or "")[:10]
        score = 0.0
        if start_day and start_day in days:
            score += 2
        shared = words & title_tokens(ev.get("title"))
        score += len(shared) / max(len(title_tokens(ev.get("title"))), 1)
        if score > best_score:
            best, best_score = ev.get("id"), score
    return best if best_score >= 1.0 else None
