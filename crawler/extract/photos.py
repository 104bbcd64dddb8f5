"""Photos and albums in a page's main content: linked thumbnails, figures, captions, credits.

Galleries are found by structure and wording, never by a template's class names: an image that
links to a larger image file, an image in a `<figure>`, or a group of plain images under a
heading that says it shows photos (profile `photos.gallery_words`). Logos, icons and spacers
(profile `photos.ignore_image_words`, tiny size attributes) and page furniture are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from crawler.extract.dates import find_dates
from crawler.extract.documents import page_base_url
from crawler.extract.pagedoc import PageDoc
from crawler.extract.text import BLOCK_TAGS, SKIP_TAGS, normalize_space, split_sentences
from crawler.extract.urls import canonicalize, extension
from crawler.items import PhotoRecord

# Defaults for profile keys photos.filename_patterns / photos.non_caption_words (generic, any site).
FILENAME_PATTERNS = [
    r"^(?:dsc[nf]?|img|imag|pict?|p|dcim|cimg|sam|gopr|dji|pxl|mvi|_mg|wp|photo|foto|bild|image)"
    r"[\s_-]*\d[\w-]*$",
    r"^[\w.-]+\.(?:jpe?g|png|gif|webp|tiff?|bmp|heic)$",
    r"^[\d\s_.-]+$",
]
# Link/img titles that only describe the viewer ("Bild vergrößern"), never the picture.
NON_CAPTION_WORDS = [
    "vergrößer",
    "großansicht",
    "vollbild",
    "zoom",
    "lightbox",
    "neuem fenster",
    "neues fenster",
    "new window",
    "klicken",
    "öffnen",
]
# A label made only of these words (and numbers) says nothing: "Foto", "Bild 3", "Vorschau".
GENERIC_LABEL = re.compile(
    r"^(?:(?:foto|bild|image|photo|pic|galerie|bildergalerie|vorschau|vorschaubild|thumbnail|"
    r"thumb|grafik|abbildung|abb)s?\.?[\s_:-]*\d*[\s.]*)+$",
    re.I,
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
FRAME_TAGS = frozenset({"nav", "header", "footer"})
FRAME_ROLES = frozenset({"navigation", "banner", "contentinfo"})
CELL_TAGS = frozenset({"td", "th", "li", "dd", "dt", "figure", "div", "p", "span"})
MAX_CELL_CAPTION = 200
MAX_HINT_SENTENCES = 3

_JS_IMAGE_URL = re.compile(r"""["']([^"']+?\.(?:jpe?g|png|gif|webp)(?:\?[^"']*)?)["']""", re.I)
_PIXELS = re.compile(r"^\s*(\d+)\s*(?:px)?\s*$", re.I)
_FILLER_WORDS = frozenset(
    [
        "zur",
        "zum",
        "der",
        "die",
        "das",
        "und",
        "unsere",
        "weitere",
        "mehr",
        "alle",
        "einige",
        "neue",
    ]
)
_LAZY_SRC_ATTRS = ("src", "data-src", "data-original", "data-lazy-src", "data-srcset")


@dataclass
class _Section:
    """Content between two headings: its heading, text lines and image elements."""

    heading: str | None
    level: int
    lines: list[str] = field(default_factory=list)
    images: list[etree._Element] = field(default_factory=list)


@dataclass
class _Candidate:
    """An image found to be a photo, before album-level facts are added."""

    img: etree._Element
    section: int
    url: str
    thumbnail_url: str | None
    caption: str | None
    alt: str | None
    credit: str | None
    width: int | None = None
    height: int | None = None


def extract_photos(doc: PageDoc) -> list[PhotoRecord]:
    """Return the photos shown in the page's main content, one record per large-image URL."""
    finder = _PhotoFinder(doc)
    return finder.records()


class _PhotoFinder:
    def __init__(self, doc: PageDoc):
        self.doc = doc
        self.profile = doc.profile
        self.base = page_base_url(doc)
        self.image_exts = {e.lower() for e in self.profile.words("urls.image_extensions")}
        self.ignore_words = [w.lower() for w in self.profile.words("photos.ignore_image_words")]
        self.gallery_words = [w.lower() for w in self.profile.words("photos.gallery_words")]
        self.min_side = int(self.profile.get("photos.min_photo_side", 60) or 0)
        patterns = self.profile.words("photos.filename_patterns") or FILENAME_PATTERNS
        self.filename_res = [re.compile(p, re.I) for p in patterns]
        self.non_caption = [
            w.lower() for w in (self.profile.words("photos.non_caption_words") or NON_CAPTION_WORDS)
        ]
        prefixes = sorted(self.profile.words("photos.credit_prefixes"), key=len, reverse=True)
        alternatives = "|".join(re.escape(p.strip()) for p in prefixes if p.strip())
        self.credit_re = (
            re.compile(rf"(?:^|(?<=[\s(\[|,;–-]))((?:{alternatives})\s*:?\s*[^()\[\]|\n]+)", re.I)
            if alternatives
            else None
        )
        self.credit_prefix_only = re.compile(rf"^(?:{alternatives})\W*$", re.I)
        self.alt_is_caption = bool(self.profile.get("photos.alt_is_caption", False))
        date_labels = "|".join(re.escape(w) for w in self.profile.words("content.page_date_labels"))
        self.page_date_line = re.compile(rf"^(?:{date_labels})\s*:", re.I) if date_labels else None
        self.event_words = self.profile.words("events.event_cues")
        self.excluded = self._excluded_elements()
        self.sections: list[_Section] = []

    # --- page walk ------------------------------------------------------------------

    def _excluded_elements(self) -> set[etree._Element]:
        excluded: set[etree._Element] = set()
        for selector in self.profile.words("content.drop_selectors"):
            try:
                excluded.update(CSSSelector(selector)(self.doc.main))
            except (SelectorError, ValueError, AssertionError):
                continue
        excluded.discard(self.doc.main)
        return excluded

    def _walk(self) -> None:
        """Split the main content into sections at headings, keeping text lines and images."""
        self.sections = [_Section(heading=None, level=0)]
        buffer: list[str] = []

        def flush() -> None:
            for line in "".join(buffer).split("\n"):
                line = normalize_space(line)
                if line:
                    self.sections[-1].lines.append(line)
            buffer.clear()

        def visit(el: etree._Element) -> None:
            tag = el.tag if isinstance(el.tag, str) else ""
            if el in self.excluded or tag in SKIP_TAGS or not tag:
                if el.tail:
                    buffer.append(el.tail)
                return
            level = _heading_level(el)
            if level:
                flush()
                self.sections.append(
                    _Section(heading=normalize_space(el.text_content()), level=level)
                )
                for img in el.iter("img"):
                    self.sections[-1].images.append(img)
                if el.tail:
                    buffer.append(el.tail)
                return
            if tag == "img":
                self.sections[-1].images.append(el)
            block = tag in BLOCK_TAGS
            if block:
                buffer.append("\n")
            if el.text:
                buffer.append(el.text)
            for child in el:
                visit(child)
            if block:
                buffer.append("\n")
            if el.tail:
                buffer.append(el.tail)

        tail = self.doc.main.tail
        self.doc.main.tail = None
        try:
            visit(self.doc.main)
        finally:
            self.doc.main.tail = tail
        flush()

    # --- single images --------------------------------------------------------------

    def _url(self, raw: str | None) -> str | None:
        raw = (raw or "").strip()
        if not raw or raw.startswith("data:"):
            return None
        try:
            return canonicalize(raw, self.profile, base=self.base)
        except ValueError:
            return None

    def _src(self, img: etree._Element) -> str | None:
        for attr in _LAZY_SRC_ATTRS:
            value = (img.get(attr) or "").strip()
            if attr == "data-srcset" and value:
                value = value.split(",")[0].split()[0]
            url = self._url(value)
            if url:
                return url
        return None

    def _largest_srcset(self, img: etree._Element) -> str | None:
        best, best_width = None, 0
        for part in (img.get("srcset") or "").split(","):
            bits = part.split()
            if len(bits) == 2 and bits[1][:-1].replace(".", "").isdigit():
                width = float(bits[1][:-1]) * (1000 if bits[1].endswith("x") else 1)
                if width > best_width:
                    best, best_width = bits[0], width
        return self._url(best)

    def _is_furniture(self, img: etree._Element, src: str) -> bool:
        """Logos, icons, spacers, tiny images and anything in the page frame are not photos."""
        path = urlsplit(src).path.lower().rsplit("/", 1)[-1]
        labels = (
            " ".join((img.get(a) or "").lower() for a in ("alt", "title"))
            + " "
            + " ".join((a.get("title") or "").lower() for a in img.iterancestors("a"))
        )
        if any(w in path or w in labels for w in self.ignore_words):
            return True
        width, height = _pixels(img.get("width")), _pixels(img.get("height"))
        sides = [s for s in (width, height) if s is not None]
        if sides and (max(sides) < self.min_side or min(sides) <= 5):
            return True
        for ancestor in img.iterancestors():
            if ancestor is self.doc.main:
                return False
            tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
            if tag in FRAME_TAGS or (ancestor.get("role") or "").lower() in FRAME_ROLES:
                return True
        return True  # not inside the main content at all

    def _large_link(self, img: etree._Element) -> tuple[etree._Element | None, str | None]:
        """The link around an image and the large-image URL it points to (if it does)."""
        for depth, ancestor in enumerate(img.iterancestors()):
            if depth > 4 or ancestor is self.doc.main:
                break
            if ancestor.tag != "a":
                continue
            href = (ancestor.get("href") or "").strip()
            candidates = [href]
            if href.lower().startswith("javascript:") or ancestor.get("onclick"):
                script = href + " " + (ancestor.get("onclick") or "")
                candidates = [m.group(1) for m in _JS_IMAGE_URL.finditer(script)]
            for raw in candidates:
                url = self._url(raw)
                if url and extension(url) in self.image_exts:
                    return ancestor, url
            return ancestor, None
        return None, None

    def _candidate(self, img: etree._Element, index: int, section: _Section) -> _Candidate | None:
        src = self._src(img)
        if not src or self._is_furniture(img, src):
            return None
        link, large = self._large_link(img)
        figure = next(img.iterancestors("figure"), None)
        if figure is not None and not _inside(figure, self.doc.main):
            figure = None
        if large is None:
            in_gallery_section = len(section.images) >= 2 and self._says_gallery(section.heading)
            if figure is None and not in_gallery_section:
                return None
            large = self._largest_srcset(img) or src
        thumbnail = src if src != large else None
        alt = normalize_space(img.get("alt")) or None
        caption, credit = self._caption(img, link, figure, alt)
        width = height = None
        if thumbnail is None:  # the img shows the large file itself: its size attributes may hold
            width, height = _pixels(img.get("width")), _pixels(img.get("height"))
        return _Candidate(img, index, large, thumbnail, caption, alt, credit, width, height)

    def _names_event(self, text: str) -> bool:
        low = text.lower()
        return any(w.lower() in low for w in self.event_words)

    def _says_gallery(self, text: str | None) -> bool:
        low = (text or "").lower()
        return any(w in low for w in self.gallery_words)

    # --- captions and credits -------------------------------------------------------

    def split_credit(self, text: str | None) -> tuple[str, str | None]:
        """Split 'Gruppenfoto (Foto: Kreis Herford)' into ('Gruppenfoto', 'Foto: Kreis Herford')."""
        text = normalize_space(text)
        if not text or self.credit_re is None:
            return text, None
        match = self.credit_re.search(text)
        if not match:
            return text, None
        credit = match.group(1).strip(" .,;:-–)]")
        if self.credit_prefix_only.match(credit):
            return text, None
        rest = (text[: match.start()] + " " + text[match.end() :]).strip()
        rest = re.sub(r"[(\[]\s*[)\]]", "", rest)
        rest = normalize_space(rest).strip(" ,;|–-")
        return rest, (credit[:120] or None)

    def _meaningful_caption(self, text: str) -> bool:
        """False for camera file names, 'Bild 3', and viewer hints like 'Bild vergrößern'."""
        low = text.lower().strip(" .:")
        if not low or GENERIC_LABEL.match(low) or any(p.match(low) for p in self.filename_res):
            return False
        return not (len(low) <= 40 and any(w in low for w in self.non_caption))

    def _caption(
        self,
        img: etree._Element,
        link: etree._Element | None,
        figure: etree._Element | None,
        alt: str | None,
    ) -> tuple[str | None, str | None]:
        """Caption and own credit of one image: figcaption or cell text, then link/img title.

        Alt text describes the image for screen readers and stays in `alt`; it becomes the
        caption only where the profile sets `photos.alt_is_caption`.
        """
        credit = None
        texts: list[str | None] = []
        if figure is not None:
            figcaptions = list(figure.iter("figcaption"))
            texts.append(" ".join(f.text_content() for f in figcaptions))
        texts.append(self._cell_text(img, link))
        texts += [link.get("title") if link is not None else None, img.get("title")]
        if self.alt_is_caption:
            texts.append(alt)
        for raw in texts:
            text, own_credit = self.split_credit(raw)
            credit = credit or own_credit
            if text and self._meaningful_caption(text):
                return text, credit
        return None, credit

    def _cell_text(self, img: etree._Element, link: etree._Element | None) -> str | None:
        """Short text sharing a table cell or list item with this one image only."""
        start = link if link is not None else img
        for ancestor in start.iterancestors():
            if ancestor is self.doc.main or ancestor.tag not in CELL_TAGS:
                return None
            if sum(1 for _ in ancestor.iter("img")) > 1:
                return None
            text = normalize_space(ancestor.text_content())
            if text:
                return text if len(text) <= MAX_CELL_CAPTION else None
        return None

    def _credit_line(self, line: str) -> str | None:
        """The credit of a line that is only a credit ('Fotos: KI Kreis Herford')."""
        rest, credit = self.split_credit(line)
        return credit if credit and not rest else None

    def _section_credit(self, section: _Section) -> str | None:
        return next(filter(None, map(self._credit_line, section.lines)), None)

    # --- albums ---------------------------------------------------------------------

    def _album_section(self, index: int) -> int | None:
        """The section whose heading names the album: a bare 'Bildergalerie' defers upward."""
        section = self.sections[index]
        if not section.heading:
            return None
        if not self._is_bare_gallery_word(section.heading):
            return index
        for earlier in range(index - 1, 0, -1):
            parent = self.sections[earlier]
            if parent.heading and parent.level < section.level:
                return None if self._is_bare_gallery_word(parent.heading) else earlier
        return None

    def _is_bare_gallery_word(self, heading: str) -> bool:
        words = re.findall(r"\w+", heading.lower())
        return bool(words) and all(w in self.gallery_words or w in _FILLER_WORDS for w in words)

    def _event_hint(self, names: list[str], sections: list[int]) -> str | None:
        parts = [n for n in names if n]
        for index in sections:
            for line in self.sections[index].lines:
                if self._credit_line(line) or (
                    self.page_date_line and self.page_date_line.match(line)
                ):
                    continue
                for sentence in split_sentences(normalize_space(line)):
                    if any(m.has_date for m in find_dates(sentence)) or (
                        self._says_gallery(sentence) and self._names_event(sentence)
                    ):
                        parts.append(sentence)
        unique = list(dict.fromkeys(p for p in parts if p))
        names_count = len([n for n in names if n])
        unique = unique[: max(1, names_count) + MAX_HINT_SENTENCES]
        return "\n".join(unique) or None

    def records(self) -> list[PhotoRecord]:
        self._walk()
        candidates: list[_Candidate] = []
        for index, section in enumerate(self.sections):
            for img in section.images:
                found = self._candidate(img, index, section)
                if found is not None:
                    candidates.append(found)
        per_section: dict[int, int] = {}
        for cand in candidates:
            per_section[cand.section] = per_section.get(cand.section, 0) + 1

        page_title = self.doc.title or None
        out: dict[str, PhotoRecord] = {}
        for cand in candidates:
            section = self.sections[cand.section]
            album_index = self._album_section(cand.section)
            album_heading = self.sections[album_index].heading if album_index else None
            is_album = per_section[cand.section] >= 2 or self._says_gallery(section.heading)
            album = (album_heading if is_album else None) or page_title
            hint_sections = [cand.section]
            if album_index is not None and album_index != cand.section:
                hint_sections.insert(0, album_index)
            hint = self._event_hint([album_heading or page_title or ""], hint_sections)
            credit = cand.credit or self._section_credit(section)
            if credit is None and album_index is not None:
                credit = self._section_credit(self.sections[album_index])
            record = PhotoRecord(
                url=cand.url,
                thumbnail_url=cand.thumbnail_url,
                album=album,
                caption=cand.caption,
                alt=cand.alt,
                credit=credit,
                width=cand.width,
                height=cand.height,
                source_url=self.doc.url,
                event_hint=hint,
                album_size=per_section[cand.section],
            )
            known = out.get(record.url)
            if known is None:
                out[record.url] = record
            else:
                for name in ("thumbnail_url", "caption", "alt", "credit", "width", "height"):
                    if getattr(known, name) is None and getattr(record, name) is not None:
                        setattr(known, name, getattr(record, name))
        return list(out.values())


def _heading_level(el: etree._Element) -> int:
    """1–6 for h1–h6, 6 for a table caption or a short paragraph that is wholly bold."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in HEADING_TAGS:
        return int(tag[1])
    if tag == "caption":
        return 6
    if tag in ("p", "div") and len(el) == 1 and el[0].tag in ("strong", "b"):
        text = normalize_space(el.text_content())
        own = normalize_space((el.text or "") + (el[0].tail or ""))
        if 3 <= len(text) <= 100 and not own and el[0].find(".//img") is None:
            return 6
    return 0


def _inside(el: etree._Element, container: etree._Element) -> bool:
    return any(a is container for a in el.iterancestors())


def _pixels(value: str | None) -> int | None:
    match = _PIXELS.match(value or "")
    return int(match.group(1)) if match else None
