"""Scoring extracted records against a truth file: precision, recall and field accuracy per type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipelines.reconcile import fold, similar_titles

# Fields compared per record type; each must equal the truth for a record to count as right.
COMPARED_FIELDS: dict[str, tuple[str, ...]] = {
    "event": (
        "title",
        "start",
        "end",
        "all_day",
        "precision",
        "location",
        "organizers",
        "status",
        "kind",
        "source_urls",
    ),
    "contact": (
        "name",
        "role",
        "unit",
        "street",
        "postal_code",
        "city",
        "phone",
        "phone_e164",
        "fax",
        "fax_e164",
        "email",
        "room",
        "office_hours",
        "vcard_url",
        "source_urls",
    ),
    "photo": (
        "url",
        "thumbnail_url",
        "album",
        "caption",
        "alt",
        "credit",
        "width",
        "height",
        "source_url",
        "event",
    ),
    "document": ("url", "title", "mime", "text_contains", "source_urls"),
}
URL_FIELDS = {"source_urls", "source_url", "url", "thumbnail_url", "vcard_url"}
TEXT_FIELDS = {"title", "location", "album", "caption", "credit", "role", "unit", "office_hours"}


@dataclass
class TypeScore:
    """How the records of one type compare with the truth."""

    rtype: str
    expected: int = 0
    found: int = 0
    matched: int = 0
    fully_right: int = 0
    field_right: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def field_accuracy(self) -> float:
        """Share of matched records whose every compared field is right."""
        return self.fully_right / self.matched if self.matched else 1.0


def _norm(key: str, value: Any, base: str) -> Any:
    if key in URL_FIELDS:
        if isinstance(value, list):
            return sorted(base + v if v.startswith("/") else v for v in value)
        if isinstance(value, str) and value.startswith("/"):
            return base + value
        return value
    if key in TEXT_FIELDS and isinstance(value, str):
        return fold(value)
    if key == "organizers":
        return sorted(fold(v) for v in value or [])
    if value == "":
        return None
    return value


def _field_ok(key: str, truth: dict, got: dict, base: str, events_by_id: dict) -> bool:
    if key == "text_contains":
        text = got.get("text") or ""
        return all(phrase in text for phrase in truth.get("text_contains", []))
    if key == "event":
        event = events_by_id.get(got.get("event_id"))
        return bool(event) and similar_titles(event.get("title"), truth.get("event"))
    if key == "title" and "start" in truth:
        # an event's title is right when it holds the event's name or is held by it
        # ("#DANKE" vs "#DANKE – ein Nachmittag für die Ehrenamtlichen")
        want, have = fold(truth.get("title")), fold(got.get("title"))
        return bool(want and have) and (want in have or have in want)
    return _norm(key, truth.get(key), base) == _norm(key, got.get(key), base)


def _key(rtype: str, record: dict, base: str) -> str:
    if rtype == "contact":
        return fold(record.get("name"))
    url = record.get("url") or ""
    return base + url if url.startswith("/") else url


def _match_events(truth: list[dict], got: list[dict]) -> list[tuple[dict, dict]]:
    pairs, used = [], set()
    for t in truth:
        candidates = [
            (i, g)
            for i, g in enumerate(got)
            if i not in used
            and g.get("start")
            and (g.get("start") or "")[:10] == (t.get("start") or "")[:10]
        ]
        best = next(
            (c for c in candidates if fold(c[1].get("title")) == fold(t.get("title"))), None
        )
        best = best or next(
            (c for c in candidates if similar_titles(c[1].get("title"), t.get("title"))), None
        )
        best = best or (candidates[0] if len(candidates) == 1 else None)
        if best:
            used.add(best[0])
            pairs.append((t, best[1]))
    return pairs


def score_type(
    rtype: str, truth: list[dict], got: list[dict], base: str, events_by_id: dict | None = None
) -> TypeScore:
    """Match truth and extracted records of one type and count what is right."""
    result = TypeScore(rtype, expected=len(truth), found=len(got))
    if rtype == "event":
        pairs = _match_events(truth, got)
    else:
        by_key = {_key(rtype, g, base): g for g in got}
        pairs = [(t, by_key[_key(rtype, t, base)]) for t in truth if _key(rtype, t, base) in by_key]
    result.matched = len(pairs)
    matched_truth = {id(t) for t, _ in pairs}
    matched_got = {id(g) for _, g in pairs}
    result.misses = [
        t.get("title") or t.get("name") or t.get("url") for t in truth if id(t) not in matched_truth
    ]
    result.extras = [
        f"{g.get('title') or g.get('name') or g.get('url')} ({g.get('start', '')})"
        for g in got
        if id(g) not in matched_got
    ]
    for t, g in pairs:
        all_ok = True
        for key in COMPARED_FIELDS[rtype]:
            if key not in t and key not in ("text_contains",):
                continue
            ok = _field_ok(key, t, g, base, events_by_id or {})
            result.field_right[key] = result.field_right.get(key, 0) + int(ok)
            if not ok:
                all_ok = False
                result.wrong.append(
                    f"{t.get('title') or t.get('name') or t.get('url')}: {key} "
                    f"expected {t.get(key)!r} got {g.get(key) if key != 'event' else g.get('event_id')!r}"
                )
        result.fully_right += int(all_ok)
    return result


def score_archive(
    records: list[dict], truth: dict, base: str, linked_events: list[dict] | None = None
) -> dict[str, TypeScore]:
    """Score all record types of an archive (record dicts with `type`) against the truth.

    `linked_events` are the events photos may point to (default: the events in `records`).
    """
    by_type: dict[str, list[dict]] = {}
    for record in records:
        by_type.setdefault(record["type"], []).append(record)
    events_by_id = {e["id"]: e for e in (linked_events or by_type.get("event", []))}
    return {
        rtype: score_type(
            rtype, truth.get(f"{rtype}s", []), by_type.get(rtype, []), base, events_by_id
        )
        for rtype in ("event", "contact", "photo", "document")
    }


def format_table(scores: dict[str, TypeScore]) -> str:
    """A plain-text table of the scores."""
    lines = [f"{'type':<10}{'truth':>7}{'found':>7}{'recall':>8}{'precision':>11}{'fields':>8}"]
    for s in scores.values():
        lines.append(
            f"{s.rtype:<10}{s.expected:>7}{s.found:>7}{s.recall:>8.3f}{s.precision:>11.3f}"
            f"{s.field_accuracy:>8.3f}"
        )
    return "\n".join(lines)
