"""A page's visible lines as contact cards see them: lines, value-sized pieces, kinds of line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from crawler.extract.contact_vocab import _POSTAL, _SENTENCE_END, _Vocab
from crawler.extract.emails import email_from_href, find_email
from crawler.extract.person_names import person_name
from crawler.extract.text import BLOCK_TAGS, SKIP_TAGS, normalize_space
from crawler.profiles import Profile

# --------------------------------------------------------------------------- line model


@dataclass
class _Line:
    """One visible line of the page with the links it holds and the block element it came from."""

    text: str
    el: etree._Element
    links: list[tuple[str, str]] = field(default_factory=list)
    in_address: bool = False
    parts: list[str] = field(default_factory=list)  # texts of the inline elements of the line


_INLINE_TAGS = frozenset({"span", "strong", "b", "em", "i", "font", "label", "small", "a"})


_MARK = "\x1e"  # marks inline element boundaries inside a line


@dataclass
class _Piece:
    """One value-sized part of a line; `hint` is a field name from a team table's column header."""

    text: str
    links: list[tuple[str, str]] = field(default_factory=list)
    hint: str | None = None
    el: etree._Element | None = None


def _page_lines(root: etree._Element, skip: set[etree._Element]) -> list[_Line]:
    """Visible lines of an element in document order, leaving out skipped subtrees."""
    lines: list[_Line] = []
    buf: list[str] = []
    links: list[tuple[str, str]] = []
    stack: list[etree._Element] = [root]

    def flush() -> None:
        joined = "".join(buf)
        text = normalize_space(joined.replace(_MARK, ""))
        owner = stack[-1]
        if text:
            in_address = owner.tag == "address" or any(
                a.tag == "address" for a in owner.iterancestors()
            )
            parts = [p for p in (normalize_space(x) for x in joined.split(_MARK)) if p]
            lines.append(_Line(text, owner, list(links), in_address, parts))
        elif links and lines:
            lines[-1].links.extend(links)
        buf.clear()
        links.clear()

    def walk(el: etree._Element) -> None:
        if not isinstance(el.tag, str) or el in skip or el.tag in SKIP_TAGS:
            if el.tail and el is not root:
                buf.append(el.tail)
            return
        tag = el.tag.lower()
        if tag == "br":
            flush()
        else:
            block = tag in BLOCK_TAGS
            if block:
                flush()
                stack.append(el)
            inline = tag in _INLINE_TAGS
            if inline:
                buf.append(_MARK)
            start = len(buf)
            if el.text:
                buf.append(el.text)
            for child in el:
                walk(child)
            if inline:
                buf.append(_MARK)
            if tag in ("a", "area") and el.get("href"):
                text = normalize_space("".join(buf[start:]).replace(_MARK, ""))
                if not text:
                    alt = " ".join(i.get("alt") or "" for i in el.iter("img")).strip()
                    text = normalize_space(el.get("title") or alt)
                    if text:
                        buf.append(f" {text} ")
                links.append((el.get("href", "").strip(), text))
            if block:
                flush()
                stack.pop()
        if el.tail and el is not root:
            buf.append(el.tail)

    walk(root)
    flush()
    return lines


def _explode(lines: list[_Line], v: _Vocab) -> list[_Line]:
    """Split a line whose card values sit in inline elements styled as blocks.

    Some templates write a whole card as a row of <span>s that CSS shows one per line; the text
    then reads "Gudrun Kirchhoff Verwaltungsassistenz ... Telefon : 05221/13-1180 Telefax : ...".
    Such a line (several labels, or a label and a postal code) is split at its inline elements.
    """
    out: list[_Line] = []
    for line in lines:
        parts = line.parts
        labels = sum(1 for p in parts if v.label(p))
        postal = any(_POSTAL.match(p) for p in parts)
        if (
            len(parts) >= 3
            and (labels >= 2 or (labels and postal))
            and not _SENTENCE_END.search(line.text)
        ):
            for part in parts:
                own = [(h, t) for h, t in line.links if t and t in part]
                out.append(_Line(part, line.el, own, line.in_address, [part]))
        else:
            out.append(line)
    return out


def _skip_set(body: etree._Element, profile: Profile) -> set[etree._Element]:
    """Every element inside the page's header, navigation and footer regions."""
    skip: set[etree._Element] = set()
    for selector in profile.words("contacts.skip_regions"):
        try:
            hits = CSSSelector(selector)(body)
        except (SelectorError, ValueError, AssertionError):
            continue
        for el in hits:
            # an <article>'s own <header> holds its heading, not the site header
            if el.tag == "header" and any(
                a.tag in ("article", "section", "li", "td", "address") for a in el.iterancestors()
            ):
                continue
            skip.update(el.iter())
    return skip


def _pieces(line: _Line, vocab: _Vocab, split_commas: bool = False) -> list[_Piece]:
    parts = [p for p in vocab.split_re.split(line.text) if p and p.strip()]
    if split_commas:
        parts = [q for p in parts for q in re.split(r",\s+", p) if q.strip()]
    pieces = []
    for part in parts:
        part = normalize_space(part)
        own = [(h, t) for h, t in line.links if t and t in part] if len(parts) > 1 else line.links
        pieces.append(_Piece(part, own, el=line.el))
    if len(parts) > 1:
        # links whose text spans pieces (or has none) stay with the first piece
        placed = {id(x) for p in pieces for x in p.links}
        pieces[0].links.extend(x for x in line.links if id(x) not in placed)
    return pieces


# --------------------------------------------------------------------------- classification


def _is_prose(text: str, vocab: _Vocab) -> bool:
    """True for running text: long, a sentence, or mostly lower-case words."""
    words = text.split()
    if vocab.label(text):
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return (
        len(words) >= 12
        or len(text) > 120
        or (len(words) >= 6 and bool(_SENTENCE_END.search(text)))
        or (len(words) >= 8 and lower >= 0.4 * len(words))
    )


def _is_nav_line(line: _Line, vocab: _Vocab) -> bool:
    """True for a row of plain links ("Servicezeiten | Alle Ansprechpersonen"): navigation."""
    if len(line.links) < 2 or any(_link_kind(h, t, vocab) for h, t in line.links):
        return False
    rest = line.text
    for _, text in line.links:
        rest = rest.replace(text, " ", 1) if text else rest
    return not re.search(r"\w", rest)


def _link_kind(href: str, text: str, vocab: _Vocab) -> str | None:
    """'mail', 'vcard', 'detail', 'form' or None for a link inside a card."""
    if email_from_href(href):
        return "mail"
    if vocab.has("form_links", text):
        return "form"
    if any(p.search(href) for p in vocab.profile.patterns("contacts.vcard_url_patterns")):
        return "vcard"
    if vocab.has("contact_links", text):
        return "vcard"
    if vocab.has("detail_links", text):
        return "detail"
    if any(p.search(href) for p in vocab.profile.patterns("contacts.detail_url_patterns")):
        return "detail"
    return None


def _is_link_only(piece: _Piece, vocab: _Vocab) -> bool:
    """True if the piece is just the text of a card link ("Visitenkarte anzeigen", a mail link)."""
    for href, text in piece.links:
        if text and normalize_space(text) == piece.text and _link_kind(href, text, vocab):
            return not find_email(piece.text) and not person_name(piece.text, vocab)
    return (
        vocab.has("form_links", piece.text)
        or vocab.has("contact_links", piece.text)
        or (vocab.has("detail_links", piece.text))
    )
