"""Calendar entries read from label/value pairs: tables, dl lists and 'Label: value' lines."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml import etree

from crawler.extract.dates import find_dates, parse_iso
from crawler.extract.event_cues import (
    _apply_date,
    _clean_phrase,
    _Cues,
    _fold_label,
    _kind,
    _line_with,
)
from crawler.extract.event_places import _split_names
from crawler.extract.pagedoc import PageDoc
from crawler.extract.text import element_text, normalize_space
from crawler.items import EventRecord

_HEADING_MARK = "\ue000"  # marks heading lines in the annotated text; never occurs in pages
_PAIR_MARK = "\ue001"  # marks a label/value line built from page structure
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_EMPHASIS_TAGS = {"strong", "b", "em", "i", "u", "span", "font", "a"}
_LABEL_LINE = re.compile(r"^(?P<label>[^:]{1,40}?)\s*:\s*(?P<value>.*)$")
_LABEL_SPLIT = re.compile(r"\s*(?:/|,|&|\bund\b)\s*", re.I)


# --- the page as annotated lines -------------------------------------------------------------


@dataclass
class _Line:
    kind: str  # heading | pair | text
    text: str
    field: str = ""
    label: str = ""
    value: str = ""


@dataclass
class _Section:
    heading: str | None
    lines: list[_Line] = field(default_factory=list)

    @property
    def pairs(self) -> list[_Line]:
        return [line for line in self.lines if line.kind == "pair"]

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines if line.kind != "heading"]


def _label_field(text: str, cues: _Cues) -> str | None:
    folded = _fold_label(text)
    if not folded or len(folded) > 40:
        return None
    if folded in cues.labels:
        return cues.labels[folded]
    first = _LABEL_SPLIT.split(folded)[0]
    return cues.labels.get(first)


def _annotate(doc: PageDoc, cues: _Cues) -> etree._Element:
    """Copy the main content and rewrite structure into text marks: headings and label pairs."""
    root = copy.deepcopy(doc.clean_main)
    _drop_teasers(root, cues)
    for el in list(root.iter("time")):
        _use_time_attribute(el, cues)
    for dl in list(root.iter("dl")):
        _flatten_definitions(dl, cues)
    for el in reversed(list(root.iter())):
        if isinstance(el.tag, str):
            _flatten_pair_container(el, cues)
    for el in list(root.iter(*_HEADING_TAGS)):
        _mark_heading(el)
    for el in list(root.iter("p", "div", "td")):
        if _is_emphasis_heading(el, cues):
            _mark_heading(el)
    return root


def _drop_teasers(root: etree._Element, cues: _Cues) -> None:
    """Drop list entries that only date and link another page (calendar and news lists).

    Such an entry ('08.10.2015, 18:00 Uhr – <a>Netzwerktreffen</a>') is an index: the linked page
    announces the event and is where it is read.
    """
    for el in list(root.iter("li", "tr", "p", "dd")):
        if el.getparent() is None:
            continue
        links = [
            a
            for a in el.iter("a")
            if (a.get("href") or "").strip()
            and not (a.get("href") or "").startswith(("#", "mailto:", "tel:", "javascript:"))
        ]
        if not links:
            continue
        text = normalize_space(el.text_content())
        linked = sum(len(normalize_space(a.text_content())) for a in links)
        dates = [m for m in find_dates(text, tz=cues.tz) if m.has_date]
        if dates and linked and len(text) - linked - sum(len(m.raw) for m in dates) < 12:
            _drop(el)


def _use_time_attribute(el: etree._Element, cues: _Cues) -> None:
    """Read `<time datetime>` when its visible text is not a complete date by itself."""
    value = el.get("datetime")
    if not value or parse_iso(value, tz=cues.tz) is None:
        return
    shown = normalize_space(el.text_content())
    matches = [m for m in find_dates(shown, tz=cues.tz) if m.has_date]
    if matches and matches[0].start is not None and not matches[0].year_inferred:
        return
    tail = el.tail
    el.clear()
    el.text, el.tail = value, tail


def _flatten_definitions(dl: etree._Element, cues: _Cues) -> None:
    children = [c for c in dl if isinstance(c.tag, str)]
    # <div><dt/><dd/></div> wrappers (newer templates) are flattened by the container rule
    i = 0
    while i < len(children):
        term = children[i]
        if term.tag != "dt":
            i += 1
            continue
        values = []
        j = i + 1
        while j < len(children) and children[j].tag == "dd":
            values.append(children[j])
            j += 1
        label = normalize_space(term.text_content())
        name = _label_field(label, cues)
        if name and values:
            value = ", ".join(", ".join(element_text(v).split("\n")) for v in values)
            for v in values:
                _drop(v)
            tail = term.tail
            term.clear()
            term.text, term.tail = f"{_PAIR_MARK}{label.rstrip(' :')}: {value}", tail
        i = j


def _flatten_pair_container(el: etree._Element, cues: _Cues) -> None:
    """`<tr><td>Datum:</td><td>…</td></tr>`, `<div><span>Ort</span><span>…</span></div>` → one line."""
    kids = [c for c in el if isinstance(c.tag, str) and c.tag != "br"]
    if len(kids) < 2 or (el.text or "").strip() or (kids[0].tail or "").strip():
        return
    if el.tag not in ("tr", "div", "li", "p", "span", "section", "article"):
        return
    label = normalize_space(kids[0].text_content())
    name = _label_field(label, cues)
    if not name or any(_label_field(normalize_space(k.text_content()), cues) for k in kids[1:]):
        return
    value = ", ".join(
        part for k in kids[1:] for part in element_text(k).split("\n") if part.strip(" :")
    )
    if not value:
        return
    tail = el.tail
    attrib = dict(el.attrib)
    el.clear()
    el.attrib.update(attrib)
    el.text, el.tail = f"{_PAIR_MARK}{label.rstrip(' :')}: {value}", tail


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()


def _mark_heading(el: etree._Element) -> None:
    el.text = _HEADING_MARK + (el.text or "")


def _is_emphasis_heading(el: etree._Element, cues: _Cues) -> bool:
    """A paragraph whose whole text is bold (`<p><strong>Title</strong></p>`) acts as a heading."""
    text = normalize_space(el.text_content())
    if not text or len(text) > 150 or text.startswith(_HEADING_MARK) or (el.text or "").strip():
        return False
    kids = [c for c in el if isinstance(c.tag, str)]
    if not kids or any(k.tag not in _EMPHASIS_TAGS and k.tag != "br" for k in kids):
        return False
    if any((k.tail or "").strip() for k in kids):
        return False
    bold = "".join(b.text_content() for k in kids for b in k.iter("strong", "b"))
    if "".join(bold.split()) != "".join(text.split()):
        return False
    return _label_field(text, cues) is None


def _lines(doc: PageDoc, cues: _Cues) -> list[_Line]:
    boiler = {normalize_space(w).lower() for w in doc.profile.words("content.boilerplate_lines")}
    raw = [
        line
        for line in element_text(_annotate(doc, cues)).split("\n")
        if line.replace(_HEADING_MARK, "").lower().strip(" :") not in boiler
    ]
    out: list[_Line] = []
    i = 0
    while i < len(raw):
        line = raw[i]
        i += 1
        if line.startswith(_HEADING_MARK):
            text = _clean_phrase(normalize_space(line.replace(_HEADING_MARK, "")))
            if text and cues.non_event.search(text):
                out.append(_Line("text", text))  # "Pressemitteilung vom 18.10.2016" names nothing
            elif text:
                out.append(_Line("heading", text))
            continue
        line = line.replace(_HEADING_MARK, "")
        structured = line.startswith(_PAIR_MARK)
        line = line.replace(_PAIR_MARK, "")
        match = _LABEL_LINE.match(line)
        name = _label_field(match["label"], cues) if match else None
        if match and name:
            value = match["value"].strip()
            if not value and i < len(raw):
                # "Datum:" then the value on its own line (old templates, IKISS card style)
                nxt = raw[i].replace(_HEADING_MARK, "").replace(_PAIR_MARK, "")
                if not _label_field(nxt.split(":")[0], cues):
                    value, i = nxt.strip(" :"), i + 1
            if value and _plausible(name, value, cues):
                out.append(_Line("pair", line, name, match["label"].strip(), value))
                continue
        elif not structured and _label_field(line, cues) and i < len(raw):
            # a bare label line, an optional ":" line, then the value
            j = i + 1 if raw[i].strip() == ":" else i
            nxt = raw[j] if j < len(raw) else ""
            name = _label_field(line, cues)
            if (
                nxt
                and not nxt.startswith(_HEADING_MARK)
                and not _label_field(nxt.split(":")[0], cues)
                and (j > i or name == "date" or _recent_pair(out))
                and _plausible(name, nxt, cues)
            ):
                value = nxt.replace(_PAIR_MARK, "").strip(" :")
                out.append(_Line("pair", f"{line.strip(' :')}: {value}", name, line, value))
                i = j + 1
                continue
        out.append(_Line("text", line))
    return out


def _recent_pair(lines: list[_Line]) -> bool:
    return bool(lines) and lines[-1].kind == "pair"


def _plausible(name: str, value: str, cues: _Cues) -> bool:
    if name == "date":
        return any(m.has_date for m in find_dates(value, tz=cues.tz))
    if name == "time":
        return bool(find_dates("01.01.2000 " + value, tz=cues.tz)) and bool(re.search(r"\d", value))
    return len(value) <= 300


def _sections(lines: list[_Line]) -> list[_Section]:
    sections = [_Section(None)]
    for line in lines:
        if line.kind == "heading":
            sections.append(_Section(line.text))
        sections[-1].lines.append(line)
    return [s for s in sections if s.lines]


def _title_source(section: _Section, doc: PageDoc) -> str:
    """Where a heading title comes from: the page's own heading or a section's."""
    if not section.heading or section.heading == doc.title:
        return "page"
    return "section"


def _title(section: _Section, doc: PageDoc) -> str:
    heading = section.heading or doc.title or ""
    # "Fachtag „Sprache ist der Schlüssel“ am 24. November 2016": the date is not the name
    dated = [
        m for m in find_dates(heading) if m.has_date and heading[m.span[1] :].strip(" .") == ""
    ]
    if dated and dated[-1].span[0] > 0:
        heading = re.sub(
            r"(?:\s+(?:am|vom|von|ab|bis))?[\s,:–-]*$", "", heading[: dated[-1].span[0]]
        )
    return _clean_phrase(heading) or "Veranstaltung"


def _calendar_events(sections: list[_Section], doc: PageDoc, cues: _Cues) -> list[EventRecord]:
    blocks: list[tuple[_Section, list[_Line]]] = []
    for section in sections:
        current: list[_Line] | None = None
        pending: list[_Line] = []
        for pair in section.pairs:
            if pair.field == "date":
                if current is not None and any(p.field == "date" for p in current):
                    blocks.append((section, current))
                current = [*pending, pair] if current is None else [*current, pair]
                pending = []
            elif current is None:
                pending.append(pair)
            else:
                current.append(pair)
        if current:
            blocks.append((section, current))
    records: list[EventRecord] = []
    for section, pairs in blocks:
        records.extend(
            _calendar_block(section, pairs, doc, cues, single=len(blocks) == 1, sections=sections)
        )
    return records


def _calendar_block(
    section: _Section,
    pairs: list[_Line],
    doc: PageDoc,
    cues: _Cues,
    *,
    single: bool,
    sections: list[_Section],
) -> list[EventRecord]:
    values: dict[str, _Line] = {}
    for pair in pairs:
        values.setdefault(pair.field, pair)
    title = values["event_title"].value if "event_title" in values else _title(section, doc)
    title = _clean_phrase(title)
    # a calendar entry's own heading names the event better than any press headline
    title_source = "label" if "event_title" in values else "calendar"
    if single:
        # a detail page: everything but the facts; headings above the entry are navigation
        at = next(k for k, s in enumerate(sections) if s is section)
        before, after = sections[:at], sections[at:]
        lines = [line.text for s in before for line in s.lines if line.kind == "text"]
        lines += [
            line.text
            for s in after
            for line in s.lines
            if line.kind == "text" or (line.kind == "heading" and line.text != title)
        ]
    else:
        lines = [line.text for line in section.lines if line.kind == "text"]
    description = "\n".join(lines)
    time_value = values["time"].value if "time" in values else ""
    end_value = values["end"].value if "end" in values else ""
    date_matches = [m for m in find_dates(values["date"].value, tz=cues.tz) if m.has_date] or [None]
    out = []
    for dm in date_matches:
        record = EventRecord(title=title, description=description, source_urls=[doc.url])
        record.raw["title_source"] = title_source
        date_text = dm.raw if dm is not None and len(date_matches) > 1 else values["date"].value
        composed = date_text
        if time_value:
            composed += ", " + time_value
        if end_value:
            composed += " bis " + end_value
        found = [m for m in find_dates(composed, doc.page_date, tz=cues.tz) if m.has_date]
        if found:
            _apply_date(record, found[0])
            record.raw["start"] = composed if time_value or end_value else found[0].raw
            if record.end:
                record.raw["end"] = record.raw["start"]
            match = found[0]
        else:
            record.warn(f"Datum „{values['date'].value}“ nicht lesbar")
            match = None
        if "location" in values:
            record.location = _clean_phrase(values["location"].value)
            record.raw["location"] = values["location"].value
        if "organizer" in values:
            record.organizers = _split_names(values["organizer"].value)
            record.raw["organizers"] = values["organizer"].value
        status_text = "\n".join([title, *(p.value for p in pairs), *section.texts])
        cancel = cues.cancelled.search(status_text)
        if cancel:
            record.status = "cancelled"
            record.raw["status"] = _line_with(status_text, cancel.start())
        if match is not None:
            record.kind = _kind(record, match, doc, "", cues)
        out.append(record)
    return out
