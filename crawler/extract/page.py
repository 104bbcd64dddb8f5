"""One page in, all its records out: the entry point the spider and `extract` command use."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin

from crawler.extract.contacts import extract_contacts
from crawler.extract.documents import extract_document_links
from crawler.extract.events import extract_events
from crawler.extract.pagedoc import PageDoc, parse_page
from crawler.extract.photos import extract_photos
from crawler.extract.urls import canonicalize, is_variant
from crawler.items import (
    ContactRecord,
    DocumentRecord,
    EventRecord,
    PageRecord,
    PhotoRecord,
)
from crawler.profiles import Profile

SKIPPED_SCHEMES = ("mailto:", "javascript:", "tel:", "data:", "#")


@dataclass
class PageExtraction:
    """Everything read from one page."""

    page: PageRecord
    events: list[EventRecord] = field(default_factory=list)
    contacts: list[ContactRecord] = field(default_factory=list)
    photos: list[PhotoRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    def records(self) -> list:
        """All records, page first."""
        return [self.page, *self.content_records()]

    def content_records(self) -> list:
        """The records found on the page, without the page itself."""
        return [*self.events, *self.contacts, *self.photos, *self.documents]


def page_links(doc: PageDoc) -> list[str]:
    """Canonical absolute URLs of every followable link on the page, in order, once each."""
    seen: dict[str, None] = {}
    for href, _text in doc.links:
        if href.lower().startswith(SKIPPED_SCHEMES):
            continue
        try:
            if is_variant(urljoin(doc.url, href), doc.profile):
                continue  # print views and the like: the canonical form would hide them
            url = canonicalize(href, doc.profile, base=doc.url)
        except ValueError:
            continue
        if url.startswith(("http://", "https://")):
            seen.setdefault(url, None)
    return list(seen)


def extract_page(
    html: str | bytes,
    url: str,
    profile: Profile,
    page_date: date | None = None,
    header_charset: str | None = None,
) -> PageExtraction:
    """Parse a page and run every extractor on it. Pure: no network, no store."""
    body = html if isinstance(html, bytes) else html.encode("utf-8")
    doc = parse_page(html, url, profile, page_date=page_date, header_charset=header_charset)
    links = page_links(doc)
    page = PageRecord(
        url=url,
        final_url=url,
        title=doc.title,
        breadcrumbs=doc.breadcrumbs,
        text=doc.main_text,
        html_sha256=hashlib.sha256(body).hexdigest(),
        page_date=doc.page_date.isoformat() if doc.page_date else None,
        outlinks=links,
        warnings=list(doc.warnings),
    )
    page.charset = doc.charset
    return PageExtraction(
        page=page,
        events=_guarded(extract_events, doc, page),
        contacts=_guarded(extract_contacts, doc, page),
        photos=_guarded(extract_photos, doc, page),
        documents=_guarded(extract_document_links, doc, page),
        links=links,
    )


def _guarded(extractor, doc: PageDoc, page: PageRecord) -> list:
    """Run one extractor; a bug on one odd page costs that extractor's records, not the page."""
    try:
        return list(extractor(doc))
    except Exception as exc:
        page.warn(f"{extractor.__name__} fehlgeschlagen: {type(exc).__name__}: {exc}")
        return []
