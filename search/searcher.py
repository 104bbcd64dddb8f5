"""Answering searches: ranked hits with highlighted snippets, facets and spelling suggestions."""

from __future__ import annotations

import html
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import highlight
from whoosh import query as wq
from whoosh.sorting import FieldFacet

from crawler.errors import QueryError
from search.analysis import STOPWORDS, CompoundLexicon, fold
from search.columns import DocColumns
from search.dates import format_date
from search.documents import stored_record
from search.fastrank import FastRanker, Unsupported, top_collapsed
from search.indexdir import (
    LEXICON_FILE,
    IndexCorrupt,
    missing_message,
    read_state,
    require_generation,
)
from search.queries import (
    DEFAULT_FIELD,
    MAX_WILDCARD_TERMS,
    can_relax,
    filter_query,
    parse_query,
    plain_words,
    type_hint,
    wildcards,
)
from search.schema import SCHEMA_VERSION, build_schema
from search.spelling import SPELLING_FILE, SpellingVocabulary

TYPE_HINT_BOOST = 10.0

SORTS = ("relevance", "date")
MAX_LIMIT = 1000
OPEN_RETRIES = 5

MARK_START, MARK_END = "\x02", "\x03"


class _MarkFormatter(highlight.Formatter):
    """Wraps matched words in private marker characters; snippets convert them later."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return MARK_START + highlight.get_text(text, token, replace) + MARK_END


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split a marked snippet into (text, is_match) pieces."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(snippet.split(MARK_START)):
        if i == 0:
            if chunk:
                parts.append((chunk, False))
            continue
        matched, _, rest = chunk.partition(MARK_END)
        parts.append((matched, True))
        if rest:
            parts.append((rest, False))
    return parts


def snippet_html(snippet: str) -> str:
    """Return a marked snippet as HTML-escaped text with <mark> around matches."""
    return "".join(
        f"<mark>{html.escape(text)}</mark>" if matched else html.escape(text)
        for text, matched in snippet_parts(snippet)
    )


def snippet_text(snippet: str) -> str:
    """Return a marked snippet as plain text."""
    return snippet.replace(MARK_START, "").replace(MARK_END, "")


@dataclass
class Hit:
    """One search result."""

    id: str
    type: str
    title: str
    url: str
    score: float
    date: str
    snippet: str  # matches marked with MARK_START/MARK_END; see snippet_html/snippet_text
    record: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the hit for --json / the API: the record's fields plus the hit's own."""
        data = dict(self.record)
        data.update(
            id=self.id,
            type=self.type,
            title=self.title,
            url=self.url,
            score=round(self.score, 4),
            date=self.date,
            snippet=snippet_html(self.snippet),
        )
        return data


@dataclass
class SearchResult:
    """The answer to one search."""

    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None  # "Meinten Sie: …"
    corrected: bool = False  # True when hits are for `suggestion` because `query` had none
    relaxed: bool = False  # True when no record had all words and hits match some of them
    sort: str = "relevance"
    seconds: float = 0.0


class ArchiveSearcher:
    """A search session over the live index of one data dir (reuse it for many queries)."""

    def __init__(self, data_dir: Path):
        from whoosh.index import open_dir

        self.data_dir = Path(data_dir)
        last_error: Exception | None = None
        for _attempt in range(OPEN_RETRIES):
            generation = require_generation(self.data_dir)
            try:
                state = read_state(generation)
                if state.get("schema_version") != SCHEMA_VERSION:
                    raise IndexCorrupt(
                        f"Suchindex in {generation} hat ein älteres Format – "
                        "mit `herford-archive reindex` neu aufbauen"
                    )
                self.index = open_dir(str(generation), readonly=True, schema=build_schema())
                self.searcher = self.index.searcher()
                self.generation = generation
                break
            except IndexCorrupt:
                raise
            except FileNotFoundError as exc:  # a writer swapped or merged meanwhile: retry
                last_error = exc
                time.sleep(0.05)
            except Exception as exc:
                raise _corrupt(generation, exc) from None
        else:
            if not generation.exists():
                raise IndexCorrupt(missing_message(self.data_dir))
            raise _corrupt(generation, last_error) from None
        self.columns = DocColumns(self.searcher)
        self._ranker: FastRanker | bool | None = False  # False: not tried yet
        self._spelling: SpellingVocabulary | None = None
        self._lexicon: CompoundLexicon | None = None

    def close(self) -> None:
        """Release the index files."""
        self.searcher.close()

    def __enter__(self) -> ArchiveSearcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- searching ---------------------------------------------------------------------

    def search(
        self,
        text: str,
        *,
        types: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        sort: str = "relevance",
        limit: int = 10,
        facets: bool = True,
        suggest: bool = True,
    ) -> SearchResult:
        """Run a query string; raise QueryError for input that cannot be searched."""
        started = time.perf_counter()
        if sort not in SORTS:
            raise QueryError(f"Unbekannte Sortierung „{sort}“ – erlaubt: relevance, date")
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"--limit muss zwischen 1 und {MAX_LIMIT} liegen")
        q = self._with_type_hint(text) or parse_query(text)
        flt = filter_query(types, date_from, date_to)
        result = self._run(text, q, flt, sort, limit, facets)
        suggestion = self.suggest(text) if suggest else None
        if result.total == 0:
            # nothing has every word: a corrected spelling, then the parts of compounds the
            # archive does not know, then records with some of the words
            for alternative in (suggestion, self.split_compounds(text)):
                if not alternative:
                    continue
                retry = self._run(text, parse_query(alternative), flt, sort, limit, facets)
                if retry.total:
                    retry.suggestion, retry.corrected = alternative, True
                    result = retry
                    break
        if result.total == 0 and can_relax(text):
            relaxed = self._run(text, parse_query(text, any_word=True), flt, sort, limit, facets)
            if relaxed.hits:
                relaxed.relaxed = True
                result = relaxed
        if suggestion and not result.corrected:
            result.suggestion = suggestion
        result.seconds = round(time.perf_counter() - started, 4)
        return result

    def _expand_wildcards(self, q: wq.Query) -> None:
        """Give each wildcard the index terms of the archive's words that start with it."""
        nodes = wildcards(q)
        if not nodes:
            return
        vocabulary = self._vocabulary()
        for node in nodes:
            field = self.searcher.schema[node.fieldname]
            terms: set[str] = set()
            for word in vocabulary.with_prefix(node.text, MAX_WILDCARD_TERMS):
                terms.update(field.process_text(word, mode="query"))
            node.word_terms = tuple(sorted(terms))

    def _vocabulary(self) -> SpellingVocabulary:
        if self._spelling is None:
            self._spelling = SpellingVocabulary.load(self.generation / SPELLING_FILE)
        return self._spelling

    @staticmethod
    def _with_type_hint(text: str) -> wq.Query | None:
        """'Fotos Rödinghausen': the other words must match; photos (or 'Fotos') rank first."""
        hint = type_hint(text)
        if hint is None:
            return None
        rest, rtype = hint
        words = " ".join(w for w in text.split() if w not in rest.split())
        boost = wq.Or([wq.Term("type", rtype, boost=TYPE_HINT_BOOST), parse_query(words)])
        return wq.AndMaybe(parse_query(rest), boost)

    def _fast(self) -> FastRanker | None:
        if self._ranker is False:
            try:
                self._ranker = FastRanker(self.searcher, self.generation, self.columns)
            except Unsupported:
                self._ranker = None
        return self._ranker

    def _run_fast(self, text, q, flt, sort, limit, facets) -> SearchResult | None:
        """Answer plain-word queries without Whoosh's collector (see search.fastrank)."""
        ranker = self._fast()
        if ranker is None:
            return None
        try:
            found = ranker.matches(q)
        except Unsupported:
            return None
        mask = found.mask
        if ranker.live is not None:
            mask &= ranker.live
        if flt is not None:
            mask &= self.columns.filter_mask(flt)
        docs = np.flatnonzero(mask)
        scores = found.scores[docs]
        keys = self.columns.dates()[docs] if sort == "date" else None
        ranked = top_collapsed(docs, scores, self.columns.groups, limit, keys)
        top = [(docnum, score, self.searcher.stored_fields(docnum)) for docnum, score in ranked]
        snippets = self._snippets(q, top)
        hits = [self._hit(fields, score, snippets.get(docnum)) for docnum, score, fields in top]
        facet_counts = self.columns.facets(docs) if facets else {}
        return SearchResult(query=text, total=len(docs), hits=hits, facets=facet_counts, sort=sort)

    def _run(self, text, q, flt, sort, limit, facets) -> SearchResult:
        self._expand_wildcards(q)
        fast = self._run_fast(text, q, flt, sort, limit, facets)
        if fast is not None:
            return fast
        # a photo album answers once, with its best photo, instead of filling the page
        kwargs: dict[str, Any] = {"limit": limit, "collapse": "group", "collapse_limit": 1}
        if flt is not None:
            kwargs["filter"] = flt
        if sort == "date":
            kwargs["sortedby"] = FieldFacet("date", reverse=True)
        results = self.searcher.search(q, **kwargs)
        top = [(hit.docnum, hit.score, hit.fields()) for hit in results]
        snippets = self._snippets(q, top)
        hits = [self._hit(fields, score, snippets.get(docnum)) for docnum, score, fields in top]
        if facets:
            facet_counts = self.facets(q, flt)
            total = sum(facet_counts["type"].values())
        else:
            facet_counts = {}
            total = len(results) if results.has_exact_length() else results.estimated_length()
        return SearchResult(query=text, total=total, hits=hits, facets=facet_counts, sort=sort)

    def _snippets(self, q: wq.Query, top: list[tuple[int, float, dict]]) -> dict[int, str]:
        """Highlight matched words in the stored content of the top hits.

        Uses the character offsets stored in the content postings ("pinpoint" highlighting),
        so nothing is re-analysed and compound parts light up the whole compound. Words of
        the combined default field are looked up in content (same analyzer, same terms).
        """
        from whoosh.analysis import Token

        wanted = sorted(docnum for docnum, _, _ in top)
        if not wanted:
            return {}
        # Query.existing_terms() in whoosh3 3.54 drops fields after the first leaf, so expand
        # the leaves one by one.
        reader = self.searcher.reader()
        terms = set()
        for leaf in q.leaves():
            try:
                expanded = leaf.expanded_terms(reader, phrases=True)
            except Exception:
                continue
            terms.update(text for name, text in expanded if name in (DEFAULT_FIELD, "content"))
        contents = {docnum: fields.get("content", "") for docnum, _, fields in top}
        spans: dict[int, list] = {d: [] for d in wanted}
        ranker = self._fast()
        content = self.searcher.schema["content"]
        for term in terms:
            if ranker is not None:
                try:
                    values = ranker.term_values("content", content.to_bytes(term), wanted)
                except Exception:
                    values = None
                if values is not None:
                    for docnum, value in values.items():
                        for pos, start, end in content.format.decode_characters(value):
                            spans[docnum].append((start, end, pos))
                    continue
            try:
                matcher = self.searcher.postings("content", term)
            except Exception:
                continue
            for docnum in wanted:
                if not matcher.is_active():
                    break
                if matcher.id() < docnum:
                    matcher.skip_to(docnum)
                    if not matcher.is_active():
                        break
                if matcher.id() == docnum:
                    for pos, start, end in matcher.value_as("characters"):
                        spans[docnum].append((start, end, pos))
        fragmenter = highlight.PinpointFragmenter(maxchars=220, surround=60, autotrim=True)
        formatter = _MarkFormatter()
        snippets = {}
        for docnum, found in spans.items():
            if not found:
                continue
            text = contents[docnum]
            tokens = []
            last_start = -1
            for start, end, pos in sorted(found):
                if start == last_start:
                    continue
                last_start = start
                tokens.append(
                    Token(text=text[start:end], pos=pos, startchar=start, endchar=end, matched=True)
                )
            fragments = list(fragmenter.fragment_matches(text, tokens))
            fragments.sort(key=lambda f: -len(f.matches))
            best = sorted(fragments[:2], key=lambda f: f.startchar)
            snippets[docnum] = formatter(text, best)
        return snippets

    def _hit(self, fields: dict, score: float, snippet: str | None) -> Hit:
        if not snippet:
            content = fields.get("content", "")
            snippet = content[:200] + ("…" if len(content) > 200 else "")
        return Hit(
            id=fields["id"],
            type=fields.get("type", ""),
            title=fields.get("title", ""),
            url=fields.get("url", ""),
            score=float(score or 0.0),
            date=fields.get("date_text") or format_date(fields.get("date")),
            snippet=" ".join(snippet.split()),
            record=stored_record(fields),
        )

    # -- facets ------------------------------------------------------------------------

    def facets(self, q: wq.Query, flt: wq.Query | None = None) -> dict[str, dict[str, int]]:
        """Count all matches by record type and by year."""
        full = wq.And([q, flt]) if flt is not None else q
        return self.columns.facets(list(self.searcher.docs_for_query(full)))

    # -- spelling ----------------------------------------------------------------------

    def _known(self, word: str) -> bool:
        reader = self.searcher.reader()
        schema = self.searcher.schema
        for fieldname in (DEFAULT_FIELD, "title", "meta"):
            for term in schema[fieldname].process_text(word, mode="query"):
                # postings, not doc_frequency: they skip deleted documents
                if (
                    reader.doc_frequency(fieldname, term)
                    and reader.postings(fieldname, term).is_active()
                ):
                    return True
        return False

    def suggest(self, text: str) -> str | None:
        """Return the query with unknown words replaced by close indexed words, or None."""
        replaced = text
        changed = False
        for word in plain_words(text):
            if len(word) < 3 or word.isdigit() or fold(word.lower()) in STOPWORDS:
                continue
            if self._known(word):
                continue
            candidate = self._closest(word)
            if candidate:
                if word[:1].isupper():
                    candidate = candidate[:1].upper() + candidate[1:]
                replaced = replaced.replace(word, candidate, 1)
                changed = True
        return replaced if changed else None

    def split_compounds(self, text: str) -> str | None:
        """The query with each compound the archive does not know replaced by its parts.

        "Basisqualifizierung" → "basis qualifizierung" when the archive has both parts but
        not the compound. Uses the compound lexicon the index was built with. None when
        no word could be split.
        """
        if self._lexicon is None:
            self._lexicon = CompoundLexicon.load(self.generation / LEXICON_FILE)
        replaced, changed = text, False
        for word in plain_words(text):
            if self._known(word):
                continue
            parts = [p for p in self._lexicon.split(fold(word.lower())) if self._known(p)]
            # split() also returns the compound's tails; keep the parts that cover it
            parts = [p for p in parts if not any(p != o and p.endswith(o) for o in parts)]
            if len(parts) >= 2:
                replaced = replaced.replace(word, " ".join(parts), 1)
                changed = True
        return replaced if changed else None

    def _closest(self, word: str) -> str | None:
        for candidate in self._vocabulary().suggest(word, limit=8, maxdist=2):
            if self._known(candidate):  # the vocabulary may still hold words of removed records
                return candidate
        return None


def _corrupt(generation: Path, exc: Exception | None) -> IndexCorrupt:
    reason = exc.__class__.__name__ if exc else "unbekannt"
    return IndexCorrupt(
        f"Suchindex in {generation} ist beschädigt oder unlesbar ({reason}) – "
        "mit `herford-archive reindex` neu aufbauen"
    )


def search(data_dir: Path, text: str, **options: Any) -> SearchResult:
    """Open the index of `data_dir`, run one search and close it again."""
    with ArchiveSearcher(data_dir) as searcher:
        return searcher.search(text, **options)
