"""Contact cards on IKISS pages, found by what they say: label/value cards, <dl>, <address>, team lists.

A card is recognised by its label words (Telefon, Telefax, E-Mail, Raum ... from the profile), a
postal-code line, mail links and links to the person's IKISS address entry (detail view, vCard),
never by a template's class names. Its extent is the run of lines around those signals, bounded by
the smallest element that holds one person's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from crawler.extract.pagedoc import PageDoc
from crawler.extract.phones import looks_like_phone, parse_phone
from crawler.extract.text import BLOCK_TAGS, SKIP_TAGS, element_text, normalize_space
from crawler.extract.urls import canonicalize
from crawler.items import ContactRecord, stable_id
from crawler.profiles import Profile

CARD_FIELDS = ("phone", "fax", "mobile", "email", "room", "office_hours", "street", "role", "unit")
_STRONG_FIELDS = frozenset({"phone", "fax", "mobile", "email"})
_COLONS = frozenset({":", "-", "–", "—"})
_POSTAL = re.compile(r"^(?:D\s?-\s?)?(\d{5})\s+([A-ZÄÖÜ][^\d,;:]{1,50})$")
_HOUSE_NUMBER = re.compile(
    r"^[A-ZÄÖÜ][\w.\- ]{1,50}?\s\d{1,4}\s?[a-zA-Z]?(?:\s?[-–/]\s?\d{1,4}\s?[a-zA-Z]?)?$"
)
_BRACKET_AT = re.compile(r"\s*[(\[{]\s*(?:at|ät|@)\s*[)\]}]\s*", re.I)
_BRACKET_DOT = re.compile(r"\s*[(\[{]\s*(?:dot|punkt)\s*[)\]}]\s*", re.I)
_EMAIL = re.compile(
    r"([\w.+-]+)(?:\s*@\s*|\s+at\s+)([\w-]+(?:(?:\.|\s+dot\s+)[\w-]+)*(?:\.|\s+dot\s+)[a-z]{2,12})\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?]$")
_INITIAL = re.compile(r"^[A-ZÄÖÜ]\.$")
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


# --------------------------------------------------------------------------- public helpers


def normalize_name(name: str | None) -> str:
    """Fold a person's name for identity: case-folded, whitespace collapsed."""
    return " ".join((name or "").casefold().split())


def contact_id(name: str | None, email: str | None, address_id: str | None) -> str:
    """Return a contact's stable id: from the IKISS address id if known, else name + e-mail."""
    address_id = normalize_address_id(address_id)
    if address_id:
        return stable_id("contact", "addr", address_id)
    return stable_id("contact", normalize_name(name), (email or "").strip().lower())


def address_id_from_url(url: str | None, profile: Profile) -> str | None:
    """Return the IKISS address id carried by a detail or vCard link (first of the id params)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    params = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    for name in profile.words("contacts.id_params"):
        value = params.get(name.lower(), "").strip()
        if value:
            return normalize_address_id(unquote(value))
    stem = parts.path.rsplit("/", 1)[-1]
    if stem.lower().endswith(".vcf") and re.search(r"\d", stem):
        stem = stem[:-4]
        # IKISS names files after the id with underscores: 2807_1180_1.vcf is 2807.1180.1
        if re.fullmatch(r"\d+(?:_\d+)+", stem):
            stem = stem.replace("_", ".")
        return normalize_address_id(stem)
    return None


def normalize_address_id(value: str | None) -> str | None:
    """Drop the object-type prefix IKISS puts before an id ("tx,2807.1180.1" → "2807.1180.1"),
    so that `object=` and `FID=` links of one address entry give the same id."""
    value = (value or "").strip()
    return re.sub(r"^[A-Za-z]{1,4},", "", value) or None


def find_email(text: str | None) -> str | None:
    """Return the e-mail address in a text, undoing (at)/[at]/' at '/(dot) obfuscations."""
    if not text:
        return None
    text = _BRACKET_DOT.sub(".", _BRACKET_AT.sub("@", text))
    match = _EMAIL.search(text)
    if not match:
        return None
    domain = re.sub(r"\s+dot\s+", ".", match.group(2), flags=re.I)
    local = match.group(1).strip(".")
    return f"{local}@{domain}".lower() if local else None


def email_from_href(href: str | None) -> str | None:
    """Return the address of a mailto link, including script-encrypted IKISS/TYPO3 mailto links."""
    if not href:
        return None
    href = href.strip()
    if href.lower().startswith("mailto:"):
        return find_email(unquote(href[7:].split("?", 1)[0]))
    match = re.search(r"UnCrypt\w*\(\s*['\"]([^'\"]+)['\"]", href, re.I)
    if match:
        decoded = _uncrypt_mailto(unquote(match.group(1)))
        if decoded:
            return find_email(decoded[7:])
    return None


def _uncrypt_mailto(encoded: str) -> str | None:
    """Undo the character-range shift that old CMS templates use to hide mailto links."""
    ranges = ((0x2B, 0x3A), (0x40, 0x5A), (0x61, 0x7A))
    for offset in range(-25, 26):
        out = []
        for ch in encoded:
            code = ord(ch)
            for lo, hi in ranges:
                if lo <= code <= hi:
                    code = lo + (code - lo + offset) % (hi - lo + 1)
                    break
            out.append(chr(code))
        decoded = "".join(out)
        if decoded.lower().startswith("mailto:"):
            return decoded
    return None


# --------------------------------------------------------------------------- vocabulary


@dataclass
class _Vocab:
    """The profile's words, compiled once per profile."""

    profile: Profile
    label_re: re.Pattern[str]
    label_field: dict[str, str]
    split_re: re.Pattern[str]
    words: dict[str, set[str]]
    region: str

    def label(self, text: str) -> tuple[str, str] | None:
        """Return (field, value) if the text starts with a label word that reads as a label."""
        match = self.label_re.match(text)
        if not match:
            return None
        fld = self.label_field[match.group("label").casefold()]
        rest = match.group("rest").strip()
        rest = rest.lstrip(":").strip()
        if not rest or match.group("colon") == ":":
            return fld, rest
        if fld in ("phone", "fax", "mobile"):
            return (fld, rest) if re.match(r"[+(\d\-–]", rest) else None
        if fld == "email":
            return (fld, rest) if find_email(rest) else None
        if fld == "room":
            return (fld, rest) if re.search(r"\d", rest) and len(rest) <= 15 else None
        if fld == "office_hours":
            return (fld, rest) if re.search(r"\d", rest) else None
        return None

    def has(self, key: str, text: str) -> bool:
        """True if the whole text (case-folded, without trailing colon) is one of a word list."""
        return normalize_space(text).casefold().rstrip(" :") in self.words[key]


@lru_cache(maxsize=16)
def _vocab(profile: Profile) -> _Vocab:
    label_field: dict[str, str] = {}
    for fld in CARD_FIELDS:
        words = profile.words(f"labels.{fld}")
        if fld == "phone":
            words = words + profile.words("contacts.extra_phone_labels")
        for word in words:
            label_field.setdefault(word.casefold(), fld)
    alternatives = "|".join(re.escape(w) for w in sorted(label_field, key=len, reverse=True))
    label_re = re.compile(
        rf"^(?P<label>{alternatives})(?![\w-])\s*(?P<colon>[:.]?)(?P<rest>.*)$", re.I | re.S
    )
    # split a line before a second label ("Tel. 0521 1, Fax 0521 2"), at list separators, and
    # before a postal code ("Amtshausstraße 3, 32051 Herford")
    split_re = re.compile(
        rf"\s+[|•·]\s+|;\s+|,\s*(?=(?:{alternatives})(?![\w-]))|\s+(?=(?:{alternatives})\s*:)"
        r"|,\s*(?=(?:D-\s?)?\d{5}\s)",
        re.I,
    )
    keys = {
        "salutations": "contacts.salutations",
        "titles": "contacts.academic_titles",
        "particles": "contacts.name_particles",
        "non_name": "contacts.non_name_words",
        "suffixes": "contacts.non_name_suffixes",
        "unit": "contacts.unit_words",
        "role": "contacts.role_words",
        "name_labels": "contacts.name_labels",
        "street_suffixes": "contacts.street_suffixes",
        "contact_links": "labels.contact_links",
        "detail_links": "labels.detail_links",
        "form_links": "labels.contact_form_links",
    }
    words = {k: {w.casefold() for w in profile.words(v)} for k, v in keys.items()}
    return _Vocab(
        profile=profile,
        label_re=label_re,
        label_field=label_field,
        split_re=split_re,
        words=words,
        region=str(profile.get("site.default_region", "DE") or "DE"),
    )


# --------------------------------------------------------------------------- line model


@dataclass
class _Line:
    """One visible line of the page with the links it holds and the block element it came from."""

    text: str
    el: etree._Element
    links: list[tuple[str, str]] = field(default_factory=list)
    in_address: bool = False
    parts: list[str] = field(default_factory=list)  # texts of the inline elements of the line


_INLINE_TAGS = frozenset({"span", "strong", "b", "em", "i", "font", "label", "small", "a"})
_MARK = "\x1e"  # marks inline element boundaries inside a line


@dataclass
class _Piece:
    """One value-sized part of a line; `hint` is a field name from a team table's column header."""

    text: str
    links: list[tuple[str, str]] = field(default_factory=list)
    hint: str | None = None
    el: etree._Element | None = None


def _page_lines(root: etree._Element, skip: set[etree._Element]) -> list[_Line]:
    """Visible lines of an element in document order, leaving out skipped subtrees."""
    lines: list[_Line] = []
    buf: list[str] = []
    links: list[tuple[str, str]] = []
    stack: list[etree._Element] = [root]

    def flush() -> None:
        joined = "".join(buf)
        text = normalize_space(joined.replace(_MARK, ""))
        owner = stack[-1]
        if text:
            in_address = owner.tag == "address" or any(
                a.tag == "address" for a in owner.iterancestors()
            )
            parts = [p for p in (normalize_space(x) for x in joined.split(_MARK)) if p]
            lines.append(_Line(text, owner, list(links), in_address, parts))
        elif links and lines:
            lines[-1].links.extend(links)
        buf.clear()
        links.clear()

    def walk(el: etree._Element) -> None:
        if not isinstance(el.tag, str) or el in skip or el.tag in SKIP_TAGS:
            if el.tail and el is not root:
                buf.append(el.tail)
            return
        tag = el.tag.lower()
        if tag == "br":
            flush()
        else:
            block = tag in BLOCK_TAGS
            if block:
                flush()
                stack.append(el)
            inline = tag in _INLINE_TAGS
            if inline:
                buf.append(_MARK)
            start = len(buf)
            if el.text:
                buf.append(el.text)
            for child in el:
                walk(child)
            if inline:
                buf.append(_MARK)
            if tag in ("a", "area") and el.get("href"):
                text = normalize_space("".join(buf[start:]).replace(_MARK, ""))
                if not text:
                    alt = " ".join(i.get("alt") or "" for i in el.iter("img")).strip()
                    text = normalize_space(el.get("title") or alt)
                    if text:
                        buf.append(f" {text} ")
                links.append((el.get("href", "").strip(), text))
            if block:
                flush()
                stack.pop()
        if el.tail and el is not root:
            buf.append(el.tail)

    walk(root)
    flush()
    return lines


def _explode(lines: list[_Line], v: _Vocab) -> list[_Line]:
    """Split a line whose card values sit in inline elements styled as blocks.

    Some templates write a whole card as a row of <span>s that CSS shows one per line; the text
    then reads "Gudrun Kirchhoff Verwaltungsassistenz ... Telefon : 05221/13-1180 Telefax : ...".
    Such a line (several labels, or a label and a postal code) is split at its inline elements.
    """
    out: list[_Line] = []
    for line in lines:
        parts = line.parts
        labels = sum(1 for p in parts if v.label(p))
        postal = any(_POSTAL.match(p) for p in parts)
        if (
            len(parts) >= 3
            and (labels >= 2 or (labels and postal))
            and not _SENTENCE_END.search(line.text)
        ):
            for part in parts:
                own = [(h, t) for h, t in line.links if t and t in part]
                out.append(_Line(part, line.el, own, line.in_address, [part]))
        else:
            out.append(line)
    return out


def _skip_set(body: etree._Element, profile: Profile) -> set[etree._Element]:
    """Every element inside the page's header, navigation and footer regions."""
    skip: set[etree._Element] = set()
    for selector in profile.words("contacts.skip_regions"):
        try:
            hits = CSSSelector(selector)(body)
        except (SelectorError, ValueError, AssertionError):
            continue
        for el in hits:
            # an <article>'s own <header> holds its heading, not the site header
            if el.tag == "header" and any(
                a.tag in ("article", "section", "li", "td", "address") for a in el.iterancestors()
            ):
                continue
            skip.update(el.iter())
    return skip


# --------------------------------------------------------------------------- classification


def person_name(text: str, vocab: _Vocab) -> str | None:
    """Return the name if a line reads like a person's name ("Frau Dr. Anna Beispiel" → "Dr. Anna
    Beispiel"), else None."""
    text = normalize_space(text).strip(" ,;:")
    if not text or len(text) > 70 or re.search(r"\d|@|\(at\)", text):
        return None
    tokens = text.split()
    had_salutation = False
    while tokens and tokens[0].casefold() in vocab.words["salutations"]:
        tokens = tokens[1:]
        had_salutation = True
    if not tokens:
        return None
    name_tokens = 0
    for i, token in enumerate(tokens):
        low = token.casefold()
        if low in vocab.words["titles"] or _INITIAL.match(token):
            continue
        if low in vocab.words["particles"] and 0 < i < len(tokens) - 1:
            continue
        if not _is_name_token(token) or low in vocab.words["non_name"]:
            return None
        if any(low.endswith(s) for s in vocab.words["suffixes"]):
            return None
        if low in vocab.words["role"] or low in vocab.words["name_labels"]:
            return None
        name_tokens += 1
    if name_tokens > 5 or name_tokens < (1 if had_salutation else 2):
        return None
    return " ".join(tokens)


def _is_name_token(token: str) -> bool:
    """A capitalised word of letters, possibly hyphenated ("Schulte-Brandt", "Yılmaz", "O'Neill")."""
    parts = re.split(r"[-'’]", token)
    if not all(p.isalpha() for p in parts) or not token[0].isupper():
        return False
    return (len(parts[0]) >= 2 or len(parts) > 1) and not parts[0][1:].isupper()


def _unit_score(text: str, vocab: _Vocab) -> int:
    """How strongly a line reads as an organisational unit ("Kommunales Integrationszentrum (KI)").

    Only the head of a phrase counts: in "Interkulturelle Öffnung der Verwaltung" the head is
    "Interkulturelle Öffnung", a task, not a unit.
    """
    score = 2 if re.search(r"\([A-ZÄÖÜ][A-ZÄÖÜa-zäöü]{1,5}\)", text) else 0
    head = []
    for token in text.split():
        if head and token[:1].islower():
            break
        head.append(token.casefold().strip("(),"))
    if any(t.endswith(u) or t == u.strip("()") for t in head for u in vocab.words["unit"]):
        score += 1
    return score


def _is_role(text: str, vocab: _Vocab) -> bool:
    low = text.casefold()
    return any(r in low for r in vocab.words["role"])


def _is_prose(text: str, vocab: _Vocab) -> bool:
    """True for running text: long, a sentence, or mostly lower-case words."""
    words = text.split()
    if vocab.label(text):
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return (
        len(words) >= 12
        or len(text) > 120
        or (len(words) >= 6 and bool(_SENTENCE_END.search(text)))
        or (len(words) >= 8 and lower >= 0.4 * len(words))
    )


def _is_nav_line(line: _Line, vocab: _Vocab) -> bool:
    """True for a row of plain links ("Servicezeiten | Alle Ansprechpersonen"): navigation."""
    if len(line.links) < 2 or any(_link_kind(h, t, vocab) for h, t in line.links):
        return False
    rest = line.text
    for _, text in line.links:
        rest = rest.replace(text, " ", 1) if text else rest
    return not re.search(r"\w", rest)


def _is_street(text: str, vocab: _Vocab, next_text: str | None) -> bool:
    if len(text) > 60:
        return False
    low = text.casefold()
    if low.startswith("postfach") and re.search(r"\d", low):
        return True
    if not _HOUSE_NUMBER.match(text):
        return False
    head = re.sub(r"\s*\d.*$", "", low)
    if any(head.endswith(s) for s in vocab.words["street_suffixes"]):
        return True
    return bool(next_text and _POSTAL.match(next_text))


def _link_kind(href: str, text: str, vocab: _Vocab) -> str | None:
    """'mail', 'vcard', 'detail', 'form' or None for a link inside a card."""
    if email_from_href(href):
        return "mail"
    if vocab.has("form_links", text):
        return "form"
    if any(p.search(href) for p in vocab.profile.patterns("contacts.vcard_url_patterns")):
        return "vcard"
    if vocab.has("contact_links", text):
        return "vcard"
    if vocab.has("detail_links", text):
        return "detail"
    if any(p.search(href) for p in vocab.profile.patterns("contacts.detail_url_patterns")):
        return "detail"
    return None


def _is_link_only(piece: _Piece, vocab: _Vocab) -> bool:
    """True if the piece is just the text of a card link ("Visitenkarte anzeigen", a mail link)."""
    for href, text in piece.links:
        if text and normalize_space(text) == piece.text and _link_kind(href, text, vocab):
            return not find_email(piece.text) and not person_name(piece.text, vocab)
    return (
        vocab.has("form_links", piece.text)
        or vocab.has("contact_links", piece.text)
        or (vocab.has("detail_links", piece.text))
    )


def _pieces(line: _Line, vocab: _Vocab, split_commas: bool = False) -> list[_Piece]:
    parts = [p for p in vocab.split_re.split(line.text) if p and p.strip()]
    if split_commas:
        parts = [q for p in parts for q in re.split(r",\s+", p) if q.strip()]
    pieces = []
    for part in parts:
        part = normalize_space(part)
        own = [(h, t) for h, t in line.links if t and t in part] if len(parts) > 1 else line.links
        pieces.append(_Piece(part, own, el=line.el))
    if len(parts) > 1:
        # links whose text spans pieces (or has none) stay with the first piece
        placed = {id(x) for p in pieces for x in p.links}
        pieces[0].links.extend(x for x in line.links if id(x) not in placed)
    return pieces


# --------------------------------------------------------------------------- building a record


@dataclass
class _State:
    header: list[_Piece] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    has_form: bool = False
    last_phone: str | None = None
    name: str | None = None


def _assign(rec: ContactRecord, fld: str, values: list[_Piece], st: _State, v: _Vocab) -> None:
    text = normalize_space(" ".join(p.text for p in values))
    links = [x for p in values for x in p.links]
    st.links.extend(links)
    if fld in ("phone", "mobile", "fax"):
        if not text:
            if fld != "mobile":
                rec.warn(f"{'Telefax' if fld == 'fax' else 'Telefon'}: Bezeichnung ohne Nummer")
            return
        target = "fax" if fld == "fax" else "phone"
        if getattr(rec, target):
            return  # a second number of the same kind: the first one is the card's main number
        phone = parse_phone(text, v.region, previous=st.last_phone)
        setattr(rec, target, phone.display)
        setattr(rec, f"{target}_e164", phone.e164)
        for w in phone.warnings:
            rec.warn(w if fld != "fax" else w.replace("Telefonnummer", "Faxnummer"))
        if phone.e164 and not phone.display.startswith(("-", "–")):
            st.last_phone = phone.display
    elif fld == "email":
        found = next((e for e in (email_from_href(h) for h, _ in links) if e), None)
        found = found or find_email(text)
        if found:
            rec.email = rec.email or found
        elif (
            text
            and not any(v.has("form_links", t) for _, t in links)
            and not v.has("form_links", text)
        ):
            rec.warn(f"E-Mail-Adresse nicht lesbar: {text}")
    elif fld == "room":
        rec.room = rec.room or text or None
    elif fld == "office_hours":
        hours = "; ".join(p.text for p in values if p.text)
        rec.office_hours = rec.office_hours or hours or None
    elif fld == "street":
        _take_address(rec, text, v)
    elif fld in ("role", "unit"):
        if text and not getattr(rec, fld):
            setattr(rec, fld, text)
    elif fld == "name":
        st.name = st.name or person_name(text, v) or text or None


def _take_address(rec: ContactRecord, text: str, v: _Vocab) -> None:
    for part in re.split(r",\s*", text):
        match = _POSTAL.match(part.strip())
        if match:
            rec.postal_code = rec.postal_code or match.group(1)
            rec.city = rec.city or match.group(2).strip()
        elif part.strip() and not rec.street:
            rec.street = part.strip()


def _build(
    pieces: list[_Piece], doc: PageDoc, v: _Vocab, row: bool = False, st: _State | None = None
) -> ContactRecord | None:
    """Turn the pieces of one card (or one team-list row) into a contact, or None if it is none.

    `st` carries the last full phone number from the previous row of a team list, so that an
    extension-only number in a later row can be resolved.
    """
    rec = ContactRecord(source_urls=[doc.url])
    carry = st
    st = _State(last_phone=carry.last_phone if carry else None)
    n = len(pieces)
    i = 0
    while i < n:
        piece = pieces[i]
        st.links.extend(piece.links)
        text = piece.text
        if not text or text in _COLONS:
            i += 1
            continue
        if piece.hint == "name":
            _assign(rec, "name", [piece], st, v)
            i += 1
            continue
        label = v.label(text)
        if label is None and piece.hint and not _is_link_only(piece, v):
            label = (piece.hint, text)
        if label is None and _is_link_only(piece, v):
            st.has_form = st.has_form or v.has("form_links", text)
            i += 1
            continue
        if label:
            fld, rest = label
            if rest:
                values = [_Piece(rest, piece.links)]
                i += 1
            else:
                values, i = _label_values(pieces, i + 1, fld, v)
            _assign(rec, fld, values, st, v)
            continue
        nxt = pieces[i + 1].text if i + 1 < n else None
        if _POSTAL.match(text):
            _take_address(rec, text, v)
        elif _is_street(text, v, nxt) and not rec.street:
            rec.street = text
        elif find_email(text) and len(text.split()) <= 3:
            _assign(rec, "email", [piece], st, v)
        elif looks_like_phone(text) or (row and re.fullmatch(r"[-–]\s*\d[\d\s/-]*", text)):
            # a number without a label is the phone if the card has no readable phone yet
            if not rec.phone_e164:
                if not row:
                    rec.warn(f"Nummer ohne Bezeichnung als Telefon übernommen: {text}")
                rec.phone = rec.phone_e164 = None
                _assign(rec, "phone", [piece], st, v)
        elif not _is_prose(text, v):
            st.header.append(piece)
        i += 1
    _read_header(rec, st, v)
    _read_links(rec, st, doc, v)
    if carry is not None:
        carry.last_phone = st.last_phone
    return _finish(rec, st)


def _label_values(pieces: list[_Piece], j: int, fld: str, v: _Vocab) -> tuple[list[_Piece], int]:
    """The value pieces after a label that stands alone ("Telefon", ":", "05221/13-1180")."""
    n = len(pieces)
    while j < n and pieces[j].text in _COLONS:
        j += 1
    values: list[_Piece] = []
    while j < n:
        piece = pieces[j]
        if piece.text in _COLONS or v.label(piece.text) or piece.hint:
            break
        if _is_link_only(piece, v) and not (fld == "email" and _mail_in_links(piece)):
            break
        if values and (
            fld != "office_hours" or not re.search(r"\d", piece.text) or len(values) >= 6
        ):
            break
        values.append(piece)
        j += 1
    return values, j


def _mail_in_links(piece: _Piece) -> str | None:
    """The first mail address among a piece's links."""
    return next((e for e in (email_from_href(h) for h, _ in piece.links) if e), None)


def _read_header(rec: ContactRecord, st: _State, v: _Vocab) -> None:
    """Name, unit and role from the free lines of a card."""
    texts = [p.text for p in st.header]
    name_at = None
    if not st.name:
        for idx, text in enumerate(texts):
            found = person_name(text, v)
            if found:
                st.name, name_at = found, idx
                break
    rest = [t for idx, t in enumerate(texts) if idx != name_at]
    rest = [t for t in rest if not v.has("name_labels", t) and not v.has("non_name", t)]
    office = None
    if not st.name and rest and len(rest[0]) <= 80 and ": " not in rest[0]:
        office = rest.pop(0)
    _unit_and_role(rec, rest, v)
    if st.name:
        rec.name = st.name
    elif office:
        rec.name = office
    elif rec.unit:
        rec.name = rec.unit


def _unit_and_role(rec: ContactRecord, lines: list[str], v: _Vocab) -> None:
    """Tell the unit line from the role line; cards write them in either order."""
    lines = list(lines)
    if not rec.unit:
        units = [(_unit_score(t, v), -i, t) for i, t in enumerate(lines) if not _is_role(t, v)]
        units = [u for u in units if u[0] > 0]
        if units:
            rec.unit = max(units)[2]
            lines.remove(rec.unit)
    if not rec.role:
        roles = [t for t in lines if _is_role(t, v)] or lines[:1]
        if roles:
            rec.role = roles[0]
            lines.remove(rec.role)
    if lines and not rec.unit:
        rec.unit = lines[0]


def _read_links(rec: ContactRecord, st: _State, doc: PageDoc, v: _Vocab) -> None:
    detail_ids, vcard_ids = [], []
    seen = set()
    for href, text in st.links:
        if (href, text) in seen:
            continue
        seen.add((href, text))
        kind = _link_kind(href, text, v)
        if kind == "mail":
            rec.email = rec.email or email_from_href(href)
        elif kind == "form":
            st.has_form = True
        elif kind in ("vcard", "detail"):
            absolute = canonicalize(href, doc.profile, base=doc.url)
            ident = address_id_from_url(absolute, doc.profile) or address_id_from_url(
                href, doc.profile
            )
            if kind == "vcard":
                looks_vcard = any(
                    p.search(href) for p in v.profile.patterns("contacts.vcard_url_patterns")
                )
                # a link that is a vCard by its URL beats one that only says "Visitenkarte"
                if not rec.vcard_url or (looks_vcard and not _is_vcard_url(rec.vcard_url, v)):
                    rec.vcard_url = absolute
                if ident:
                    vcard_ids.append(ident)
            elif ident:
                detail_ids.append(ident)
    ids = detail_ids + vcard_ids
    if ids:
        rec.address_id = ids[0]


def _is_vcard_url(url: str, v: _Vocab) -> bool:
    return any(p.search(url) for p in v.profile.patterns("contacts.vcard_url_patterns"))


def _finish(rec: ContactRecord, st: _State) -> ContactRecord | None:
    person = bool(st.name)
    reach = rec.phone or rec.fax or rec.email
    # without a person's name, only an office that can be reached is a contact
    if not person and not (reach and (rec.name or rec.address_id)):
        return None
    # a named person is kept when the card says anything, even if it could not be read
    if not (
        reach
        or rec.room
        or rec.postal_code
        or rec.street
        or rec.address_id
        or rec.vcard_url
        or rec.warnings
    ):
        return None
    if not rec.name:
        rec.warn("Kein Name gefunden")
    rec.id = contact_id(rec.name, rec.email, rec.address_id)
    return rec


# --------------------------------------------------------------------------- team tables and lists


def _team_table(table: etree._Element, v: _Vocab) -> list[list[_Piece]] | None:
    """One piece list per person if a table lists one person per row, else None."""
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    if len(rows) < 2 or table.xpath(".//table"):
        return None
    hints: list[str | None] = []
    first = rows[0].xpath("./td|./th")
    heads = [normalize_space(c.text_content()) for c in first]
    head_fields = [_column_field(h, v) for h in heads]
    if first and (
        all(c.tag == "th" for c in first) or sum(f is not None for f in head_fields) >= 2
    ):
        hints = head_fields
        rows = rows[1:]
    persons = []
    for row in rows:
        cells = row.xpath("./td|./th")
        if len(cells) < 2 or len(element_text(row)) > 400:
            continue
        texts = [element_text(c) for c in cells]
        first_label = v.label(texts[0].split("\n")[0]) if texts[0] else None
        if first_label and not hints:
            return None  # a label/value table: one card, not a team list
        pieces: list[_Piece] = []
        for idx, cell in enumerate(cells):
            hint = hints[idx] if idx < len(hints) else None
            for line in _page_lines(cell, set()):
                for piece in _pieces(line, v):
                    piece.hint = hint
                    pieces.append(piece)
        if _row_is_person(pieces, v):
            persons.append(pieces)
    return persons if len(persons) >= 2 else None


def _column_field(header: str, v: _Vocab) -> str | None:
    if v.has("name_labels", header):
        return "name"
    label = v.label(header)
    return label[0] if label and not label[1] else None


def _row_is_person(pieces: list[_Piece], v: _Vocab) -> bool:
    named = any(
        (p.hint == "name" and p.text) or (not p.hint and person_name(p.text, v)) for p in pieces
    )
    reach = any(
        looks_like_phone(p.text)
        or find_email(p.text)
        or _mail_in_links(p)
        or (v.label(p.text) or ("", ""))[0] in _STRONG_FIELDS
        or p.hint in _STRONG_FIELDS
        for p in pieces
    )
    return named and reach


def _team_list(lst: etree._Element, v: _Vocab) -> list[list[_Piece]] | None:
    items = lst.xpath("./li")
    if len(items) < 2:
        return None
    persons = []
    for item in items:
        if item.xpath(".//ul|.//ol|.//table") or len(element_text(item)) > 400:
            return None
        pieces = [p for line in _page_lines(item, set()) for p in _pieces(line, v, True)]
        if _row_is_person(pieces, v):
            persons.append(pieces)
    return persons if len(persons) >= 2 else None


# --------------------------------------------------------------------------- cards from lines


@dataclass
class _Info:
    kind: str  # strong | medium | value | colon | link | prose | other
    name: bool = False


def _classify(lines: list[_Line], v: _Vocab) -> list[_Info]:
    infos: list[_Info] = []
    for line in lines:
        text = line.text
        pieces = _pieces(line, v)
        labels = [v.label(p.text) for p in pieces]
        fields = {lab[0] for lab in labels if lab}
        if text in _COLONS:
            infos.append(_Info("colon"))
        elif _is_nav_line(line, v):
            infos.append(_Info("prose"))
        elif fields & _STRONG_FIELDS:
            infos.append(_Info("strong"))
        elif fields:
            infos.append(_Info("medium"))
        elif _is_prose(text, v):
            infos.append(_Info("prose"))
        elif person_name(text, v):
            infos.append(_Info("other", name=True))
        elif (
            any(email_from_href(h) for h, _ in line.links)
            or (find_email(text) and len(text.split()) <= 3)
            or (
                any(_link_kind(h, t, v) in ("vcard", "detail") for h, t in line.links)
                and _is_link_only(pieces[0], v)
            )
        ):
            infos.append(_Info("strong"))
        elif _is_link_only(pieces[0], v):
            infos.append(_Info("link"))
        elif _POSTAL.match(text) or any(_POSTAL.match(p.text) for p in pieces):
            infos.append(_Info("medium"))
        else:
            infos.append(_Info("other"))
        if line.in_address and infos[-1].kind in ("other", "link"):
            infos[-1].kind = "medium"
    # values of labels that stand alone on their line, and what follows "Sprechzeiten"
    for idx, line in enumerate(lines):
        label = v.label(line.text)
        if not label or label[1]:
            continue
        j = idx + 1
        while j < len(lines) and infos[j].kind == "colon":
            j += 1
        count = 0
        while j < len(lines) and infos[j].kind in ("other", "link", "value") and count < 6:
            if infos[j].name and label[0] != "email":
                break
            infos[j].kind = "value"
            count += 1
            j += 1
            if label[0] != "office_hours" or (
                j < len(lines) and not re.search(r"\d", lines[j].text)
            ):
                break
    return infos


def _segments(lines: list[_Line], infos: list[_Info]) -> list[tuple[int, int]]:
    """Runs of card lines (start, end inclusive) holding at least one strong signal."""
    card_kinds = {"strong", "medium", "value", "colon", "link"}
    runs: list[list[int]] = []
    current: list[int] = []
    gap = 0
    for idx, info in enumerate(infos):
        if info.kind in card_kinds:
            if current and gap <= 1:
                current.extend(range(current[-1] + 1, idx + 1))
            else:
                if current:
                    runs.append(current)
                current = [idx]
            gap = 0
        else:
            gap += 1
            if info.kind == "prose" and current:
                runs.append(current)
                current = []
    if current:
        runs.append(current)
    segments: list[tuple[int, int]] = []
    for run in runs:
        # a person's name after card values starts the next card
        start = run[0]
        seen_strong = False
        for idx in run:
            if infos[idx].name and seen_strong and idx > start:
                segments.append((start, idx - 1))
                start, seen_strong = idx, False
            seen_strong = seen_strong or infos[idx].kind == "strong"
        segments.append((start, run[-1]))
    return [s for s in segments if any(infos[i].kind == "strong" for i in range(s[0], s[1] + 1))]


def _contains(outer: etree._Element, inner: etree._Element) -> bool:
    return inner is outer or any(a is outer for a in inner.iterancestors())


def _card_root(
    lines: list[_Line], infos: list[_Info], seg: tuple[int, int], low: int, others: list[int]
) -> etree._Element | None:
    """The smallest element around a card's signals that also holds a person's name before them."""
    start, end = seg
    anchors = [lines[i].el for i in range(start, end + 1)]
    root = anchors[0]
    while not all(_contains(root, a) for a in anchors[1:]):
        root = root.getparent()
        if root is None:
            return None
    for _ in range(10):
        if any(infos[i].name and _contains(root, lines[i].el) for i in range(max(low, 0), start)):
            return root
        parent = root.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return None
        if any(_contains(parent, lines[i].el) for i in others):
            return None
        root = parent
    return None


def _cards_from_lines(
    lines: list[_Line], doc: PageDoc, v: _Vocab
) -> list[tuple[int, ContactRecord]]:
    infos = _classify(lines, v)
    segments = _segments(lines, infos)
    taken = {i for s, e in segments for i in range(s, e + 1)}
    out = []
    prev_end = -1
    for seg in segments:
        start, end = seg
        if not infos[start].name:
            others = [i for i in taken if i < start or i > end]
            root = _card_root(lines, infos, seg, prev_end + 1, others)
            j = start - 1
            while j > prev_end and start - j <= 6:
                line, info = lines[j], infos[j]
                if j in taken or info.kind == "prose" or line.text.endswith(":"):
                    break
                if root is not None and not _contains(root, line.el):
                    break
                if not info.name and (
                    v.has("non_name", line.text.split()[0]) or v.has("name_labels", line.text)
                ):
                    break
                if line.el.tag == "h1":
                    break
                start = j
                if info.name:
                    break
                j -= 1
        prev_end = end
        pieces = [p for line in lines[start : end + 1] for p in _pieces(line, v)]
        rec = _build(pieces, doc, v)
        if rec is not None:
            out.append((start, rec))
    return out


# --------------------------------------------------------------------------- entry point


def extract_contacts(doc: PageDoc) -> list[ContactRecord]:
    """Return the contact cards of a page (page header, navigation and footer excluded)."""
    v = _vocab(doc.profile)
    body = doc.root.find("body")
    if body is None:
        body = doc.root
    skip = _skip_set(body, doc.profile)
    order = {el: i for i, el in enumerate(body.iter())}
    found: list[tuple[int, ContactRecord]] = []
    consumed: set[etree._Element] = set()
    for el in body.iter("table", "ul", "ol"):
        if el in skip or any(a in consumed for a in el.iterancestors()):
            continue
        rows = _team_table(el, v) if el.tag == "table" else _team_list(el, v)
        if not rows:
            continue
        consumed.add(el)
        carry = _State()
        for pieces in rows:
            rec = _build(pieces, doc, v, row=True, st=carry)
            if rec is not None:
                found.append((order.get(pieces[0].el, order[el]), rec))
    lines = _explode(_page_lines(body, skip | {d for c in consumed for d in c.iter()}), v)
    for start, rec in _cards_from_lines(lines, doc, v):
        found.append((order.get(lines[start].el, 0), rec))
    found.sort(key=lambda pair: pair[0])
    return _dedupe([rec for _, rec in found])


def _dedupe(records: list[ContactRecord]) -> list[ContactRecord]:
    """One record per id: a person shown twice on a page gets the gaps of the first filled."""
    by_id: dict[str, ContactRecord] = {}
    for rec in records:
        first = by_id.get(rec.id)
        if first is None:
            by_id[rec.id] = rec
            continue
        for name in ContactRecord.__dataclass_fields__:
            if getattr(first, name) in (None, "", []) and getattr(rec, name) not in (None, "", []):
                setattr(first, name, getattr(rec, name))
        for w in rec.warnings:
            first.warn(w)
    return list(by_id.values())


def contacts_from_html(html: str, url: str, profile: Profile) -> list[ContactRecord]:
    """Convenience for tests and the CLI: parse HTML and extract its contacts."""
    from crawler.extract.pagedoc import parse_page

    return extract_contacts(parse_page(html, url, profile))


__all__ = [
    "address_id_from_url",
    "contact_id",
    "contacts_from_html",
    "email_from_href",
    "extract_contacts",
    "find_email",
    "normalize_address_id",
    "normalize_name",
    "person_name",
]
