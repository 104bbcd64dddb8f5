"""The query language: checking user input, parsing it into Whoosh queries, German messages."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh import query as wq
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    OperatorsPlugin,
    OrGroup,
    WildcardPlugin,
)

from crawler.errors import QueryError
from search.dates import DateSyntaxError, parse_date_range
from search.schema import FIELD_ALIASES, FIELD_BOOSTS, build_schema, resolve_type

MAX_QUERY_CHARS = 500
# Unfielded words search content (through its lean copy `all`), title and meta.
DEFAULT_FIELD = "all"
DEFAULT_FIELDS = ("all", "title", "meta")

# Field prefixes a user may type (schema names and their aliases).
KNOWN_FIELDS = frozenset(FIELD_ALIASES) | {a for names in FIELD_ALIASES.values() for a in names}
FIELD_HELP = "typ, titel, ort, person, datum, jahr, text"

# Words that are operators in the query language, in English and German.
OPERATORS = {"AND": "AND", "UND": "AND", "OR": "OR", "ODER": "OR", "NOT": "NOT", "NICHT": "NOT"}

_QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"'})
_FIELD_PREFIX = re.compile(r"(?<![\w:/.@-])([^\W\d_][\w]*):(?=(.?))")
_WORD = re.compile(r"\w+")
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_URL_SCHEMES = {"http", "https", "mailto", "ftp"}


def _check_characters(text: str) -> str:
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"Suchanfrage ist zu lang ({len(text)} Zeichen, höchstens {MAX_QUERY_CHARS})"
        )
    text = text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co"):
            raise QueryError(
                f"Suchanfrage enthält ein Steuerzeichen (U+{ord(char):04X}) – bitte nur Text eingeben"
            )
    return text.translate(_QUOTES).strip()


def _check_brackets(text: str) -> None:
    if text.count('"') % 2:
        raise QueryError('Anführungszeichen nicht geschlossen: zu jedem " gehört ein zweites')
    stack: list[str] = []
    outside_quotes = text.split('"')[::2]
    for chunk in outside_quotes:
        for char in chunk:
            if char in _OPENERS:
                stack.append(char)
            elif char in _CLOSERS:
                if not stack or stack[-1] != _CLOSERS[char]:
                    raise QueryError(f"Klammer „{char}“ ohne passende öffnende Klammer")
                stack.pop()
    if stack:
        raise QueryError(f"Klammer „{stack[-1]}“ wird nicht geschlossen")


def _check_fields(text: str) -> str:
    """Lowercase field prefixes and reject unknown or empty ones."""
    outside = text.split('"')
    for i in range(0, len(outside), 2):

        def fix(match: re.Match, quoted_next: bool = i + 1 < len(outside)) -> str:
            name, following = match.group(1), match.group(2)
            lowered = name.lower()
            if lowered in _URL_SCHEMES:
                return match.group(0)
            empty = following in ("", " ", ")", "]", "}") and not (following == "" and quoted_next)
            if lowered not in KNOWN_FIELDS:
                if empty:  # "Achtung: ..." is text, not a field
                    return name + " "
                raise QueryError(f"Unbekanntes Feld „{name}:“ – bekannte Felder: {FIELD_HELP}")
            if empty:
                raise QueryError(
                    f"Nach „{name}:“ fehlt ein Suchwert (Beispiel: typ:veranstaltung, datum:2017)"
                )
            return lowered + ":"

        outside[i] = _FIELD_PREFIX.sub(fix, outside[i])
    return '"'.join(outside)


def normalize_query_text(text: str) -> str:
    """Check a raw query string; return it cleaned up or raise QueryError (one German line)."""
    if text is None:
        raise QueryError("Leere Suchanfrage – bitte ein Suchwort angeben")
    text = _check_characters(text)
    if not text:
        raise QueryError("Leere Suchanfrage – bitte ein Suchwort angeben")
    _check_brackets(text)
    text = _check_fields(text)
    # German operators become the parser's English ones.
    return " ".join(OPERATORS.get(word, word) for word in text.split(" "))


@lru_cache(maxsize=2)
def query_parser(any_word: bool = False) -> MultifieldParser:
    """Return the shared parser: the combined field, aliases, fuzzy terms; words ANDed by default.

    With `any_word`, words are ORed, documents matching more of them ranking higher.
    """
    group = OrGroup.factory(0.9) if any_word else AndGroup
    parser = MultifieldParser(
        list(DEFAULT_FIELDS), build_schema(), fieldboosts=FIELD_BOOSTS, group=group
    )
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(FuzzyTermPlugin())
    parser.remove_plugin_class(WildcardPlugin)
    parser.replace_plugin(OperatorsPlugin())
    return parser


def _walk(q: wq.Query):
    yield q
    for child in q.children():
        yield from _walk(child)


def _phrases_in_fields(q: wq.Query) -> wq.Query:
    """`all` keeps no positions: its phrases are searched in content, whose copy it is."""
    if isinstance(q, wq.Phrase) and q.fieldname == DEFAULT_FIELD:
        return wq.Phrase("content", q.words, slop=q.slop, boost=q.boost)
    return q.apply(_phrases_in_fields)


def parse_query(text: str, any_word: bool = False) -> wq.Query:
    """Parse a user query into a Whoosh query; raise QueryError with a German message."""
    cleaned = normalize_query_text(text)
    try:
        q = query_parser(any_word).parse(cleaned)
    except QueryError:
        raise
    except Exception as exc:  # the parser should not fail, but never show a traceback
        raise QueryError(f"Suchanfrage nicht lesbar: {exc}") from None
    q = _phrases_in_fields(q)
    for node in _walk(q):
        error = getattr(node, "error", None)
        if error:
            raise QueryError(str(error))
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        if _WORD.search(cleaned):
            raise QueryError(
                "Die Suchanfrage enthält nur Füllwörter wie „und“, „der“, „für“ – "
                "bitte ein inhaltliches Suchwort angeben"
            )
        raise QueryError("Die Suchanfrage enthält kein Suchwort")
    return q


def filter_query(
    types: list[str] | None = None, date_from: str | None = None, date_to: str | None = None
) -> wq.Query | None:
    """Return the filter for --type/--from/--to options (None when there is nothing to filter)."""
    parts: list[wq.Query] = []
    if types:
        resolved = []
        for value in types:
            record_type = resolve_type(value)
            if record_type is None:
                raise QueryError(
                    f"Unbekannter Typ „{value}“ – erlaubt: veranstaltung, kontakt, foto, "
                    "dokument, seite (event, contact, photo, document, page)"
                )
            resolved.append(wq.Term("type", record_type))
        parts.append(wq.Or(resolved) if len(resolved) > 1 else resolved[0])
    try:
        low = parse_date_range(date_from)[0] if date_from else None
        high = parse_date_range(date_to)[1] if date_to else None
    except DateSyntaxError as err:
        raise QueryError(str(err)) from None
    if low is not None and high is not None and low > high:
        raise QueryError(f"Datumsbereich ist leer: {date_from} liegt nach {date_to}")
    if low is not None or high is not None:
        parts.append(wq.NumericRange("date", low, high))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def plain_words(text: str) -> list[str]:
    """Return the free-text words of a query (no operators, field values of typ:/datum:, fuzzy)."""
    cleaned = re.sub(r"\b(typ|type|datum|date|jahr|year):(\[[^\]]*\]|\S+)", " ", text, flags=re.I)
    words = []
    for token in cleaned.split():
        if token in OPERATORS or token.endswith("~") or re.search(r"~\d*$", token):
            continue
        token = re.sub(r"^\w+:", "", token)
        words.extend(_WORD.findall(token))
    return words


def can_relax(text: str) -> bool:
    """True for queries of several plain words without operators (they may fall back to OR)."""
    words = text.split()
    return len(words) > 1 and not any(w in OPERATORS or w.startswith(("-", "+")) for w in words)


# Words staff use for a kind of record ("Fotos Rödinghausen", "Veranstaltungen Flüchtlingshilfe").
TYPE_WORDS = {
    "event": {"veranstaltung", "veranstaltungen", "termin", "termine", "treffen"},
    "photo": {"foto", "fotos", "bild", "bilder", "bildergalerie", "fotoalbum", "galerie"},
    "contact": {"kontakt", "kontakte", "ansprechpartner", "ansprechpartnerin", "ansprechperson"},
    "document": {"flyer", "dokument", "dokumente", "pdf", "broschüre", "faltblatt"},
}


def type_hint(text: str) -> tuple[str, str] | None:
    """(rest of the query, record type) when a plain query names a kind of record by a word.

    Only for plain word lists: a query with fields, quotes or operators is taken as written.
    """
    words = text.split()
    if len(words) < 2 or any(c in text for c in ':"()[]{}~*') or set(words) & set(OPERATORS):
        return None
    for rtype, names in TYPE_WORDS.items():
        hinted = [w for w in words if w.lower() in names]
        if hinted:
            rest = [w for w in words if w not in hinted]
            return " ".join(rest), rtype
    return None
