"""Places and organizers named in event text: venues, inviting bodies, genitive owners, datelines."""

from __future__ import annotations

import re

from crawler.extract.event_cues import (
    _GENITIVE,
    _MONTH_AND_DAY_WORDS,
    _TOKEN,
    _any_inside,
    _clean_phrase,
    _Cues,
    normalize_title,
)
from crawler.extract.pagedoc import PageDoc
from crawler.extract.text import normalize_space

_CONNECTORS = {"für", "am", "an", "auf", "zum", "zur", "von", "vom", "im", "in"}
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
_ABBREVIATION = re.compile(r"[A-ZÄÖÜ]{2,6}")
# the nominative ending of an adjective before a noun without article, by the noun's gender
_NOMINATIVE_ENDING = {"masculine": "er", "neuter": "es", "feminine": "e"}


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


def _split_names(value: str) -> list[str]:
    """Split a label's list of organizers ('A; B', 'A, B', 'A und die B')."""
    parts = re.split(
        r"\s*;\s*|,\s+(?!e\.\s?V|gGmbH|GmbH)|\s+(?:und|sowie)\s+(?=(?:der|die|das|dem|den)?\s*[A-ZÄÖÜ])",
        value,
    )
    return [_strip_article(p) for p in parts if _strip_article(p)]
