"""The profile's contact words, compiled once per profile, and the fixed patterns of a card."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crawler.extract.emails import find_email
from crawler.extract.text import normalize_space
from crawler.profiles import Profile

CARD_FIELDS = ("phone", "fax", "mobile", "email", "room", "office_hours", "street", "role", "unit")


_STRONG_FIELDS = frozenset({"phone", "fax", "mobile", "email"})


_COLONS = frozenset({":", "-", "–", "—"})


_POSTAL = re.compile(r"^(?:D\s?-\s?)?(\d{5})\s+([A-ZÄÖÜ][^\d,;:]{1,50})$")


_SENTENCE_END = re.compile(r"[.!?]$")


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
