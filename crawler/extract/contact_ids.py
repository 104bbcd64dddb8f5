"""Contact identity: IKISS address ids carried by detail and vCard links, and stable contact ids."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

from crawler.extract.person_names import normalize_name
from crawler.items import stable_id
from crawler.profiles import Profile


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
