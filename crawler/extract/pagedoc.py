"""A parsed HTML page as every extractor sees it: tree, main content, title, breadcrumbs, date."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError
from w3lib.encoding import html_to_unicode

from crawler.extract.text import element_text, normalize_space
from crawler.profiles import Profile

_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _utf8_or_cp1252(body: bytes) -> str:
    """Fallback for undeclared pages: UTF-8 if it decodes, else windows-1252 (old German CMS)."""
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def _label(encoding: str) -> str:
    """The web's name of a Python codec ('cp1252' → 'windows-1252')."""
    name = codecs.lookup(encoding).name
    return {"cp1252": "windows-1252"}.get(name, name)


def decode_html(body: bytes, header_charset: str | None = None) -> tuple[str, str, list[str]]:
    """Decode an HTML body as Scrapy does (w3lib: BOM, HTTP header, `<meta>`, then a guess).

    Returns (text, charset, warnings); undecodable bytes are replaced and said so.
    """
    content_type = f"text/html; charset={header_charset}" if header_charset else None
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=_utf8_or_cp1252)
    charset = _label(encoding)
    warnings = [f"Zeichen nicht lesbar als {charset}: ersetzt"] if "\ufffd" in text else []
    return text, charset, warnings


def detect_charset(body: bytes, header_charset: str | None = None) -> str:
    """The charset `decode_html` uses for a body."""
    return decode_html(body, header_charset)[1]


def _select(root: etree._Element, selector: str) -> list[etree._Element]:
    try:
        return CSSSelector(selector)(root)
    except (SelectorError, ValueError, AssertionError):
        return []


@dataclass
class PageDoc:
    """A page parsed once and shared by all extractors.

    `root` is the whole document, `main` the element holding the main content (inside `root`),
    `main_text` its text with one line per block, navigation and boilerplate removed.
    """

    url: str
    root: lxml.html.HtmlElement
    profile: Profile
    page_date: date | None = None
    warnings: list[str] = field(default_factory=list)
    charset: str | None = None

    @cached_property
    def title(self) -> str:
        """The page's own heading: first h1 in the main content, else the <title>."""
        for el in self.main.iter("h1", "h2"):
            text = normalize_space(el.text_content())
            if text:
                return text
        titles = self.root.xpath("//title")
        return normalize_space(titles[0].text_content()) if titles else ""

    @cached_property
    def main(self) -> etree._Element:
        """The main-content element, found by selector, jump mark, or text density."""
        for selector in self.profile.words("content.main_selectors"):
            hits = [h for h in _select(self.root, selector) if len(element_text(h)) > 40]
            if hits:
                return hits[0]
        marked = self._after_jump_mark()
        if marked is not None:
            return marked
        return self._densest_block()

    def _after_jump_mark(self) -> etree._Element | None:
        """IKISS old templates put an anchor named 'Seiteninhalt' right before the content."""
        words = {w.lower() for w in self.profile.words("content.jump_mark_words")}
        for anchor in self.root.iter("a"):
            name = (anchor.get("name") or anchor.get("id") or "").lower()
            label = normalize_space(anchor.text_content()).lower()
            if name in words or (label in words and not anchor.get("href")):
                node = anchor.getparent()
                # climb to the first ancestor that holds substantial text besides the anchor
                while node is not None and len(element_text(node)) < 200:
                    node = node.getparent()
                if node is not None:
                    return node
        return None

    def _densest_block(self) -> etree._Element:
        body = self.root.find("body")
        if body is None:
            body = self.root
        best, best_score = body, 0.0
        for el in body.iter("div", "td", "section", "article"):
            text_len = len(element_text(el))
            if text_len < 200:
                continue
            link_len = sum(len(normalize_space(a.text_content())) for a in el.iter("a"))
            score = text_len * (1 - link_len / max(text_len, 1)) ** 2
            # prefer the innermost block that keeps most of the text
            if score > best_score * 1.05 or (score >= best_score * 0.9 and _contains(best, el)):
                best, best_score = el, score
        return best

    @cached_property
    def clean_main(self) -> etree._Element:
        """A copy of the main content with navigation, breadcrumbs and forms removed."""
        clone = lxml.html.fromstring(lxml.html.tostring(self.main))
        for selector in self.profile.words("content.drop_selectors"):
            for el in _select(clone, selector):
                if el is not clone and el.getparent() is not None:
                    el.drop_tree()
        self._drop_before_jump_mark(clone)
        self._drop_breadcrumb_lines(clone)
        return clone

    def _drop_before_jump_mark(self, clone: etree._Element) -> None:
        """Everything before a 'Seiteninhalt' anchor is navigation: drop it."""
        words = {w.lower() for w in self.profile.words("content.jump_mark_words")}
        for anchor in clone.iter("a"):
            if (anchor.get("name") or anchor.get("id") or "").lower() in words:
                node = anchor
                while node is not None and node is not clone:
                    for sibling in list(node.itersiblings(preceding=True)):
                        sibling.drop_tree()
                    node = node.getparent()
                return

    def _drop_breadcrumb_lines(self, clone: etree._Element) -> None:
        """Drop the smallest elements whose text starts with 'Sie sind hier:' and the like."""
        prefixes = tuple(p.lower() for p in self.profile.words("content.breadcrumb_prefixes"))
        for el in list(clone.iter("div", "p", "span", "td", "li", "nav", "ul")):
            text = normalize_space(el.text_content()).lower()
            short_crumb = text.startswith(prefixes) and len(text) < 300
            if short_crumb and el is not clone and el.getparent() is not None:
                el.drop_tree()

    @cached_property
    def main_text(self) -> str:
        """Main-content text, one line per block, without boilerplate lines."""
        boiler = {
            normalize_space(w).lower() for w in self.profile.words("content.boilerplate_lines")
        }
        lines = [
            line
            for line in element_text(self.clean_main).split("\n")
            if line.lower().strip(" :") not in boiler
        ]
        return "\n".join(lines)

    @cached_property
    def breadcrumbs(self) -> list[str]:
        """The breadcrumb trail ('Sie sind hier: A > B > C'), as a list of labels."""
        for selector in self.profile.words("content.breadcrumb_selectors"):
            for el in _select(self.root, selector):
                crumbs = [normalize_space(a.text_content()) for a in el.iter("a", "span", "li")]
                crumbs = [c for c in crumbs if c and c not in (">", "»", "/", "|")]
                crumbs = _strip_prefixes(_dedupe(crumbs), self.profile)
                if crumbs:
                    return crumbs
        for prefix in self.profile.words("content.breadcrumb_prefixes"):
            for el in self.root.xpath("//*[starts-with(normalize-space(text()), $p)]", p=prefix):
                parent = el.getparent() if len(el) == 0 else el
                crumbs = [normalize_space(a.text_content()) for a in parent.iter("a")]
                if crumbs:
                    return [c for c in crumbs if c]
        return []

    @cached_property
    def links(self) -> list[tuple[str, str]]:
        """All `(href, link text)` pairs of the page, in document order, as written."""
        out = []
        for a in self.root.iter("a", "area"):
            href = (a.get("href") or "").strip()
            if href:
                out.append((href, normalize_space(a.text_content()) or (a.get("title") or "")))
        return out


def _contains(outer: etree._Element, inner: etree._Element) -> bool:
    return any(node is outer for node in inner.iterancestors())


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]


def _strip_prefixes(crumbs: list[str], profile: Profile) -> list[str]:
    prefixes = [p.lower().rstrip(":") for p in profile.words("content.breadcrumb_prefixes")]
    return [c for c in crumbs if c.lower().rstrip(":") not in prefixes]


def find_page_date(root: etree._Element, profile: Profile) -> date | None:
    """The page's own date: `<meta name=date|dcterms.modified>`, `<time>`, or 'Stand: 12.05.2017'."""
    for name in (
        "date",
        "dcterms.date",
        "dcterms.modified",
        "last-modified",
        "article:modified_time",
    ):
        for meta in root.xpath("//meta[@name=$n or @property=$n]", n=name):
            found = _parse_any_date(meta.get("content") or "")
            if found:
                return found
    for el in root.iter("time"):
        found = _parse_any_date(el.get("datetime") or el.text_content())
        if found:
            return found
    text = element_text(root.find("body") if root.find("body") is not None else root)
    for label in profile.words("content.page_date_labels"):
        match = re.search(re.escape(label) + r"\s*:?\s*(\d{1,2}\.\s?\d{1,2}\.\s?\d{4})", text)
        if match:
            found = _parse_any_date(match.group(1))
            if found:
                return found
    return None


def _parse_any_date(text: str) -> date | None:
    for pattern, order in ((_ISO_DATE, "ymd"), (_NUMERIC_DATE, "dmy")):
        match = pattern.search(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            y, m, d = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return date(y, m, d)
            except ValueError:
                return None
    return None


def parse_page(
    html: str | bytes,
    url: str,
    profile: Profile,
    page_date: date | None = None,
    header_charset: str | None = None,
) -> PageDoc:
    """Parse HTML (text or bytes) into a PageDoc; a broken or empty page yields warnings."""
    warnings: list[str] = []
    charset = header_charset
    if isinstance(html, bytes):
        html, charset, warnings = decode_html(html, header_charset)
    if not html.strip():
        root = lxml.html.fromstring("<html><body></body></html>")
        warnings.append("Seite ist leer")
    else:
        try:
            root = lxml.html.document_fromstring(html)
        except (etree.ParserError, ValueError):
            root = lxml.html.fromstring("<html><body></body></html>")
            warnings.append("HTML nicht lesbar")
    if not root.xpath("//html/body/*"):
        warnings.append("Seite ohne Inhalt im <body>")
    elif not html.rstrip().lower().endswith("</html>"):
        warnings.append("HTML unvollständig (abgeschnitten?)")
    doc = PageDoc(url=url, root=root, profile=profile, warnings=warnings, charset=charset)
    doc.page_date = page_date or find_page_date(root, profile)
    return doc
