"""The Whoosh schema of the archive index, with field types for record types and dates."""

from __future__ import annotations

from whoosh import query
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from search.analysis import CompoundLexicon, german_analyzer, name_analyzer
from search.dates import DateSyntaxError, parse_date_range

SCHEMA_VERSION = 5

RECORD_TYPES = ("event", "contact", "photo", "document", "page")

# German (and a few English plural) names users type for record types.
TYPE_NAMES: dict[str, str] = {
    **{t: t for t in RECORD_TYPES},
    "events": "event",
    "veranstaltung": "event",
    "veranstaltungen": "event",
    "termin": "event",
    "termine": "event",
    "contacts": "contact",
    "kontakt": "contact",
    "kontakte": "contact",
    "person": "contact",
    "photos": "photo",
    "foto": "photo",
    "fotos": "photo",
    "bild": "photo",
    "bilder": "photo",
    "documents": "document",
    "dokument": "document",
    "dokumente": "document",
    "pdf": "document",
    "pages": "page",
    "seite": "page",
    "seiten": "page",
}

# German label of each record type, for tables and facets.
TYPE_LABELS = {
    "event": "Veranstaltung",
    "contact": "Kontakt",
    "photo": "Foto",
    "document": "Dokument",
    "page": "Seite",
}

# Unfielded words search content, title and meta with these weights: a title match counts
# most; `meta` holds names, places, type words and dates.
FIELD_BOOSTS = {"content": 1.0, "title": 4.0, "meta": 1.0}

# Names users type as field prefixes, mapped to schema fields.
FIELD_ALIASES = {
    "title": ["titel"],
    "type": ["typ"],
    "place": ["ort"],
    "people": ["person", "personen"],
    "date": ["datum", "jahr", "year"],
    "content": ["text", "inhalt"],
}


def resolve_type(value: str) -> str | None:
    """Return the record type for an English or German type name, or None."""
    return TYPE_NAMES.get(value.strip().lower())


class TypeField(ID):
    """Record type keyword that also accepts German type names in queries."""

    def self_parsing(self) -> bool:
        return True

    def parse_query(self, fieldname, qstring, boost=1.0):
        record_type = resolve_type(qstring)
        if record_type is None:
            return query.error_query(
                f"Unbekannter Typ „{qstring}“ – erlaubt: veranstaltung, kontakt, foto, dokument, "
                "seite (event, contact, photo, document, page)"
            )
        return query.Term(fieldname, record_type, boost=boost)

    def parse_range(self, fieldname, start, end, startexcl, endexcl, boost=1.0):
        return query.error_query("Für typ: ist kein Bereich [… TO …] möglich")


class DateField(NUMERIC):
    """A record's date as a sortable YYYYMMDD number; queries accept ISO and German dates."""

    def __init__(self):
        super().__init__(int, 32, stored=True, sortable=True, signed=False, default=0)

    def parse_query(self, fieldname, qstring, boost=1.0):
        try:
            start, end = parse_date_range(qstring)
        except DateSyntaxError as err:
            return query.error_query(str(err))
        return query.NumericRange(fieldname, start, end, boost=boost)

    def parse_range(self, fieldname, start, end, startexcl, endexcl, boost=1.0):
        try:
            low = parse_date_range(start)[0] if start else None
            high = parse_date_range(end)[1] if end else None
        except DateSyntaxError as err:
            return query.error_query(str(err))
        if low is not None and high is not None and low > high:
            return query.error_query(f"Datumsbereich ist leer: {start} liegt nach {end}")
        return query.NumericRange(fieldname, low, high, startexcl, endexcl, boost=boost)


def build_schema(lexicon: CompoundLexicon | None = None) -> Schema:
    """Return the index schema; `lexicon` lets the text fields split compounds when indexing."""
    text = german_analyzer(lexicon)
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        type=TypeField(stored=True, sortable=True),
        title=TEXT(analyzer=text, stored=True, chars=True),
        content=TEXT(analyzer=text, stored=True, chars=True),
        place=TEXT(analyzer=names, stored=True),
        people=TEXT(analyzer=names, stored=True),
        date=DateField(),
        date_text=STORED(),
        url=STORED(),
        meta=TEXT(analyzer=text),
        group=ID(sortable=True),
        record=STORED(),
    )
