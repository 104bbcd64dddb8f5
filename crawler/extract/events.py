"""Events from a page: calendar entries (label/value pairs) and prose announcements or reports."""

from __future__ import annotations

from crawler.extract.event_cues import _Cues, normalize_title
from crawler.extract.event_labels import _calendar_events, _lines, _sections
from crawler.extract.event_places import find_location, find_organizers
from crawler.extract.event_prose import _prose_events
from crawler.extract.pagedoc import PageDoc
from crawler.items import EventRecord, stable_id

__all__ = ["event_id", "extract_events", "find_location", "find_organizers", "normalize_title"]


def event_id(title: str, start: str | None) -> str:
    """Return the stable id of an event from its title and the day of its start."""
    return stable_id("event", normalize_title(title), (start or "")[:10])


_PRECISION_RANK = {"month": 0, "day": 1, "minute": 2}


def _merge(into: EventRecord, other: EventRecord) -> None:
    if (
        _PRECISION_RANK.get(other.precision, 0) > _PRECISION_RANK.get(into.precision, 0)
        and other.start
    ):
        into.start, into.end = other.start, other.end
        into.precision, into.all_day = other.precision, other.all_day
        for key in ("start", "end"):
            if key in other.raw:
                into.raw[key] = other.raw[key]
    if into.end is None and other.end and other.precision == into.precision:
        into.end = other.end
        into.raw.setdefault("end", other.raw.get("end", ""))
    if not into.location and other.location:
        into.location = other.location
        into.raw["location"] = other.raw.get("location", other.location)
    for name in other.organizers:
        if name not in into.organizers:
            into.organizers.append(name)
    if other.organizers and "organizers" not in into.raw:
        into.raw["organizers"] = other.raw.get("organizers", "")
    if other.status == "cancelled":
        into.status = "cancelled"
        into.raw.setdefault("status", other.raw.get("status", ""))
    for warning in other.warnings:
        into.warn(warning)


def _same_event(a: EventRecord, b: EventRecord, groups: dict[int, int]) -> bool:
    """Two mentions on one page name the same event.

    Same day and title, or same day in one section, or the same timed start, or same day
    and place.
    """
    day_a = (a.start or a.raw.get("start", ""))[:10]
    day_b = (b.start or b.raw.get("start", ""))[:10]
    if day_a != day_b:
        return False
    if normalize_title(a.title) == normalize_title(b.title):
        return True
    if not a.start:
        return False
    if a.precision == b.precision == "minute":
        return a.start == b.start
    group_a, group_b = groups.get(id(a)), groups.get(id(b))
    if group_a is not None and group_a == group_b:
        return True
    return bool(a.location and a.location == b.location)


def _dedupe(records: list[EventRecord], groups: dict[int, int]) -> list[EventRecord]:
    out: list[EventRecord] = []
    for record in records:
        twin = next((r for r in out if _same_event(r, record, groups)), None)
        if twin is None:
            out.append(record)
        else:
            _merge(twin, record)
    for record in out:
        record.id = event_id(record.title, record.start)
    return out


def extract_events(doc: PageDoc) -> list[EventRecord]:
    """Return the events a page announces or reports, one record per distinct event."""
    cues = _Cues(doc)
    sections = _sections(_lines(doc, cues))
    groups: dict[int, int] = {}  # record → section it was read in
    records = _calendar_events(sections, doc, cues) + _prose_events(sections, doc, cues, groups)
    return _dedupe(records, groups)
