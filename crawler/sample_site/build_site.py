"""Generate the bundled offline IKISS sample site (HTML, media, routes.json) and its truth.json.

Run once with ``python -m crawler.sample_site.build_site``; the generated files are committed and
the server only serves them. The script is deterministic: running it again gives the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import random
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from crawler.extract.urls import canonicalize
from crawler.profiles import load_profile

HERE = Path(__file__).parent
SITE = HERE / "site"
TRUTH = HERE / "truth.json"
BERLIN = ZoneInfo("Europe/Berlin")
FAKE_BASE = "http://sample.invalid"

HERFORD = load_profile("herford")
GENERIC = load_profile("generic")

WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]  # fmt: skip

KI = "Kommunales Integrationszentrum Kreis Herford"
KI_UNIT = "Kommunales Integrationszentrum (KI)"
GLEICH = "Gleichstellungsstelle Kreis Herford"
DRK = "Deutsches Rotes Kreuz (DRK) Kreisverband Herford-Stadt e.V."
HDI = "Haus der Integration, Hansastraße 33, 32049 Herford"
KH = "https://www.kreis-herford.de"

e = html.escape


def wd(d: date) -> str:
    """German weekday name of a date."""
    return WEEKDAYS[d.weekday()]


def dmy(d: date) -> str:
    """A date as 06.06.2017."""
    return d.strftime("%d.%m.%Y")


def long_date(d: date) -> str:
    """A date as 6. Juni 2017."""
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def iso_dt(d: date, t: time) -> str:
    """An aware ISO datetime in Europe/Berlin."""
    return datetime.combine(d, t, BERLIN).isoformat()


# --------------------------------------------------------------------------------------------
# Pages and links
# --------------------------------------------------------------------------------------------

NAV_PARAMS = [("NavID", "2807.178"), ("La", "1"), ("mNavID", "2807.12"), ("sNavID", "2807.178"),
              ("kat", "2807.45"), ("sub", "0"), ("NavID", "2807.190"), ("kuo", "2"),
              ("NavID", "2807.35"), ("NavID", "2807.201")]  # fmt: skip


@dataclass
class Page:
    """One HTML page of the sample site."""

    pid: str
    path: str
    ident: list[tuple[str, str]]
    title: str
    crumb: str
    parent: str | None
    template: str  # old | new
    day: date
    charset: str = "utf-8"
    decl: str = "meta"  # meta | http-equiv | none
    body: str = ""
    contains: list[str] = field(default_factory=list)
    flaky: bool = False
    truncate_after: str | None = None  # cut the page mid-tag after this marker

    def href(self, n: int = 0, extra: str = "") -> str:
        """A link to this page with navigation parameters in a varying order (variant n)."""
        rnd = random.Random(f"{self.pid}/{n}")
        pairs = list(self.ident)
        if n == 0:
            pairs += [("NavID", "2807.178"), ("La", "1")] if pairs else []
        else:
            nav = rnd.sample(NAV_PARAMS, rnd.randint(1, 3))
            seen = set()
            for k, v in nav:
                if k not in seen:
                    pairs.append((k, v))
                    seen.add(k)
            rnd.shuffle(pairs)
        if extra:
            pairs.append(tuple(extra.split("=", 1)))
        if not pairs:
            return self.path
        return self.path + "?" + "&".join(f"{k}={v}" for k, v in pairs)

    @property
    def url(self) -> str:
        """Canonical root-relative URL (herford profile)."""
        return rel(canonicalize(FAKE_BASE + self.href(), HERFORD))


def rel(url: str) -> str:
    """Strip scheme and host from an absolute URL."""
    return url[len(FAKE_BASE) :] if url.startswith(FAKE_BASE) else url


def content(obj: str, fid: str, mod: str = "7", path: str = "/index.php") -> tuple:
    return path, [("object", f"tx,{obj}"), ("ModID", mod), ("FID", fid)]


P: dict[str, Page] = {}
LINKS: list[str] = []  # every internal href written, for the canonicalization self-check


def page(pid, where, title, crumb, parent, template, day, **kw) -> Page:
    path, ident = where
    p = Page(pid, path, ident, title, crumb, parent, template, day, **kw)
    P[pid] = p
    return p


_counter = {"n": 0}


def a(pid: str, text: str, n: int | None = None, attrs: str = "") -> str:
    """An <a> to a page with a varying link variant."""
    if n is None:
        _counter["n"] += 1
        n = _counter["n"] % 7
    href = P[pid].href(n)
    LINKS.append(href)
    return f'<a href="{e(href)}"{attrs}>{text}</a>'


START = "/Leben-Soziales/Kommunales-Integrationszentrum-KI-/"
CAL = content("2807.3000.1", "2807.3000.1", mod="11")

page(
    "start",
    (START, []),
    "Kommunales Integrationszentrum (KI)",
    "Kommunales Integrationszentrum (KI)",
    None,
    "old",
    date(2017, 5, 22),
)
page(
    "aufgaben",
    content(
        "2807.2010.1", "2807.5010.1", path="/Leben-Soziales/Integration/Aufgabenschwerpunkte.php"
    ),
    "Aufgabenschwerpunkte des Kommunalen Integrationszentrums (KI) im Kreis Herford",
    "Aufgabenschwerpunkte",
    "start",
    "new",
    date(2016, 2, 3),
)
page(
    "vernetzung",
    content("2807.2011.1", "2807.5011.1"),
    "Vernetzung von vorhandenen Strukturen",
    "Vernetzung",
    "start",
    "old",
    date(2016, 6, 14),
    charset="windows-1252",
    decl="meta",
)
page(
    "basis",
    content(
        "2807.2001.1",
        "2807.5001.1",
        path="/Leben-Soziales/Integration/Basisqualifikation-fuer-Ehrenamtliche.php",
    ),
    "Basisqualifikation für Ehrenamtliche in der Flüchtlingshilfe",
    "Basisqualifikation für Ehrenamtliche",
    "start",
    "new",
    date(2017, 3, 1),
)
page(
    "danke",
    content("2807.2020.1", "2807.5020.1", path="/Leben-Soziales/Integration/DANKE.php"),
    "#DANKE – ein Nachmittag für die Ehrenamtlichen",
    "#DANKE",
    "start",
    "new",
    date(2016, 7, 8),
)
page(
    "team",
    content("2807.2030.1", "2807.5030.1"),
    "Ihre Ansprechpersonen im KI",
    "Team",
    "start",
    "new",
    date(2019, 1, 15),
)
page(
    "sprachcafe",
    content("2807.2040.1", "2807.5040.1", path="/Leben-Soziales/Integration/Sprachcafe.php"),
    "Sprachcafé im Haus der Integration",
    "Sprachcafé",
    "start",
    "old",
    date(2017, 12, 4),
    charset="windows-1252",
    decl="none",
)
page(
    "integrationsrat",
    content("2807.2050.1", "2807.5050.1"),
    "Integrationsrat des Kreises Herford",
    "Integrationsrat",
    "start",
    "new",
    date(2018, 6, 12),
    flaky=True,
)
page(
    "presse",
    content("2807.4100.1", "2807.4100.1", path="/Presse/Pressemitteilungen.php"),
    "Pressemitteilungen des Kommunalen Integrationszentrums",
    "Pressemitteilungen",
    "start",
    "new",
    date(2018, 4, 16),
)
page(
    "kalender",
    CAL,
    "Veranstaltungskalender",
    "Veranstaltungskalender",
    "start",
    "old",
    date(2019, 1, 15),
)
page(
    "kalender2",
    (CAL[0], [*CAL[1], ("pg", "2")]),
    "Veranstaltungskalender",
    "Seite 2",
    "kalender",
    "old",
    date(2019, 1, 15),
)
page(
    "kalender3",
    (CAL[0], [*CAL[1], ("pg", "3")]),
    "Veranstaltungskalender",
    "Seite 3",
    "kalender",
    "old",
    date(2019, 1, 15),
)
page(
    "fotos",
    content("2807.2600.1", "2807.2600.1", path="/Leben-Soziales/Integration/Fotoarchiv.php"),
    "Fotoarchiv",
    "Fotoarchiv",
    "start",
    "new",
    date(2016, 10, 20),
)
page(
    "impressum",
    content("2807.90.1", "2807.90.1", path="/Impressum.php"),
    "Impressum",
    "Impressum",
    "start",
    "new",
    date(2018, 5, 25),
)
page(
    "datenschutz",
    content("2807.91.1", "2807.91.1", path="/Datenschutz.php"),
    "Datenschutzerklärung",
    "Datenschutz",
    "start",
    "old",
    date(2018, 5, 25),
    charset="windows-1252",
    decl="http-equiv",
)
page(
    "kontakt",
    content("2807.92.1", "2807.5030.1"),
    "Kontakt zum Kommunalen Integrationszentrum",
    "Kontakt",
    "start",
    "old",
    date(2019, 1, 15),
)
page(
    "service",
    content("2807.2031.1", "2807.5030.1"),
    "Servicezeiten: Kommunales Integrationszentrum",
    "Servicezeiten",
    "start",
    "old",
    date(2017, 12, 11),
)

REDIRECT_OLD = "/index.php?object=tx,2807.1114.1&ModID=7&FID=2807.4991.1&NavID=2807.178&La=1"
NOT_FOUND = "/index.php?object=tx,2807.1999.1&ModID=7&FID=2807.5010.1&NavID=2807.178"
BROKEN_PDF = "/media/custom/2807_1299_1.PDF?1478080800"
INTERN = "/intern/Mitarbeiterportal.php?object=tx,2807.9.1&ModID=7&FID=2807.9.1"


def ext(url: str, text: str) -> str:
    """A link to another host."""
    return f'<a href="{e(url)}" target="_blank">{text}</a>'


# --------------------------------------------------------------------------------------------
# Contacts
# --------------------------------------------------------------------------------------------


@dataclass
class Person:
    """A contact person of the KI."""

    key: str
    aid: str  # IKISS address id, e.g. 2807.1180.1
    name: str
    role: str
    phone: str
    phone_e164: str
    email: str
    room: str
    mail_style: str  # at | bracket | form
    fax: str | None = None
    fax_e164: str | None = None
    unit: str = KI_UNIT
    street: str = "Amtshausstraße 3"
    plz: str = "32051"
    city: str = "Herford"
    hours: str | None = None
    pages: list[str] = field(default_factory=list)

    @property
    def vcard(self) -> str:
        return f"/output/vcard/{self.aid.replace('.', '_')}.vcf"

    @property
    def shown_mail(self) -> str:
        user, host = self.email.split("@")
        return f"{user}[at]{host}" if self.mail_style == "bracket" else f"{user}(at){host}"


PERSONS = [
    Person("kirchhoff", "2807.1180.1", "Gudrun Kirchhoff", "Verwaltungsassistenz", "05221/13-1180",
           "+495221131180", "gudrun.kirchhoff@kreis-herford.de", "1.30", "form",
           fax="05221/13-171180", fax_e164="+49522113171180"),
    Person("brockmeyer", "2807.1179.1", "Martina Brockmeyer", "Leitung des Kommunalen Integrationszentrums",
           "05221 13-1179", "+495221131179", "martina.brockmeyer@kreis-herford.de", "1.28", "at",
           fax="05221 13-171179", fax_e164="+49522113171179"),
    Person("oeztuerk", "2807.1181.1", "Aylin Öztürk", "Sprachbildung und Bildung entlang der Bildungskette",
           "(05221) 131181", "+495221131181", "aylin.oeztuerk@kreis-herford.de", "1.31", "bracket"),
    Person("niermann", "2807.1182.1", "Thomas Niermann", "Koordination Ehrenamt in der Flüchtlingshilfe",
           "+49 5221 13-1182", "+495221131182", "thomas.niermann@kreis-herford.de", "1.33", "at",
           fax="-13 1183", fax_e164="+495221131183"),
    Person("krueger", "2807.1184.1", "Svetlana Krüger", "Integrationsbegleitung",
           "05221/13-1184", "+495221131184", "svetlana.krueger@kreis-herford.de", "1.32", "at",
           hours="dienstags und donnerstags 9.00 – 12.00 Uhr"),
    Person("aksoy", "2807.1185.1", "Mehmet Aksoy", "Geschäftsstelle des Integrationsrates",
           "05221/13-1185", "+495221131185", "mehmet.aksoy@kreis-herford.de", "1.27", "form",
           fax="05221/13-171185", fax_e164="+49522113171185"),
    Person("wehmeier", "2807.1186.1", "Julia Wehmeier", "Bildungsberatung für Neuzugewanderte",
           "05221 13-1186", "+495221131186", "julia.wehmeier@kreis-herford.de", "1.34", "bracket"),
    Person("demir", "2807.1187.1", "Hasan Demir", "Interkulturelle Öffnung der Verwaltung",
           "(05221) 131187", "+495221131187", "hasan.demir@kreis-herford.de", "1.36", "at"),
    Person("hoffmeister", "2807.1188.1", "Lena Hoffmeister", "Schulische Integration und Seiteneinsteiger",
           "+49 5221 13-1188", "+495221131188", "lena.hoffmeister@kreis-herford.de", "1.35", "at"),
    Person("rehling", "2807.1189.1", "Claudia Rehling", "Sprachcafé und Ehrenamtsbörse",
           "05221 13-1189", "+495221131189", "claudia.rehling@kreis-herford.de", "EG 04", "form",
           street="Hansastraße 33", plz="32049", hours="montags 14.00 – 16.00 Uhr"),
    Person("diekmann", "2807.1300.1", "Katharina Diekmann", "Pressesprecherin",
           "05221/13-1300", "+495221131300", "katharina.diekmann@kreis-herford.de", "2.12", "at",
           unit="Presse- und Öffentlichkeitsarbeit", fax="05221/13-171300", fax_e164="+49522113171300"),
]  # fmt: skip
PERSON = {p.key: p for p in PERSONS}

for _p in PERSONS:
    num = _p.aid.split(".")[1]
    page(
        f"person_{_p.key}",
        ("/index.php", [("ModID", "9"), ("object", f"tx,{_p.aid}"), ("FID", "2807.1180.1")]),
        _p.name,
        _p.name,
        "team",
        "old" if int(num) % 2 == 0 else "new",
        date(2019, 1, 15),
    )


def _crypt(mail: str) -> str:
    # IKISS shifts each character of "mailto:..." by one code point in its JavaScript link
    return "".join(chr(ord(c) + 1) for c in "mailto:" + mail)


def mail_link(p: Person) -> str:
    return (
        f"<a href=\"javascript:linkTo_UnCryptMailto('{_crypt(p.email)}');\">{e(p.shown_mail)}</a>"
    )


def form_href(p: Person) -> str:
    href = f"/formular/kontakt.php?object=tx,{p.aid}&ModID=10&NavID=2807.178"
    LINKS.append(href)
    return href


def card_links(p: Person, form: bool) -> str:
    parts = [
        f'<a href="{p.vcard}" title="vCard herunterladen">Visitenkarte anzeigen</a>',
        a(f"person_{p.key}", "Detailansicht anzeigen"),
    ]
    if form:
        parts.append(f'<a href="{e(form_href(p))}">E-Mail per Kontaktformular versenden</a>')
    return "\n".join(f"<div>{x}</div>" for x in parts)


def card_old(p: Person, on: str, detail: bool = False) -> str:
    """Old-template label/value card ("Telefon : 05221/13-1180") in nested tables."""
    p.pages.append(on)
    rows = [("Telefon", e(p.phone))]
    if p.fax:
        rows.append(("Telefax", e(p.fax)))
    show_form = p.mail_style == "form" and not detail
    rows.append(("E-Mail", "" if show_form else mail_link(p)))
    rows.append(("Raum", e(p.room)))
    if p.hours:
        rows.append(("Sprechzeiten", e(p.hours)))
    trs = "\n".join(
        f'<tr><td class="bez" valign="top">{k}</td><td valign="top">&nbsp;:&nbsp;</td>'
        f'<td class="wert" valign="top">{v}</td></tr>'
        for k, v in rows
    )
    return f"""
<table class="kontaktkasten" border="0" cellpadding="2" cellspacing="0" summary="Ansprechpartner">
<tr><td valign="top">
<table border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="3"><strong>{e(p.name)}</strong><br>{e(p.unit)}<br>{e(p.role)}<br>{e(p.street)}<br>{p.plz} {p.city}</td></tr>
{trs}
</table>
</td></tr>
<tr><td class="kontaktlinks">
{card_links(p, show_form) if not detail else f'<div><a href="{p.vcard}">Visitenkarte anzeigen</a></div>'}
</td></tr>
</table>
"""


def card_address(p: Person, on: str, detail: bool = False) -> str:
    """New-template <address> card with "Label: value" lines."""
    p.pages.append(on)
    lines = [
        f"<strong>{e(p.name)}</strong>",
        e(p.role),
        e(p.unit),
        e(p.street),
        f"{p.plz} {p.city}",
        f"Telefon: {e(p.phone)}",
    ]
    if p.fax:
        lines.append(f"Fax: {e(p.fax)}")
    show_form = p.mail_style == "form" and not detail
    if not show_form:
        lines.append(f"E-Mail: {mail_link(p)}")
    lines.append(f"Raum {e(p.room)}")
    if p.hours:
        lines.append(f"Sprechzeiten: {e(p.hours)}")
    body = "<br>\n".join(lines)
    links = "" if detail else card_links(p, show_form)
    if detail:
        links = f'<div><a href="{p.vcard}">Visitenkarte anzeigen</a></div>'
    return f'<div class="person-karte">\n<address>\n{body}\n</address>\n<div class="person-links">{links}</div>\n</div>\n'


def card_dl(p: Person, on: str, detail: bool = False) -> str:
    """New-template card with a <dl> of labels."""
    p.pages.append(on)
    items = [("Telefon", e(p.phone))]
    if p.fax:
        items.append(("Telefax", e(p.fax)))
    show_form = p.mail_style == "form" and not detail
    if not show_form:
        items.append(("E-Mail", mail_link(p)))
    items.append(("Raum", e(p.room)))
    if p.hours:
        items.append(("Sprechzeiten", e(p.hours)))
    items.append(("Anschrift", f"{e(p.street)}, {p.plz} {p.city}"))
    dl = "\n".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items)
    links = (
        card_links(p, show_form)
        if not detail
        else f'<div><a href="{p.vcard}">Visitenkarte anzeigen</a></div>'
    )
    return f"""<section class="ansprechperson">
<h3>{e(p.name)}</h3>
<p class="funktion">{e(p.role)}<br>{e(p.unit)}</p>
<dl class="kontaktdaten">
{dl}
</dl>
<div class="person-links">{links}</div>
</section>
"""


def vcard_text(p: Person) -> str:
    last, first = p.name.split(" ")[-1], " ".join(p.name.split(" ")[:-1])
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{last};{first};;;",
        f"FN:{p.name}",
        f"ORG:Kreis Herford;{p.unit}",
        f"TITLE:{p.role}",
        f"ADR;TYPE=WORK:;Raum {p.room};{p.street};{p.city};;{p.plz};Deutschland",
        f"TEL;TYPE=WORK,VOICE:{p.phone_e164}",
    ]
    if p.fax_e164:
        lines.append(f"TEL;TYPE=WORK,FAX:{p.fax_e164}")
    lines.append(f"EMAIL;TYPE=INTERNET,WORK:{p.email}")
    if p.hours:
        lines.append(f"NOTE:Sprechzeiten: {p.hours}")
    lines += [f"UID:urn:ikiss:kreis-herford:{p.aid}", "REV:2019-01-15T08:00:00Z", "END:VCARD"]
    return "\r\n".join(lines) + "\r\n"


# --------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------

EVENTS: list[dict] = []


def event(
    title,
    start,
    end=None,
    *,
    all_day=False,
    precision=None,
    location=None,
    organizers=(),
    status="scheduled",
    kind="announcement",
    sources=(),
):
    """Register a truth event; start/end are date, (date, time) or 'YYYY-MM'."""

    def fmt(v):
        if v is None:
            return None
        if isinstance(v, str):
            return v
        if isinstance(v, tuple):
            return iso_dt(*v)
        return v.isoformat()

    if precision is None:
        precision = (
            "month" if isinstance(start, str) else ("minute" if isinstance(start, tuple) else "day")
        )
    rec = {
        "title": title,
        "start": fmt(start),
        "end": fmt(end),
        "all_day": all_day,
        "precision": precision,
        "location": location,
        "organizers": list(organizers),
        "status": status,
        "kind": kind,
        "source_pids": list(sources),
    }
    EVENTS.append(rec)
    return rec


NON_EVENTS: list[dict] = []


def non_event(pid: str, text: str) -> str:
    NON_EVENTS.append({"pid": pid, "text": text})
    return text


# --------------------------------------------------------------------------------------------
# Page bodies
# --------------------------------------------------------------------------------------------

MEDIA: dict[str, dict] = {}  # path -> {"file", "type", "day"}
PHOTOS: list[dict] = []
DOCS: dict[str, dict] = {}


def seed_start() -> None:
    p = P["start"]
    law = non_event(
        "start",
        "Zum 01. Januar 2012 trat das Gesetz zur Förderung der gesellschaftlichen Teilhabe und Integration in Nordrhein-Westfalen (Teilhabe- und Integrationsgesetz; TIntG NW) in Kraft.",
    )
    council = non_event(
        "start",
        "Die Errichtung eines Kommunalen Integrationszentrums für den Kreis Herford wurde im Kreistag am 13.12.2013 beschlossen.",
    )
    flyer = DOCS["flyer_basis"]
    p.body = f"""
<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>
<td valign="top"><p>{a("service", "Servicezeiten: Kommunales Integrationszentrum")}</p></td>
<td valign="top" align="right"><img src="/media/design/ki_logo.png" alt="Kommunales Integrationszentrum Kreis Herfod (Logo)" width="160" height="60"></td>
</tr></table>
<p>{e(law)}</p>
<p>Mit diesem Gesetz verfolgt das Land das Ziel, Menschen mit Migrationshintergrund durch verschiedenste Unterstützungsleistungen die Integration in die hiesige Gesellschaft zu erleichtern. Gleichzeitig soll in der Gesellschaft die Toleranz gegenüber anderen Kulturen gefördert werden. Zum Erreichen dieses Zieles wird durch das Gesetz die Ebene der Landesbehörden zur Unterstützung der Zielsetzung verpflichtet.</p>
<p>{e(council)}</p>
<h2>Basisqualifikation für Ehrenamtliche in der Flüchtlingshilfe</h2>
<p><a href="{flyer["href"]}">Flyer für die Basisqualifikation für Ehrenamtliche in der Flüchtlingshilfe - Auftaktveranstaltung im Kreishaus in Herford</a></p>
<p>{a("basis", "Basisqualifikation für Ehrenamtliche")}&nbsp;</p>
<h3>{a("modul12", "Fit für den Konsumalltag&quot;")}</h3>
<p>Sich im Konsumalltag in Deutschland zurechtzufinden, stellt für Menschen eine große Aufgabe dar. Die Verbraucherzentrale kann bei vielen Fragen rund um den Konsum beraten und unterstützen. Handy- und Internetverträge, Stromverträge an der Haustür abgeschlossen oder Gewährleitungsrechte bei Fehlern von Produkten sind nur einige Beispiele dazu. Ein neues Projekt der Verbraucherzentrale NRW speziell für Flüchtlinge im Raum Ostwestfalen soll hierzu vorgestellt werden. Als Referentinnen konnten wir Frau Petra Schwenk und Frau Sogol Samimi von der Verbraucherzentrale NRW e.V. gewinnen.</p>
<p>Hiermit laden das Kommunale Integrationszentrum Kreis Herford, die Gleichstellungsstelle Kreis Herford und das Deutsche Rote Kreuz (DRK) Kreisverband Herford-Stadt e.V. Sie ganz herzlich zu dem 12. Modul der Basisqualifikation für Ehrenamtliche ein.</p>
<p>Die Veranstaltung findet satt am 06.06.2017 um 17.00 Uhr im Kreishaus Herford - Ebene 3.</p>
{card_old(PERSON["kirchhoff"], "start")}
<p>&nbsp;</p>
<h2>#DANKE</h2>
<p>Das ehrenamtliche Engagement von zahlreichen Initiativen und Privatpersonen im Kreis Herford leistete in den vergangenen Monaten mit den unterschiedlichsten Aktivitäten einen unschätzbaren Beitrag bei der Flüchtlingsarbeit in der Region.</p>
<p>&nbsp;</p>
<p><a href="/media/custom/2807_2669_1.JPG?1467463200" target="_blank"><img src="/media/custom/2807_2669_1_klein.JPG?1467463200" alt="DSC_2669" width="160" height="107" border="0"></a></p>
<p>Aus diesem Grund lud das Kommunale Integrationszentrum des Kreises Herford ehrenamtliche FlüchtlingshelferInnen im Kreis Herford zu einer Veranstaltung in das Jugendgästehaus Rödinghausen am 2. Juli 2016 ein. 80 Ehrenamtliche nahmen die Einladung an. Herr Landrat Jürgen Müller bedankte sich für ihr außerordentliches Engagement im Kreis Herford. Der Nachmittag bot den Gästen die Möglichkeit , sich in einer fröhlichen und geselligen Atmosphäre untereinander auszutauschen oder sich vielleicht erstmals persönlich kennenzulernen.</p>
<p>{a("album_danke", "Fotos zur Veranstaltung finden Sie im Archiv.")}</p>
<p>{a("danke", "Mehr zu #DANKE")}</p>
<h2>{a("vernetzung", "Vernetzung von vorhandenen Strukturen")}</h2>
<p>Zielgruppen der kommunalen Integrationszentren sind Einrichtungen der schulischen und außerschulischen Bildungsarbeit, Migrantenvereine und -organisationen, Verwaltungen und weitere Akteure der kommunalen Integrationsarbeit.</p>
<p>Aufgrund der bisherigen Entwicklungen gibt es im Kreis Herford gute Ausgangsbedingungen für die Einrichtung eines Kommunalen Integrationszentrums. So bestehen beispielsweise kreisweit seit Jahren agierende Netze: Das Projekt widunetz ist ein Netzwerk für Integration &amp; Vielfalt im Kreis Herford. Durch einen Kooperationsvereinbarung mit dem Land NRW ist ein regionales Bildungsnetzwerk aufgebaut worden. Beide Projekte verfolgen gemeinsame Ziele und sind damit ein gutes Beispiel für Integration als Querschnittsaufgabe und Integration durch Bildung. Der Mehrwert ergibt sich unter anderem aus der Verknüpfung dieser beiden Stränge und Netzwerke. Es können Doppelstrukturen vermieden und Ressourcen durch eine Bündelung beziehungsweise durch eine Abstimmung möglichst effizient eingesetzt werden.</p>
<h2>{a("aufgaben", "Aufgabenschwerpunkte des Kommunalen Integrationszentrums (KI) im Kreis Herford")}</h2>
<p>Die Kernaufgaben der Kommunalen Integrationszentren sind im Gesetz benannt. Es geht um Integrationsförderung, Entwicklung fachlicher Konzepte und interkulturelle Qualifizierung von Einrichtungen und Angeboten entlang der Bildungskette von jungen Menschen (§ 7 Absatz 1 Ziffer 1 TIntG NW). Und es geht hinsichtlich der Vielzahl integrationsrelevanter Akteurinnen und Akteure und Angebote innerhalb und außerhalb der kommunalen Behörden um die Schaffung von Transparenz sowie die Bündelung und Koordinierung der vielfältigen Aktivitäten (§ 7 Absatz 1 Ziffer 2 TIntG NW) (Vergleiche: Einrichtung eines Kommunalen Integrationszentrums; Landesweite Koordinierungsstelle Bezirksregierung Arnsberg).</p>
<p>&nbsp;</p>
<p>Beispielhafte Ansätze für die Arbeit des Kommunalen Integrationszentrums sind:</p>
<ul>
<li>Bestands- und Bedarfsanalysen zu integrationsrelevanten Daten und Fakten,</li>
<li>Entwicklung integrationspolitischer Handlungskonzepte,</li>
<li>Konzepte interkultureller und durchgängiger sprachlicher Bildung entlang der Bildungskette (Kindergarten, Schule, Übergang Schule-Beruf),</li>
<li>Interkulturelle Öffnung und Institutionenentwicklung im Bildungsbereich,</li>
<li>Entwicklung von Systemen zur Integrationsbegleitung,</li>
<li>Fortbildungen zur durchgängigen Sprachbildung für Erzieherinnen und Erzieher,<br>
für Ausbilderinnen und Ausbilder und für Lehrerinnen und Lehrer</li>
</ul>
<p>Aufgabenschwerpunkte im Kommunalen Integrationszentrum:</p>
<ul class="linkliste">
<li>{a("aufgaben", "Aufgabenschwerpunkte")}</li>
<li>{a("sprachcafe", "Sprachcafé")}</li>
<li>{a("integrationsrat", "Integrationsrat")}</li>
<li>{a("kalender", "Veranstaltungen")}</li>
<li>{a("presse", "Pressemitteilungen")}</li>
</ul>
<p>&nbsp;</p>
<p>Gefördert durch:</p>
<p><img src="/media/design/logo_mais.png" alt="KI Logo Ministerium für Arbeit, Integration und Soziales des Landes NRW" width="120" height="50"></p>
<p><img src="/media/design/logo_msw.png" alt="KI Logo Ministerium für Schule und Weiterbildung des Landes NRW" width="120" height="50"></p>
<p>&nbsp;</p>
"""
    p.contains = [
        "Mit diesem Gesetz verfolgt das Land das Ziel, Menschen mit Migrationshintergrund durch verschiedenste Unterstützungsleistungen die Integration in die hiesige Gesellschaft zu erleichtern.",
        "80 Ehrenamtliche nahmen die Einladung an.",
        "Das Projekt widunetz ist ein Netzwerk für Integration & Vielfalt im Kreis Herford.",
    ]


MODULES = [
    # (n, title, date, time text, start, end, location, template, charset)
    (1, "Auftaktveranstaltung: Grundlagen des Asylverfahrens", date(2017, 3, 14), "von 18 bis 20 Uhr", time(18), time(20), "Kreishaus Herford, Ebene 3"),
    (2, "Rolle und Grenzen des Ehrenamts", date(2017, 3, 21), "17:30 – 19:00 Uhr", time(17, 30), time(19), "Kreishaus Herford, Raum 3.05"),
    (3, "Interkulturelle Kommunikation", date(2017, 3, 28), "17.00 bis 19.30 Uhr", time(17), time(19, 30), HDI),
    (4, "Traumatisierte Geflüchtete verstehen", date(2017, 4, 4), "um 17 Uhr", time(17), None, "Kreishaus Herford, Raum 3.05"),
    (5, "Wohnen und Mietrecht", date(2017, 4, 11), "17.00 – 19.00 Uhr", time(17), time(19), "Kreishaus Herford, Raum 3.05"),
    (6, "Gesundheitsversorgung von Geflüchteten", date(2017, 4, 25), "ab 17 Uhr", time(17), None, HDI),
    (7, "Bildungssystem und Schule", date(2017, 5, 2), "von 17 bis 19 Uhr", time(17), time(19), "Kreishaus Herford, Raum 3.05"),
    (8, "Arbeitsmarktzugang und Ausbildung", date(2017, 5, 9), "17:00 Uhr", time(17), None, "Kreishaus Herford, Raum 3.05"),
    (9, "Deutsch lernen – Sprachkurse und Sprachbegleitung", date(2017, 5, 16), "um 17.00 Uhr", time(17), None, HDI),
    (10, "Familiennachzug und Aufenthaltsrecht", date(2017, 5, 23), "um 17.00 Uhr", time(17), None, "Kreishaus Herford, Raum 3.05"),
    (11, "Selbstfürsorge im Ehrenamt", date(2017, 5, 30), "17.00 - 19.00 Uhr", time(17), time(19), HDI),
    (12, "Fit für den Konsumalltag", date(2017, 6, 6), "um 17.00 Uhr", time(17), None, "Kreishaus Herford - Ebene 3"),
]  # fmt: skip

MODULE_TEXT = {
    1: (
        "Zum Auftakt der Basisqualifikation gibt die Ausländerbehörde des Kreises Herford einen Überblick über den Ablauf des Asylverfahrens: von der Registrierung über die Anhörung beim Bundesamt für Migration und Flüchtlinge bis zur Entscheidung.",
        "Die Teilnehmenden erhalten außerdem einen Überblick über alle zwölf Module und lernen die Ansprechpersonen des Kommunalen Integrationszentrums kennen.",
    ),
    2: (
        "Ehrenamtliche leisten in der Flüchtlingshilfe Großartiges – und stoßen dabei manchmal an ihre Grenzen.",
        "In diesem Modul geht es darum, die eigene Rolle zu klären, Aufgaben abzugrenzen und zu erkennen, wann hauptamtliche Stellen eingeschaltet werden sollten.",
    ),
    3: (
        "Missverständnisse entstehen oft nicht durch die Sprache allein, sondern durch unterschiedliche Erwartungen und Gewohnheiten.",
        "Anhand von Beispielen aus dem Alltag der Flüchtlingshilfe üben die Teilnehmenden, kulturelle Unterschiede wahrzunehmen, ohne Menschen auf ihre Herkunft zu reduzieren.",
    ),
    4: (
        "Viele geflüchtete Menschen haben in ihrer Heimat oder auf der Flucht belastende Erfahrungen gemacht.",
        "Eine Fachärztin für Psychiatrie erläutert, woran man Anzeichen einer Traumatisierung erkennen kann und welche Hilfsangebote es im Kreis Herford gibt.",
    ),
    5: (
        "Der Umzug aus der Gemeinschaftsunterkunft in eine eigene Wohnung wirft viele Fragen auf.",
        "Eine Juristin des Mietervereins erklärt Mietvertrag, Nebenkostenabrechnung und Hausordnung und gibt Tipps für die Begleitung bei der Wohnungssuche.",
    ),
    6: (
        "Wer hat Anspruch auf welche Leistungen, und wie kommt man an einen Behandlungsschein?",
        "Mitarbeitende des Gesundheitsamtes stellen die Gesundheitsversorgung nach dem Asylbewerberleistungsgesetz vor und beantworten Fragen aus der Praxis.",
    ),
    7: (
        "Das deutsche Schulsystem ist für neu zugewanderte Familien nur schwer zu durchschauen.",
        "Das Kommunale Integrationszentrum stellt die Schulformen, die Seiteneinsteigerberatung und die Angebote der Internationalen Förderklassen vor.",
    ),
    8: (
        "Arbeit ist für viele Geflüchtete der wichtigste Schritt in ein selbstständiges Leben.",
        "Die Agentur für Arbeit Herford und das Jobcenter erläutern, unter welchen Voraussetzungen Geflüchtete arbeiten oder eine Ausbildung beginnen dürfen.",
    ),
    9: (
        "Ohne Deutschkenntnisse bleiben viele Türen verschlossen.",
        "Das Modul gibt einen Überblick über Integrationskurse, Sprachkurse der Volkshochschule und ehrenamtliche Sprachbegleitung und zeigt Materialien für den Unterricht mit Erwachsenen.",
    ),
    10: (
        "Der Wunsch, die eigene Familie nachzuholen, beschäftigt viele Geflüchtete.",
        "Eine Beraterin der Flüchtlingsberatung erklärt die rechtlichen Voraussetzungen des Familiennachzugs und die Unterschiede zwischen den Aufenthaltstiteln.",
    ),
    11: (
        "Wer anderen hilft, muss auch auf sich selbst achten.",
        "Das Modul zeigt Wege, mit Belastungen umzugehen, und lädt zum Austausch über Erfahrungen aus dem Ehrenamt ein.",
    ),
}


def module_pages() -> None:
    for n, topic, d, _ttxt, t0, t1, loc in MODULES:
        pid = f"modul{n}"
        template = "old" if n in (1, 3, 5, 8, 10, 12) else "new"
        charset, decl = ("windows-1252", "meta") if n == 3 else ("utf-8", "meta")
        day = date(2017, 5, 22) if n == 12 else date(2017, 3, 6)
        page(
            pid,
            content(f"2807.{2100 + n}.1", "2807.5001.1"),
            f"Modul {n}: {topic}",
            f"Modul {n}",
            "basis",
            template,
            day,
            charset=charset,
            decl=decl,
            truncate_after="<!--schnitt-->" if n == 7 else None,
        )
        sources = ["start", pid] if n == 12 else [pid]
        event(
            f"Modul {n}: {topic}",
            (d, t0),
            (d, t1) if t1 else None,
            location=loc,
            organizers=[KI, GLEICH, DRK],
            sources=sources,
        )


def module_bodies() -> None:
    orgs = f"{KI}, {GLEICH} und {DRK}"
    for n, _topic, d, ttxt, _t0, _t1, loc in MODULES:
        p = P[f"modul{n}"]
        nav = []
        if n > 1:
            nav.append(a(f"modul{n - 1}", f"« Modul {n - 1}"))
        nav.append(a("basis", "Übersicht Basisqualifikation"))
        if n < 12:
            nav.append(a(f"modul{n + 1}", f"Modul {n + 1} »"))
        nav_html = " | ".join(nav)
        if n == 12:
            deadline = non_event("modul12", "Anmeldeschluss: 30.05.2017")
            konsum = DOCS["einladung_konsum"]
            p.body = f"""
<p>Sich im Konsumalltag in Deutschland zurechtzufinden, stellt für Menschen eine große Aufgabe dar. Die Verbraucherzentrale kann bei vielen Fragen rund um den Konsum beraten und unterstützen. Handy- und Internetverträge, Stromverträge an der Haustür abgeschlossen oder Gewährleitungsrechte bei Fehlern von Produkten sind nur einige Beispiele dazu.</p>
<p>Ein neues Projekt der Verbraucherzentrale NRW speziell für Flüchtlinge im Raum Ostwestfalen soll hierzu vorgestellt werden. Als Referentinnen konnten wir Frau Petra Schwenk und Frau Sogol Samimi von der Verbraucherzentrale NRW e.V. gewinnen.</p>
<p>Hiermit laden das {KI}, die {GLEICH} und das Deutsche Rote Kreuz (DRK) Kreisverband Herford-Stadt e.V. Sie ganz herzlich zu dem 12. Modul der Basisqualifikation für Ehrenamtliche ein.</p>
<p>Die Veranstaltung findet am 06.06.2017 um 17.00 Uhr im Kreishaus Herford - Ebene 3 statt.</p>
<p><strong>{deadline}</strong><br>Bitte melden Sie sich beim Kommunalen Integrationszentrum an. Die Teilnahme ist kostenlos.</p>
<p><a href="{konsum["href"]}">{e(konsum["title"])} (PDF, {konsum["kb"]} KB)</a></p>
<p>Weitere Informationen: {ext("https://www.verbraucherzentrale.nrw/", "www.verbraucherzentrale.nrw")}</p>
{card_old(PERSON["kirchhoff"], "modul12")}
<p class="modulnavigation">{nav_html}</p>
"""
            p.contains = [
                "Die Veranstaltung findet am 06.06.2017 um 17.00 Uhr im Kreishaus Herford - Ebene 3 statt.",
                "Die Teilnahme ist kostenlos.",
            ]
            continue
        a1, a2 = MODULE_TEXT[n]
        when = {
            1: f"am {wd(d)}, {long_date(d)}, {ttxt}",
            2: f"am {dmy(d)} von {ttxt}",
            3: f"am {wd(d)}, {dmy(d)}, {ttxt}",
            4: f"am {dmy(d)} {ttxt}",
            6: f"am {long_date(d)} {ttxt}",
            7: f"am {long_date(d)} {ttxt}",
            9: f"am {wd(d)}, den {dmy(d)}, {ttxt}",
            10: f"am {long_date(d)} {ttxt}",
        }.get(n)
        if n == 5:
            sched = f"<p>Termin: {dmy(d)}, {ttxt}<br>Ort: {e(loc)}</p>"
        elif n == 8:
            sched = f"<p>Das Modul beginnt am {wd(d)}, {dmy(d)}, {ttxt}, im {e(loc)}.</p>"
        elif n == 11:
            sched = f"<p>Wir treffen uns am {dmy(d)}, {ttxt}, im {e(loc)}.</p>"
        elif n == 1:
            sched = f"<p>Die Auftaktveranstaltung findet {when} im {e(loc)} statt.</p>"
        else:
            sched = f"<p>Das Modul findet {when} im {e(loc)} statt.</p>"
        flyer = ""
        if n == 1:
            f = DOCS["flyer_basis"]
            flyer = f'<p><a href="{f["href"]}">{e(f["title"])} (PDF, {f["kb"]} KB)</a></p>'
        elif n == 5:
            f = DOCS["checkliste_wohnen"]
            LINKS.append(f["href"])
            flyer = f'<p><a href="{f["href"]}">{e(f["title"])} (Word-Datei, {f["kb"]} KB)</a></p>'
        cut = "<!--schnitt-->" if n == 7 else ""
        p.body = f"""
<p>{e(a1)}</p>
{sched}
<p>Veranstalter: {e(orgs)}</p>
{cut}<p class="hinweis">{e(a2)}</p>
{flyer}
<p>Anmeldung und Rückfragen: {a("person_niermann", "Thomas Niermann")}, Kommunales Integrationszentrum</p>
<p class="modulnavigation">{nav_html}</p>
"""
        p.contains = [a1] + ([] if n == 7 else [a2])


def basis_body() -> None:
    p = P["basis"]
    f = DOCS["flyer_basis"]
    items = "\n".join(f"<li>{a(f'modul{n}', f'Modul {n}: {e(t)}')}</li>" for n, t, *_ in MODULES)
    p.body = f"""
<p class="einleitung">Viele Menschen im Kreis Herford engagieren sich ehrenamtlich für geflüchtete Menschen. Mit der Basisqualifikation möchten wir sie in ihrer Arbeit unterstützen und ihnen grundlegendes Wissen an die Hand geben.</p>
<p>Die Basisqualifikation besteht aus zwölf Modulen, die einzeln oder als Reihe besucht werden können. Wer an mindestens acht Modulen teilnimmt, erhält ein Zertifikat.</p>
<h2>Die Module im Überblick</h2>
<ol class="modulliste">
{items}
</ol>
<p>Veranstalter sind das {KI}, die {GLEICH} und das Deutsche Rote Kreuz (DRK) Kreisverband Herford-Stadt e.V.</p>
<p><a href="{f["href"]}">{e(f["title"])} (PDF, {f["kb"]} KB)</a></p>
{card_address(PERSON["niermann"], "basis")}
"""
    p.contains = [
        "Die Basisqualifikation besteht aus zwölf Modulen, die einzeln oder als Reihe besucht werden können.",
        "Wer an mindestens acht Modulen teilnimmt, erhält ein Zertifikat.",
    ]


def aufgaben_body() -> None:
    p = P["aufgaben"]
    LINKS.append(NOT_FOUND)
    LINKS.append(REDIRECT_OLD)
    p.body = f"""
<p>Die Kernaufgaben der Kommunalen Integrationszentren sind im Gesetz benannt. Es geht um Integrationsförderung, Entwicklung fachlicher Konzepte und interkulturelle Qualifizierung von Einrichtungen und Angeboten entlang der Bildungskette von jungen Menschen (§ 7 Absatz 1 Ziffer 1 TIntG NW).</p>
<p>Im Kreis Herford hat das KI drei Schwerpunkte gesetzt:</p>
<section>
<h2>Integration durch Bildung</h2>
<p>Wir beraten neu zugewanderte Kinder und Jugendliche und ihre Eltern beim Einstieg in Kita und Schule und unterstützen Schulen bei der Sprachbildung.</p>
</section>
<section>
<h2>Integration als Querschnittsaufgabe</h2>
<p>Wir fördern die interkulturelle Öffnung der Kreisverwaltung und der Städte und Gemeinden und bringen Verwaltung, Vereine und Migrantenorganisationen an einen Tisch.</p>
</section>
<section>
<h2>Ehrenamt und Flüchtlingshilfe</h2>
<p>Wir qualifizieren und begleiten Ehrenamtliche, zum Beispiel mit der {a("basis", "Basisqualifikation für Ehrenamtliche")} und dem {a("sprachcafe", "Sprachcafé")}.</p>
</section>
<p>Das <a href="{e(NOT_FOUND)}">Integrationskonzept des Kreises Herford</a> beschreibt die Ziele im Einzelnen.</p>
<p>Weitere Informationen zu den Kommunalen Integrationszentren in NRW: {ext("https://www.kommunale-integrationszentren-nrw.de/", "Landesweite Koordinierungsstelle")}</p>
<p><a href="{e(REDIRECT_OLD)}">Zurück zur Übersicht</a></p>
"""
    p.contains = [
        "Im Kreis Herford hat das KI drei Schwerpunkte gesetzt:",
        "Wir fördern die interkulturelle Öffnung der Kreisverwaltung und der Städte und Gemeinden und bringen Verwaltung, Vereine und Migrantenorganisationen an einen Tisch.",
    ]


def vernetzung_body() -> None:
    p = P["vernetzung"]
    event(
        "Vernetzungstreffen der Migrantenselbstorganisationen",
        "2016-07",
        None,
        # the page names only "Kommunales Integrationszentrum (KI)", never the district
        organizers=["Kommunales Integrationszentrum"],
        sources=["vernetzung"],
    )
    p.body = f"""
<p>Zielgruppen der kommunalen Integrationszentren sind Einrichtungen der schulischen und außerschulischen Bildungsarbeit, Migrantenvereine und -organisationen, Verwaltungen und weitere Akteure der kommunalen Integrationsarbeit.</p>
<p>Aufgrund der bisherigen Entwicklungen gibt es im Kreis Herford gute Ausgangsbedingungen für die Einrichtung eines Kommunalen Integrationszentrums. So bestehen beispielsweise kreisweit seit Jahren agierende Netze: Das Projekt widunetz ist ein Netzwerk für Integration &amp; Vielfalt im Kreis Herford.</p>
<p>Mehr über widunetz: {ext("http://www.widunetz.de/", "www.widunetz.de")}</p>
<h2>Migrantenselbstorganisationen</h2>
<p>Im Kreis Herford gibt es über 40 Vereine und Initiativen, die von Migrantinnen und Migranten gegründet wurden. Das KI lädt sie regelmäßig zu Vernetzungstreffen ein, um Erfahrungen auszutauschen und gemeinsame Projekte zu planen.</p>
<p>Das nächste Vernetzungstreffen der Migrantenselbstorganisationen ist für Anfang Juli 2016 geplant; der genaue Termin wird noch bekannt gegeben.</p>
<p>Eine Übersicht der Vereine finden Sie im {ext("http://other.invalid/vereinsregister", "Vereinsverzeichnis")}.</p>
{card_old(PERSON["demir"], "vernetzung")}
"""
    p.contains = [
        "Im Kreis Herford gibt es über 40 Vereine und Initiativen, die von Migrantinnen und Migranten gegründet wurden.",
        "Das nächste Vernetzungstreffen der Migrantenselbstorganisationen ist für Anfang Juli 2016 geplant; der genaue Termin wird noch bekannt gegeben.",
    ]


def danke_body() -> None:
    p = P["danke"]
    event(
        "#DANKE",
        date(2016, 7, 2),
        None,
        all_day=True,
        location="Jugendgästehaus Rödinghausen",
        organizers=["Kommunales Integrationszentrum des Kreises Herford"],
        kind="report",
        sources=["start", "danke"],
    )
    p.body = f"""
<p>Das ehrenamtliche Engagement von zahlreichen Initiativen und Privatpersonen im Kreis Herford leistete in den vergangenen Monaten mit den unterschiedlichsten Aktivitäten einen unschätzbaren Beitrag bei der Flüchtlingsarbeit in der Region.</p>
<figure class="aufmacher">
<a href="/media/custom/2807_2669_1.JPG?1467463200"><img src="/media/custom/2807_2669_1_klein.JPG?1467463200" alt="DSC_2669" width="160" height="107"></a>
<figcaption>Gut besucht: der Garten des Jugendgästehauses</figcaption>
</figure>
<p>Aus diesem Grund lud das Kommunale Integrationszentrum des Kreises Herford ehrenamtliche FlüchtlingshelferInnen im Kreis Herford zu einer Veranstaltung in das Jugendgästehaus Rödinghausen am 2. Juli 2016 ein. 80 Ehrenamtliche nahmen die Einladung an.</p>
<p>Herr Landrat Jürgen Müller bedankte sich für ihr außerordentliches Engagement im Kreis Herford. Bei Kaffee, Kuchen und Musik der Band „Weltklang“ bot der Nachmittag viel Gelegenheit zum Austausch.</p>
<p>{a("album_danke", "Fotos zur Veranstaltung finden Sie im Archiv.")}</p>
{card_address(PERSON["niermann"], "danke")}
"""
    p.contains = [
        "Bei Kaffee, Kuchen und Musik der Band „Weltklang“ bot der Nachmittag viel Gelegenheit zum Austausch.",
        "80 Ehrenamtliche nahmen die Einladung an.",
    ]


def team_body() -> None:
    p = P["team"]
    cards = []
    for i, person in enumerate(PERSONS):
        cards.append((card_address if i % 2 else card_dl)(person, "team"))
    LINKS.append(INTERN)
    p.body = f"""
<p>Das Team des Kommunalen Integrationszentrums ist im Kreishaus Herford, Ebene 1, und im Haus der Integration für Sie da. Bitte vereinbaren Sie nach Möglichkeit einen Termin.</p>
<div class="teamliste">
{"".join(cards)}
</div>
<p>{a("service", "Unsere Servicezeiten")}</p>
<p class="intern"><a href="{e(INTERN)}">Interner Bereich (nur für Beschäftigte)</a></p>
"""
    p.contains = [
        "Das Team des Kommunalen Integrationszentrums ist im Kreishaus Herford, Ebene 1, und im Haus der Integration für Sie da."
    ]


def person_bodies() -> None:
    tasks = {
        "kirchhoff": [
            "Terminvergabe und Anmeldungen",
            "Organisation der Basisqualifikation",
            "Rechnungswesen",
        ],
        "brockmeyer": ["Leitung und Steuerung des KI", "Integrationskonzept", "Gremienarbeit"],
        "oeztuerk": [
            "Durchgängige Sprachbildung",
            "Rucksack-Programm in Kitas",
            "Fortbildungen für Lehrkräfte",
        ],
        "niermann": [
            "Basisqualifikation für Ehrenamtliche",
            "Ehrenamtsbörse",
            "#DANKE-Veranstaltungen",
        ],
        "krueger": [
            "Integrationsbegleitung für Familien",
            "Sprachcafé",
            "Beratung Neuzugewanderter",
        ],
        "aksoy": [
            "Geschäftsführung des Integrationsrates",
            "Sitzungsvorbereitung",
            "Migrantenselbstorganisationen",
        ],
        "wehmeier": [
            "Bildungsberatung",
            "Anerkennung ausländischer Abschlüsse",
            "Übergang Schule-Beruf",
        ],
        "demir": [
            "Interkulturelle Öffnung der Verwaltung",
            "Vernetzung der Migrantenselbstorganisationen",
            "Interkulturelle Woche",
        ],
        "hoffmeister": [
            "Seiteneinsteigerberatung",
            "Internationale Förderklassen",
            "Zusammenarbeit mit dem Schulamt",
        ],
        "rehling": ["Sprachcafé", "Ehrenamtsbörse", "Räume im Haus der Integration"],
        "diekmann": ["Pressemitteilungen", "Anfragen von Medien", "Internetauftritt"],
    }
    for person in PERSONS:
        pg = P[f"person_{person.key}"]
        card = (card_old if pg.template == "old" else card_dl)(person, pg.pid, detail=True)
        lis = "\n".join(f"<li>{e(t)}</li>" for t in tasks[person.key])
        pg.body = f"""
{card}
<h2>Zuständigkeiten</h2>
<ul>
{lis}
</ul>
<p>{a("team", "Zurück zur Teamübersicht")}</p>
"""
        pg.contains = [tasks[person.key][0]]


def sprachcafe_body() -> None:
    p = P["sprachcafe"]
    d = date(2018, 1, 11)
    event(
        "Neujahrsabend im Sprachcafé",
        (d, time(19, 30)),
        None,
        location=HDI,
        organizers=["Sprachcafé"],
        sources=["sprachcafe"],
    )
    p.body = f"""
<p>Im Sprachcafé treffen sich Menschen, die Deutsch lernen, und Menschen, die gern mit ihnen ins Gespräch kommen. Vorkenntnisse sind nicht nötig, eine Anmeldung auch nicht.</p>
<p>Öffnungszeiten: donnerstags 16.00 – 18.00 Uhr</p>
<p>Am {wd(d)}, {long_date(d)}, ab 19.30 Uhr lädt das Sprachcafé zu einem Neujahrsabend mit Musik und Speisen aus vielen Ländern ein. Ort: {e(HDI)}.</p>
<p>Für das Sprachcafé suchen wir immer Ehrenamtliche, die Zeit und Geduld mitbringen. Melden Sie sich gern bei uns!</p>
<p>{a("album_tdot", "Bilder vom Tag der offenen Tür im Haus der Integration")}</p>
{card_old(PERSON["rehling"], "sprachcafe")}
{card_old(PERSON["krueger"], "sprachcafe")}
"""
    p.contains = [
        "Im Sprachcafé treffen sich Menschen, die Deutsch lernen, und Menschen, die gern mit ihnen ins Gespräch kommen.",
        "Für das Sprachcafé suchen wir immer Ehrenamtliche, die Zeit und Geduld mitbringen.",
    ]


def integrationsrat_body() -> None:
    p = P["integrationsrat"]
    event(
        "Öffentliche Sitzung des Integrationsrates",
        (date(2018, 7, 5), time(17)),
        None,
        location="Kreishaus Herford, Sitzungsraum 1.27",
        organizers=["Integrationsrat des Kreises Herford"],
        sources=["integrationsrat"],
    )
    p.body = f"""
<p>Der Integrationsrat vertritt die Interessen der Menschen mit Einwanderungsgeschichte im Kreis Herford. Er berät den Kreistag und seine Ausschüsse in allen Fragen der Integration.</p>
<p>Dem Integrationsrat gehören 15 gewählte Mitglieder und 8 Mitglieder des Kreistages an.</p>
<h2>Sitzungen</h2>
<p>Die Sitzungen sind öffentlich. Die nächste öffentliche Sitzung des Integrationsrates findet am 05.07. um 17 Uhr im Kreishaus Herford, Sitzungsraum 1.27, statt. Die Tagesordnung wird eine Woche vorher im Ratsinformationssystem veröffentlicht.</p>
<p>{ext("https://www.kreis-herford.de/Politik/Ratsinformationssystem/", "Zum Ratsinformationssystem")}</p>
{card_dl(PERSON["aksoy"], "integrationsrat")}
"""
    p.contains = [
        "Der Integrationsrat vertritt die Interessen der Menschen mit Einwanderungsgeschichte im Kreis Herford.",
        "Dem Integrationsrat gehören 15 gewählte Mitglieder und 8 Mitglieder des Kreistages an.",
    ]


PRESS = [
    # pid, slug, object, date, title
    (
        "pm_fachtag",
        "Fachtag-Sprache-ist-der-Schluessel",
        "2807.4101.1",
        date(2016, 11, 2),
        "Fachtag „Sprache ist der Schlüssel“ am 24. November 2016",
    ),
    (
        "pm_tdot",
        "Tag-der-offenen-Tuer",
        "2807.4102.1",
        date(2016, 10, 18),
        "Rund 120 Gäste beim Tag der offenen Tür im Haus der Integration",
    ),
    (
        "pm_abschluss",
        "Abschluss-Basisqualifikation",
        "2807.4103.1",
        date(2017, 6, 29),
        "35 Ehrenamtliche schließen Basisqualifikation ab",
    ),
    (
        "pm_infoabend",
        "Infoabend-Ehrenamt",
        "2807.4104.1",
        date(2017, 9, 4),
        "Kreis lädt zum Infoabend für neue Ehrenamtliche ein",
    ),
    (
        "pm_ausstellung",
        "Ausstellung-Angekommen",
        "2807.4105.1",
        date(2018, 3, 28),
        "Ausstellung „Angekommen“ im Kreishaus",
    ),
    (
        "pm_aktionstage",
        "Aktionstage-Herford-ist-bunt",
        "2807.4106.1",
        date(2018, 4, 16),
        "Aktionstage „Herford ist bunt“ vom 3. bis 5. Mai 2018",
    ),
]
for _pid, _slug, _obj, _d, _title in PRESS:
    page(
        _pid,
        content(_obj, "2807.4100.1", path=f"/Presse/Pressemitteilungen/{_slug}.php"),
        _title,
        _title,
        "presse",
        "new" if _pid != "pm_tdot" else "old",
        _d,
    )


def press_bodies() -> None:
    def head(pid):
        pg = P[pid]
        return e(non_event(pid, f"Pressemitteilung vom {dmy(pg.day)}"))

    dk = PERSON["diekmann"]
    # Fachtag (ganztägig)
    d = date(2016, 11, 24)
    event(
        "Fachtag „Sprache ist der Schlüssel“",
        d,
        None,
        all_day=True,
        location="Kreishaus Herford, Großer Sitzungssaal",
        organizers=[KI],
        sources=["pm_fachtag"],
    )
    LINKS.append(BROKEN_PDF)
    P["pm_fachtag"].body = f"""
<p class="pm-datum">{head("pm_fachtag")}</p>
<p>Kreis Herford. Wie gelingt Sprachbildung in Kita und Schule, wenn viele Kinder mit einer anderen Familiensprache aufwachsen? Darum geht es beim Fachtag „Sprache ist der Schlüssel“ des Kommunalen Integrationszentrums.</p>
<p>Der Fachtag findet am {wd(d)}, {long_date(d)}, ganztägig im Kreishaus Herford, Großer Sitzungssaal, statt. Eingeladen sind Erzieherinnen und Erzieher, Lehrkräfte sowie Fachkräfte der Jugendhilfe.</p>
<p><a href="{BROKEN_PDF}">Programm Fachtag 2016 (PDF, 85 KB)</a></p>
{card_dl(dk, "pm_fachtag")}
"""
    P["pm_fachtag"].contains = [
        "Eingeladen sind Erzieherinnen und Erzieher, Lehrkräfte sowie Fachkräfte der Jugendhilfe."
    ]
    # Tag der offenen Tür (report, old template)
    event(
        "Tag der offenen Tür im Haus der Integration",
        date(2016, 10, 15),
        None,
        all_day=True,
        location="Haus der Integration",
        organizers=[KI],
        kind="report",
        sources=["pm_tdot"],
    )
    P["pm_tdot"].body = f"""
<p><b>{head("pm_tdot")}</b></p>
<p>Kreis Herford. Rund 120 Gäste besuchten am Samstag, 15. Oktober 2016, den Tag der offenen Tür im Haus der Integration. Beim Rundgang durch die neuen Räume konnten sie das Sprachcafé, die Ehrenamtsbörse und die Beratungsangebote des Kommunalen Integrationszentrums kennenlernen.</p>
<p>Kinder bemalten im Hof einen großen Bauzaun, im Sprachcafé wurde in mehr als zehn Sprachen gleichzeitig geplaudert. Eingeladen hatte das Kommunale Integrationszentrum Kreis Herford.</p>
<p>{a("album_tdot", "Fotos vom Tag der offenen Tür")}</p>
{card_old(dk, "pm_tdot")}
"""
    P["pm_tdot"].contains = [
        "Kinder bemalten im Hof einen großen Bauzaun, im Sprachcafé wurde in mehr als zehn Sprachen gleichzeitig geplaudert."
    ]
    # Abschlussfeier (report)
    event(
        "Abschlussfeier der Basisqualifikation",
        date(2017, 6, 27),
        None,
        all_day=True,
        location="Kreishaus Herford",
        organizers=[KI],
        kind="report",
        sources=["pm_abschluss"],
    )
    P["pm_abschluss"].body = f"""
<p class="pm-datum">{head("pm_abschluss")}</p>
<p>Kreis Herford. 35 Ehrenamtliche aus der Flüchtlingshilfe erhielten am 27. Juni 2017 im Kreishaus Herford ihre Zertifikate über die {a("basis", "Basisqualifikation für Ehrenamtliche")}. Alle hatten an mindestens acht der zwölf Module teilgenommen.</p>
<p>Die Teilnehmenden feierten den Abschluss mit einem kleinen Empfang. Eingeladen hatte das Kommunale Integrationszentrum Kreis Herford. Eine neue Runde der Basisqualifikation ist für das kommende Jahr geplant.</p>
{card_dl(dk, "pm_abschluss")}
"""
    P["pm_abschluss"].contains = ["Alle hatten an mindestens acht der zwölf Module teilgenommen."]
    # Infoabend (same event as calendar entry C9)
    d = date(2017, 9, 20)
    P["pm_infoabend"].body = f"""
<p class="pm-datum">{head("pm_infoabend")}</p>
<p>Kreis Herford. Wer sich in der Flüchtlingshilfe engagieren möchte, aber noch nicht weiß, wie, ist beim Infoabend des Kommunalen Integrationszentrums richtig. Er findet am {wd(d)}, {long_date(d)}, um 18 Uhr im Kreishaus Herford, Raum 3.05, statt.</p>
<p>Initiativen aus dem ganzen Kreisgebiet stellen sich vor und berichten, wo Unterstützung gebraucht wird.</p>
<p>{a("ev09", "Zum Termin im Veranstaltungskalender")}</p>
{card_address(dk, "pm_infoabend")}
"""
    P["pm_infoabend"].contains = [
        "Initiativen aus dem ganzen Kreisgebiet stellen sich vor und berichten, wo Unterstützung gebraucht wird."
    ]
    # Ausstellung
    event(
        "Ausstellung „Angekommen“",
        date(2018, 4, 9),
        date(2018, 4, 27),
        all_day=True,
        location="Foyer des Kreishauses Herford",
        organizers=[KI],
        sources=["pm_ausstellung"],
    )
    P["pm_ausstellung"].body = f"""
<p class="pm-datum">{head("pm_ausstellung")}</p>
<p>Kreis Herford. Zwölf Menschen erzählen, wie sie im Kreis Herford eine neue Heimat gefunden haben: Die Fotoausstellung „Angekommen“ zeigt ihre Porträts und Geschichten. Veranstalter ist das Kommunale Integrationszentrum Kreis Herford.</p>
<p>Die Ausstellung ist vom 09.04.2018 bis 27.04.2018 im Foyer des Kreishauses Herford zu sehen. Der Eintritt ist frei.</p>
{card_dl(dk, "pm_ausstellung")}
"""
    P["pm_ausstellung"].contains = [
        "Die Fotoausstellung „Angekommen“ zeigt ihre Porträts und Geschichten."
    ]
    # Aktionstage
    event(
        "Aktionstage „Herford ist bunt“",
        date(2018, 5, 3),
        date(2018, 5, 5),
        all_day=True,
        location="Rathausplatz Herford",
        organizers=[KI, "Integrationsrat des Kreises Herford"],
        sources=["pm_aktionstage"],
    )
    P["pm_aktionstage"].body = f"""
<p class="pm-datum">{head("pm_aktionstage")}</p>
<p>Kreis Herford. Vom 3. bis 5. Mai 2018 finden auf dem Rathausplatz Herford die Aktionstage „Herford ist bunt“ statt. Veranstalter sind das {KI} und der Integrationsrat des Kreises Herford.</p>
<p>Vereine, Schulen und Initiativen zeigen an Ständen, Musik- und Tanzvorführungen, wie vielfältig das Leben im Kreis ist.</p>
{card_address(dk, "pm_aktionstage")}
"""
    P["pm_aktionstage"].contains = [
        "Vereine, Schulen und Initiativen zeigen an Ständen, Musik- und Tanzvorführungen, wie vielfältig das Leben im Kreis ist."
    ]


def presse_body() -> None:
    p = P["presse"]
    rows = "\n".join(
        f'<li><time datetime="{P[pid].day.isoformat()}">{dmy(P[pid].day)}</time> – {a(pid, e(title))}</li>'
        for pid, _s, _o, _d, title in sorted(PRESS, key=lambda x: x[3], reverse=True)
    )
    p.body = f"""
<p>Hier finden Sie die Pressemitteilungen des Kommunalen Integrationszentrums. Ältere Meldungen finden Sie im {ext("https://www.kreis-herford.de/Presse/Archiv/", "Pressearchiv des Kreises Herford")}.</p>
<ul class="meldungen">
{rows}
</ul>
<p>Pressekontakt: <a href="mailto:presse@kreis-herford.de">presse@kreis-herford.de</a></p>
"""
    p.contains = ["Hier finden Sie die Pressemitteilungen des Kommunalen Integrationszentrums."]


CAL_EVENTS = [
    # (title, date, start time, end time or end date, location, organizers, style, extra)
    ("Netzwerktreffen widunetz", date(2015, 10, 8), time(18), time(20), "Kreishaus Herford, Großer Sitzungssaal", [KI, "widunetz"]),
    ("Fachtag Sprachbildung in der Kita", date(2015, 11, 25), None, None, "Kreishaus Herford", [KI]),
    ("Informationsveranstaltung: Seiteneinsteiger an Schulen", date(2016, 2, 17), time(15), time(17, 30), "Kreishaus Herford, Raum 3.05", [KI, "Schulamt für den Kreis Herford"]),
    ("Interkultureller Elternabend", date(2016, 4, 12), time(19), None, "Familienzentrum Herford-Mitte", [KI]),
    ("Interkulturelles Fest 2016", date(2016, 9, 24), time(11), time(16), "Linnenbauerplatz, Herford", [KI, "Integrationsrat des Kreises Herford"]),
    ("Austauschtreffen der Sprachpatinnen und Sprachpaten", date(2016, 11, 10), time(17, 30), time(19), HDI, [KI]),
    ("Neujahrsempfang des Integrationsrates", date(2017, 1, 19), time(18), time(20), "Kreishaus Herford, Foyer", ["Integrationsrat des Kreises Herford"]),
    ("Workshop: Interkulturelle Kompetenz in der Verwaltung", date(2017, 4, 5), time(16), time(18), "Kreishaus Herford, Raum 3.05", [KI]),
    ("Informationsabend: Ehrenamt in der Flüchtlingshilfe", date(2017, 9, 20), time(18), time(20), "Kreishaus Herford, Raum 3.05", [KI]),
    ("Fachtag: Bildung entlang der Bildungskette", date(2017, 11, 8), time(9), time(16), "Kreishaus Herford, Großer Sitzungssaal", [KI, "Regionales Bildungsnetzwerk Kreis Herford"]),
    ("Öffentliche Sitzung des Integrationsrates", date(2018, 2, 21), time(17), None, "Kreishaus Herford, Sitzungsraum 1.27", ["Integrationsrat des Kreises Herford"]),
    ("Fest der Kulturen", date(2018, 3, 21), time(15), time(19), HDI, [KI]),
    ("Vernetzungstreffen der Migrantenselbstorganisationen", date(2018, 6, 14), time(17), time(19), HDI, [KI]),
    ("Interkulturelle Woche 2018", date(2018, 9, 23), None, date(2018, 9, 29), "verschiedene Orte im Kreis Herford", [KI, "Integrationsrat des Kreises Herford"]),
    ("Podiumsdiskussion: Vielfalt im Kreis Herford", date(2019, 3, 19), time(18), time(20), "Kreishaus Herford, Großer Sitzungssaal", [KI]),
    ("Tag der offenen Tür 2019", date(2019, 5, 23), time(10), time(14), HDI, [KI]),
    ("5 Jahre Sprachcafé", date(2019, 10, 10), time(15), time(18), HDI, [KI, "Sprachcafé im Haus der Integration"]),
]  # fmt: skip
CAL_STYLES = ["table", "dl", "lines", "dl", "table", "lines", "table", "dl", "table", "dl", "lines",
              "dl", "table", "dl", "table", "lines", "dl"]  # fmt: skip
CAL_DESC = [
    "Das Netzwerk widunetz lädt alle Akteure der Integrationsarbeit zum Austausch über gemeinsame Vorhaben ein.",
    "Fachkräfte aus Kindertageseinrichtungen erhalten Anregungen für die alltagsintegrierte Sprachbildung.",
    "Schulleitungen und Lehrkräfte erfahren, wie die Aufnahme neu zugewanderter Schülerinnen und Schüler abläuft.",
    "Eltern aus verschiedenen Herkunftsländern tauschen sich über Erziehung und Schule aus. Dolmetscher sind anwesend.",
    "Mit Musik, Tanz und Speisen aus aller Welt feiern Vereine und Initiativen die Vielfalt im Kreis Herford.",
    "Die Sprachpatinnen und Sprachpaten berichten von ihren Erfahrungen und erhalten neue Materialien.",
    "Der Integrationsrat lädt Vereine, Politik und Verwaltung zum Neujahrsempfang ein.",
    "Der Workshop richtet sich an Beschäftigte der Kreisverwaltung mit Publikumsverkehr.",
    "Initiativen stellen sich vor und zeigen, wo ehrenamtliche Unterstützung gebraucht wird.",
    "Kitas, Schulen und Bildungsträger diskutieren, wie Übergänge in der Bildungskette besser gelingen.",
    "Auf der Tagesordnung stehen unter anderem der Haushalt und der Bericht des Kommunalen Integrationszentrums.",
    "Ein Nachmittag mit Musik, Tanz und Speisen aus vielen Ländern.",
    "Vertreterinnen und Vertreter der Vereine planen gemeinsame Projekte für das kommende Jahr.",
    "Eine Woche lang laden Vereine, Kirchengemeinden und Schulen zu Veranstaltungen rund um das Thema Vielfalt ein.",
    "Auf dem Podium diskutieren Vertreterinnen und Vertreter aus Politik, Verwaltung und Vereinen.",
    "Das Haus der Integration öffnet seine Türen und stellt alle Angebote vor.",
    "Seit fünf Jahren treffen sich Menschen im Sprachcafé. Das wird mit Kaffee, Kuchen und Musik gefeiert.",
]

# Past entries that only the calendar's month views link (the list pages show CAL_EVENTS): an
# archive reaches them by stepping back from the month view the list links (2017-06). 2017-05
# and 2017-04 hold nothing new, 2017-03 this first entry; 2017-02 and 2017-01 nothing new,
# 2016-12 the second. Their pages are registered after all others (`archive_event_pages`), so
# the link variants of every other page stay as they were.
ARCHIVE_EVENTS = [
    ("Frühjahrstreffen der Integrationslotsinnen und Integrationslotsen", date(2017, 3, 15), time(17), time(19), "Kreishaus Herford, Raum 3.05", [KI], "table",
     "Die Integrationslotsinnen und Integrationslotsen berichten von ihren Einsätzen und planen die Begleitung neu zugewanderter Familien."),
    ("Adventscafé im Haus der Integration", date(2016, 12, 7), time(15), time(17, 30), HDI, [KI, "Sprachcafé im Haus der Integration"], "dl",
     "Bei Tee, Gebäck und Musik kommen Nachbarinnen und Nachbarn aus vielen Ländern miteinander ins Gespräch."),
]  # fmt: skip


def archive_event_pages() -> None:
    """The detail pages of ARCHIVE_EVENTS (ev18, ev19): linked from their month views only."""
    for i, (title, d, t0, t1, loc, orgs, style, desc) in enumerate(ARCHIVE_EVENTS, 18):
        page(
            f"ev{i:02d}",
            content(f"2807.{3100 + i}.1", "2807.3000.1", mod="11"),
            title,
            title,
            "kalender",
            "old" if style == "table" else "new",
            d.replace(day=1),
        )
        calendar_event_body(i, title, d, t0, t1, loc, orgs, style, desc, back_n=i % 7)


for _i, _ev in enumerate(CAL_EVENTS, 1):
    page(
        f"ev{_i:02d}",
        content(f"2807.{3100 + _i}.1", "2807.3000.1", mod="11"),
        _ev[0],
        _ev[0],
        "kalender",
        "old"
        if CAL_STYLES[_i - 1] in ("table",) or (CAL_STYLES[_i - 1] == "lines" and _i % 2)
        else "new",
        _ev[1].replace(day=1) if _ev[1].month > 1 else _ev[1].replace(month=1, day=2),
    )


def cal_time_text(t0, t1) -> str:
    if t0 is None:
        return "ganztägig"
    s = t0.strftime("%H:%M")
    return f"{s} - {t1.strftime('%H:%M')} Uhr" if isinstance(t1, time) else f"{s} Uhr"


def calendar_bodies() -> None:
    for i, (title, d, t0, t1, loc, orgs) in enumerate(CAL_EVENTS, 1):
        calendar_event_body(i, title, d, t0, t1, loc, orgs, CAL_STYLES[i - 1], CAL_DESC[i - 1])
    calendar_list_bodies()


def calendar_event_body(i, title, d, t0, t1, loc, orgs, style, desc, back_n=None) -> None:
    """The detail page of calendar entry i; back_n fixes the variant of its link to the list."""
    pid = f"ev{i:02d}"
    pg = P[pid]
    cancelled = title == "Fest der Kulturen"
    sources = [pid] + (["pm_infoabend"] if i == 9 else [])
    if t0 is None:
        end = t1 if isinstance(t1, date) else None
        event(
            title,
            d,
            end,
            all_day=True,
            location=loc,
            organizers=orgs,
            sources=sources,
            status="cancelled" if cancelled else "scheduled",
        )
        date_text = dmy(d) if end is None else f"{dmy(d)} - {dmy(end)}"
    else:
        event(
            title,
            (d, t0),
            (d, t1) if t1 else None,
            location=loc,
            organizers=orgs,
            sources=sources,
            status="cancelled" if cancelled else "scheduled",
        )
        date_text = f"{wd(d)}, {dmy(d)}"
    time_text = cal_time_text(t0, t1)
    fields = [
        ("Datum", e(date_text)),
        ("Uhrzeit", e(time_text)),
        ("Ort", e(loc)),
        ("Veranstalter", e(", ".join(orgs))),
    ]
    if style == "table":
        box = "\n".join(
            f'<tr><td class="feldname" width="120"><b>{k}:</b></td><td>{v}</td></tr>'
            for k, v in fields
        )
        box = f'<table class="termindaten" border="0" cellpadding="3" cellspacing="0">\n{box}\n</table>'
    elif style == "dl":
        items = []
        for k, v in fields:
            if k == "Datum" and t0 is not None:
                v = f'<time datetime="{d.isoformat()}">{v}</time>'
            items.append(f"<dt>{k}</dt><dd>{v}</dd>")
        box = '<dl class="termin-details">\n' + "\n".join(items) + "\n</dl>"
    else:
        box = "<p>" + "<br>\n".join(f"{k}: {v}" for k, v in fields) + "</p>"
    note = ""
    if title == "Interkultureller Elternabend":
        f = DOCS["elternbrief"]
        LINKS.append(f["href"])
        note_doc = f'<p><a href="{f["href"]}">{e(f["title"])} (ODT, {f["kb"]} KB)</a></p>\n'
    else:
        note_doc = ""
    if cancelled:
        note = '<p class="achtung"><strong>Achtung: Die Veranstaltung ist abgesagt.</strong> Das Fest der Kulturen fällt aus, weil das Haus der Integration renoviert wird.</p>'
    pg.body = f"""
{note}
{box}
<p>{e(desc)}</p>
{note_doc}<p>{a("kalender", "Zurück zur Übersicht", back_n)}</p>
"""
    pg.contains = [desc]


def calendar_list_bodies() -> None:
    # the list pages
    per_page = 6
    chunks = [list(range(1, 18))[k : k + per_page] for k in range(0, 17, per_page)]
    for n, ids in enumerate(chunks, 1):
        pid = "kalender" if n == 1 else f"kalender{n}"
        rows = []
        for i in ids:
            title, d, t0, _t1, *_ = CAL_EVENTS[i - 1]
            when = dmy(d) if t0 is None else f"{dmy(d)}, {t0.strftime('%H:%M')} Uhr"
            rows.append(
                f'<tr><td valign="top" nowrap>{when}</td><td>{a(f"ev{i:02d}", e(title))}</td></tr>'
            )
        nav = []
        if n > 1:
            nav.append(a("kalender" if n == 2 else f"kalender{n - 1}", "« zurück"))
        nav.append(f"Seite {n} von {len(chunks)}")
        if n < len(chunks):
            nav.append(a(f"kalender{n + 1}", "weiter »"))
        month = "monat=2017-06"
        month_href = P["kalender"].href(3, extra=month)
        LINKS.append(month_href)
        P[pid].body = f"""
<p>Termine des Kommunalen Integrationszentrums und seiner Partner. Alle Termine ohne Gewähr.</p>
<p><a href="{e(month_href)}">Monatsansicht</a></p>
<table class="terminliste" width="100%" border="0" cellpadding="3" cellspacing="0">
<tr><th align="left">Datum</th><th align="left">Veranstaltung</th></tr>
{chr(10).join(rows)}
</table>
<p class="blaettern">{" | ".join(nav)}</p>
"""
        P[pid].contains = [f"Seite {n} von {len(chunks)}", CAL_EVENTS[ids[0] - 1][0]]


# --------------------------------------------------------------------------------------------
# Albums
# --------------------------------------------------------------------------------------------

ALBUMS = {
    "album_danke": dict(
        where=content("2807.2601.1", "2807.2600.1"),
        title="Fotos: #DANKE am 2. Juli 2016",
        template="new",
        day=date(2016, 7, 8),
        style="figcaption",
        credit="Fotos: KI Kreis Herford",
        event="#DANKE",
        stamp="1467463200",
        intro="Fotos zur Veranstaltung #DANKE am 2. Juli 2016 im Jugendgästehaus Rödinghausen.",
        photos=[
            (
                "2807_2669_1",
                "DSC_2669",
                "Ehrenamtliche im Gespräch im Garten des Jugendgästehauses",
            ),
            ("2807_2670_1", "DSC_2670", "Landrat Jürgen Müller begrüßt die Gäste"),
            ("2807_2671_1", "DSC_2671", "Die Band „Weltklang“ sorgt für Musik"),
            ("2807_2672_1", "DSC_2672", "Kaffee und Kuchen auf der Terrasse"),
            ("2807_2673_1", "DSC_2673", "Gruppenfoto der Ehrenamtlichen"),
            ("2807_2674_1", "DSC_2674", "Kinder beim Spielen auf der Wiese"),
        ],
    ),
    "album_tdot": dict(
        where=content("2807.2602.1", "2807.2600.1"),
        title="Bildergalerie: Tag der offenen Tür 2016",
        template="old",
        day=date(2016, 10, 18),
        style="title",
        credit="Foto: Kreis Herford",
        event="Tag der offenen Tür im Haus der Integration",
        stamp="1476784800",
        intro="Fotos zur Veranstaltung Tag der offenen Tür im Haus der Integration am 15. Oktober 2016.",
        photos=[
            ("2807_2701_1", "Bild 1", "Besucherinnen und Besucher vor dem Haus der Integration"),
            ("2807_2702_1", "Bild 2", "Im Sprachcafé wird in vielen Sprachen geplaudert"),
            ("2807_2703_1", "Bild 3", "Kinder bemalen den Bauzaun im Hof"),
            ("2807_2704_1", "Bild 4", "Die Ehrenamtsbörse stellt sich vor"),
            ("2807_2705_1", "Bild 5", "Führung durch die neuen Beratungsräume"),
        ],
    ),
    "album_fest": dict(
        where=content("2807.2603.1", "2807.2600.1"),
        title="Impressionen vom Interkulturellen Fest 2016",
        template="new",
        day=date(2016, 9, 30),
        style="alt",
        credit="Fotos: KI Kreis Herford",
        event="Interkulturelles Fest 2016",
        stamp="1475229600",
        intro="Fotos zur Veranstaltung Interkulturelles Fest 2016 am 24. September 2016 auf dem Linnenbauerplatz.",
        photos=[
            ("2807_2801_1", "Tanzgruppe auf der Bühne am Linnenbauerplatz", None),
            ("2807_2802_1", "Stand mit Speisen aus Syrien", None),
            ("2807_2803_1", "Trommelworkshop für Kinder", None),
            ("2807_2804_1", "Besucherinnen und Besucher vor der Bühne", None),
            ("2807_2805_1", "Eröffnung durch den Integrationsrat", None),
            ("2807_2806_1", "Luftballons über dem Festplatz", None),
        ],
    ),
}
for _pid, _al in ALBUMS.items():
    page(_pid, _al["where"], _al["title"], _al["title"], "fotos", _al["template"], _al["day"])


def album_bodies() -> None:
    for pid, al in ALBUMS.items():
        pg = P[pid]
        items = []
        for k, (stem, alt, caption) in enumerate(al["photos"]):
            big = f"/media/custom/{stem}.JPG"
            thumb = f"/media/custom/{stem}_klein.JPG"
            q = f"?{al['stamp']}"
            w, h = (427, 640) if k == 3 else (640, 427)
            tw, th = (107, 160) if k == 3 else (160, 107)
            PHOTOS.append(
                {
                    "url": big,
                    "thumbnail_url": thumb,
                    "album": al["title"],
                    "caption": caption,
                    "alt": alt,
                    "credit": al["credit"],
                    "width": w,
                    "height": h,
                    "pid": pid,
                    "event": al["event"],
                    "thumb_size": (tw, th),
                    "stem": stem,
                    "day": al["day"],
                }
            )
            img = f'<img src="{thumb}{q}" alt="{e(alt)}" width="{tw}" height="{th}"'
            if al["style"] == "figcaption":
                items.append(
                    f'<figure class="galerie-bild">\n<a href="{big}{q}">{img}></a>\n<figcaption>{e(caption)}</figcaption>\n</figure>'
                )
            elif al["style"] == "title":
                items.append(
                    f'<td align="center" valign="top"><a href="{big}{q}" title="{e(caption)}" target="_blank">{img} border="0"></a></td>'
                )
            else:
                items.append(f'<li><a href="{big}{q}">{img}></a></li>')
        if al["style"] == "figcaption":
            gallery = '<div class="galerie">\n' + "\n".join(items) + "\n</div>"
        elif al["style"] == "title":
            rows = ["<tr>" + "".join(items[k : k + 3]) + "</tr>" for k in range(0, len(items), 3)]
            gallery = (
                '<table class="bildergalerie" border="0" cellpadding="4">\n'
                + "\n".join(rows)
                + "\n</table>"
            )
        else:
            gallery = '<ul class="fotoreihe">\n' + "\n".join(items) + "\n</ul>"
        pg.body = f"""
<p>{e(al["intro"])}</p>
{gallery}
<p class="bildnachweis">{e(al["credit"])}</p>
<p>{a("fotos", "Zurück zum Fotoarchiv")}</p>
"""
        pg.contains = [al["intro"]]


def fotos_body() -> None:
    p = P["fotos"]
    lis = "\n".join(f"<li>{a(pid, e(al['title']))}</li>" for pid, al in ALBUMS.items())
    p.body = f"""
<p>Im Fotoarchiv finden Sie Bilder von Veranstaltungen des Kommunalen Integrationszentrums. Die Fotos dürfen nur mit Genehmigung des Kreises Herford veröffentlicht werden.</p>
<ul class="alben">
{lis}
</ul>
"""
    p.contains = ["Die Fotos dürfen nur mit Genehmigung des Kreises Herford veröffentlicht werden."]


def service_pages() -> None:
    P["impressum"].body = """
<p>Herausgeber dieser Internetseiten ist der Kreis Herford, vertreten durch den Landrat Jürgen Müller.</p>
<p>Kreis Herford, Der Landrat, Amtshausstraße 3, 32051 Herford. Sie erreichen die Kreisverwaltung unter der Rufnummer 05221 13-0.</p>
<p>Der Kreis Herford ist eine Körperschaft des öffentlichen Rechts. Umsatzsteuer-Identifikationsnummer gemäß § 27a Umsatzsteuergesetz: DE 126 152 372.</p>
<p>Verantwortlich für den Inhalt der Seiten des Kommunalen Integrationszentrums ist die Leitung des KI.</p>
"""
    P["impressum"].contains = [
        "Herausgeber dieser Internetseiten ist der Kreis Herford, vertreten durch den Landrat Jürgen Müller."
    ]
    P["datenschutz"].body = """
<p>Der Schutz Ihrer persönlichen Daten ist uns ein besonderes Anliegen. Wir verarbeiten Ihre Daten ausschließlich auf Grundlage der gesetzlichen Bestimmungen (DSGVO, DSG NRW).</p>
<h2>Cookies</h2>
<p>Diese Internetseiten verwenden ein technisch notwendiges Cookie, das beim Schließen des Browsers gelöscht wird. Es werden keine Daten an Dritte weitergegeben.</p>
<h2>Kontaktformular</h2>
<p>Wenn Sie uns über das Kontaktformular schreiben, speichern wir Ihre Angaben zur Bearbeitung der Anfrage. Die Daten werden nach Abschluss gelöscht.</p>
<p>Fragen zum Datenschutz richten Sie bitte an die behördliche Datenschutzbeauftragte: <a href="mailto:datenschutz@kreis-herford.de">datenschutz@kreis-herford.de</a></p>
"""
    P["datenschutz"].contains = [
        "Der Schutz Ihrer persönlichen Daten ist uns ein besonderes Anliegen.",
        "Es werden keine Daten an Dritte weitergegeben.",
    ]
    P["kontakt"].body = f"""
<p>Postanschrift: Kreis Herford, Kommunales Integrationszentrum, Amtshausstraße 3, 32051 Herford</p>
<p>Sie finden uns im Kreishaus auf Ebene 1. Das Haus der Integration liegt in der Hansastraße 33.</p>
{card_old(PERSON["brockmeyer"], "kontakt")}
{card_old(PERSON["kirchhoff"], "kontakt")}
<p>{a("service", "Servicezeiten")} | {a("team", "Alle Ansprechpersonen")}</p>
"""
    P["kontakt"].contains = ["Sie finden uns im Kreishaus auf Ebene 1."]
    closed = non_event(
        "service",
        "Servicezeiten zwischen den Feiertagen: Vom 27.12.2017 bis zum 02.01.2018 bleibt das Büro geschlossen.",
    )
    P["service"].body = f"""
<table class="zeiten" border="0" cellpadding="2" cellspacing="0">
<tr><td>Montag bis Donnerstag</td><td>8.30 – 12.00 Uhr und 14.00 – 15.30 Uhr</td></tr>
<tr><td>Freitag</td><td>8.30 – 12.00 Uhr</td></tr>
</table>
<p>Termine außerhalb der Servicezeiten sind nach Vereinbarung möglich.</p>
<p>{e(closed)}</p>
"""
    P["service"].contains = ["Termine außerhalb der Servicezeiten sind nach Vereinbarung möglich."]


# --------------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------------

EXT_SECTIONS = [("Bürgerservice", "/Buergerservice/"), ("Kreistag &amp; Politik", "/Politik/"),
                ("Leben &amp; Soziales", "/Leben-Soziales/"), ("Gesundheit", "/Gesundheit/"),
                ("Bildung &amp; Schule", "/Bildung/"), ("Verkehr &amp; Mobilität", "/Verkehr/"),
                ("Umwelt &amp; Bauen", "/Umwelt/"), ("Wirtschaft", "/Wirtschaft/"),
                ("Kreisverwaltung", "/Kreisverwaltung/"), ("Presse", "/Presse/")]  # fmt: skip
KI_NAV = ["start", "aufgaben", "vernetzung", "basis", "modul12", "danke", "sprachcafe", "integrationsrat",
          "kalender", "presse", "fotos", "team", "kontakt", "service"]  # fmt: skip


def crumbs(p: Page) -> list[tuple[str, str]]:
    chain = []
    node: Page | None = p
    while node is not None:
        chain.append((node.crumb, node.pid))
        node = P[node.parent] if node.parent else None
    chain.reverse()
    return [("Startseite", KH + "/"), ("Leben & Soziales", KH + "/Leben-Soziales/"), *chain]


def crumb_html(p: Page, sep: str) -> str:
    out = []
    for label, target in crumbs(p):
        if target.startswith("http"):
            out.append(f'<a href="{target}">{e(label)}</a>')
        else:
            out.append(a(target, e(label)))
    return sep.join(out)


def nav_label(pid: str) -> str:
    return {
        "start": "KI – Startseite",
        "modul12": "Fit für den Konsumalltag",
        "kalender": "Veranstaltungen",
    }.get(pid, P[pid].crumb)


def render_old(p: Page) -> str:
    decl = {
        "meta": f'<meta charset="{p.charset}">',
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={p.charset}">',
        "none": "",
    }[p.decl]
    top = "\n".join(
        f'<td class="reiter"><a href="{KH}{path}">{label}</a></td>' for label, path in EXT_SECTIONS
    )
    side = "\n".join(
        f'<tr><td class="menuepunkt">{a(pid, e(nav_label(pid)))}</td></tr>' for pid in KI_NAV
    )
    return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html lang="de">
<head>
{decl}
<title>Kreis Herford: {e(p.title)}</title>
<meta name="robots" content="index,follow">
<script type="text/javascript">function linkTo_UnCryptMailto(s){{var n=0,r="";for(var i=0;i<s.length;i++){{n=s.charCodeAt(i);r+=String.fromCharCode(n-1);}}location.href=r;}}</script>
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<a name="top"></a>
<table width="980" border="0" cellspacing="0" cellpadding="0" align="center" class="aussen">
<tr><td colspan="2" class="kopfbereich">
<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>
<td><a href="{KH}/"><img src="/media/design/logo_kreis_herford.png" alt="Logo Kreis Herford" width="200" height="60" border="0"></a></td>
<td align="right" class="servicelinks"><a href="{KH}/Leichte-Sprache/">Leichte Sprache</a> | <a href="{KH}/Gebaerdensprache/">Gebärdensprache</a> | {a("kontakt", "Kontakt")} | <a href="javascript:window.print();"><img src="/media/design/icon_drucken.gif" alt="Drucken" width="16" height="16" border="0"></a></td>
</tr></table>
<table border="0" cellspacing="0" cellpadding="0" class="reiterleiste"><tr>
{top}
</tr></table>
</td></tr>
<tr><td colspan="2" class="pfadzeile">Sie sind hier: {crumb_html(p, " &gt; ")}</td></tr>
<tr>
<td width="210" valign="top" class="linkespalte">
<table width="100%" border="0" cellspacing="0" cellpadding="2" class="untermenue">
{side}
</table>
</td>
<td valign="top" class="inhaltspalte">
<a name="Seiteninhalt"></a>
<h1 class="ueberschrift">{e(p.title)}</h1>
{p.body}
<p class="stand">Stand: {dmy(p.day)}</p>
<div class="werkzeug"><a href="{e(p.href(5, extra="print=1"))}" target="_blank">Seite drucken</a></div>
<div class="werkzeug"><a href="#top"><img src="/media/design/pfeil_oben.gif" alt="" width="9" height="9" border="0"> Zum Seitenanfang</a></div>
</td>
</tr>
<tr><td colspan="2" class="fussleiste">
{a("impressum", "Impressum")} | {a("datenschutz", "Datenschutz")} | {a("kontakt", "Kontakt")} | <a href="mailto:info@kreis-herford.de">info@kreis-herford.de</a> | &copy; Kreis Herford
</td></tr>
</table>
<div id="cookieHinweis">Diese Seite verwendet Cookies. Durch die Nutzung der Seite stimmen Sie der Verwendung von Cookies zu. <a href="javascript:cookieOk();">OK</a> {a("datenschutz", "Mehr erfahren")}</div>
</body>
</html>
"""


def render_new(p: Page) -> str:
    top = "\n".join(f'<li><a href="{KH}{path}">{label}</a></li>' for label, path in EXT_SECTIONS)
    side = "\n".join(f"<li>{a(pid, e(nav_label(pid)))}</li>" for pid in KI_NAV)
    crumb_items = crumb_html(p, "|||").split("|||")
    crumb_ol = "".join(f"<li>{c}</li>" for c in crumb_items)
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="date" content="{p.day.isoformat()}">
<title>{e(p.title)} | Kreis Herford</title>
<script>function linkTo_UnCryptMailto(s){{var r="";for(var i=0;i<s.length;i++){{r+=String.fromCharCode(s.charCodeAt(i)-1);}}location.href=r;}}</script>
</head>
<body>
<div class="sprunglinks"><a href="#seiteninhalt">Zum Inhalt springen</a></div>
<header class="kopf">
<a class="marke" href="{KH}/"><img src="/media/design/logo_kreis_herford.png" alt="Logo Kreis Herford" width="200" height="60"></a>
<nav class="hauptmenue" aria-label="Hauptmenü"><ul>
{top}
</ul></nav>
<nav class="bereichsmenue" aria-label="Kommunales Integrationszentrum"><ul>
{side}
</ul></nav>
</header>
<nav class="pfad" aria-label="Brotkrumen"><span>Sie sind hier:</span><ol>{crumb_ol}</ol></nav>
<main id="seiteninhalt">
<article class="beitrag">
<h1>{e(p.title)}</h1>
{p.body}
<p class="aktualisiert">Stand: <time datetime="{p.day.isoformat()}">{dmy(p.day)}</time></p>
</article>
<ul class="seitenfunktionen"><li><a href="{e(p.href(4, extra="print=1"))}" rel="nofollow">Seite drucken</a></li><li><a href="#top">nach oben</a></li></ul>
</main>
<footer class="fuss">
<ul><li>{a("impressum", "Impressum")}</li><li>{a("datenschutz", "Datenschutz")}</li><li>{a("kontakt", "Kontakt")}</li></ul>
<p>&copy; Kreis Herford · Amtshausstraße 3 · 32051 Herford</p>
</footer>
<aside class="cookie-hinweis">Diese Website verwendet Cookies. <a href="{e(P["datenschutz"].href(2))}">Datenschutzerklärung</a> <button type="button">Verstanden</button></aside>
</body>
</html>
"""


# --------------------------------------------------------------------------------------------
# Media generation
# --------------------------------------------------------------------------------------------


def make_photo(seed: str, size: tuple[int, int], label: str) -> bytes:
    """A distinct, simple JPEG: sky, ground, some figures and a label."""
    from PIL import Image, ImageDraw, ImageFilter

    rnd = random.Random(seed)
    w, h = size
    img = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(img)
    sky = (rnd.randint(90, 170), rnd.randint(140, 200), rnd.randint(200, 255))
    ground = (rnd.randint(40, 120), rnd.randint(110, 170), rnd.randint(30, 90))
    horizon = int(h * rnd.uniform(0.45, 0.65))
    for y in range(h):
        f = y / h
        base = sky if y < horizon else ground
        draw.line([(0, y), (w, y)], fill=tuple(int(c * (0.8 + 0.4 * f)) % 256 for c in base))
    for _ in range(rnd.randint(5, 9)):
        x = rnd.randint(0, w)
        y = rnd.randint(horizon - h // 8, h)
        r = rnd.randint(h // 30, h // 10)
        col = tuple(rnd.randint(0, 255) for _ in range(3))
        draw.ellipse([x - r, y - 3 * r, x + r, y - r], fill=(230, 190, 160))
        draw.rectangle([x - r, y - r, x + r, y + 2 * r], fill=col)
    draw.rectangle([8, h - 28, 8 + 9 * len(label), h - 8], fill=(255, 255, 255))
    draw.text((12, h - 25), label, fill=(0, 0, 0))
    noise = Image.effect_noise((w, h), 18).convert("RGB")
    img = Image.blend(img, noise, 0.08).filter(ImageFilter.SMOOTH)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=60, optimize=True)
    return buf.getvalue()


def make_logo(size: tuple[int, int], text: str, fmt: str, color=(0, 84, 150)) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, size[1] - 1, size[1] - 1], fill=color)
    d.text((size[1] + 6, size[1] // 2 - 6), text, fill=color)
    buf = io.BytesIO()
    img.save(buf, fmt)
    return buf.getvalue()


def make_pdf(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor("Kreis Herford – Kommunales Integrationszentrum")
    y = 800
    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, y, title)
    c.setFont("Helvetica", 11)
    for line in lines:
        y -= 18
        c.drawString(60, y, line)
    c.showPage()
    c.save()
    return buf.getvalue()


PDFS = {
    "flyer_basis": dict(
        path="/media/custom/2807_1234_1.PDF",
        stamp="1491995001",
        title="Flyer für die Basisqualifikation für Ehrenamtliche in der Flüchtlingshilfe - Auftaktveranstaltung im Kreishaus in Herford",
        pdf_title="Basisqualifikation für Ehrenamtliche in der Flüchtlingshilfe",
        lines=[
            "Zwölf Module für Ehrenamtliche in der Flüchtlingshilfe",
            "Auftaktveranstaltung am 14. März 2017 im Kreishaus Herford",
            "Veranstalter: Kommunales Integrationszentrum Kreis Herford,",
            "Gleichstellungsstelle Kreis Herford und DRK Kreisverband Herford-Stadt e.V.",
            "Anmeldung: Telefon 05221/13-1180",
        ],
        pages=["start", "basis", "modul1"],
        day=date(2017, 4, 12),
    ),
    "einladung_konsum": dict(
        path="/media/custom/2807_1310_1.PDF",
        stamp="1495533600",
        title="Einladung Fit für den Konsumalltag",
        pdf_title="Einladung: Fit für den Konsumalltag",
        lines=[
            "Modul 12 der Basisqualifikation für Ehrenamtliche",
            "Referentinnen der Verbraucherzentrale NRW e.V.",
            "Handyverträge, Stromverträge und Gewährleistungsrechte",
            "Kreishaus Herford - Ebene 3",
        ],
        pages=["modul12"],
        day=date(2017, 5, 23),
    ),
    "jahresbericht": dict(
        path="/media/custom/2807_1400_1.PDF",
        stamp="1514797200",
        title="Jahresbericht 2017 des Kommunalen Integrationszentrums",
        pdf_title="Jahresbericht 2017",
        lines=[
            "Kommunales Integrationszentrum Kreis Herford",
            "Im Jahr 2017 haben 35 Ehrenamtliche die Basisqualifikation abgeschlossen.",
            "Das Sprachcafé hatte durchschnittlich 40 Gäste pro Woche.",
        ],
        pages=["aufgaben", "presse"],
        day=date(2018, 1, 1),
    ),
}


def office_documents() -> dict[str, dict]:
    """A Word form (.docx, served as octet-stream) and an OpenDocument letter (.odt)."""
    from crawler.sample_site import office_files as of

    author = "Kreis Herford – Kommunales Integrationszentrum"
    checklist = [
        of.w_para("Checkliste für die Wohnungssuche", style="berschrift1"),
        of.w_para(
            "Diese Unterlagen verlangen Vermieterinnen, Vermieter und Wohnungsbaugesellschaften "
            "im Kreis Herford häufig:"
        ),
        of.w_table(
            [
                ["Unterlage", "Wo erhältlich?"],
                ["Wohnberechtigungsschein", "Bauamt der Stadt oder Gemeinde"],
                [
                    "Mietschuldenfreiheitsbescheinigung",
                    "bisherige Vermieterin oder bisheriger Vermieter",
                ],
                [
                    "Nachweis über Einkommen oder Leistungen",
                    "Arbeitgeber, Jobcenter oder Sozialamt",
                ],
            ]
        ),
        of.w_para(
            of.w_run("Tipp: ", bold=True),
            "Die Mietkaution darf ",
            "höchstens drei Nettokaltmieten",
            " betragen.",
        ),
    ]
    letter = [
        of.odf_heading("Einladung zum Interkulturellen Elternabend"),
        of.odf_para("Liebe Eltern,"),
        of.odf_para(
            "wir laden Sie herzlich zu einem Abend über Erziehung und Schule in Deutschland ein."
            '<text:s text:c="2"/>Bringen Sie gern Ihre Fragen mit.'
        ),
        of.odf_para(
            "Dolmetscherinnen und Dolmetscher für Arabisch, Persisch und Türkisch sind anwesend."
        ),
        of.odf_table(
            "Ablauf",
            [
                ["Beginn", "19:00 Uhr"],
                ["Ort", "Familienzentrum Herford-Mitte"],
                ["Anmeldung", "nicht nötig"],
            ],
        ),
        of.odf_para(
            'Eine <text:span text:style-name="T1">Kinder</text:span>betreuung wird angeboten.'
        ),
    ]
    return {
        "checkliste_wohnen": dict(
            path="/media/custom/2807_1505_1.DOCX",
            stamp="1491285600",
            title="Checkliste für die Wohnungssuche",
            note="Word-Datei",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            served_as="application/octet-stream",  # as IKISS often does
            data=of.make_docx(
                "".join(checklist),
                header="Kreis Herford – Kommunales Integrationszentrum",
                footer="Modul 5: Wohnen und Mietrecht",
                title="Checkliste für die Wohnungssuche",
                author=author,
            ),
            text_contains=[
                "Die Mietkaution darf höchstens drei Nettokaltmieten betragen.",
                "Mietschuldenfreiheitsbescheinigung",
                "Modul 5: Wohnen und Mietrecht",
            ],
            pages=["modul5"],
            day=date(2017, 4, 4),
        ),
        "elternbrief": dict(
            path="/media/custom/2807_1604_1.odt",
            stamp="1459159200",
            title="Elternbrief zum Interkulturellen Elternabend",
            note="ODT",
            mime=of.ODT_MIME,
            served_as=of.ODT_MIME,
            data=of.make_odt(
                "".join(letter),
                header="Kommunales Integrationszentrum Kreis Herford",
                footer="Familienzentrum Herford-Mitte",
                title="Elternbrief zum Interkulturellen Elternabend",
                author=author,
            ),
            text_contains=[
                "Einladung zum Interkulturellen Elternabend",
                "Dolmetscherinnen und Dolmetscher für Arabisch, Persisch und Türkisch sind anwesend.",
                "Eine Kinderbetreuung wird angeboten.",
            ],
            pages=["ev04"],
            day=date(2016, 3, 28),
        ),
    }


def _xml_text(data: bytes, members: tuple[str, ...]) -> str:
    """The character data of some zip members, tags removed (a check independent of the reader)."""
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(archive.read(m).decode("utf-8") for m in members)
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def build_media() -> None:
    from pypdf import PdfReader

    for key, spec in PDFS.items():
        data = make_pdf(spec["pdf_title"], spec["lines"])
        text = "".join(pg.extract_text() for pg in PdfReader(io.BytesIO(data)).pages)
        assert spec["lines"][0] in text.replace("\n", " ") or spec["lines"][0] in text, text
        MEDIA[spec["path"]] = {"data": data, "type": "application/pdf", "day": spec["day"]}
        DOCS[key] = {
            "href": f"{spec['path']}?{spec['stamp']}",
            "title": spec["title"],
            "kb": max(1, round(len(data) / 1024)),
            "spec": spec,
        }
    for key, spec in office_documents().items():
        data = spec["data"]
        parts = ("word/document.xml", "word/header1.xml", "word/footer1.xml")
        if spec["path"].lower().endswith(".odt"):
            parts = ("content.xml",)
        text = _xml_text(data, parts)
        assert all(phrase in text for phrase in spec["text_contains"]), (key, text)
        MEDIA[spec["path"]] = {"data": data, "type": spec["served_as"], "day": spec["day"]}
        DOCS[key] = {
            "href": f"{spec['path']}?{spec['stamp']}",
            "title": spec["title"],
            "kb": max(1, round(len(data) / 1024)),
            "spec": spec,
        }


def write_photos() -> None:
    for ph in PHOTOS:
        MEDIA[ph["url"]] = {
            "data": make_photo(ph["stem"], (ph["width"], ph["height"]), ph["alt"][:24]),
            "type": "image/jpeg",
            "day": ph["day"],
        }
        MEDIA[ph["thumbnail_url"]] = {
            "data": make_photo(ph["stem"], ph["thumb_size"], ""),
            "type": "image/jpeg",
            "day": ph["day"],
        }
    MEDIA["/media/design/logo_kreis_herford.png"] = {
        "data": make_logo((200, 60), "Kreis Herford", "PNG"),
        "type": "image/png",
        "day": date(2015, 1, 1),
    }
    MEDIA["/media/design/ki_logo.png"] = {
        "data": make_logo((160, 60), "KI Kreis Herford", "PNG", (200, 80, 0)),
        "type": "image/png",
        "day": date(2015, 1, 1),
    }
    MEDIA["/media/design/logo_mais.png"] = {
        "data": make_logo((120, 50), "MAIS NRW", "PNG", (0, 120, 60)),
        "type": "image/png",
        "day": date(2015, 1, 1),
    }
    MEDIA["/media/design/logo_msw.png"] = {
        "data": make_logo((120, 50), "MSW NRW", "PNG", (0, 120, 60)),
        "type": "image/png",
        "day": date(2015, 1, 1),
    }
    MEDIA["/media/design/icon_drucken.gif"] = {
        "data": make_logo((16, 16), "", "GIF"),
        "type": "image/gif",
        "day": date(2015, 1, 1),
    }
    MEDIA["/media/design/pfeil_oben.gif"] = {
        "data": make_logo((9, 9), "", "GIF", (120, 120, 120)),
        "type": "image/gif",
        "day": date(2015, 1, 1),
    }
    for p in PERSONS:
        MEDIA[p.vcard] = {
            "data": vcard_text(p).encode("utf-8"),
            "type": "text/vcard; charset=utf-8",
            "day": date(2019, 1, 15),
        }


def jahresbericht_links() -> None:
    d = DOCS["jahresbericht"]
    link = f'<p><a href="{d["href"]}">{e(d["title"])} (PDF, {d["kb"]} KB)</a></p>'
    P["aufgaben"].body += link
    P["presse"].body += link


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def main_text(html_bytes: bytes, p: Page) -> str:
    from crawler.extract.pagedoc import parse_page

    doc = parse_page(html_bytes, FAKE_BASE + p.url, HERFORD, header_charset=None)
    return doc.main_text


def build() -> dict:
    build_media()
    module_pages()
    seed_start()
    module_bodies()
    basis_body()
    aufgaben_body()
    vernetzung_body()
    danke_body()
    team_body()
    person_bodies()
    sprachcafe_body()
    integrationsrat_body()
    press_bodies()
    presse_body()
    calendar_bodies()
    album_bodies()
    fotos_body()
    service_pages()
    jahresbericht_links()
    write_photos()
    archive_event_pages()

    if SITE.exists():
        shutil.rmtree(SITE)
    (SITE / "pages").mkdir(parents=True)
    routes: dict[str, dict] = {}

    def lm(d: date) -> str:
        return datetime.combine(d, time(8), ZoneInfo("UTC")).strftime("%a, %d %b %Y %H:%M:%S GMT")

    truth_pages = []
    for p in P.values():
        text = render_old(p) if p.template == "old" else render_new(p)
        if p.charset == "windows-1252" and p.decl == "none":
            assert "charset" not in text.split("</head>")[0]
        body = text.encode(p.charset)
        if p.truncate_after:
            cut = body.index(p.truncate_after.encode()) + len(p.truncate_after)
            body = body[: cut + 12]  # ends inside the next tag
            body = body.replace(p.truncate_after.encode(), b"")
        fname = f"pages/{p.pid}.html"
        (SITE / fname).write_bytes(body)
        ctype = "text/html; charset=utf-8" if p.charset == "utf-8" else "text/html"
        key = p.url
        assert key not in routes, key
        routes[key] = {"file": fname, "type": ctype, "last_modified": lm(p.day)}
        if p.flaky:
            routes[key]["flaky_503"] = True
        mt = main_text(body, p)
        for c in p.contains:
            assert " ".join(c.split()) in mt, (p.pid, c, mt[:3000])
        truth_pages.append(
            {
                "url": p.url,
                "title": p.title,
                "template": p.template,
                "charset": p.charset,
                "page_date": p.day.isoformat(),
                "main_text_contains": p.contains,
                "breadcrumbs": [c for c, _ in crumbs(p)],
            }
        )

    for path, m in MEDIA.items():
        fname = path.lstrip("/")
        (SITE / fname).parent.mkdir(parents=True, exist_ok=True)
        (SITE / fname).write_bytes(m["data"])
        routes[path] = {"file": fname, "type": m["type"], "last_modified": lm(m["day"])}

    # contact form pages (disallowed by robots.txt, but served)
    form = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Kontaktformular | Kreis Herford</title></head>
<body><main><h1>Kontaktformular</h1>
<form method="post" action="/formular/senden.php"><label>Ihr Name <input name="name"></label>
<label>Ihre E-Mail-Adresse <input name="email"></label><label>Nachricht <textarea name="text"></textarea></label>
<button type="submit">Absenden</button></form></main></body></html>
"""
    (SITE / "pages" / "kontaktformular.html").write_text(form, encoding="utf-8")
    for person in PERSONS:
        key = rel(
            canonicalize(
                FAKE_BASE + f"/formular/kontakt.php?object=tx,{person.aid}&ModID=10", HERFORD
            )
        )
        routes[key] = {
            "file": "pages/kontaktformular.html",
            "type": "text/html; charset=utf-8",
            "last_modified": lm(date(2015, 1, 1)),
        }
    (SITE / "robots.txt").write_text(
        "# robots.txt Kreis Herford (Beispielseite)\nUser-agent: *\nDisallow: /intern/\nDisallow: /formular/\n"
        "Disallow: /output/suche.php\n",
        encoding="ascii",
    )
    routes["/robots.txt"] = {
        "file": "robots.txt",
        "type": "text/plain; charset=utf-8",
        "last_modified": lm(date(2015, 1, 1)),
    }
    routes[rel(canonicalize(FAKE_BASE + REDIRECT_OLD, HERFORD))] = {
        "redirect": P["start"].url,
        "status": 301,
    }
    routes["/"] = {"redirect": P["start"].url, "status": 301}
    routes["/intern/"] = {"status": 403}

    cal = {
        "key": P["kalender"].url,
        "href": P["kalender"].href(0),
        "param": "monat",
        "events": [
            {"date": d.isoformat(), "title": t, "href": P[f"ev{i:02d}"].href(0)}
            for i, (t, d, *_r) in enumerate(CAL_EVENTS + ARCHIVE_EVENTS, 1)
        ],
    }
    (HERE / "routes.json").write_text(
        json.dumps(
            {"routes": routes, "calendar": cal}, ensure_ascii=False, indent=1, sort_keys=True
        )
        + "\n",
        encoding="utf-8",
    )

    # every link variant must canonicalize to one URL with both profiles
    import phonenumbers

    for person in PERSONS:
        for shown, e164 in ((person.phone, person.phone_e164), (person.fax, person.fax_e164)):
            if shown and not shown.startswith("-"):
                parsed = phonenumbers.parse(shown, "DE")
                assert (
                    phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == e164
                )
    for href in LINKS:
        h = canonicalize(FAKE_BASE + href, HERFORD)
        g = canonicalize(FAKE_BASE + href, GENERIC)
        assert h == g, (href, h, g)

    truth = make_truth(truth_pages)
    TRUTH.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return truth


def make_truth(truth_pages: list[dict]) -> dict:
    def urls(pids):
        return [P[x].url for x in pids]

    events = []
    for ev in sorted(EVENTS, key=lambda r: (r["start"], r["title"])):
        rec = {k: v for k, v in ev.items() if k != "source_pids"}
        rec["source_urls"] = urls(ev["source_pids"])
        events.append(rec)
    contacts = []
    for p in PERSONS:
        pages = list(dict.fromkeys(p.pages))
        contacts.append(
            {
                "name": p.name,
                "role": p.role,
                "unit": p.unit,
                "street": p.street,
                "postal_code": p.plz,
                "city": p.city,
                "phone": p.phone,
                "phone_e164": p.phone_e164,
                "fax": p.fax,
                "fax_e164": p.fax_e164,
                "email": p.email,
                "room": p.room,
                "office_hours": p.hours,
                "vcard_url": p.vcard,
                "address_id": p.aid,
                "email_shown_on_cards": p.mail_style != "form",
                "source_urls": urls(pages),
            }
        )
    photos = []
    for ph in PHOTOS:
        data = MEDIA[ph["url"]]["data"]
        photos.append(
            {
                "url": ph["url"],
                "thumbnail_url": ph["thumbnail_url"],
                "album": ph["album"],
                "caption": ph["caption"],
                "alt": ph["alt"],
                "credit": ph["credit"],
                "width": ph["width"],
                "height": ph["height"],
                "sha256": hashlib.sha256(data).hexdigest(),
                "source_url": P[ph["pid"]].url,
                "event": ph["event"],
            }
        )
    documents = []
    for d in DOCS.values():
        spec = d["spec"]
        documents.append(
            {
                "url": spec["path"],
                "title": d["title"],
                "mime": spec.get("mime", "application/pdf"),
                "bytes": len(MEDIA[spec["path"]]["data"]),
                "text_contains": spec.get("text_contains") or spec["lines"][:2],
                "source_urls": urls(spec["pages"]),
            }
        )
    non_events = [{"source_url": P[n["pid"]].url, "text": n["text"]} for n in NON_EVENTS]
    non_events.append({"source_url": P["start"].url, "text": f"Stand: {dmy(P['start'].day)}"})
    event_titles = {ev["title"] for ev in events}
    assert all(ph["event"] in event_titles for ph in photos)
    return {
        "start_path": P["start"].url,
        "pages": truth_pages,
        "events": events,
        "non_events": non_events,
        "contacts": contacts,
        "photos": photos,
        "documents": documents,
        "vcards": [p.vcard for p in PERSONS],
        "broken_links": [
            {
                "url": rel(canonicalize(FAKE_BASE + NOT_FOUND, HERFORD)),
                "status": 404,
                "linked_from": [P["aufgaben"].url],
            },
            {
                "url": rel(canonicalize(FAKE_BASE + BROKEN_PDF, HERFORD)),
                "status": 404,
                "linked_from": [P["pm_fachtag"].url],
                "note": "PDF-Link ohne Ziel (Programm Fachtag 2016)",
            },
        ],
        "redirects": [
            {
                "from": rel(canonicalize(FAKE_BASE + REDIRECT_OLD, HERFORD)),
                "to": P["start"].url,
                "status": 301,
                "linked_from": [P["aufgaben"].url],
            },
            {"from": "/", "to": P["start"].url, "status": 301, "linked_from": []},
        ],
        "traps": {
            "disallowed_prefix": "/intern/",
            "disallowed_prefixes": ["/intern/", "/formular/", "/output/suche.php"],
            "disallowed_links": [INTERN]
            + [
                f"/formular/kontakt.php?object=tx,{p.aid}&ModID=10&NavID=2807.178"
                for p in PERSONS
                if p.mail_style == "form"
            ],
            "print_param": "print=1",
            "calendar_month_param": "monat",
            "calendar_month_example": P["kalender"].href(3, extra="monat=2017-06"),
            "flaky_503_path": P["integrationsrat"].url,
            "external_hosts": [
                "www.kreis-herford.de",
                "www.widunetz.de",
                "other.invalid",
                "www.verbraucherzentrale.nrw",
                "www.kommunale-integrationszentren-nrw.de",
            ],
            "truncated_page": P["modul7"].url,
            "cp1252_pages": [p.url for p in P.values() if p.charset == "windows-1252"],
            "cp1252_undeclared_pages": [p.url for p in P.values() if p.decl == "none"],
        },
        "notes": (
            "URLs are root-relative and canonical per the herford profile (the generic profile gives the same "
            "for every link on the site; both keep the `monat` date of a calendar month view). The month "
            "views are no pages: the last two calendar entries (2017-03, 2016-12) are linked from their "
            "month views only, not from the list pages. Media URLs are given without their cache-busting "
            "query. "
            "Events: start/end are ISO datetimes with the Europe/Berlin offset when a time of day is given "
            "(precision minute), bare dates otherwise (precision day, all_day true), YYYY-MM for month "
            "precision (all_day false). `end` is null when no end is stated. Event titles are the page "
            "heading of the calendar or module page that announces them, or the event's own name for "
            "events only mentioned in prose (press releases, content pages); `#DANKE` keeps its heading. "
            "Organizers are written in the nominative as a careful reader would list them. The "
            "2016-07 Vernetzungstreffen (Vernetzung page) has the organizer 'Kommunales "
            "Integrationszentrum': the page only says 'Das KI lädt sie … ein' and defines "
            "'Kommunales Integrationszentrum (KI)'; it never names the 'Kreis Herford' form. An event on "
            "several pages (calendar entry + press release, start page + module page) is one record with "
            "all its pages in source_urls; calendar list pages are not counted as sources. The year of "
            "'am 05.07. um 17 Uhr' comes from the page date (Stand: 12.06.2018). "
            "Contacts: phone/fax are the display form as printed on the cards (the same on every page of a "
            "person); '-13 1183' is an extension relative to the card's area code 05221. E-mails are given "
            "decoded; for persons with email_shown_on_cards false the cards only carry the contact-form link "
            "and the e-mail is on the detail page (ModID=9) and in the vCard. "
            "Photos: caption is null where the album gives only alt text; the #DANKE photo DSC_2669 is also "
            "shown on the start page and the #DANKE page (source_url is its album). "
            "Documents: title is the link text without the '(PDF, n KB)', '(Word-Datei, n KB)' or "
            "'(ODT, n KB)' suffix; mime is the type of the content (the .DOCX is served as "
            "application/octet-stream); text_contains phrases come from the body, table cells, "
            "headers and footers. "
            "Pages: `title` is the h1, breadcrumbs include the current page; page_date is the 'Stand:' date."
        ),
    }


if __name__ == "__main__":
    result = build()
    print(
        f"{len(result['pages'])} pages, {len(result['events'])} events, {len(result['contacts'])} contacts, "
        f"{len(result['photos'])} photos, {len(result['documents'])} documents"
    )
