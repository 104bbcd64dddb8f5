"""Reading one card into a contact: label/value pairs, phones, address, office hours, room."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.extract.contact_ids import address_id_from_url, contact_id
from crawler.extract.contact_lines import _is_link_only, _is_prose, _link_kind, _Piece
from crawler.extract.contact_vocab import _COLONS, _POSTAL, _Vocab
from crawler.extract.emails import email_from_href, find_email
from crawler.extract.pagedoc import PageDoc
from crawler.extract.person_names import _unit_and_role, person_name
from crawler.extract.phones import looks_like_phone, parse_phone
from crawler.extract.text import normalize_space
from crawler.extract.urls import canonicalize
from crawler.items import ContactRecord

_HOUSE_NUMBER = re.compile(
    r"^[A-ZÄÖÜ][\w.\- ]{1,50}?\s\d{1,4}\s?[a-zA-Z]?(?:\s?[-–/]\s?\d{1,4}\s?[a-zA-Z]?)?$"
)


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
