"""The district spider: fetch every page of an IKISS site once and hand it to crawler.extract."""

from __future__ import annotations

import ipaddress
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest, NotSupported
from scrapy.http import Response
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError

from crawler.extract.calendars import calendar_key, calendar_position, calendar_step_links
from crawler.extract.page import extract_page
from crawler.extract.urls import canonicalize, extension, is_media, is_variant
from crawler.extract.vcards import parse_vcards
from crawler.items import UrlOutcome
from crawler.profiles import load_profile


def is_loopback(host: str | None) -> bool:
    """True for localhost and 127.0.0.0/8 / ::1 hosts."""
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class DistrictSpider(scrapy.Spider):
    """Crawl the start URLs' hosts; usage: `scrapy crawl district -a start_url=http://host/`."""

    name = "district"
    # Redirects come to the spider, so each one is logged even when its target was already seen.
    handle_httpstatus_list: ClassVar[list[int]] = [301, 302, 303, 304, 307, 308]

    def __init__(self, start_url: str = "", profile: str | None = None, **kwargs):
        super().__init__(**kwargs)
        urls = kwargs.pop("start_urls", None) or start_url
        if isinstance(urls, str):
            urls = [u for u in urls.replace(",", " ").split() if u]
        if not urls:
            raise ValueError("start_url fehlt: -a start_url=http://...")
        self.profile = load_profile(profile)
        self.start_urls = [canonicalize(u, self.profile) for u in urls]
        self.allowed_domains = sorted({urlsplit(u).hostname or "" for u in self.start_urls})
        self.trap_patterns = self.profile.patterns("crawl.trap_patterns")
        self.deny_patterns = self.profile.patterns("crawl.deny_patterns")
        self.trap_max_hops = int(self.profile.get("crawl.trap_max_hops", 3))
        self.vcard_words = [w.lower() for w in self.profile.words("labels.contact_links")]
        self.calendar_idle_views = int(self.profile.get("crawl.calendar_idle_views", 3))
        self.calendar_max_views = int(self.profile.get("crawl.calendar_max_views", 240))
        # canonical URLs requested (or, for media, linked) in this crawl: what "new" is measured by
        self.seen: set[str] = set(self.start_urls)
        self.calendar_views: Counter[str] = Counter()  # views requested per calendar

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        """Create the spider; on loopback hosts drop the politeness delays (sample site, tests)."""
        profile_name = kwargs.get("profile") or crawler.settings.get("ARCHIVE_PROFILE")
        kwargs["profile"] = profile_name
        spider = super().from_crawler(crawler, *args, **kwargs)
        if all(is_loopback(h) for h in spider.allowed_domains):
            for key, value in (
                ("AUTOTHROTTLE_ENABLED", False),
                ("DOWNLOAD_DELAY", 0),
                ("CONCURRENT_REQUESTS_PER_DOMAIN", 8),
                ("RETRY_BACKOFF_BASE", 0.05),
            ):
                crawler.settings.set(key, value, priority="spider")
        settings = crawler.settings
        if settings.getpriority("FILES_STORE") <= SETTINGS_PRIORITIES["project"]:
            # media belong in the archive's data dir unless FILES_STORE was set explicitly
            media = Path(settings.get("ARCHIVE_DATA_DIR")) / "media"
            settings.set("FILES_STORE", str(media), priority="spider")
        depth = spider.profile.get("crawl.depth_limit")
        if depth:
            crawler.settings.set("DEPTH_LIMIT", int(depth), priority="spider")
        max_bytes = spider.profile.get("crawl.max_response_bytes")
        if max_bytes:
            crawler.settings.set("DOWNLOAD_MAXSIZE", int(max_bytes), priority="spider")
        return spider

    async def start(self):
        """Request the start URLs (Scrapy >= 2.13 entry point)."""
        for request in self.start_requests():
            yield request

    def start_requests(self):
        """Request the start URLs."""
        for url in self.start_urls:
            yield self._request(url, referer=None, trap_hops=0)

    # -- link policy ---------------------------------------------------------------------

    def _is_trap(self, url: str) -> bool:
        return any(p.search(url) for p in self.trap_patterns)

    def _follow_decision(self, url: str) -> bool:
        if is_variant(url, self.profile) or any(p.search(url) for p in self.deny_patterns):
            return False
        host = urlsplit(url).hostname
        return host in self.allowed_domains

    def _request(self, url: str, referer: str | None, trap_hops: int, callback=None):
        meta = {"trap_hops": trap_hops, "archive_referer": referer}
        if calendar_key(url, self.profile) is not None:
            # a calendar view is never stored as a page: fetch it fresh, not as "unchanged"
            meta["archive_unconditional"] = True
        return scrapy.Request(
            url,
            callback=callback or self.parse,
            errback=self.on_error,
            meta=meta,
            headers={"Referer": referer} if referer else None,
        )

    def follow_links(
        self,
        links: list[str],
        response: Response,
        steps: set[str] | None = None,
        view: bool = False,
    ):
        """Requests for the in-scope links of a page (media go to the media pipelines instead).

        Calendars: a link with a step text ("nächster Monat") is never followed, and a dated view
        (`calendar_key`) linked from an ordinary page is fetched as an entry to its calendar. From
        a `view`, the calendar is stepped (`_step_calendar`) while stepping finds new URLs. Chains
        through other calendars stop after `trap_max_hops`, as do `trap_patterns` links.
        """
        hops = response.meta.get("trap_hops", 0)
        here = calendar_key(canonicalize(response.url, self.profile), self.profile)
        neighbours: list[str] = []  # other views of the calendar this response is a view of
        new = 0  # in-scope URLs no page, view or link of this crawl named before
        for url in links:
            other = calendar_key(url, self.profile)
            if here is not None and other == here:
                neighbours.append(url)
                continue
            if steps and url in steps:
                continue
            if not self._follow_decision(url):
                continue
            if extension(url) == "vcf" or "vcard" in url.lower():
                if url not in self.seen:
                    self.seen.add(url)
                    new += 1
                yield self._request(url, response.url, 0, callback=self.parse_vcard)
                continue
            if is_media(url, self.profile):
                if url not in self.seen:  # photos and documents: fetched by the media pipelines
                    self.seen.add(url)
                    new += 1
                continue
            next_hops = hops + 1 if other is not None or self._is_trap(url) else 0
            if next_hops > self.trap_max_hops or url in self.seen:
                continue
            if other is not None:  # an entry to a calendar
                if self.calendar_views[other] >= self.calendar_max_views:
                    self._calendar_full(other)
                    continue
                self.calendar_views[other] += 1
            else:
                new += 1
            self.seen.add(url)
            yield self._request(url, response.url, next_hops)
        if view and here is not None:
            yield from self._step_calendar(response, here, neighbours, productive=new > 0)

    def _step_calendar(self, response: Response, key: str, neighbours: list[str], productive: bool):
        """Request the previous and the next view of a calendar view while stepping is productive.

        A view is productive if it linked a URL not seen before in this crawl (an event page, a
        document, …). Each direction is its own chain: `calendar_idle` in the request meta counts
        the unproductive views in a row before it, and a chain stops after
        `crawl.calendar_idle_views` of them (after a view linked from a page, which starts both
        directions, and after every productive view, that many more views are read). No calendar
        gets more than `crawl.calendar_max_views` requests in a crawl.
        """
        meta = response.meta
        direction = meta.get("calendar_direction")  # None: the entry view, stepped both ways
        idle = 0 if productive or direction is None else meta.get("calendar_idle", 0) + 1
        if idle >= self.calendar_idle_views:
            self._stat("calendar/chains_ended_idle")
            return
        here = calendar_position(canonicalize(response.url, self.profile), self.profile)
        if here is None:
            return
        positions = {url: calendar_position(url, self.profile) for url in neighbours}
        # the nearest view before and after this one, of the same kind (month, not day)
        before = [u for u, p in positions.items() if p and len(p) == len(here) and p < here]
        after = [u for u, p in positions.items() if p and len(p) == len(here) and p > here]
        chosen = []
        if before and direction in (None, -1):
            chosen.append((-1, max(before, key=lambda u: positions[u])))
        if after and direction in (None, 1):
            chosen.append((1, min(after, key=lambda u: positions[u])))
        for step, url in chosen:
            if url in self.seen or not self._follow_decision(url):
                continue
            if self.calendar_views[key] >= self.calendar_max_views:
                self._calendar_full(key)
                return
            self.calendar_views[key] += 1
            self.seen.add(url)
            self._stat("calendar/steps")
            request = self._request(url, response.url, meta.get("trap_hops", 0))
            request.meta.update(
                calendar_direction=step,
                calendar_idle=idle,
                depth_reset=True,  # a calendar's length is no depth of the site
            )
            # after the ordinary pages: what they link is seen when a view's yield is judged
            request.priority = _STEP_PRIORITY
            yield request

    def _calendar_full(self, key: str) -> None:
        if self._stat("calendar/views_over_limit") == 1:
            self.logger.warning(
                "Kalender %s: mehr als %d Ansichten, weitere werden nicht abgerufen",
                key,
                self.calendar_max_views,
            )

    def _stat(self, name: str) -> int:
        crawler = getattr(self, "crawler", None)
        if crawler is None or crawler.stats is None:
            return 0
        crawler.stats.inc_value(name)
        return crawler.stats.get_value(name, 0)

    def _calendar_steps(self, response: Response, base: str) -> set[str]:
        """The URLs this page links only with calendar-step texts (text, title or image alt)."""
        try:
            anchors = response.xpath("//a[@href] | //area[@href]")
        except (AttributeError, NotSupported, ValueError):
            return set()  # not a text response
        pairs = (
            (
                a.attrib.get("href", ""),
                (
                    " ".join(a.xpath(".//text()").getall()),
                    a.attrib.get("title", ""),
                    a.attrib.get("aria-label", ""),
                    *a.xpath(".//img/@alt").getall(),
                ),
            )
            for a in anchors
        )
        return calendar_step_links(pairs, base, self.profile)

    # -- callbacks -----------------------------------------------------------------------

    def parse(self, response: Response):
        """Archive one page: extract its records (unless unchanged) and follow its links."""
        referer = response.meta.get("archive_referer")
        if response.status in (301, 302, 303, 307, 308):
            yield from self.parse_redirect(response)
            return
        if response.meta.get("archive_unchanged"):
            yield UrlOutcome(response.url, "unchanged", response.status, response.url, referer)
            yield from self.follow_links(response.meta.get("archive_outlinks", []), response)
            return
        content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        if "html" not in content_type and not response.body.lstrip()[:15].lower().startswith(
            (b"<!doctype html", b"<html")
        ):
            yield UrlOutcome(response.url, "media", response.status, response.url, referer)
            return
        url = self._identity(response)
        header_charset = _header_charset(content_type)
        result = extract_page(response.body, url, self.profile, header_charset=header_charset)
        page = result.page
        page.final_url = response.url
        page.status = response.status
        page.etag = _header(response, b"ETag")
        page.last_modified = _header(response, b"Last-Modified")
        page.content_type = content_type or None
        page.fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        if response.meta.get("download_maxsize_exceeded"):
            page.warn("Antwort abgeschnitten: größer als erlaubt")
        steps = self._calendar_steps(response, url)
        if steps:
            # stored links are followed again on a re-crawl of an unchanged page
            page.outlinks = [link for link in page.outlinks if link not in steps]
        if calendar_key(url, self.profile) is not None:
            # a dated calendar view: its events, documents, … count, the view is no page
            yield UrlOutcome(url, "calendar", response.status, response.url, referer)
            yield from result.content_records()
            yield from self.follow_links(result.links, response, steps, view=True)
        else:
            yield UrlOutcome(url, "page", response.status, response.url, referer)
            yield from result.records()
            yield from self.follow_links(result.links, response, steps)

    def parse_redirect(self, response: Response):
        """Log a redirect and follow its target like any other link."""
        location = _header(response, b"Location")
        target = canonicalize(location, self.profile, base=response.url) if location else None
        referer = response.meta.get("archive_referer")
        yield UrlOutcome(response.url, "redirect", response.status, target, referer)
        if target:
            yield from self.follow_links([target], response)

    def _identity(self, response: Response) -> str:
        """The canonical URL a page is stored under: the requested one, or the redirect target."""
        return canonicalize(response.url, self.profile)

    def parse_vcard(self, response: Response):
        """Read the contacts of a vCard download."""
        referer = response.meta.get("archive_referer")
        yield UrlOutcome(response.url, "media", response.status, response.url, referer)
        text = response.body.decode(
            _header_charset(response.headers.get("Content-Type", b"").decode("latin-1").lower())
            or "utf-8",
            errors="replace",
        )
        url = canonicalize(response.url, self.profile)
        yield from parse_vcards(text, url, self.profile)

    def on_error(self, failure):
        """Record a URL that could not be fetched: broken link, refused, or failed."""
        request = failure.request
        referer = request.meta.get("archive_referer")
        if failure.check(HttpError):
            response = failure.value.response
            outcome = "broken" if response.status in (404, 410) else "error"
            yield UrlOutcome(request.url, outcome, response.status, response.url, referer)
        elif failure.check(IgnoreRequest):
            detail = str(failure.value) or "ignoriert"
            outcome = "robots" if "robots" in detail.lower() else "error"
            yield UrlOutcome(request.url, outcome, None, None, referer, detail)
        elif failure.check(DNSLookupError, TimeoutError, TCPTimedOutError):
            yield UrlOutcome(
                request.url, "error", None, None, referer, type(failure.value).__name__
            )
        else:
            yield UrlOutcome(request.url, "error", None, None, referer, repr(failure.value)[:300])


# below any depth-derived priority (DEPTH_PRIORITY x DEPTH_LIMIT): the site before its calendars
_STEP_PRIORITY = -1000


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _header_charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip() == "charset" and value.strip():
            return value.strip().strip('"')
    return None
