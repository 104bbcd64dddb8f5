"""Team tables and lists that show one person per row or item."""

from __future__ import annotations

from lxml import etree

from crawler.extract.contact_fields import _mail_in_links
from crawler.extract.contact_lines import _page_lines, _Piece, _pieces
from crawler.extract.contact_vocab import _STRONG_FIELDS, _Vocab
from crawler.extract.emails import find_email
from crawler.extract.person_names import person_name
from crawler.extract.phones import looks_like_phone
from crawler.extract.text import element_text, normalize_space


def _team_table(table: etree._Element, v: _Vocab) -> list[list[_Piece]] | None:
    """One piece list per person if a table lists one person per row, else None."""
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    if len(rows) < 2 or table.xpath(".//table"):
        return None
    hints: list[str | None] = []
    first = rows[0].xpath("./td|./th")
    heads = [normalize_space(c.text_content()) for c in first]
    head_fields = [_column_field(h, v) for h in heads]
    if first and (
        all(c.tag == "th" for c in first) or sum(f is not None for f in head_fields) >= 2
    ):
        hints = head_fields
        rows = rows[1:]
    persons = []
    for row in rows:
        cells = row.xpath("./td|./th")
        if len(cells) < 2 or len(element_text(row)) > 400:
            continue
        texts = [element_text(c) for c in cells]
        first_label = v.label(texts[0].split("\n")[0]) if texts[0] else None
        if first_label and not hints:
            return None  # a label/value table: one card, not a team list
        pieces: list[_Piece] = []
        for idx, cell in enumerate(cells):
            hint = hints[idx] if idx < len(hints) else None
            for line in _page_lines(cell, set()):
                for piece in _pieces(line, v):
                    piece.hint = hint
                    pieces.append(piece)
        if _row_is_person(pieces, v):
            persons.append(pieces)
    return persons if len(persons) >= 2 else None


def _column_field(header: str, v: _Vocab) -> str | None:
    if v.has("name_labels", header):
        return "name"
    label = v.label(header)
    return label[0] if label and not label[1] else None


def _row_is_person(pieces: list[_Piece], v: _Vocab) -> bool:
    named = any(
        (p.hint == "name" and p.text) or (not p.hint and person_name(p.text, v)) for p in pieces
    )
    reach = any(
        looks_like_phone(p.text)
        or find_email(p.text)
        or _mail_in_links(p)
        or (v.label(p.text) or ("", ""))[0] in _STRONG_FIELDS
        or p.hint in _STRONG_FIELDS
        for p in pieces
    )
    return named and reach


def _team_list(lst: etree._Element, v: _Vocab) -> list[list[_Piece]] | None:
    items = lst.xpath("./li")
    if len(items) < 2:
        return None
    persons = []
    for item in items:
        if item.xpath(".//ul|.//ol|.//table") or len(element_text(item)) > 400:
            return None
        pieces = [p for line in _page_lines(item, set()) for p in _pieces(line, v, True)]
        if _row_is_person(pieces, v):
            persons.append(pieces)
    return persons if len(persons) >= 2 else None
