"""Canonical URLs: one identity per page however many menus link to it (rules from the profile)."""

from __future__ import annotations

import posixpath
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

from crawler.extract import calendars  # calendars uses this module too: call-time lookups
from crawler.profiles import Profile


def extension(url: str) -> str:
    """Return the lower-case file extension of a URL's path ('' if none)."""
    path = urlsplit(url).path
    ext = posixpath.splitext(path)[1]
    return ext[1:].lower() if ext else ""


def is_media(url: str, profile: Profile) -> bool:
    """True if the URL names a media file (PDF, image, vCard, ...) by its extension."""
    return extension(url) in {e.lower() for e in profile.words("urls.media_extensions")}


def is_variant(url: str, profile: Profile) -> bool:
    """True if the URL is a print (or similar) variant of another page: never requested."""
    query = urlsplit(url).query.lower()
    if not query:
        return False
    pairs = {f"{k.lower()}={v.lower()}" for k, v in parse_qsl(query, keep_blank_values=True)}
    return any(v.lower() in pairs for v in profile.words("urls.skip_variants"))


def canonicalize(url: str, profile: Profile, base: str | None = None) -> str:
    """Return the canonical form of a URL: absolute, fragment-free, navigation parameters dropped.

    Media files lose purely numeric (cache-busting) queries. HTML URLs keep only the profile's
    `keep_params` when that list is set, else everything but its `drop_params`. The date of a
    calendar view (`monat=2017-06`, see `calendars.calendar_key`) is part of its identity: it survives a
    keep list (only `drop_params` can name it), or every month would be the calendar's list page.
    """
    if base:
        url = urljoin(base, url.strip())
    url = safe_url_string(url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    netloc = parts.hostname or ""
    if parts.port and not (
        (scheme == "http" and parts.port == 80) or (scheme == "https" and parts.port == 443)
    ):
        netloc = f"{netloc}:{parts.port}"
    path = parts.path or "/"
    query = parts.query
    if is_media(url, profile):
        if profile.get("urls.strip_numeric_media_query", True) and query.isdigit():
            query = ""
    elif query:
        keep = {p.lower() for p in profile.words("urls.keep_params")}
        drop = {p.lower() for p in profile.words("urls.drop_params")}
        pairs = parse_qsl(query, keep_blank_values=True)
        if keep:
            words = {w.lower() for w in profile.words("crawl.calendar_params")}
            pairs = [
                (k, v)
                for k, v in pairs
                if k.lower() in keep
                or (k.lower() not in drop and calendars.is_calendar_param(k, v, words))
            ]
        else:
            pairs = [(k, v) for k, v in pairs if k.lower() not in drop]
        query = urlencode(sorted(pairs), safe=",:")
    return urlunsplit((scheme, netloc, path, query, ""))
