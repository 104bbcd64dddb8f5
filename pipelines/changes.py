"""What crawl runs changed and the version history of one record, from the store's versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from crawler.errors import BadArgument
from pipelines.models import MODELS
from pipelines.store import VOLATILE_FIELDS

BERLIN = ZoneInfo("Europe/Berlin")
# What a run did to a record; the order is the order of the report.
CHANGE_KINDS = ("new", "changed", "restored", "removed")
# Type words staff may use with --type (German as in the search, English as in the exports).
TYPE_WORDS = {
    **{rtype: rtype for rtype in MODELS},
    "seite": "page",
    "seiten": "page",
    "veranstaltung": "event",
    "veranstaltungen": "event",
    "kontakt": "contact",
    "kontakte": "contact",
    "foto": "photo",
    "fotos": "photo",
    "dokument": "document",
    "dokumente": "document",
}
# Not content: left out of field differences (the content hash ignores them too).
IGNORED_FIELDS = VOLATILE_FIELDS | {"type"}


def parse_types(values: tuple[str, ...] | list[str]) -> list[str] | None:
    """Record types from --type values (repeated or comma-separated); None means all."""
    words = [w.strip().lower() for value in values for w in value.split(",") if w.strip()]
    if not words:
        return None
    unknown = [w for w in words if w not in TYPE_WORDS]
    if unknown:
        raise BadArgument(
            f"Unbekannter Typ „{unknown[0]}“ (möglich: seite, veranstaltung, kontakt, foto, "
            "dokument oder page, event, contact, photo, document)"
        )
    return sorted({TYPE_WORDS[w] for w in words}, key=list(MODELS).index)


def diff_fields(old: dict[str, Any] | None, new: dict[str, Any]) -> list[dict[str, Any]]:
    """The content fields whose values differ between two versions: field, old, new."""
    old = old or {}
    names = [k for k in new if k not in IGNORED_FIELDS]
    names += [k for k in old if k not in new and k not in IGNORED_FIELDS]
    return [
        {"field": k, "old": old.get(k), "new": new.get(k)}
        for k in names
        if old.get(k) != new.get(k)
    ]


def record_title(rtype: str, data: dict[str, Any]) -> str:
    """What a person calls the record: title, name, or a photo's caption/alt/album."""
    if rtype == "contact":
        return data.get("name") or ""
    if rtype == "photo":
        return data.get("caption") or data.get("alt") or data.get("album") or ""
    return data.get("title") or ""


def record_url(data: dict[str, Any]) -> str:
    """The record's own URL, else the first page it was read from."""
    return (
        data.get("url") or data.get("source_url") or next(iter(data.get("source_urls") or []), "")
    )


def berlin_time(value: datetime | str | None) -> str | None:
    """A stored time as ISO 8601 in Europe/Berlin, to the second."""
    if value is None:
        return None
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return when.astimezone(BERLIN).replace(microsecond=0).isoformat()


def _classify(before: dict | None, latest: dict) -> str | None:
    """new/changed/restored/removed for a record's versions before and after, None if no net change."""
    was_live = before is not None and before["change"] != "removed"
    if latest["change"] == "removed":
        return "removed" if before is None or was_live else None
    if before is None:
        return "new"
    if not was_live:
        return "restored"
    return "changed" if before["content_hash"] != latest["content_hash"] else None


def _run_window(store, run: int | None, since: int | None) -> tuple[int, int, list[int]]:
    """(after, through, run ids in the window) for --run / --since; checks the run numbers."""
    if run is not None and since is not None:
        raise BadArgument("--run und --since schließen sich aus: bitte nur eine Angabe")
    ids = [r.id for r in store.runs()]
    if not ids:
        raise BadArgument("Das Archiv enthält noch keinen Lauf: zuerst `herford-archive crawl`")
    for value, option in ((run, "--run"), (since, "--since")):
        if value is not None and value not in ids:
            raise BadArgument(
                f"Lauf {value} ({option}) gibt es nicht – vorhanden: Lauf {ids[0]} bis {ids[-1]}"
            )
    if since is not None:
        return since, ids[-1], [i for i in ids if i > since]
    target = run if run is not None else ids[-1]
    return target - 1, target, [target]


def run_changes(
    store, run: int | None = None, since: int | None = None, types: list[str] | None = None
) -> dict[str, Any]:
    """What one run (default: the newest) or all runs after `since` changed, record by record.

    A record counts once, by its net change over the window: new, changed (with the names of
    the fields that differ), restored (back after a removal) or removed (tombstoned).
    """
    after, through, run_ids = _run_window(store, run, since)
    records = []
    for before, latest in store.versions_between(after, through, types):
        kind = _classify(before, latest)
        if kind is None:
            continue
        rtype, data = latest["type"], latest["data"] or {}
        fields = []
        if kind in ("changed", "restored"):
            fields = [d["field"] for d in diff_fields(before["data"], data)]
        records.append(
            {
                "change": kind,
                "type": rtype,
                "id": latest["id"],
                "title": record_title(rtype, data),
                "url": record_url(data),
                "version": latest["version"],
                "run_id": latest["run_id"],
                "changed_fields": fields,
            }
        )
    type_order = list(MODELS)
    records.sort(
        key=lambda r: (
            type_order.index(r["type"]),
            CHANGE_KINDS.index(r["change"]),
            r["title"].casefold(),
            r["id"],
        )
    )
    counts = {rtype: {kind: 0 for kind in CHANGE_KINDS} for rtype in (types or type_order)}
    for rec in records:
        counts[rec["type"]][rec["change"]] += 1
    runs = []
    for run_id in run_ids:
        info = store.run_info(run_id)
        runs.append(
            {
                "id": info["id"],
                "started_at": berlin_time(info["started_at"]),
                "finished_at": berlin_time(info["finished_at"]),
                "status": info["status"],
                "complete": info["complete"],
                "healthy": info["healthy"],
            }
        )
    return {
        "run": None if since is not None else through,
        "since": since,
        "through": through,
        "runs": runs,
        "types": types or type_order,
        "counts": counts,
        "records": records,
    }


def find_record(store, ident: str) -> tuple[str, str]:
    """(type, id) of the record whose id is `ident` or uniquely starts with it."""
    ident = ident.strip()
    if not ident:
        raise BadArgument("Keine ID angegeben (Beispiel: herford-archive history ev-136eb136)")
    matches, total = store.find_ids(ident)
    if total == 0:
        raise BadArgument(f"Kein Datensatz mit der ID „{ident}“ im Archiv")
    if total > 1:
        shown = ", ".join(rid for _, rid in matches[:3]) + (", …" if total > 3 else "")
        raise BadArgument(
            f"ID-Anfang „{ident}“ passt auf {total} Datensätze ({shown}) – bitte mehr Zeichen angeben"
        )
    return matches[0]


def record_history(store, ident: str) -> dict[str, Any]:
    """Every stored version of one record with the fields that differ from the version before."""
    rtype, rid = find_record(store, ident)
    current = store.get(rtype, rid) or {}
    versions = []
    previous: dict[str, Any] | None = None
    for v in store.history(rtype, rid):
        data = v["data"] or {}
        differences = []
        if previous is not None and v["change"] in ("changed", "restored"):
            differences = diff_fields(previous, data)
        versions.append(
            {
                "version": v["version"],
                "run_id": v["run_id"],
                "change": v["change"],
                "recorded_at": berlin_time(v["recorded_at"]),
                "fields": differences,
            }
        )
        previous = data
    removed_in = next((v["run_id"] for v in reversed(versions) if v["change"] == "removed"), None)
    return {
        "type": rtype,
        "id": rid,
        "title": record_title(rtype, current),
        "url": record_url(current),
        "version": current.get("version"),
        "removed": bool(current.get("removed")),
        "removed_run": removed_in if current.get("removed") else None,
        "versions": versions,
    }
