"""E-mail addresses on contact cards: plain, (at)/[at] obfuscated, script-encrypted mailto links."""

from __future__ import annotations

import re
from urllib.parse import unquote

_BRACKET_AT = re.compile(r"\s*[(\[{]\s*(?:at|ät|@)\s*[)\]}]\s*", re.I)


_BRACKET_DOT = re.compile(r"\s*[(\[{]\s*(?:dot|punkt)\s*[)\]}]\s*", re.I)


_EMAIL = re.compile(
    r"([\w.+-]+)(?:\s*@\s*|\s+at\s+)([\w-]+(?:(?:\.|\s+dot\s+)[\w-]+)*(?:\.|\s+dot\s+)[a-z]{2,12})\b",
    re.I,
)


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
