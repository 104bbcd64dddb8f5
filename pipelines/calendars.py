"""Exports in calendar and address-book formats: iCalendar for events, vCard for contacts."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import vobject
from icalendar import Calendar
from icalendar import Event as IcsEvent


def _when(value: str | None) -> date | datetime | None:
    """Parse an export start/end (datetime with offset, date, or YYYY-MM month)."""
    if not value:
        return None
    if len(value) == 7:  # month precision: the first of the month, as a date
        return date.fromisoformat(value + "-01")
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value)


def events_to_ics(events: list[dict]) -> bytes:
    """An iCalendar file with one VEVENT per dated event (undated events are left out)."""
    cal = Calendar()
    cal.add("prodid", "-//herford-archive//Veranstaltungsarchiv//DE")
    cal.add("version", "2.0")
    for ev in events:
        start = _when(ev.get("start"))
        if start is None:
            continue
        item = IcsEvent()
        item.add("uid", f"{ev['id']}@herford-archive")
        item.add("summary", ev.get("title") or "")
        item.add("dtstart", start)
        end = _when(ev.get("end"))
        if end is not None:
            # iCalendar all-day ends are exclusive
            item.add("dtend", end + timedelta(days=1) if type(end) is date else end)
        if ev.get("location"):
            item.add("location", ev["location"])
        if ev.get("description"):
            item.add("description", ev["description"])
        item.add("status", "CANCELLED" if ev.get("status") == "cancelled" else "CONFIRMED")
        if ev.get("source_urls"):
            item.add("url", ev["source_urls"][0])
        cal.add_component(item)
    return cal.to_ical()


def contacts_to_vcf(contacts: list[dict]) -> str:
    """A vCard 3.0 file with one card per contact."""
    cards = []
    for c in contacts:
        card = vobject.vCard()
        card.add("fn").value = c.get("name") or c.get("unit") or "?"
        parts = (c.get("name") or "").rsplit(" ", 1)
        family, given = (parts[1], parts[0]) if len(parts) == 2 else (parts[0], "")
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        if c.get("unit"):
            card.add("org").value = [c["unit"]]
        if c.get("role"):
            card.add("title").value = c["role"]
        for key, kind in (("phone", "WORK"), ("fax", "FAX")):
            number = c.get(f"{key}_e164") or c.get(key)
            if number:
                tel = card.add("tel")
                tel.value, tel.type_param = number, kind
        if c.get("email"):
            card.add("email").value = c["email"]
        if c.get("street") or c.get("city"):
            card.add("adr").value = vobject.vcard.Address(
                street=c.get("street") or "",
                city=c.get("city") or "",
                code=c.get("postal_code") or "",
                country="Deutschland",
            )
        if c.get("room") or c.get("office_hours"):
            note = "; ".join(
                x
                for x in (
                    f"Raum {c.get('room')}" if c.get("room") else "",
                    c.get("office_hours") or "",
                )
                if x
            )
            card.add("note").value = note
        cards.append(card.serialize())
    return "".join(cards)


def export_calendar_files(store, out: Path, fmt: str) -> dict[str, int]:
    """Write events.ics or contacts.vcf into `out`."""
    if fmt == "ics":
        events = list(store.iter_records(["event"]))
        path = out / "events.ics"
        path.write_bytes(events_to_ics(events))
        return {str(path): sum(1 for e in events if e.get("start"))}
    contacts = list(store.iter_records(["contact"]))
    path = out / "contacts.vcf"
    path.write_text(contacts_to_vcf(contacts), encoding="utf-8")
    return {str(path): len(contacts)}
