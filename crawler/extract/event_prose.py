"""Events found in running text: event sentences, event names, places, organizers and status."""

from __future__ import annotations

import re

from crawler.extract.dates import DateMatch, find_dates
from crawler.extract.event_cues import (
    _GENITIVE,
    _MONTH_AND_DAY_WORDS,
    _QUOTES,
    _TOKEN,
    _apply_date,
    _clean_phrase,
    _Cues,
    _kind,
    _line_with,
    normalize_title,
)
from crawler.extract.event_labels import (
    _LABEL_LINE,
    _label_field,
    _Line,
    _Section,
    _title,
    _title_source,
)
from crawler.extract.event_places import _split_names, find_location, find_organizers
from crawler.extract.pagedoc import PageDoc
from crawler.extract.text import split_sentences
from crawler.items import EventRecord

# nouns ending so join a following noun with an "s" ("Jubiläumsfeier", "Geburtstagsfeier")
_LINKING_S = ("ung", "heit", "keit", "schaft", "tät", "ion", "um", "tag", "ling")


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
