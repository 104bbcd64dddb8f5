"""Deterministic synthetic German corpus and the sample-site records used by the search benchmarks."""

from __future__ import annotations

import json
import random
from pathlib import Path

from crawler.items import stable_id

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "crawler" / "sample_site" / "truth.json"

_NOUNS = [
    "Arbeit",
    "Beratung",
    "Bildung",
    "Elternabend",
    "Ehrenamt",
    "Familie",
    "Fest",
    "Flüchtling",
    "Förderung",
    "Gemeinde",
    "Gesellschaft",
    "Gesundheit",
    "Gruppe",
    "Hilfe",
    "Integration",
    "Jugend",
    "Kinder",
    "Kita",
    "Kultur",
    "Kurs",
    "Migration",
    "Modul",
    "Netzwerk",
    "Projekt",
    "Rat",
    "Schule",
    "Sprache",
    "Sprachcafé",
    "Stadt",
    "Straße",
    "Treffen",
    "Unterricht",
    "Verein",
    "Verwaltung",
    "Vielfalt",
    "Wohnung",
    "Zentrum",
    "Zukunft",
    "Begegnung",
    "Nachbarschaft",
    "Ausbildung",
    "Qualifikation",
    "Veranstaltung",
    "Workshop",
    "Ausstellung",
    "Vortrag",
    "Sitzung",
    "Fortbildung",
    "Teilhabe",
    "Übergang",
    "Beruf",
    "Frauen",
    "Männer",
    "Senioren",
    "Musik",
    "Sport",
    "Garten",
    "Küche",
]
_VERBS = [
    "lädt",
    "informiert",
    "berichtet",
    "bietet",
    "fördert",
    "unterstützt",
    "begleitet",
    "organisiert",
    "eröffnet",
    "stellt",
    "vor",
    "plant",
    "sucht",
    "begrüßt",
    "dankt",
    "zeigt",
]
_ADJ = [
    "interkulturell",
    "öffentlich",
    "neu",
    "regional",
    "kommunal",
    "ehrenamtlich",
    "offen",
    "kostenlos",
    "mehrsprachig",
    "gemeinsam",
    "jährlich",
    "wichtig",
]
_FILLER = [
    "der",
    "die",
    "das",
    "und",
    "im",
    "am",
    "für",
    "mit",
    "von",
    "zu",
    "den",
    "dem",
    "ein",
    "eine",
    "auch",
    "auf",
    "bei",
    "nach",
    "über",
]
_PLACES = [
    "Herford",
    "Bünde",
    "Enger",
    "Hiddenhausen",
    "Kirchlengern",
    "Löhne",
    "Rödinghausen",
    "Spenge",
    "Vlotho",
]
_FIRST = [
    "Anna",
    "Petra",
    "Jürgen",
    "Thomas",
    "Aylin",
    "Mehmet",
    "Julia",
    "Hasan",
    "Lena",
    "Claudia",
    "Svetlana",
    "Martina",
]
_LAST = [
    "Müller",
    "Schwenk",
    "Kirchhoff",
    "Niermann",
    "Öztürk",
    "Aksoy",
    "Wehmeier",
    "Demir",
    "Hoffmeister",
    "Rehling",
    "Krüger",
    "Brockmeyer",
    "Meier",
    "Schulz",
]
TYPES = ("page", "event", "contact", "photo", "document")


def _compound(rng: random.Random) -> str:
    first, second = rng.sample(_NOUNS, 2)
    link = "s" if first.endswith(("ung", "ion", "tät", "heit", "keit")) else ""
    return first + link + second.lower()


def _word(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.30:
        return rng.choice(_FILLER)
    if roll < 0.55:
        return rng.choice(_NOUNS)
    if roll < 0.70:
        return _compound(rng)
    if roll < 0.80:
        return rng.choice(_ADJ) + rng.choice(["e", "en", "er", ""])
    if roll < 0.90:
        return rng.choice(_VERBS)
    return rng.choice(_PLACES)


def _sentence(rng: random.Random, n: int) -> str:
    words = [_word(rng) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def synthetic_records(count: int, seed: int = 42) -> list[dict]:
    """Return `count` synthetic record dicts of all five types (same output for the same seed)."""
    rng = random.Random(seed)
    records = []
    for i in range(count):
        kind = TYPES[i % 5] if i % 7 else "event"
        year = rng.randint(2012, 2020)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = " ".join(_word(rng) for _ in range(rng.randint(3, 8))).capitalize()
        text = " ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(3, 12)))
        person = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        url = f"https://www.kreis-herford.de/synth/{kind}/{i}"
        record = {"id": stable_id(kind, url), "type": kind}
        if kind == "page":
            record.update(
                url=url, title=title, text=text, page_date=date, breadcrumbs=["Startseite"]
            )
        elif kind == "event":
            record.update(
                title=title,
                start=date,
                location=f"Kreishaus {rng.choice(_PLACES)}",
                organizers=["Kommunales Integrationszentrum Kreis Herford"],
                description=text + f" Es spricht Frau {person}.",
                source_urls=[url],
            )
        elif kind == "contact":
            record.update(
                name=person,
                role=title,
                unit="Kommunales Integrationszentrum (KI)",
                street="Amtshausstraße 3",
                postal_code="32051",
                city=rng.choice(_PLACES),
                phone=f"05221/13-{rng.randint(1000, 9999)}",
                source_urls=[url],
            )
        elif kind == "photo":
            record.update(
                url=url + ".jpg", album=title, caption=_sentence(rng, 6), alt="", source_url=url
            )
        else:
            record.update(url=url + ".pdf", title=title, text=text, source_urls=[url])
        records.append(record)
    return records


def synthetic_queries(count: int, seed: int = 7) -> list[str]:
    """Return `count` queries of 1–3 content words drawn from the corpus vocabulary."""
    rng = random.Random(seed)
    pool = _NOUNS + _PLACES + _LAST + [w + "en" for w in _ADJ]
    queries = []
    for _ in range(count):
        n = rng.choice((1, 1, 2, 2, 3))
        words = [_compound(rng) if rng.random() < 0.15 else rng.choice(pool) for _ in range(n)]
        queries.append(" ".join(words))
    return queries


def truth_records(path: Path = TRUTH) -> list[dict]:
    """Return record dicts for the sample site built from truth.json (no crawl needed)."""
    truth = json.loads(path.read_text(encoding="utf-8"))
    base = "http://sample.test"
    records: list[dict] = []
    for page in truth["pages"]:
        url = base + page["url"]
        records.append(
            {
                "id": stable_id("page", url),
                "type": "page",
                "url": url,
                "title": page["title"],
                "text": "\n".join(page.get("main_text_contains", [])),
                "page_date": page.get("page_date"),
                "breadcrumbs": page.get("breadcrumbs", []),
            }
        )
    for event in truth["events"]:
        urls = [base + u for u in event.get("source_urls", [])]
        record = {k: v for k, v in event.items() if k not in ("source_urls",)}
        record.update(
            id=stable_id("event", urls[0] if urls else "", event["title"], event.get("start")),
            type="event",
            source_urls=urls,
            description=event.get("description") or "",
        )
        records.append(record)
    for contact in truth["contacts"]:
        urls = [base + u for u in contact.get("source_urls", [])]
        record = dict(contact, type="contact", source_urls=urls)
        record["id"] = stable_id("contact", contact["name"], contact.get("email"))
        records.append(record)
    event_ids = {r["title"]: r["id"] for r in records if r["type"] == "event"}
    for photo in truth["photos"]:
        url = base + photo["url"]
        record = dict(photo, type="photo", url=url)
        if photo.get("event") in event_ids:  # the link the store makes when crawling
            record["event_id"] = event_ids[photo["event"]]
        record["source_url"] = base + (photo.get("source_url") or "")
        record["id"] = stable_id("photo", url)
        records.append(record)
    for document in truth["documents"]:
        url = base + document["url"]
        record = dict(document, type="document", url=url)
        record["text"] = "\n".join(document.get("text_contains", []))
        record["source_urls"] = [base + u for u in document.get("source_urls", [])]
        record["id"] = stable_id("document", url)
        records.append(record)
    return records
