"""The Whoosh schema of the archive index, with field types for record types and dates."""

from __future__ import annotations

from whoosh import query
from whoosh.analysis import Token
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.system import pack_uint

from search.analysis import CompoundLexicon, german_analyzer, name_analyzer
from search.dates import DateSyntaxError, parse_date_range

SCHEMA_VERSION = 4

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

# Unfielded words search `all`, title and meta with these weights: a title match counts
# most; `meta` holds names, places, type words and dates. `all` is a lean copy of the
# content postings (frequencies only, no positions or character offsets) that ranking
# reads; the content field keeps the offsets the highlighter needs.
FIELD_BOOSTS = {"all": 1.0, "title": 4.0, "meta": 1.0}

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


# The last text analysed for `content`/`all` (one entry: the writer indexes one
# document's fields in turn, and `all` gets the very same string object as `content`).
_shared: dict = {"value": None, "analyzer": None, "words": None, "spelling": None}


def _analyse_once(analyzer, value: str) -> tuple[list, list[str]]:
    """Analyse `value` once for content's postings, all's postings and the spelling words.

    Returns ([(word, [(pos, startchar, endchar), ...], weight)], sorted spelling words):
    the same as Characters.word_values plus spellable_words(value), which would run the
    analyzer twice more. The non-morphological filters run first; their words are the
    spelling words; the morphological ones (compounds, stemming) then run on a replay.
    """
    if _shared["value"] is value and _shared["analyzer"] is analyzer:
        return _shared["words"], _shared["spelling"]
    items = analyzer.items
    split = next(
        (i for i, item in enumerate(items) if i and getattr(item, "is_morph", False)),
        len(items),
    )
    kwargs = {"mode": "index", "positions": True, "chars": True, "boosts": True}
    stream = items[0](value, **kwargs)
    for item in items[1:split]:
        stream = item(stream)
    base = [(t.text, t.pos, t.startchar, t.endchar, t.boost) for t in stream if not t.stopped]
    spelling = sorted({text for text, *_ in base})

    def replay():
        token = Token(positions=True, chars=True, boosts=True, mode="index")
        for text, pos, start, end, boost in base:
            token.text, token.pos, token.startchar, token.endchar = text, pos, start, end
            token.boost, token.stopped = boost, False
            yield token

    stream = replay()
    for item in items[split:]:
        stream = item(stream)
    seen: dict[str, list] = {}
    weights: dict[str, float] = {}
    for t in stream:
        if t.stopped:
            continue
        seen.setdefault(t.text, []).append((t.pos, t.startchar, t.endchar))
        weights[t.text] = weights.get(t.text, 0.0) + t.boost
    words = [(w, poslist, weights[w]) for w, poslist in seen.items()]
    _shared.update(value=value, analyzer=analyzer, words=words, spelling=spelling)
    return words, spelling


def _shareable(field: TEXT, value) -> bool:
    return isinstance(value, str) and hasattr(field.analyzer, "items")


class ContentText(TEXT):
    """The content field: positions and character offsets (for phrases and highlights),
    spelling words; analysed once together with `all` (see _analyse_once)."""

    def __init__(self, analyzer):
        super().__init__(analyzer=analyzer, stored=True, chars=True, spelling=True)

    def index(self, value, **kwargs):
        if kwargs or not _shareable(self, value):
            yield from super().index(value, **kwargs)
            return
        fmt, fb = self.format, self.format.field_boost
        for w, poslist, weight in _analyse_once(self.analyzer, value)[0]:
            yield w.encode("utf-8"), len(poslist), weight * fb, fmt.encode(poslist)

    def spellable_words(self, value):
        if not _shareable(self, value):
            return super().spellable_words(value)
        return iter(_analyse_once(self.analyzer, value)[1])


class RankingText(TEXT):
    """The content words again, frequencies only: the posting list ranking reads.

    Block reads of these postings are several times cheaper than of content's, which
    carry positions and character offsets. Same analyzer, so same terms and lengths
    as content: scores equal content's. No positions, so quoted phrases are searched
    in content (see queries.parse_query).
    """

    def __init__(self, analyzer):
        super().__init__(analyzer=analyzer, phrase=False)

    def index(self, value, **kwargs):
        if kwargs or not _shareable(self, value):
            yield from super().index(value, **kwargs)
            return
        fb = self.format.field_boost
        for w, poslist, weight in _analyse_once(self.analyzer, value)[0]:
            freq = len(poslist)
            yield w.encode("utf-8"), freq, weight * fb, pack_uint(freq)


def build_schema(lexicon: CompoundLexicon | None = None) -> Schema:
    """Return the index schema; `lexicon` lets the text fields split compounds when indexing."""
    text = german_analyzer(lexicon)
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        type=TypeField(stored=True, sortable=True),
        all=RankingText(text),
        title=TEXT(analyzer=text, stored=True, chars=True, spelling=True),
        content=ContentText(text),
        place=TEXT(analyzer=names, stored=True),
        people=TEXT(analyzer=names, stored=True),
        date=DateField(),
        date_text=STORED(),
        url=STORED(),
        meta=TEXT(analyzer=text),
        group=ID(sortable=True),
        record=STORED(),
    )
