"""vCard files and reconciling them with the page cards that link to them."""

from pathlib import Path

import pytest

from crawler.extract.contacts import extract_contacts
from crawler.extract.pagedoc import parse_page
from crawler.extract.vcards import merge_contacts, parse_vcards, same_person
from crawler.items import ContactRecord, stable_id
from crawler.profiles import load_profile

FIXTURES = Path(__file__).parent / "fixtures" / "contacts"
VCARD_URL = "https://www.kreis-herford.de/output/vcard.php?object=tx,2807.1180.1"
PAGE_URL = "https://www.kreis-herford.de/index.php?object=tx,2807.4.1"


@pytest.fixture(scope="module")
def profile():
    return load_profile("herford")


def read(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_vcard_30(profile):
    [card] = parse_vcards(read("kirchhoff.vcf"), VCARD_URL, profile)
    assert card.name == "Gudrun Kirchhoff"
    assert card.unit == "Kommunales Integrationszentrum (KI)"  # ORG: organisation;unit
    assert card.role == "Verwaltungsassistenz"
    assert (card.street, card.postal_code, card.city) == ("Amtshausstraße 3", "32051", "Herford")
    assert card.phone_e164 == "+495221131180"
    assert card.fax_e164 == "+49522113171180"
    assert card.email == "g.kirchhoff@kreis-herford.de"
    assert card.room == "1.30"
    assert card.office_hours == "Mo-Fr 8.30-12.00 Uhr"
    assert card.vcard_url == VCARD_URL
    assert card.source_urls == [VCARD_URL]
    assert card.address_id == "2807.1180.1"  # from the URL when the caller gives none
    assert card.id == stable_id("contact", "addr", "2807.1180.1")
    assert card.warnings == []


def test_several_cards_in_one_file(profile):
    weber, demir = parse_vcards(read("team.vcf"), "https://x.example/team.vcf", profile)
    assert weber.name == "Jonas Weber"
    assert weber.role == "Bildungsberatung"
    assert weber.phone == "05221 13-1179"  # the work number, not the mobile
    assert weber.email == "j.weber@kreis-herford.de"
    assert demir.name == "Leyla Demir"  # "Frau" dropped
    assert demir.phone_e164 == "+495221131183"
    assert demir.address_id is None


def test_explicit_address_id(profile):
    [card] = parse_vcards(read("kirchhoff.vcf"), "https://x.example/k.vcf", profile, "9")
    assert card.address_id == "9"


def test_broken_vcard_keeps_what_was_read(profile):
    [card] = parse_vcards(read("broken.vcf"), "https://x.example/b.vcf", profile)
    assert card.name == "Karl Neumann"
    assert card.phone_e164 == "+495221131190"
    assert card.email == "k.neumann@kreis-herford.de"
    assert card.fax_e164 is None
    assert any(w.startswith("vCard teilweise nicht lesbar") for w in card.warnings)
    assert "Faxnummer nicht lesbar: nicht vorhanden" in card.warnings


@pytest.mark.parametrize(
    "text", ["", "no vcard here", "BEGIN:VCARD\r\nVERSION:3.0\r\n", "\x00\xff"]
)
def test_garbage_never_raises(profile, text):
    assert parse_vcards(text, "https://x.example/g.vcf", profile) == []


def test_page_card_and_vcard_merge(profile):
    page = extract_contacts(parse_page(read("old_table_card.html"), PAGE_URL, profile))[0]
    [vcard] = parse_vcards(read("kirchhoff.vcf"), VCARD_URL, profile)
    assert same_person(page, vcard)
    for merged in (merge_contacts(page, vcard), merge_contacts(vcard, page)):
        assert merged.id == stable_id("contact", "addr", "2807.1180.1")
        assert merged.phone == "05221/13-1180"  # the page's display form
        assert merged.fax == "05221/13-171180"
        assert merged.unit == "Kommunales Integrationszentrum (KI)"
        assert merged.email == "g.kirchhoff@kreis-herford.de"  # only the vCard has it
        assert merged.office_hours == "Mo-Fr 8.30-12.00 Uhr"
        assert merged.source_urls == [PAGE_URL]  # the vCard is named in vcard_url
        assert merged.vcard_url == VCARD_URL
        assert merged.vcard_url == VCARD_URL


def test_address_id_wins_in_merge():
    by_name = ContactRecord(name="Anna Beispiel", source_urls=["p"])
    by_name.id = "co-name"
    by_addr = ContactRecord(name="Anna Beispiel", address_id="tx,5", source_urls=["q"])
    merged = merge_contacts(by_name, by_addr)
    assert merged.id == stable_id("contact", "addr", "5")
    assert merged.source_urls == ["p", "q"]


def test_merge_unions_warnings_and_fills_unreadable_phone():
    a = ContactRecord(name="A B", phone="bitte anrufen", warnings=["x"], source_urls=["p"])
    b = ContactRecord(name="A B", phone="05221 1", phone_e164="+4952211", warnings=["y"])
    merged = merge_contacts(a, b)
    assert merged.phone_e164 == "+4952211"
    assert merged.warnings == ["x", "y"]


def test_same_person():
    a = ContactRecord(name="Gudrun Kirchhoff", email="g@x.de")
    assert same_person(a, ContactRecord(name="gudrun  kirchhoff"))
    assert same_person(a, ContactRecord(name="Gudrun Kirchhoff", email="G@X.de"))
    assert not same_person(a, ContactRecord(name="Gudrun Kirchhoff", email="other@x.de"))
    assert not same_person(a, ContactRecord(name="Jonas Weber", email="g@x.de"))
    assert same_person(
        ContactRecord(name="A", address_id="1"), ContactRecord(name="B", address_id="1")
    )
    assert not same_person(
        ContactRecord(name="A", address_id="1"), ContactRecord(name="A", address_id="2")
    )


def test_sample_site_contacts_match_truth(profile):
    """Every page card and vCard of the bundled sample site, reconciled, gives the truth contacts."""
    import json

    site = Path(__file__).parent.parent / "crawler" / "sample_site"
    try:
        truth = json.loads((site / "truth.json").read_text(encoding="utf-8"))["contacts"]
        routes = json.loads((site / "routes.json").read_text(encoding="utf-8"))["routes"]
    except (OSError, KeyError, ValueError):
        pytest.skip("sample site not built")
    base = "http://127.0.0.1:8000"
    found: dict[str, ContactRecord] = {}
    for key, route in routes.items():
        path = site / "site" / (route.get("file") or "-")
        if path.suffix == ".html":
            records = extract_contacts(parse_page(path.read_bytes(), base + key, profile))
        elif path.suffix == ".vcf":
            records = parse_vcards(path.read_text(encoding="utf-8"), base + key, profile)
        else:
            continue
        for rec in records:
            k = rec.address_id or rec.name
            found[k] = merge_contacts(found[k], rec) if k in found else rec
    assert set(found) == {t["address_id"] for t in truth}
    fields = ["name", "role", "unit", "street", "postal_code", "city", "phone", "phone_e164"]
    fields += ["fax", "fax_e164", "email", "room", "office_hours"]
    for t in truth:
        rec = found[t["address_id"]]
        assert {f: getattr(rec, f) for f in fields} == {f: t[f] for f in fields}
        assert rec.vcard_url == base + t["vcard_url"]
        pages = {u.removeprefix(base) for u in rec.source_urls if u != rec.vcard_url}
        assert pages == set(t["source_urls"])
        assert rec.warnings == []
