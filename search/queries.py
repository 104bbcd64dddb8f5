"""The query language: checking user input, parsing it into Whoosh queries, German messages."""

from __future__ import annotations

import heapq
import re
import unicodedata
from functools import lru_cache
from itertools import islice
from pathlib import Path

from whoosh import query as wq
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    OperatorsPlugin,
    OrGroup,
    PrefixPlugin,
    WildcardPlugin,
    syntax,
)
from whoosh.qparser.common import attach
from whoosh.query.terms import PatternQuery
from whoosh.reading import TermNotFound

from crawler.errors import QueryError
from search.analysis import analyze, fold
from search.dates import DateSyntaxError, parse_date_range
from search.schema import FIELD_ALIASES, FIELD_BOOSTS, build_schema, resolve_type

MAX_QUERY_CHARS = 500
# Unfielded words search content, title and meta.
DEFAULT_FIELD = "content"
DEFAULT_FIELDS = ("content", "title", "meta")

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

# Synonyms: a query word of a group also finds the group's other words, at this weight.
SYNONYM_FILE = Path(__file__).with_name("synonyms.txt")
SYNONYM_BOOST = 0.5
# Fields whose query words are expanded (German analyzer); names and places are not.
SYNONYM_FIELDS = frozenset({"all", "title", "meta", "content"})

# Wildcards: letters needed before a *, and how many index terms one wildcard stands for.
MIN_WILDCARD_PREFIX = 3
MAX_WILDCARD_TERMS = 200
MAX_WILDCARD_SCAN = 20_000  # index terms looked at per field and segment


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
    parser.add_plugin(_StarPlugin())
    parser.replace_plugin(OperatorsPlugin())
    return parser


def _walk(q: wq.Query):
    yield q
    for child in q.children():
        yield from _walk(child)


# -- synonyms ---------------------------------------------------------------------------


def parse_synonyms(text: str) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Read synonym groups: one group per line, words separated by commas, `#` comments.

    An entry may give several forms of one word separated by "/" (Sprachkurs/Sprachkurse)
    where the stemmer keeps them apart. Returns {term: (the term's other forms, the other
    terms of its groups)}, all as the German analyzer indexes them (folded and stemmed),
    so any inflection or spelling of a word finds its group. Raises ValueError for an
    entry that is not one word, or a group of one.
    """
    forms: dict[str, set[str]] = {}
    groups: dict[str, set[str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        members: set[str] = set()
        for entry in filter(None, (e.strip() for e in line.split(","))):
            entry_terms = set()
            for form in entry.split("/"):
                terms = analyze(form, mode="query")
                if len(terms) != 1:
                    raise ValueError(f"line {number}: {form!r} is not one searchable word")
                entry_terms.add(terms[0])
            for term in entry_terms:
                forms.setdefault(term, set()).update(entry_terms)
            members |= entry_terms
        if len(members) < 2:
            raise ValueError(f"line {number}: a group needs two different words")
        for term in members:
            groups.setdefault(term, set()).update(members)
    return {
        term: (tuple(sorted(forms[term] - {term})), tuple(sorted(others - forms[term])))
        for term, others in groups.items()
    }


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The bundled synonym groups (search/synonyms.txt, see parse_synonyms), loaded once."""
    return parse_synonyms(SYNONYM_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=4096)
def has_synonyms(word: str) -> bool:
    """True if a query word (any inflection or spelling) belongs to a synonym group."""
    terms = analyze(word, mode="query")
    return len(terms) == 1 and terms[0] in synonyms()


def _synonym_terms(terms: list[wq.Term]) -> list[wq.Term]:
    """The terms of one query word, then its other forms, then its synonyms weighted by
    SYNONYM_BOOST, each in the same fields: a flat list of Terms, which the fast ranking
    path scores as one unit."""
    table = synonyms()
    out = list(terms)
    for term in terms:
        same, others = table.get(term.text, ((), ()))
        out.extend(wq.Term(term.fieldname, form, boost=term.boost) for form in same)
        out.extend(
            wq.Term(term.fieldname, other, boost=term.boost * SYNONYM_BOOST) for other in others
        )
    return out


def _with_synonyms(q: wq.Query) -> wq.Query:
    """Expand plain query words that belong to a synonym group into an Or with the group.

    Phrases, fuzzy and wildcard words, NOT-ed words, and names, places, types and dates
    are taken as written.
    """
    kind = type(q)
    if kind is wq.Term:
        if q.fieldname in SYNONYM_FIELDS and q.text in synonyms():
            return wq.Or(_synonym_terms([q]))
        return q
    if (
        kind is wq.Or
        and q.subqueries
        and all(type(t) is wq.Term and t.fieldname in SYNONYM_FIELDS for t in q.subqueries)
        and len({t.text for t in q.subqueries}) == 1
    ):  # one word searched in several fields
        if q.subqueries[0].text not in synonyms():
            return q
        return wq.Or(_synonym_terms(list(q.subqueries)), boost=q.boost)
    if isinstance(q, wq.Not):
        return q
    if isinstance(q, wq.AndNot):
        return wq.AndNot(_with_synonyms(q.a), q.b, boost=q.boost)
    return q.apply(_with_synonyms)


# -- wildcards --------------------------------------------------------------------------


class FoldedPrefix(PatternQuery):
    """Words starting with a typed prefix, matched against the folded (stemmed) index terms.

    `text` is the prefix, lowercased and folded; `word` is the index term of the prefix
    as a whole word (its stem), or None. Matches the terms that start with `text`, plus
    `word`: "Veranstaltungen*" finds `veranstalt` (Veranstaltung, Veranstaltungen) and
    "Kinder*" finds `kind` (Kinder) and `kindergart`, but not `kindheit`. At most
    MAX_WILDCARD_TERMS terms, the most frequent ones, ranked by BM25F like plain words
    (not Whoosh's constant wildcard score).

    A stem can be shorter than what was typed: "Ehrenamtl*" starts no index term, but the
    words Ehrenamtliche, Ehrenamtlichen do, and they are indexed as `ehrenamt`. The searcher
    sets `word_terms` to the index terms of the archive's words with the prefix (see
    searcher.ArchiveSearcher), and those count too.
    """

    def __init__(self, fieldname: str, text: str, boost: float = 1.0, word: str | None = None):
        super().__init__(fieldname, text, boost=boost, constantscore=False)
        self.word = word
        self.word_terms: tuple[str, ...] = ()
        self._expanded: tuple = (None, [])

    def __str__(self) -> str:
        return f"{self.fieldname}:{self.text}*"

    def normalize(self) -> wq.Query:
        return self

    def _btexts(self, ixreader) -> list[bytes]:
        if self._expanded[0] is ixreader:
            return self._expanded[1]
        try:
            found = dict(islice(ixreader.iter_prefix(self.fieldname, self.text), MAX_WILDCARD_SCAN))
        except TermNotFound:  # a field this index does not have
            found = {}
        for term in (self.word, *self.word_terms):
            if term and not term.startswith(self.text):
                btext = term.encode("utf-8")
                if (self.fieldname, btext) in ixreader:
                    found[btext] = ixreader.term_info(self.fieldname, btext)
        if len(found) > MAX_WILDCARD_TERMS:
            found = dict(
                heapq.nlargest(
                    MAX_WILDCARD_TERMS, found.items(), key=lambda item: item[1].doc_frequency()
                )
            )
        btexts = sorted(found)
        self._expanded = (ixreader, btexts)
        return btexts


def wildcards(q: wq.Query) -> list[FoldedPrefix]:
    """The wildcard nodes of a parsed query."""
    return [node for node in _walk(q) if isinstance(node, FoldedPrefix)]


def _prefix_query(field, fieldname: str, pattern: str, boost: float) -> wq.Query:
    """The query for `pattern` (a word with a trailing *, as typed) in one text field;
    QueryError for any other use of *."""
    pattern = re.sub(r"\*+", "*", pattern)
    star = pattern.find("*")
    prefix = pattern[:star]
    too_short = QueryError(
        f"Platzhalter * braucht mindestens {MIN_WILDCARD_PREFIX} Buchstaben davor: „{pattern}“"
    )
    if pattern == "*":
        raise too_short
    if star == 0:
        raise QueryError(
            f"Platzhalter * geht nur am Wortende (Beispiel: Flücht*), nicht am Anfang: "
            f"„{pattern}“ – Wortteile findet die Suche auch ohne *: {pattern.strip('*')}"
        )
    if star < len(pattern) - 1:
        raise QueryError(f"Platzhalter * geht nur am Wortende (Beispiel: Flücht*): „{pattern}“")
    if not _WORD.fullmatch(prefix):
        raise QueryError(
            f"Vor dem Platzhalter * dürfen nur Buchstaben und Ziffern stehen: „{pattern}“"
        )
    if len(prefix) < MIN_WILDCARD_PREFIX:
        raise too_short
    folded = fold(prefix.lower())
    words = list(field.process_text(folded, mode="query"))
    return FoldedPrefix(fieldname, folded, boost=boost, word=words[0] if words else None)


class _StarNode(syntax.TextNode):
    """A word with *, kept as typed until the query is built (Whoosh would stem the prefix)."""

    def query(self, parser):
        fieldname = self.fieldname or parser.fieldname
        if fieldname not in parser.schema:
            return None
        field = parser.schema[fieldname]
        if field.self_parsing():  # typ:, datum: give their own messages
            q = field.parse_query(fieldname, self.text, boost=self.boost)
        else:
            q = _prefix_query(field, fieldname, self.text, self.boost)
        return attach(q, self)


class _StarPlugin(WildcardPlugin):
    """Wildcards with `*` only (a `?` stays punctuation: "Wann ist das Sprachcafé?")."""

    qmarks = ""
    expr = r"(?P<text>\*)"

    def do_wildcards(self, parser, group):
        group = super().do_wildcards(parser, group)
        for i, node in enumerate(group):
            if isinstance(node, (self.WildcardNode, PrefixPlugin.PrefixNode)):
                text = node.text if isinstance(node, self.WildcardNode) else node.text + "*"
                star = _StarNode(text)
                star.startchar, star.endchar = node.startchar, node.endchar
                group[i] = star
        return group


def parse_query(text: str, any_word: bool = False) -> wq.Query:
    """Parse a user query into a Whoosh query; raise QueryError with a German message."""
    cleaned = normalize_query_text(text)
    try:
        q = query_parser(any_word).parse(cleaned)
    except QueryError:
        raise
    except Exception as exc:  # the parser should not fail, but never show a traceback
        raise QueryError(f"Suchanfrage nicht lesbar: {exc}") from None
    for node in _walk(q):
        error = getattr(node, "error", None)
        if error:
            raise QueryError(str(error))
    q = _with_synonyms(q)
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
    """Return the free-text words of a query that a spelling suggestion may replace.

    Not operators, field values of typ:/datum:, fuzzy words, words with a wildcard, or
    words of a synonym group (those are spelled right, even if the archive lacks them).
    """
    cleaned = re.sub(r"\b(typ|type|datum|date|jahr|year):(\[[^\]]*\]|\S+)", " ", text, flags=re.I)
    words = []
    for token in cleaned.split():
        if token in OPERATORS or "*" in token or re.search(r"~\d*$", token):
            continue
        token = re.sub(r"^\w+:", "", token)
        words.extend(w for w in _WORD.findall(token) if not has_synonyms(w))
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
