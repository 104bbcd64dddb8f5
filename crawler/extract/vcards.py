"""vCard files linked from contact cards, and reconciling a page card with the vCard of one person."""

from __future__ import annotations

import re
from dataclasses import fields

import vobject

from crawler.extract.contacts import (
    address_id_from_url,
    contact_id,
    email_from_href,
    find_email,
    normalize_address_id,
    normalize_name,
)
from crawler.extract.phones import parse_phone
from crawler.extract.text import normalize_space
from crawler.items import ContactRecord
from crawler.profiles import Profile


def parse_vcards(
    text: str, url: str, profile: Profile, address_id: str | None = None
) -> list[ContactRecord]:
    """Read every vCard in a text into contacts; never raises.

    A card that is only partly readable keeps what could be read plus a German warning; a text
    without any readable card gives an empty list. `address_id` (else the id carried by `url`)
    is the IKISS address id of a single-card file.
    """
    text = (text or "").lstrip("\ufeff")
    cards, problem = _read_components(text)
    if problem is not None and not cards:
        cards = _fallback_cards(text)
    records = [_record(card, url, profile) for card in cards]
    records = [r for r in records if r is not None]
    if problem is not None:
        for rec in records:
            rec.warn(f"vCard teilweise nicht lesbar: {problem}")
    ident = normalize_address_id(address_id) or address_id_from_url(url, profile)
    if ident and len(records) == 1:
        records[0].address_id = ident
    for rec in records:
        if not rec.name:
            rec.warn("vCard ohne Namen")
        rec.id = contact_id(rec.name, rec.email, rec.address_id)
    return records


# --------------------------------------------------------------------------- reading


def _read_components(text: str) -> tuple[list[dict[str, list[tuple[dict, object]]]], str | None]:
    """Parse with vobject; return the cards as {property: [(params, value)]} and any problem."""
    cards = []
    try:
        for component in vobject.readComponents(text, allowQP=True):
            if component.name.upper() != "VCARD":
                continue
            card: dict[str, list[tuple[dict, object]]] = {}
            for name, lines in component.contents.items():
                for line in lines:
                    params = {k.upper(): [str(x) for x in v] for k, v in line.params.items()}
                    card.setdefault(name.lower(), []).append((params, line.value))
            cards.append(card)
    except Exception as exc:  # vobject raises many kinds of errors on broken input
        return cards, normalize_space(str(exc))[:120] or type(exc).__name__
    if not cards:
        return cards, "keine vCard im Text"
    return cards, None


def _fallback_cards(text: str) -> list[dict[str, list[tuple[dict, object]]]]:
    """A forgiving line reader for vCards vobject rejects: unfold, split 'NAME;PARAMS:VALUE'."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    cards: list[dict[str, list[tuple[dict, object]]]] = []
    card: dict[str, list[tuple[dict, object]]] | None = None
    for raw in unfolded.splitlines():
        if ":" not in raw:
            continue
        head, value = raw.split(":", 1)
        name, *param_parts = head.split(";")
        name = name.split(".")[-1].strip().lower()  # drop vCard groups such as "item1."
        if name == "begin" and value.strip().upper() == "VCARD":
            card = {}
            cards.append(card)
            continue
        if name == "end" or card is None:
            continue
        params: dict[str, list[str]] = {}
        for part in param_parts:
            key, _, val = part.partition("=")
            if val:
                params.setdefault(key.upper(), []).extend(val.split(","))
            else:
                params.setdefault("TYPE", []).append(key)
        value = value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", "\x00")
        parsed: object = value
        if name in ("n", "adr", "org"):
            parsed = [p.replace("\x00", ";") for p in value.split(";")]
        else:
            parsed = value.replace("\x00", ";")
        card.setdefault(name, []).append((params, parsed))
    return cards


def _types(params: dict) -> set[str]:
    return {t.lower() for value in params.get("TYPE", []) for t in str(value).split(",")}


def _first(card: dict, name: str) -> tuple[dict, object] | None:
    values = card.get(name) or []
    return values[0] if values else None


def _text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return normalize_space(", ".join(str(v) for v in value if str(v).strip()))
    return normalize_space(str(value or ""))


def _name(card: dict, profile: Profile) -> str:
    fn = _first(card, "fn")
    name = _text(fn[1]) if fn else ""
    if not name and _first(card, "n"):
        value = _first(card, "n")[1]
        if isinstance(value, (list, tuple)):
            family, given, additional, prefix = [*list(value), "", "", "", ""][:4]
        else:
            family = getattr(value, "family", "")
            given = getattr(value, "given", "")
            additional = getattr(value, "additional", "")
            prefix = getattr(value, "prefix", "")
        name = normalize_space(" ".join(_text(x) for x in (prefix, given, additional, family)))
    tokens = name.split()
    salutations = {s.casefold() for s in profile.words("contacts.salutations")}
    while tokens and tokens[0].casefold() in salutations:
        tokens = tokens[1:]
    return " ".join(tokens)


def _address(card: dict) -> tuple[str | None, str | None, str | None]:
    entries = card.get("adr") or []
    entries = sorted(entries, key=lambda e: "work" not in _types(e[0]))
    for _params, value in entries:
        if isinstance(value, (list, tuple)):
            parts = [_text(x) for x in [*list(value), *[""] * 7][:7]]
            _box, _ext, street, city, _region, code, _country = parts
        else:
            street = _text(getattr(value, "street", ""))
            city = _text(getattr(value, "city", ""))
            code = _text(getattr(value, "code", ""))
        if street or city or code:
            return street or None, code or None, city or None
    return None, None, None


def _record(card: dict, url: str, profile: Profile) -> ContactRecord | None:
    rec = ContactRecord(vcard_url=url, source_urls=[url])
    region = str(profile.get("site.default_region", "DE") or "DE")
    rec.name = _name(card, profile)
    org = _first(card, "org")
    if org:
        # ORG is "organisation;unit;sub-unit": the unit is what follows the organisation
        parts = list(org[1]) if isinstance(org[1], (list, tuple)) else [org[1]]
        parts = [_text(x) for x in parts if _text(x)]
        rec.unit = ", ".join(parts[1:] or parts) or None
    title = _first(card, "title") or _first(card, "role")
    rec.role = _text(title[1]) or None if title else None
    rec.street, rec.postal_code, rec.city = _address(card)
    phones, faxes = [], []
    for params, value in card.get("tel") or []:
        types = _types(params)
        number = _text(value)
        if number.lower().startswith("tel:"):
            number = number[4:]
        if "fax" in types:
            faxes.append(number)
        elif "work" in types or "voice" in types or not (types - {"pref"}):
            phones.insert(0 if "work" in types else len(phones), number)
        elif "cell" in types:
            phones.append(number)
    for target, numbers in (("phone", phones), ("fax", faxes)):
        if numbers:
            parsed = parse_phone(
                numbers[0], region, previous=rec.phone if target == "fax" else None
            )
            setattr(rec, target, parsed.display)
            setattr(rec, f"{target}_e164", parsed.e164)
            for w in parsed.warnings:
                rec.warn(w if target == "phone" else w.replace("Telefonnummer", "Faxnummer"))
    for _params, value in card.get("email") or []:
        rec.email = find_email(_text(value)) or email_from_href(_text(value))
        if rec.email:
            break
        rec.warn(f"E-Mail-Adresse nicht lesbar: {_text(value)}")
    note = _first(card, "note")
    if note:
        _read_note(rec, str(note[1] or ""), profile)
    if not (rec.name or rec.email or rec.phone or rec.unit):
        return None
    return rec


def _read_note(rec: ContactRecord, note: str, profile: Profile) -> None:
    """Pick 'Raum: 1.30' and 'Sprechzeiten: ...' out of a vCard NOTE."""
    for line in re.split(r"\r?\n|\\n", note):
        line = normalize_space(line)
        for key in ("room", "office_hours"):
            for word in sorted(profile.words(f"labels.{key}"), key=len, reverse=True):
                match = re.match(rf"{re.escape(word)}(?![\w-])\s*:?\s*(.+)$", line, re.I)
                if match and not getattr(rec, key):
                    setattr(rec, key, match.group(1).strip())
                    break


# --------------------------------------------------------------------------- reconciling


def _is_vcard_url(url: str) -> bool:
    low = url.lower().split("?", 1)[0]
    return low.endswith(".vcf") or "vcard" in url.lower()


def _is_vcard_only(rec: ContactRecord) -> bool:
    """True for a record read from a vCard alone (every source is the vCard file)."""
    return bool(rec.source_urls) and all(
        u == rec.vcard_url or _is_vcard_url(u) for u in rec.source_urls
    )


def same_person(a: ContactRecord, b: ContactRecord) -> bool:
    """True if two contacts are one person: same address id, or same name and compatible e-mails."""
    if a.address_id and b.address_id:
        return normalize_address_id(a.address_id) == normalize_address_id(b.address_id)
    name_a, name_b = normalize_name(a.name), normalize_name(b.name)
    if not name_a or name_a != name_b:
        return False
    email_a, email_b = (a.email or "").lower(), (b.email or "").lower()
    return not email_a or not email_b or email_a == email_b


def merge_contacts(a: ContactRecord, b: ContactRecord) -> ContactRecord:
    """Merge two records of one person into one.

    The page card leads over a vCard (its display forms of phone and fax are kept); between two
    records of the same kind the second (newer) one leads. Empty fields are filled from the other,
    source URLs and warnings are united, and an id based on the IKISS address id wins.
    """
    lead, other = (b, a) if _is_vcard_only(a) and not _is_vcard_only(b) else (a, b)
    if _is_vcard_only(a) == _is_vcard_only(b):
        lead, other = b, a
    merged = ContactRecord.from_dict(lead.to_dict())
    for f in fields(ContactRecord):
        if f.name in ("id", "warnings", "source_urls"):
            continue
        if getattr(merged, f.name) in (None, "") and getattr(other, f.name) not in (None, ""):
            setattr(merged, f.name, getattr(other, f.name))
    for target in ("phone", "fax"):
        mine, theirs = getattr(lead, f"{target}_e164"), getattr(other, f"{target}_e164")
        if not mine and theirs:
            # the lead's number could not be read: take the other's, display form included
            setattr(merged, target, getattr(other, target))
            setattr(merged, f"{target}_e164", theirs)
    sources = list(dict.fromkeys([*a.source_urls, *b.source_urls]))
    # once a page shows the person, the vCard file is named in vcard_url, not among the sources
    merged.source_urls = [u for u in sources if not _is_vcard_url(u)] or sources
    merged.warnings = list(dict.fromkeys([*a.warnings, *b.warnings]))
    if merged.address_id:
        merged.id = contact_id(merged.name, merged.email, merged.address_id)
    else:
        merged.id = a.id or b.id or contact_id(merged.name, merged.email, None)
    return merged
