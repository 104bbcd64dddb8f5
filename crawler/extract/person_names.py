"""Person names, organisational units and roles on contact cards, told apart by their words."""

from __future__ import annotations

import re

from crawler.extract.contact_vocab import _Vocab
from crawler.extract.text import normalize_space
from crawler.items import ContactRecord

_INITIAL = re.compile(r"^[A-ZÄÖÜ]\.$")


def normalize_name(name: str | None) -> str:
    """Fold a person's name for identity: case-folded, whitespace collapsed."""
    return " ".join((name or "").casefold().split())


def person_name(text: str, vocab: _Vocab) -> str | None:
    """Return the name if a line reads like a person's name ("Frau Dr. Anna Beispiel" → "Dr. Anna
    Beispiel"), else None."""
    text = normalize_space(text).strip(" ,;:")
    if not text or len(text) > 70 or re.search(r"\d|@|\(at\)", text):
        return None
    tokens = text.split()
    had_salutation = False
    while tokens and tokens[0].casefold() in vocab.words["salutations"]:
        tokens = tokens[1:]
        had_salutation = True
    if not tokens:
        return None
    name_tokens = 0
    for i, token in enumerate(tokens):
        low = token.casefold()
        if low in vocab.words["titles"] or _INITIAL.match(token):
            continue
        if low in vocab.words["particles"] and 0 < i < len(tokens) - 1:
            continue
        if not _is_name_token(token) or low in vocab.words["non_name"]:
            return None
        if any(low.endswith(s) for s in vocab.words["suffixes"]):
            return None
        if low in vocab.words["role"] or low in vocab.words["name_labels"]:
            return None
        name_tokens += 1
    if name_tokens > 5 or name_tokens < (1 if had_salutation else 2):
        return None
    return " ".join(tokens)


def _is_name_token(token: str) -> bool:
    """A capitalised word of letters, possibly hyphenated ("Schulte-Brandt", "Yılmaz", "O'Neill")."""
    parts = re.split(r"[-'’]", token)
    if not all(p.isalpha() for p in parts) or not token[0].isupper():
        return False
    return (len(parts[0]) >= 2 or len(parts) > 1) and not parts[0][1:].isupper()


def _unit_score(text: str, vocab: _Vocab) -> int:
    """How strongly a line reads as an organisational unit ("Kommunales Integrationszentrum (KI)").

    Only the head of a phrase counts: in "Interkulturelle Öffnung der Verwaltung" the head is
    "Interkulturelle Öffnung", a task, not a unit.
    """
    score = 2 if re.search(r"\([A-ZÄÖÜ][A-ZÄÖÜa-zäöü]{1,5}\)", text) else 0
    head = []
    for token in text.split():
        if head and token[:1].islower():
            break
        head.append(token.casefold().strip("(),"))
    if any(t.endswith(u) or t == u.strip("()") for t in head for u in vocab.words["unit"]):
        score += 1
    return score


def _is_role(text: str, vocab: _Vocab) -> bool:
    low = text.casefold()
    return any(r in low for r in vocab.words["role"])


def _unit_and_role(rec: ContactRecord, lines: list[str], v: _Vocab) -> None:
    """Tell the unit line from the role line; cards write them in either order."""
    lines = list(lines)
    if not rec.unit:
        units = [(_unit_score(t, v), -i, t) for i, t in enumerate(lines) if not _is_role(t, v)]
        units = [u for u in units if u[0] > 0]
        if units:
            rec.unit = max(units)[2]
            lines.remove(rec.unit)
    if not rec.role:
        roles = [t for t in lines if _is_role(t, v)] or lines[:1]
        if roles:
            rec.role = roles[0]
            lines.remove(rec.role)
    if lines and not rec.unit:
        rec.unit = lines[0]
