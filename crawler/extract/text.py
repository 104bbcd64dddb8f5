"""Readable text from lxml elements: block-aware line breaks and whitespace folding."""

from __future__ import annotations

import re

from lxml import etree

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2007\u202f]+")


def normalize_space(text: str | None) -> str:
    """Fold runs of whitespace (including no-break spaces) to one space and strip."""
    return _SPACES.sub(" ", (text or "").replace("\n", " ")).strip()


def element_text(element: etree._Element | None) -> str:
    """Return an element's visible text with one line per block element, blank lines folded."""
    if element is None:
        return ""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in SKIP_TAGS:
            if el.tail:
                parts.append(el.tail)
            return
        block = tag in BLOCK_TAGS
        if block:
            parts.append("\n")
        if el.text and isinstance(el.tag, str):
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        elif tag in ("td", "th"):
            parts.append(" ")
        if el.tail:
            parts.append(el.tail)

    text_before_tail = element.tail
    element.tail = None
    try:
        walk(element)
    finally:
        element.tail = text_before_tail
    lines = (normalize_space(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


# Words before a period that does not end a sentence.
ABBREVIATIONS = {
    "e.v", "z.b", "nr", "str", "ca", "bzw", "u.a", "dr", "prof", "hr", "fr", "st", "evtl", "inkl",
    "ggf", "sog", "tel", "vgl", "usw", "d.h", "o.ä", "u.ä", "abs", "ziff", "jan", "feb", "febr",
    "apr", "aug", "sep", "sept", "okt", "nov", "dez", "mo", "di", "mi", "do", "sa", "so", "gem",
    "v", "m.b.h", "gmbh", "i.v", "z.hd", "allg", "bzgl", "ev", "kath", "ref", "lt", "max", "min",
}  # fmt: skip


def split_sentences(text: str) -> list[str]:
    """Split German prose into sentences, keeping ordinals ('12. Modul') and 'e.V.' intact."""
    out: list[str] = []
    start = 0
    for m in re.finditer(r"[.!?…]+[\"“”']?\s+(?=[A-ZÄÖÜ0-9„\"#(])", text):
        before = text[start : m.start()].split()
        token = before[-1].lower().strip('("„') if before else ""
        if re.fullmatch(r"\d{1,2}", token) or token in ABBREVIATIONS or len(token) == 1:
            continue
        if re.fullmatch(r"\d{1,2}\.\d{1,2}", token):
            continue  # "am 05.07. Um 17 Uhr" — a year-less date, not a sentence end
        out.append(text[start : m.end()].strip())
        start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out
