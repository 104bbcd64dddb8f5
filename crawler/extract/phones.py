"""Phone numbers as written on IKISS pages: display form, E.164 form, and what could not be read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers

from crawler.extract.text import normalize_space

# "-13 1183", "- 1183", "–1183": an extension that only makes sense after a full number.
_EXTENSION_ONLY = re.compile(r"^[-–]\s*(\d[\d\s/-]*)$")
# A phone-like run inside a longer text such as "05221/13-1180 (Zentrale)".
_PHONE_RUN = re.compile(r"(?:\+|\(\s*0|0)[\d\s/().\-–]{4,}\d")


@dataclass
class Phone:
    """A parsed phone number: `display` as written, `e164` when it could be read."""

    display: str
    e164: str | None = None
    warnings: list[str] = field(default_factory=list)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _try_parse(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text.replace("–", "-"), region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _resolve_extension(extension: str, previous: str, region: str) -> str | None:
    """Complete an extension-only number from the full number written before it.

    "05221/13-1180" is area code 5221, switchboard 13, extension 1180: "-1183" replaces the
    extension, "-13 1183" replaces switchboard and extension; without a written extension the
    trailing digits of the previous number are replaced.
    """
    run = _first_run(previous)
    base = _try_parse(previous, region) or _try_parse(run, region)
    if base is None:
        return None
    national = str(base.national_number)
    ext = _digits(extension)
    if not ext or len(ext) >= len(national) - 2:
        return None
    written_tail = re.search(r"[-–]\s*(\d[\d\s]*)$", run.strip())
    tail = _digits(written_tail.group(1)) if written_tail else ""
    if tail and national.endswith(tail) and len(tail) < len(national):
        stem = national[: -len(tail)]
        area = phonenumbers.length_of_geographical_area_code(base) or 0
        switchboard = stem[area:] if area else ""
        if switchboard and ext.startswith(switchboard) and len(ext) >= len(switchboard) + len(tail):
            digits = stem[:area] + ext
        else:
            digits = stem + ext
    else:
        digits = national[: -len(ext)] + ext
    candidate = phonenumbers.PhoneNumber(
        country_code=base.country_code, national_number=int(digits)
    )
    return _e164(candidate) if phonenumbers.is_possible_number(candidate) else None


def _first_run(text: str) -> str:
    match = _PHONE_RUN.search(text)
    return match.group(0) if match else text


def parse_phone(text: str, region: str = "DE", previous: str | None = None) -> Phone:
    """Parse a phone number written in any usual German form.

    An extension-only form ("-13 1183", "-1183") is resolved against `previous`, the full number
    written before it on the same card. A number that cannot be read keeps its display form,
    gets `e164=None` and a German warning.
    """
    display = normalize_space(text)
    phone = Phone(display=display)
    if not display:
        phone.warnings.append("Telefonnummer leer")
        return phone
    ext = _EXTENSION_ONLY.match(display)
    if ext:
        resolved = _resolve_extension(ext.group(1), previous, region) if previous else None
        if resolved:
            phone.e164 = resolved
        else:
            phone.warnings.append(f"Durchwahl ohne vollständige Rufnummer nicht lesbar: {display}")
        return phone
    number = _try_parse(display, region)
    if number is None:
        run = _first_run(display)
        number = _try_parse(run, region) if run != display else None
    if number is None:
        phone.warnings.append(f"Telefonnummer nicht lesbar: {display}")
        return phone
    phone.e164 = _e164(number)
    return phone


def looks_like_phone(text: str) -> bool:
    """True if a text is essentially one phone number (digits and separators, six digits or more)."""
    text = normalize_space(text)
    return bool(re.fullmatch(r"[+(]?[\d\s/().\-–]+", text)) and len(_digits(text)) >= 6
