"""Events from a page: calendar entries (label/value pairs) and prose announcements or reports."""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from crawler.extract.dates import DateMatch, find_dates, parse_iso
from crawler.extract.pagedoc import PageDoc
from crawler.extract.text import element_text, normalize_space, split_sentences
from crawler.items import EventRecord, stable_id

_HEADING_MARK = "\ue000"  # marks heading lines in the annotated text; never occurs in pages
_PAIR_MARK = "\ue001"  # marks a label/value line built from page structure
_EVENT_FIELDS = ("date", "time", "end", "location", "organizer", "event_title")
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_EMPHASIS_TAGS = {"strong", "b", "em", "i", "u", "span", "font", "a"}
_QUOTES = "\"'„“”‚‘’«»"
_MONTH_AND_DAY_WORDS = {
    "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
    "november", "dezember", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag",
    "sonntag", "sonnabend", "anfang", "mitte", "ende",
}  # fmt: skip
_CONNECTORS = {"für", "am", "an", "auf", "zum", "zur", "von", "vom", "im", "in"}
# genitive articles join a head noun to its owner ("Foyer des Kreishauses") but not two phrases
_GENITIVE = {"der", "des", "die"}
# words that open a sentence but never a subject naming organizers
_NOT_SUBJECT = {
    "zum", "zur", "am", "im", "ab", "mit", "für", "bei", "nach", "von", "vom", "in", "auf",
    "hiermit", "heute", "morgen", "gerne", "dazu", "deshalb", "daher", "außerdem", "auch",
}  # fmt: skip
_ARTICLES = {"der", "die", "das", "den", "dem", "des"}
_PRONOUNS = {"sie", "ihnen", "euch", "dich", "alle", "allen", "wir", "uns", "ihr", "ich", "es"}
_STREET = re.compile(
    r"\w+(?:straße|strasse|str\.|weg|platz|allee|ring|gasse|damm|wall|ufer|markt|hof)$", re.I
)
_LABEL_LINE = re.compile(r"^(?P<label>[^:]{1,40}?)\s*:\s*(?P<value>.*)$")
_LABEL_SPLIT = re.compile(r"\s*(?:/|,|&|\bund\b)\s*", re.I)
_TOKEN = re.compile(r"\S+")
_ABBREVIATION = re.compile(r"[A-ZÄÖÜ]{2,6}")
# the nominative ending of an adjective before a noun without article, by the noun's gender
_NOMINATIVE_ENDING = {"masculine": "er", "neuter": "es", "feminine": "e"}
# nouns ending so join a following noun with an "s" ("Jubiläumsfeier", "Geburtstagsfeier")
_LINKING_S = ("ung", "heit", "keit", "schaft", "tät", "ion", "um", "tag", "ling")


def event_id(title: str, start: str | None) -> str:
    """Return the stable id of an event from its title and the day of its start."""
    return stable_id("event", normalize_title(title), (start or "")[:10])


def normalize_title(title: str) -> str:
    """Fold a title for identity: case, quotes, punctuation and spacing do not matter."""
    text = unicodedata.normalize("NFKC", title or "").casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


# --- cue words from the profile --------------------------------------------------------------


@dataclass
class _Cues:
    doc: PageDoc

    def words(self, *keys: str) -> list[str]:
        out: list[str] = []
        for key in keys:
            out.extend(self.doc.profile.words(key))
        return out

    @cached_property
    def event(self) -> re.Pattern[str]:
        # a report of an event ("fand statt", "nahmen teil") is evidence of an event too
        words = self.words("events.event_cues", "events.extra_event_cues")
        return _any_inside(words + self.words("events.report_cues", "events.extra_report_cues"))

    @cached_property
    def non_event(self) -> re.Pattern[str]:
        return _any_word_start(self.words("events.non_event_cues"))

    @cached_property
    def report(self) -> re.Pattern[str]:
        # whole words: "Bericht" must not match "berichten" in an announcement
        words = self.words("events.report_cues", "events.extra_report_cues")
        return re.compile(_any_word_start(words).pattern + r"(?!\w)", re.I)

    @cached_property
    def gallery(self) -> re.Pattern[str]:
        return _any_word_start(self.words("photos.gallery_words"))

    @cached_property
    def cancelled(self) -> re.Pattern[str]:
        return _any_word_start(self.words("events.cancelled_words"))

    @cached_property
    def labels(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in _EVENT_FIELDS:
            for word in self.doc.profile.words(f"labels.{name}"):
                out.setdefault(_fold_label(word), name)
        return out

    @cached_property
    def tz(self) -> str:
        return self.doc.profile.get("site.timezone") or "Europe/Berlin"


def _any_inside(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
    return re.compile(alternatives or r"(?!x)x", re.I)


def _any_word_start(words: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
    return re.compile(rf"(?<!\w)(?:{alternatives})" if alternatives else r"(?!x)x", re.I)


def _fold_label(text: str) -> str:
    return normalize_space(text).strip(" :?").casefold()


# --- the page as annotated lines -------------------------------------------------------------


@dataclass
class _Line:
    kind: str  # heading | pair | text
    text: str
    field: str = ""
    label: str = ""
    value: str = ""


@dataclass
class _Section:
    heading: str | None
    lines: list[_Line] = field(default_factory=list)

    @property
    def pairs(self) -> list[_Line]:
        return [line for line in self.lines if line.kind == "pair"]

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines if line.kind != "heading"]


def _label_field(text: str, cues: _Cues) -> str | None:
    folded = _fold_label(text)
    if not folded or len(folded) > 40:
        return None
    if folded in cues.labels:
        return cues.labels[folded]
    first = _LABEL_SPLIT.split(folded)[0]
    return cues.labels.get(first)


def _annotate(doc: PageDoc, cues: _Cues) -> etree._Element:
    """Copy the main content and rewrite structure into text marks: headings and label pairs."""
    root = copy.deepcopy(doc.clean_main)
    _drop_teasers(root, cues)
    for el in list(root.iter("time")):
        _use_time_attribute(el, cues)
    for dl in list(root.iter("dl")):
        _flatten_definitions(dl, cues)
    for el in reversed(list(root.iter())):
        if isinstance(el.tag, str):
            _flatten_pair_container(el, cues)
    for el in list(root.iter(*_HEADING_TAGS)):
        _mark_heading(el)
    for el in list(root.iter("p", "div", "td")):
        if _is_emphasis_heading(el, cues):
            _mark_heading(el)
    return root


def _drop_teasers(root: etree._Element, cues: _Cues) -> None:
    """Drop list entries that only date and link another page (calendar and news lists).

    Such an entry ('08.10.2015, 18:00 Uhr – <a>Netzwerktreffen</a>') is an index: the linked page
    announces the event and is where it is read.
    """
    for el in list(root.iter("li", "tr", "p", "dd")):
        if el.getparent() is None:
            continue
        links = [
            a
            for a in el.iter("a")
            if (a.get("href") or "").strip()
            and not (a.get("href") or "").startswith(("#", "mailto:", "tel:", "javascript:"))
        ]
        if not links:
            continue
        text = normalize_space(el.text_content())
        linked = sum(len(normalize_space(a.text_content())) for a in links)
        dates = [m for m in find_dates(text, tz=cues.tz) if m.has_date]
        if dates and linked and len(text) - linked - sum(len(m.raw) for m in dates) < 12:
            _drop(el)


def _use_time_attribute(el: etree._Element, cues: _Cues) -> None:
    """Read `<time datetime>` when its visible text is not a complete date by itself."""
    value = el.get("datetime")
    if not value or parse_iso(value, tz=cues.tz) is None:
        return
    shown = normalize_space(el.text_content())
    matches = [m for m in find_dates(shown, tz=cues.tz) if m.has_date]
    if matches and matches[0].start is not None and not matches[0].year_inferred:
        return
    tail = el.tail
    el.clear()
    el.text, el.tail = value, tail


def _flatten_definitions(dl: etree._Element, cues: _Cues) -> None:
    children = [c for c in dl if isinstance(c.tag, str)]
    # <div><dt/><dd/></div> wrappers (newer templates) are flattened by the container rule
    i = 0
    while i < len(children):
        term = children[i]
        if term.tag != "dt":
            i += 1
            continue
        values = []
        j = i + 1
        while j < len(children) and children[j].tag == "dd":
            values.append(children[j])
            j += 1
        label = normalize_space(term.text_content())
        name = _label_field(label, cues)
        if name and values:
            value = ", ".join(", ".join(element_text(v).split("\n")) for v in values)
            for v in values:
                _drop(v)
            tail = term.tail
            term.clear()
            term.text, term.tail = f"{_PAIR_MARK}{label.rstrip(' :')}: {value}", tail
        i = j


def _flatten_pair_container(el: etree._Element, cues: _Cues) -> None:
    """`<tr><td>Datum:</td><td>…</td></tr>`, `<div><span>Ort</span><span>…</span></div>` → one line."""
    kids = [c for c in el if isinstance(c.tag, str) and c.tag != "br"]
    if len(kids) < 2 or (el.text or "").strip() or (kids[0].tail or "").strip():
        return
    if el.tag not in ("tr", "div", "li", "p", "span", "section", "article"):
        return
    label = normalize_space(kids[0].text_content())
    name = _label_field(label, cues)
    if not name or any(_label_field(normalize_space(k.text_content()), cues) for k in kids[1:]):
        return
    value = ", ".join(
        part for k in kids[1:] for part in element_text(k).split("\n") if part.strip(" :")
    )
    if not value:
        return
    tail = el.tail
    attrib = dict(el.attrib)
    el.clear()
    el.attrib.update(attrib)
    el.text, el.tail = f"{_PAIR_MARK}{label.rstrip(' :')}: {value}", tail


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()


def _mark_heading(el: etree._Element) -> None:
    el.text = _HEADING_MARK + (el.text or "")


def _is_emphasis_heading(el: etree._Element, cues: _Cues) -> bool:
    """A paragraph whose whole text is bold (`<p><strong>Title</strong></p>`) acts as a heading."""
    text = normalize_space(el.text_content())
    if not text or len(text) > 150 or text.startswith(_HEADING_MARK) or (el.text or "").strip():
        return False
    kids = [c for c in el if isinstance(c.tag, str)]
    if not kids or any(k.tag not in _EMPHASIS_TAGS and k.tag != "br" for k in kids):
        return False
    if any((k.tail or "").strip() for k in kids):
        return False
    bold = "".join(b.text_content() for k in kids for b in k.iter("strong", "b"))
    if "".join(bold.split()) != "".join(text.split()):
        return False
    return _label_field(text, cues) is None


def _lines(doc: PageDoc, cues: _Cues) -> list[_Line]:
    boiler = {normalize_space(w).lower() for w in doc.profile.words("content.boilerplate_lines")}
    raw = [
        line
        for line in element_text(_annotate(doc, cues)).split("\n")
        if line.replace(_HEADING_MARK, "").lower().strip(" :") not in boiler
    ]
    out: list[_Line] = []
    i = 0
    while i < len(raw):
        line = raw[i]
        i += 1
        if line.startswith(_HEADING_MARK):
            text = _clean_phrase(normalize_space(line.replace(_HEADING_MARK, "")))
            if text and cues.non_event.search(text):
                out.append(_Line("text", text))  # "Pressemitteilung vom 18.10.2016" names nothing
            elif text:
                out.append(_Line("heading", text))
            continue
        line = line.replace(_HEADING_MARK, "")
        structured = line.startswith(_PAIR_MARK)
        line = line.replace(_PAIR_MARK, "")
        match = _LABEL_LINE.match(line)
        name = _label_field(match["label"], cues) if match else None
        if match and name:
            value = match["value"].strip()
            if not value and i < len(raw):
                # "Datum:" then the value on its own line (old templates, IKISS card style)
                nxt = raw[i].replace(_HEADING_MARK, "").replace(_PAIR_MARK, "")
                if not _label_field(nxt.split(":")[0], cues):
                    value, i = nxt.strip(" :"), i + 1
            if value and _plausible(name, value, cues):
                out.append(_Line("pair", line, name, match["label"].strip(), value))
                continue
        elif not structured and _label_field(line, cues) and i < len(raw):
            # a bare label line, an optional ":" line, then the value
            j = i + 1 if raw[i].strip() == ":" else i
            nxt = raw[j] if j < len(raw) else ""
            name = _label_field(line, cues)
            if (
                nxt
                and not nxt.startswith(_HEADING_MARK)
                and not _label_field(nxt.split(":")[0], cues)
                and (j > i or name == "date" or _recent_pair(out))
                and _plausible(name, nxt, cues)
            ):
                value = nxt.replace(_PAIR_MARK, "").strip(" :")
                out.append(_Line("pair", f"{line.strip(' :')}: {value}", name, line, value))
                i = j + 1
                continue
        out.append(_Line("text", line))
    return out


def _recent_pair(lines: list[_Line]) -> bool:
    return bool(lines) and lines[-1].kind == "pair"


def _plausible(name: str, value: str, cues: _Cues) -> bool:
    if name == "date":
        return any(m.has_date for m in find_dates(value, tz=cues.tz))
    if name == "time":
        return bool(find_dates("01.01.2000 " + value, tz=cues.tz)) and bool(re.search(r"\d", value))
    return len(value) <= 300


def _sections(lines: list[_Line]) -> list[_Section]:
    sections = [_Section(None)]
    for line in lines:
        if line.kind == "heading":
            sections.append(_Section(line.text))
        sections[-1].lines.append(line)
    return [s for s in sections if s.lines]


# --- sentences, places, organizers ----------------------------------------------------------


def _clean_phrase(text: str) -> str:
    text = text.strip().rstrip(",;:")
    # a quote mark without its partner is debris of the markup ('Fit für den Konsumalltag"')
    while text and (text[-1] in _QUOTES or text[0] in _QUOTES):
        if sum(text.count(q) for q in _QUOTES) % 2 == 0:
            break
        text = text[:-1] if text[-1] in _QUOTES else text[1:]
    text = text.strip()
    if text.endswith(".") and not re.search(r"(?:\be\.\s?V|\b[A-Za-z])\.$", text):
        text = text[:-1]
    if text.count("(") < text.count(")"):
        text = text.rstrip(")")
    return text


def _room_tokens(tokens: list[re.Match], i: int, venue: re.Pattern[str] | None) -> int:
    """Count the tokens of a room after a comma ('Raum 3.05', 'Großer Sitzungssaal', 'Foyer')."""
    if venue is None:
        return 0
    count = 0
    for tok in tokens[i : i + 3]:
        word = tok.group(0)
        if not (word[:1].isupper() or (count and word[:1].isdigit())):
            break
        count += 1
        if word.endswith((",", ".", ";")):
            break
    phrase = " ".join(t.group(0) for t in tokens[i : i + count])
    return count if count and venue.search(phrase) else 0


def _phrase_tokens(
    tokens: list[re.Match],
    start: int,
    stop_words: set[str],
    venue: re.Pattern[str] | None = None,
) -> int:
    """Return the index after the last token of a proper-name phrase starting at `start`."""

    def capital(tok: str) -> bool:
        word = tok.strip('("„')
        return bool(word) and word[0].isupper()

    def month_like(tok: str) -> bool:
        return tok.strip(".,;:").lower() in _MONTH_AND_DAY_WORDS

    n = len(tokens)
    first = tokens[start].group(0) if start < n else ""
    if not capital(first) or month_like(first) or first.strip(".,;:").lower() in _PRONOUNS:
        return start
    if first.strip(".,;:") in stop_words:
        return start
    i = start + 1
    while i < n:
        prev = tokens[i - 1].group(0)
        tok = tokens[i].group(0)
        word = tok.strip(".,;:)")
        if prev.endswith((".", ";", ":")) and not re.search(r"\b(?:e\.V|Nr|Str|St)\.$", prev):
            break  # the previous token closed a sentence or a clause
        if prev.endswith(","):
            nxt = tokens[i + 1].group(0) if i + 1 < n else ""
            if _STREET.match(word) and re.match(r"\d", nxt):
                i += 2
                continue
            room = _room_tokens(tokens, i, venue)
            if room:
                i += room
                continue
            if re.fullmatch(r"\d{5}", word) and nxt[:1].isupper():
                i += 2
                continue
            break
        if tok in ("-", "–", "—") and i + 1 < n and capital(tokens[i + 1].group(0)):
            i += 1
            continue
        if re.match(r"\d", tok) and (i == n - 1 or not re.fullmatch(r"\d{1,2}\.", tok)):
            if re.match(r"\d+[a-z]?(?:[./-]\d+)?[.,;:]?$", tok):
                i += 1
                continue
            break
        joins = (
            word.lower() in _CONNECTORS
            or word.lower() == "des"
            or (word.lower() in _GENITIVE and i - start == 1)
        )
        if joins and i + 1 < n:
            nxt = tokens[i + 1].group(0)
            if capital(nxt) and not month_like(nxt) and nxt.strip(".,;:").lower() not in _PRONOUNS:
                i += 1
                continue
            break
        if tok.startswith("(") or word in ("e.V", "e. V", "gGmbH", "GmbH", "e.V."):
            i += 1
            continue
        if capital(tok) and not month_like(tok) and word.lower() not in _PRONOUNS:
            i += 1
            continue
        break
    return i


def find_location(
    sentence: str, doc: PageDoc, avoid: tuple[int, int] | None = None
) -> tuple[str, str] | None:
    """Find the place named in a sentence: (location, raw phrase) or None."""
    profile = doc.profile
    preps = sorted(profile.words("events.location_prepositions"), key=len, reverse=True)
    if not preps:
        return None
    stop = set(profile.words("events.location_stop_words"))
    venue = _any_inside(profile.words("events.location_cues"))
    prep_re = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in preps) + r")\s+", re.I)
    tokens = list(_TOKEN.finditer(sentence))
    best: tuple[float, str, str] | None = None
    for pm in prep_re.finditer(sentence):
        if avoid and avoid[0] <= pm.start() < avoid[1]:
            continue
        idx = next((k for k, t in enumerate(tokens) if t.start() >= pm.end()), None)
        if idx is None:
            continue
        end_idx = _phrase_tokens(tokens, idx, stop, venue)
        if end_idx == idx:
            continue
        value = _clean_phrase(sentence[tokens[idx].start() : tokens[end_idx - 1].end()])
        if not value or value.lower().rstrip(".") in _MONTH_AND_DAY_WORDS:
            continue
        raw = _clean_phrase(sentence[pm.start() : tokens[end_idx - 1].end()])
        distance = 0 if avoid is None else min(abs(pm.start() - avoid[1]), abs(avoid[0] - pm.end()))
        score = (3.0 if venue.search(value) else 0.0) - distance / 200
        if best is None or score > best[0]:
            best = (score, value, raw)
    return (best[1], best[2]) if best else None


def find_organizers(sentence: str, doc: PageDoc) -> tuple[list[str], str] | None:
    """Find organizers named around an inviting verb ('laden X, Y und Z ... ein'), with the raw text."""
    verbs = doc.profile.words("events.organizer_verbs")
    phrases = doc.profile.words("events.organizer_phrases")
    tokens = list(_TOKEN.finditer(sentence))
    starts: list[int] = []
    verb_positions: list[int] = []
    lowered = [t.group(0).strip(".,;:").lower() for t in tokens]
    verb_set = {v.lower() for v in verbs}
    for k, word in enumerate(lowered):
        if word in verb_set:
            starts.append(k + 1)
            verb_positions.append(k)
    for phrase in phrases:
        for pm in re.finditer(rf"(?<!\w){re.escape(phrase)}\s+", sentence, re.I):
            idx = next((k for k, t in enumerate(tokens) if t.start() >= pm.end()), None)
            if idx is not None:
                starts.append(idx)
    for begin in starts:
        names, end = _noun_phrase_list(tokens, begin)
        if names:
            raw = _clean_phrase(sentence[tokens[begin].start() : tokens[end - 1].end()])
            return [_full_name(n, doc) for n in names], raw
    # the organizers may be the subject before the verb: "Das KI und das DRK laden … ein"
    first = tokens[0].group(0).lower() if tokens else ""
    for k in verb_positions:
        if first not in _ARTICLES and (
            first in _NOT_SUBJECT or not tokens[0].group(0)[:1].isupper()
        ):
            break
        names, end = _noun_phrase_list(tokens, 0)
        if names and end == k:
            return [_full_name(n, doc) for n in names], sentence[: tokens[end - 1].end()]
    # the event's owner in the genitive: "die Sitzung des Integrationsrates findet … statt"
    owner = _genitive_owner(sentence, doc)
    if owner:
        name = _full_name(owner[0], doc)
        if name == owner[0]:
            name = _with_dateline(name, doc)
        return [name], owner[1]
    return None


def _genitive_owner(sentence: str, doc: PageDoc) -> tuple[str, str] | None:
    """The body an event word belongs to ('Fachtag … des Kommunalen Integrationszentrums').

    Only nouns of organising bodies count ([events] organizer_nouns_*): in 'Treffen der
    Migrantenselbstorganisationen' or 'Abschluss der Basisqualifikation' the genitive names the
    participants or the subject, not who holds the event.
    """
    cues = _Cues(doc)
    nouns = {
        gender: [w.casefold() for w in doc.profile.words(f"events.organizer_nouns_{gender}")]
        for gender in _NOMINATIVE_ENDING
    }
    for m in re.finditer(r"(?<!\w)(des|der)\s+", sentence):
        before = sentence[: m.start()].rstrip()
        # a quoted title may stand between the event word and its owner
        before = re.sub(r"\s*[„\"‚][^„“”\"]{1,80}[“”\"‘]$", "", before)
        words_before = before.split()
        event_word = words_before[-1].strip('(„"') if words_before else ""
        if not event_word[:1].isupper() or not cues.event.search(event_word):
            continue
        adjectives: list[str] = []
        end = m.end()
        for tok in _TOKEN.finditer(sentence, m.end()):
            word = tok.group(0).rstrip(".,;:!?)")
            if not word[:1].isupper() or len(adjectives) > 3:
                break
            found = _organizer_noun(word, m.group(1).lower(), nouns)
            if found:
                base, gender = found
                if any(not a.endswith("en") for a in adjectives):
                    break
                ending = _NOMINATIVE_ENDING[gender]
                name = " ".join([*(a[:-2] + ending for a in adjectives), base])
                end = tok.start() + len(word)
                return name, sentence[m.start() : end]
            if word != tok.group(0):
                break
            adjectives.append(word)
    return None


def _organizer_noun(word: str, article: str, nouns: dict[str, list[str]]) -> tuple[str, str] | None:
    """The nominative of a body's noun in the genitive and its gender, or None."""
    folded = word.casefold()
    for gender, suffixes in nouns.items():
        # feminine nouns take no genitive ending ("der Gleichstellungsstelle")
        endings = ("",) if gender == "feminine" else ("es", "s")
        if (article == "der") != (gender == "feminine"):
            continue
        for suffix in suffixes:
            for ending in endings:
                if folded.endswith(suffix + ending) and len(folded) > len(ending):
                    return word[: len(word) - len(ending)], gender
    return None


def _full_name(name: str, doc: PageDoc) -> str:
    """Spell a short name out from the page: 'KI' → 'Kommunales Integrationszentrum'.

    An abbreviation is read from its definition on the page ('Kommunales Integrationszentrum
    (KI)'); a body's short name from the page heading that starts with it ('Integrationsrat des
    Kreises Herford' on the Integrationsrat's own page).
    """
    if _ABBREVIATION.fullmatch(name):
        return _expand_abbreviation(name, doc)
    title = normalize_space(doc.title or "")
    rest = title[len(name) :].split()
    if (
        title.casefold().startswith(name.casefold() + " ")
        and rest
        and rest[0] in _GENITIVE
        and len(title.split()) <= 6
        and not re.search(r"\d", title)
    ):
        return title
    return name


def _with_dateline(name: str, doc: PageDoc) -> str:
    """Qualify a body named by its kind alone with the place of a press release's dateline.

    'Kreis Herford. Wie gelingt …? Darum geht es beim Fachtag des Kommunalen
    Integrationszentrums.' → 'Kommunales Integrationszentrum Kreis Herford'.
    """
    place = _dateline(doc)
    if not place or normalize_title(place) in normalize_title(name):
        return name
    return f"{name} {place}"


def _dateline(doc: PageDoc) -> str | None:
    """The place a press release opens with ('Kreis Herford. Wer sich …'), if any."""
    lines = [line.strip() for line in doc.main_text.split("\n") if line.strip()]
    for line in lines[:4]:
        m = re.match(r"((?:[A-ZÄÖÜ][\w-]*\s){0,3}[A-ZÄÖÜ][\w-]*)\.\s+[A-ZÄÖÜ„\"]", line)
        if m and not any(w.casefold() in _MONTH_AND_DAY_WORDS for w in m[1].split()):
            return m[1]
    return None


def _expand_abbreviation(abbreviation: str, doc: PageDoc) -> str:
    text = "\n".join([doc.main_text, *doc.breadcrumbs])
    defined = re.compile(rf"((?:[^\s()]+[^\S\n]+){{1,6}})\(\s*{re.escape(abbreviation)}\s*\)")
    fallback = ""
    for m in defined.finditer(text):
        words = m.group(1).split()
        for size in range(1, len(words) + 1):
            tail = words[-size:]
            if not tail[0][:1].isupper():
                break
            if "".join(w[0] for w in tail if w[:1].isupper()) == abbreviation.upper():
                return " ".join(tail)
            if size <= 4 and tail[0][:1] == abbreviation[:1]:
                fallback = fallback or " ".join(tail)  # 'Volkshochschule (VHS)'
    return fallback or abbreviation


def _noun_phrase_list(tokens: list[re.Match], begin: int) -> tuple[list[str], int]:
    names: list[str] = []
    i = begin
    n = len(tokens)
    while i < n:
        if tokens[i].group(0).lower() in ("hiermit", "herzlich", "gemeinsam", "ganz"):
            i += 1
            continue
        if tokens[i].group(0).lower() in _ARTICLES:
            i += 1
        end = _phrase_tokens(tokens, i, set())
        if end == i:
            break
        text = _clean_phrase(" ".join(t.group(0) for t in tokens[i:end]))
        parts = [p for p in re.split(r",\s*|\s+(?:und|sowie)\s+", text) if p]
        for part in parts:
            article = re.match(r"(?i)(der|die|das|den|dem|des)\s", part)
            if article is None and part is parts[0] and i > begin:
                article = re.match(r"(?i)(das)$", tokens[i - 1].group(0))
            names.append(_nominative(_strip_article(part), article))
        i = end
        last = tokens[end - 1].group(0)
        if i < n and tokens[i].group(0).lower() in ("und", "sowie"):
            i += 1
            continue
        if last.endswith(",") and i < n:
            continue
        break
    names = [
        n
        for n in names
        if n and n.lower() not in _PRONOUNS and (len(n) > 2 or _ABBREVIATION.fullmatch(n))
    ]
    return names, i


def _nominative(name: str, article: re.Match | None) -> str:
    """'das Kommunale Integrationszentrum' names 'Kommunales Integrationszentrum' (neuter)."""
    if article is None or article.group(1).lower() != "das":
        return name
    words = name.split()
    for k, word in enumerate(words[:-1]):
        if not (word[:1].isupper() and word.endswith("e")):
            break
        words[k] = word + "s"
    return " ".join(words)


def _strip_article(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in _ARTICLES:
        words = words[1:]
    return _clean_phrase(" ".join(words))


# --- building records ------------------------------------------------------------------------


def _apply_date(record: EventRecord, match: DateMatch) -> None:
    record.start, record.end = match.start_iso, match.end_iso
    record.precision, record.all_day = match.precision, match.all_day
    record.raw["start"] = match.raw
    if match.end is not None:
        record.raw["end"] = match.raw
    for warning in match.warnings:
        # "year added" only matters when a start was set; the other messages always do
        if record.start or "ergänzt" not in warning:
            record.warn(warning)


def _kind(
    record: EventRecord, match: DateMatch, doc: PageDoc, report_text: str, cues: _Cues
) -> str:
    if cues.report.search(report_text):
        return "report"
    day = match.start_day
    if day is not None and doc.page_date is not None and day < doc.page_date:
        return "report"
    return "announcement"


def _title_source(section: _Section, doc: PageDoc) -> str:
    """Where a heading title comes from: the page's own heading or a section's."""
    if not section.heading or section.heading == doc.title:
        return "page"
    return "section"


def _title(section: _Section, doc: PageDoc) -> str:
    heading = section.heading or doc.title or ""
    # "Fachtag „Sprache ist der Schlüssel“ am 24. November 2016": the date is not the name
    dated = [
        m for m in find_dates(heading) if m.has_date and heading[m.span[1] :].strip(" .") == ""
    ]
    if dated and dated[-1].span[0] > 0:
        heading = re.sub(
            r"(?:\s+(?:am|vom|von|ab|bis))?[\s,:–-]*$", "", heading[: dated[-1].span[0]]
        )
    return _clean_phrase(heading) or "Veranstaltung"


_NAMED_SUBJECT = re.compile(
    r"^(?:Die|Das|Der)\s+(?:(?:nächste|nächsten|erste|diesjährige|kommende|traditionelle)\s+)*"
    r"(?P<name>(?:[a-zäöüß]+e[nrs]?\s+)?[A-ZÄÖÜ][\w„“\"-]*"
    r"(?:\s+(?:der|des|für|zum|zur|von|im)\s+[A-ZÄÖÜ][\w„“\"-]*)*)\s+"
    r"(?:findet|fand|ist|war|beginnt|begann|startet|wird|läuft)\b"
)


def _event_name(sentence: str, heading: str, cues: _Cues) -> str | None:
    """The event's own name when the sentence gives one ('Die nächste Sitzung des … findet …')."""
    invited = _invited_name(sentence, cues)
    if invited and invited[1] and normalize_title(invited[0]) not in normalize_title(heading):
        # "lädt … zu einem Neujahrsabend ein": an occasion of its own, not the page's topic
        return invited[0]
    if heading and cues.event.search(heading) and len(heading.split()) > 1:
        return None
    match = _NAMED_SUBJECT.match(sentence)
    if match and cues.event.search(match["name"]) and not _generic_event_word(match["name"], cues):
        name = match["name"]  # "Die Veranstaltung findet …" names nothing
        return name[0].upper() + name[1:]
    return invited[0] if invited else None


def _generic_event_word(name: str, cues: _Cues) -> bool:
    return name.casefold() in {w.casefold() for w in cues.words("events.event_cues")}


def _invited_name(sentence: str, cues: _Cues) -> tuple[str, bool] | None:
    """The event an invitation names: ('Neujahrsabend', True) from 'lädt … zu einem Neujahrsabend'.

    The flag tells an indefinite article ('zu einem'), which introduces an occasion of its own,
    from a definite one ('zum', 'zur'), which may refer to what the page is about. A bare plural
    ('lädt sie regelmäßig zu Vernetzungstreffen ein') or a name that is only a generic event word
    ('zu einer Veranstaltung') names nothing.
    """
    verbs = {w.casefold() for w in cues.words("events.invitation_verbs")}
    if not any(t.strip(".,;:!?").casefold() in verbs for t in sentence.split()):
        return None
    article = re.compile(r"(?<!\w)(?:zu\s+(?P<indefinite>einem|einer)|zu\s+(?:dem|der)|zum|zur)\s+")
    for m in article.finditer(sentence):
        tokens = list(_TOKEN.finditer(sentence, m.end()))
        end = _name_tokens(tokens)
        if not end:
            continue
        name = _clean_phrase(sentence[tokens[0].start() : tokens[end - 1].end()])
        if cues.event.search(name) and not _generic_event_word(name, cues):
            return name, bool(m["indefinite"])
    return None


def _name_tokens(tokens: list[re.Match]) -> int:
    """Count the tokens of an event name: a noun, a quoted title, genitive attributes.

    'Neujahrsabend mit Musik' → 1, 'Tag der offenen Tür' → 4, 'Fachtag „Sprache ist der
    Schlüssel“' → 5. A name must start with a capitalised noun (no adjective, number or month).
    """

    def noun(word: str) -> bool:
        word = word.strip(".,;:!?")
        return word[:1].isupper() and word.casefold() not in _MONTH_AND_DAY_WORDS

    words = [t.group(0) for t in tokens]
    if not words or not noun(words[0]) or words[0][:1] in _QUOTES:
        return 0
    i = 1
    if words[0].endswith((".", ",", ";", ":", "!", "?")):
        return i
    if i < len(words) and words[i][:1] in _QUOTES:
        # a quoted title: up to the token closing the quote
        j = next(
            (
                k
                for k in range(i, len(words))
                if words[k].rstrip(".,;:!?")[-1:] in _QUOTES
                and (k > i or len(words[k].strip(".,;:!?")) > 1)
            ),
            None,
        )
        if j is None:
            return i
        i = j + 1
    while i + 1 < len(words) and words[i - 1][-1:] not in ".,;:!?" and words[i] in _GENITIVE:
        k = i + 1
        while k < len(words) and re.fullmatch(r"[a-zäöüß]+e[nmrs]?", words[k]):
            k += 1  # attributive adjectives: "der offenen Tür"
        if k < len(words) and noun(words[k]):
            i = k + 1
            continue
        break
    return i


def _celebration_name(
    sentences: list[str], k: int, found: list[tuple[int, DateMatch]], heading: str, cues: _Cues
) -> str | None:
    """A report's celebration as the event's name: 'feierten den Abschluss' → 'Abschlussfeier'.

    Read in the dated sentence and the two after it (up to the next dated one), and only when the
    heading names no event (a press headline such as '35 Ehrenamtliche schließen … ab').
    """
    if heading and cues.event.search(heading):
        return None
    suffix = cues.doc.profile.get("events.celebration_suffix") or ""
    verbs = {w.casefold() for w in cues.words("events.celebration_verbs")}
    if not suffix or not verbs:
        return None
    later = [j for j, _ in found if j > k]
    stop = min([k + 3, *later])
    for sentence in sentences[k:stop]:
        words = [w.strip(",;:!?") for w in sentence.split()]
        for j, word in enumerate(words[:-2]):
            if word.casefold() not in verbs:
                continue
            article, noun = words[j + 1], words[j + 2].rstrip(".")
            if article.casefold() not in ("den", "das", "ihr", "ihren", "sein", "seinen"):
                continue
            if not re.fullmatch(r"[A-ZÄÖÜ][\w-]+", noun):
                continue
            if any(m.end() == len(noun) for m in cues.event.finditer(noun)):
                return noun  # "feierten das Sommerfest": the noun names an event already
            link = "s" if noun.casefold().endswith(_LINKING_S) else ""
            return f"{noun}{link}{suffix}"
    return None


def _calendar_events(sections: list[_Section], doc: PageDoc, cues: _Cues) -> list[EventRecord]:
    blocks: list[tuple[_Section, list[_Line]]] = []
    for section in sections:
        current: list[_Line] | None = None
        pending: list[_Line] = []
        for pair in section.pairs:
            if pair.field == "date":
                if current is not None and any(p.field == "date" for p in current):
                    blocks.append((section, current))
                current = [*pending, pair] if current is None else [*current, pair]
                pending = []
            elif current is None:
                pending.append(pair)
            else:
                current.append(pair)
        if current:
            blocks.append((section, current))
    records: list[EventRecord] = []
    for section, pairs in blocks:
        records.extend(
            _calendar_block(section, pairs, doc, cues, single=len(blocks) == 1, sections=sections)
        )
    return records


def _calendar_block(
    section: _Section,
    pairs: list[_Line],
    doc: PageDoc,
    cues: _Cues,
    *,
    single: bool,
    sections: list[_Section],
) -> list[EventRecord]:
    values: dict[str, _Line] = {}
    for pair in pairs:
        values.setdefault(pair.field, pair)
    title = values["event_title"].value if "event_title" in values else _title(section, doc)
    title = _clean_phrase(title)
    # a calendar entry's own heading names the event better than any press headline
    title_source = "label" if "event_title" in values else "calendar"
    if single:
        # a detail page: everything but the facts; headings above the entry are navigation
        at = next(k for k, s in enumerate(sections) if s is section)
        before, after = sections[:at], sections[at:]
        lines = [line.text for s in before for line in s.lines if line.kind == "text"]
        lines += [
            line.text
            for s in after
            for line in s.lines
            if line.kind == "text" or (line.kind == "heading" and line.text != title)
        ]
    else:
        lines = [line.text for line in section.lines if line.kind == "text"]
    description = "\n".join(lines)
    time_value = values["time"].value if "time" in values else ""
    end_value = values["end"].value if "end" in values else ""
    date_matches = [m for m in find_dates(values["date"].value, tz=cues.tz) if m.has_date] or [None]
    out = []
    for dm in date_matches:
        record = EventRecord(title=title, description=description, source_urls=[doc.url])
        record.raw["title_source"] = title_source
        date_text = dm.raw if dm is not None and len(date_matches) > 1 else values["date"].value
        composed = date_text
        if time_value:
            composed += ", " + time_value
        if end_value:
            composed += " bis " + end_value
        found = [m for m in find_dates(composed, doc.page_date, tz=cues.tz) if m.has_date]
        if found:
            _apply_date(record, found[0])
            record.raw["start"] = composed if time_value or end_value else found[0].raw
            if record.end:
                record.raw["end"] = record.raw["start"]
            match = found[0]
        else:
            record.warn(f"Datum „{values['date'].value}“ nicht lesbar")
            match = None
        if "location" in values:
            record.location = _clean_phrase(values["location"].value)
            record.raw["location"] = values["location"].value
        if "organizer" in values:
            record.organizers = _split_names(values["organizer"].value)
            record.raw["organizers"] = values["organizer"].value
        status_text = "\n".join([title, *(p.value for p in pairs), *section.texts])
        cancel = cues.cancelled.search(status_text)
        if cancel:
            record.status = "cancelled"
            record.raw["status"] = _line_with(status_text, cancel.start())
        if match is not None:
            record.kind = _kind(record, match, doc, "", cues)
        out.append(record)
    return out


def _split_names(value: str) -> list[str]:
    """Split a label's list of organizers ('A; B', 'A, B', 'A und die B')."""
    parts = re.split(
        r"\s*;\s*|,\s+(?!e\.\s?V|gGmbH|GmbH)|\s+(?:und|sowie)\s+(?=(?:der|die|das|dem|den)?\s*[A-ZÄÖÜ])",
        value,
    )
    return [_strip_article(p) for p in parts if _strip_article(p)]


def _line_with(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)].strip()


def _clause(sentence: str, span: tuple[int, int]) -> str:
    left = max(sentence.rfind(",", 0, span[0]), sentence.rfind(";", 0, span[0]))
    rights = [p for p in (sentence.find(",", span[1]), sentence.find(";", span[1])) if p >= 0]
    return sentence[left + 1 : min(rights) if rights else len(sentence)]


def _is_event_sentence(
    sentence: str, match: DateMatch, heading: str, following: str, cues: _Cues
) -> bool:
    clause = _clause(sentence, match.span)
    if cues.non_event.search(clause):
        return False
    if cues.non_event.search(sentence) and not cues.event.search(clause):
        return False
    if cues.event.search(sentence):
        return True
    if cues.event.search(following) and not cues.non_event.search(following):
        return True  # "… erhielten am 27. Juni ihre Zertifikate. Die Teilnehmenden feierten …"
    if match.precision == "minute":
        return True
    return bool(heading and cues.event.search(heading))


def _prose_events(
    sections: list[_Section], doc: PageDoc, cues: _Cues, groups: dict[int, int]
) -> list[EventRecord]:
    if cues.gallery.match(doc.title or ""):
        return []  # a photo album shows an event; the page announcing or reporting it holds it
    records: list[EventRecord] = []
    for number_of_section, section in enumerate(sections):
        sentences: list[str] = []
        paragraph: list[int] = []
        for number, line in enumerate(section.lines):
            if line.kind == "text":
                for sentence in split_sentences(line.text):
                    sentences.append(sentence)
                    paragraph.append(number)
        heading = section.heading or ""
        section_pairs = {p.field: p for p in reversed(section.pairs)}
        found: list[tuple[int, DateMatch]] = []
        for k, sentence in enumerate(sentences):
            following = sentences[k + 1] if k + 1 < len(sentences) else ""
            for match in find_dates(sentence, doc.page_date, tz=cues.tz):
                if match.has_date and _is_event_sentence(sentence, match, heading, following, cues):
                    found.append((k, match))
        for k, match in found:
            sentence = sentences[k]
            same_paragraph = [
                sentences[j] for j in range(k + 1, len(sentences)) if paragraph[j] == paragraph[k]
            ]
            named = _event_name(sentence, heading, cues) or _celebration_name(
                sentences, k, found, heading, cues
            )
            title = named or _title(section, doc)
            record = EventRecord(
                title=title, description="\n".join(section.texts), source_urls=[doc.url]
            )
            record.raw["title_source"] = "sentence" if named else _title_source(section, doc)
            _apply_date(record, match)
            if match.start is None and not any("Jahr fehlt" in w for w in match.warnings):
                record.warn(f"Datum „{match.raw}“ nicht lesbar")
            _prose_location(record, sentence, same_paragraph[:1], match, section_pairs, doc, cues)
            if "organizer" in section_pairs:
                record.organizers = _split_names(section_pairs["organizer"].value)
                record.raw["organizers"] = section_pairs["organizer"].value
            else:
                # the invitation usually comes just before the date sentence
                order = [k, *range(k - 1, -1, -1), *range(k + 1, len(sentences))]
                for j in order:
                    orgs = find_organizers(sentences[j], doc)
                    if orgs:
                        record.organizers, record.raw["organizers"] = orgs
                        break
            cancel_text = "\n".join([heading, sentence])
            cancel = cues.cancelled.search(cancel_text)
            if cancel is None and len(found) == 1:
                cancel_text = "\n".join(sentences)
                cancel = cues.cancelled.search(cancel_text)
            if cancel:
                record.status = "cancelled"
                record.raw["status"] = _sentence_with(cancel_text, cancel.start())
            report_text = " ".join([sentence, *same_paragraph[:2]])
            record.kind = _kind(record, match, doc, report_text, cues)
            groups[id(record)] = number_of_section
            records.append(record)
    return records


def _prose_location(
    record: EventRecord,
    sentence: str,
    following: list[str],
    match: DateMatch,
    section_pairs: dict[str, _Line],
    doc: PageDoc,
    cues: _Cues,
) -> None:
    place = find_location(sentence, doc, match.span)
    if place:
        record.location, record.raw["location"] = place
        return
    for text in following:
        # "… lädt … ein. Ort: Haus der Integration, Hansastraße 33."
        label = _LABEL_LINE.match(text)
        if label and _label_field(label["label"], cues) == "location":
            record.location = _clean_phrase(label["value"])
            record.raw["location"] = text
            return
    if "location" in section_pairs:
        record.location = _clean_phrase(section_pairs["location"].value)
        record.raw["location"] = section_pairs["location"].value


def _sentence_with(text: str, pos: int) -> str:
    line_start = text.rfind("\n", 0, pos) + 1
    line = _line_with(text, pos)
    offset = line_start
    for sentence in split_sentences(line):
        begin = text.find(sentence, offset)
        if begin <= pos < begin + len(sentence):
            return sentence
        offset = begin + len(sentence)
    return line


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
