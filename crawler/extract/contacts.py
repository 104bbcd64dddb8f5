"""Contact cards on IKISS pages, found by what they say: label/value cards, <dl>, <address>, team lists.

A card is recognised by its label words (Telefon, Telefax, E-Mail, Raum ... from the profile), a
postal-code line, mail links and links to the person's IKISS address entry (detail view, vCard),
never by a template's class names. Its extent is the run of lines around those signals, bounded by
the smallest element that holds one person's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from crawler.extract.contact_fields import _build, _State
from crawler.extract.contact_ids import address_id_from_url, contact_id, normalize_address_id
from crawler.extract.contact_lines import (
    _explode,
    _is_link_only,
    _is_nav_line,
    _is_prose,
    _Line,
    _link_kind,
    _page_lines,
    _pieces,
    _skip_set,
)
from crawler.extract.contact_vocab import _COLONS, _POSTAL, _STRONG_FIELDS, _Vocab, _vocab
from crawler.extract.emails import email_from_href, find_email
from crawler.extract.pagedoc import PageDoc
from crawler.extract.person_names import normalize_name, person_name
from crawler.extract.team_lists import _team_list, _team_table
from crawler.items import ContactRecord
from crawler.profiles import Profile

_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


# --------------------------------------------------------------------------- cards from lines


@dataclass
class _Info:
    kind: str  # strong | medium | value | colon | link | prose | other
    name: bool = False


def _classify(lines: list[_Line], v: _Vocab) -> list[_Info]:
    infos: list[_Info] = []
    for line in lines:
        text = line.text
        pieces = _pieces(line, v)
        labels = [v.label(p.text) for p in pieces]
        fields = {lab[0] for lab in labels if lab}
        if text in _COLONS:
            infos.append(_Info("colon"))
        elif _is_nav_line(line, v):
            infos.append(_Info("prose"))
        elif fields & _STRONG_FIELDS:
            infos.append(_Info("strong"))
        elif fields:
            infos.append(_Info("medium"))
        elif _is_prose(text, v):
            infos.append(_Info("prose"))
        elif person_name(text, v):
            infos.append(_Info("other", name=True))
        elif (
            any(email_from_href(h) for h, _ in line.links)
            or (find_email(text) and len(text.split()) <= 3)
            or (
                any(_link_kind(h, t, v) in ("vcard", "detail") for h, t in line.links)
                and _is_link_only(pieces[0], v)
            )
        ):
            infos.append(_Info("strong"))
        elif _is_link_only(pieces[0], v):
            infos.append(_Info("link"))
        elif _POSTAL.match(text) or any(_POSTAL.match(p.text) for p in pieces):
            infos.append(_Info("medium"))
        else:
            infos.append(_Info("other"))
        if line.in_address and infos[-1].kind in ("other", "link"):
            infos[-1].kind = "medium"
    # values of labels that stand alone on their line, and what follows "Sprechzeiten"
    for idx, line in enumerate(lines):
        label = v.label(line.text)
        if not label or label[1]:
            continue
        j = idx + 1
        while j < len(lines) and infos[j].kind == "colon":
            j += 1
        count = 0
        while j < len(lines) and infos[j].kind in ("other", "link", "value") and count < 6:
            if infos[j].name and label[0] != "email":
                break
            infos[j].kind = "value"
            count += 1
            j += 1
            if label[0] != "office_hours" or (
                j < len(lines) and not re.search(r"\d", lines[j].text)
            ):
                break
    return infos


def _segments(lines: list[_Line], infos: list[_Info]) -> list[tuple[int, int]]:
    """Runs of card lines (start, end inclusive) holding at least one strong signal."""
    card_kinds = {"strong", "medium", "value", "colon", "link"}
    runs: list[list[int]] = []
    current: list[int] = []
    gap = 0
    for idx, info in enumerate(infos):
        if info.kind in card_kinds:
            if current and gap <= 1:
                current.extend(range(current[-1] + 1, idx + 1))
            else:
                if current:
                    runs.append(current)
                current = [idx]
            gap = 0
        else:
            gap += 1
            if info.kind == "prose" and current:
                runs.append(current)
                current = []
    if current:
        runs.append(current)
    segments: list[tuple[int, int]] = []
    for run in runs:
        # a person's name after card values starts the next card
        start = run[0]
        seen_strong = False
        for idx in run:
            if infos[idx].name and seen_strong and idx > start:
                segments.append((start, idx - 1))
                start, seen_strong = idx, False
            seen_strong = seen_strong or infos[idx].kind == "strong"
        segments.append((start, run[-1]))
    return [s for s in segments if any(infos[i].kind == "strong" for i in range(s[0], s[1] + 1))]


def _contains(outer: etree._Element, inner: etree._Element) -> bool:
    return inner is outer or any(a is outer for a in inner.iterancestors())


def _card_root(
    lines: list[_Line], infos: list[_Info], seg: tuple[int, int], low: int, others: list[int]
) -> etree._Element | None:
    """The smallest element around a card's signals that also holds a person's name before them."""
    start, end = seg
    anchors = [lines[i].el for i in range(start, end + 1)]
    root = anchors[0]
    while not all(_contains(root, a) for a in anchors[1:]):
        root = root.getparent()
        if root is None:
            return None
    for _ in range(10):
        if any(infos[i].name and _contains(root, lines[i].el) for i in range(max(low, 0), start)):
            return root
        parent = root.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return None
        if any(_contains(parent, lines[i].el) for i in others):
            return None
        root = parent
    return None


def _cards_from_lines(
    lines: list[_Line], doc: PageDoc, v: _Vocab
) -> list[tuple[int, ContactRecord]]:
    infos = _classify(lines, v)
    segments = _segments(lines, infos)
    taken = {i for s, e in segments for i in range(s, e + 1)}
    out = []
    prev_end = -1
    for seg in segments:
        start, end = seg
        if not infos[start].name:
            others = [i for i in taken if i < start or i > end]
            root = _card_root(lines, infos, seg, prev_end + 1, others)
            j = start - 1
            while j > prev_end and start - j <= 6:
                line, info = lines[j], infos[j]
                if j in taken or info.kind == "prose" or line.text.endswith(":"):
                    break
                if root is not None and not _contains(root, line.el):
                    break
                if not info.name and (
                    v.has("non_name", line.text.split()[0]) or v.has("name_labels", line.text)
                ):
                    break
                if line.el.tag == "h1":
                    break
                start = j
                if info.name:
                    break
                j -= 1
        prev_end = end
        pieces = [p for line in lines[start : end + 1] for p in _pieces(line, v)]
        rec = _build(pieces, doc, v)
        if rec is not None:
            out.append((start, rec))
    return out


# --------------------------------------------------------------------------- entry point


def extract_contacts(doc: PageDoc) -> list[ContactRecord]:
    """Return the contact cards of a page (page header, navigation and footer excluded)."""
    v = _vocab(doc.profile)
    body = doc.root.find("body")
    if body is None:
        body = doc.root
    skip = _skip_set(body, doc.profile)
    order = {el: i for i, el in enumerate(body.iter())}
    found: list[tuple[int, ContactRecord]] = []
    consumed: set[etree._Element] = set()
    for el in body.iter("table", "ul", "ol"):
        if el in skip or any(a in consumed for a in el.iterancestors()):
            continue
        rows = _team_table(el, v) if el.tag == "table" else _team_list(el, v)
        if not rows:
            continue
        consumed.add(el)
        carry = _State()
        for pieces in rows:
            rec = _build(pieces, doc, v, row=True, st=carry)
            if rec is not None:
                found.append((order.get(pieces[0].el, order[el]), rec))
    lines = _explode(_page_lines(body, skip | {d for c in consumed for d in c.iter()}), v)
    for start, rec in _cards_from_lines(lines, doc, v):
        found.append((order.get(lines[start].el, 0), rec))
    found.sort(key=lambda pair: pair[0])
    return _dedupe([rec for _, rec in found])


def _dedupe(records: list[ContactRecord]) -> list[ContactRecord]:
    """One record per id: a person shown twice on a page gets the gaps of the first filled."""
    by_id: dict[str, ContactRecord] = {}
    for rec in records:
        first = by_id.get(rec.id)
        if first is None:
            by_id[rec.id] = rec
            continue
        for name in ContactRecord.__dataclass_fields__:
            if getattr(first, name) in (None, "", []) and getattr(rec, name) not in (None, "", []):
                setattr(first, name, getattr(rec, name))
        for w in rec.warnings:
            first.warn(w)
    return list(by_id.values())


def contacts_from_html(html: str, url: str, profile: Profile) -> list[ContactRecord]:
    """Convenience for tests and the CLI: parse HTML and extract its contacts."""
    from crawler.extract.pagedoc import parse_page

    return extract_contacts(parse_page(html, url, profile))


__all__ = [
    "address_id_from_url",
    "contact_id",
    "contacts_from_html",
    "email_from_href",
    "extract_contacts",
    "find_email",
    "normalize_address_id",
    "normalize_name",
    "person_name",
]
