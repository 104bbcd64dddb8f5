"""Contact cards found by what they say, on old table and newer semantic IKISS templates."""

from pathlib import Path

import pytest

from crawler.extract.contacts import (
    address_id_from_url,
    contact_id,
    email_from_href,
    extract_contacts,
    find_email,
)
from crawler.extract.pagedoc import parse_page
from crawler.items import stable_id
from crawler.profiles import load_profile

FIXTURES = Path(__file__).parent / "fixtures" / "contacts"
PAGE_URL = "https://www.kreis-herford.de/index.php?object=tx,2807.4.1&La=1&NavID=2807.4"


@pytest.fixture(scope="module")
def profile():
    return load_profile("herford")


def contacts(name, profile, url=PAGE_URL):
    html = (FIXTURES / name).read_text(encoding="utf-8")
    return extract_contacts(parse_page(html, url, profile))


def test_seed_old_table_card(profile):
    found = contacts("old_table_card.html", profile)
    assert len(found) == 1  # neither the footer block nor the speakers in prose are contacts
    card = found[0]
    assert card.name == "Gudrun Kirchhoff"
    assert card.unit == "Kommunales Integrationszentrum (KI)"
    assert card.role == "Verwaltungsassistenz"
    assert (card.street, card.postal_code, card.city) == ("Amtshausstraße 3", "32051", "Herford")
    assert (card.phone, card.phone_e164) == ("05221/13-1180", "+495221131180")
    assert (card.fax, card.fax_e164) == ("05221/13-171180", "+49522113171180")
    assert card.email is None  # only the contact form: no address, no warning
    assert card.room == "1.30"
    assert card.address_id == "2807.1180.1"
    assert card.id == stable_id("contact", "addr", "2807.1180.1")
    assert card.vcard_url == "https://www.kreis-herford.de/output/vcard.php?object=tx,2807.1180.1"
    assert card.source_urls == [PAGE_URL]
    assert card.warnings == []


def test_dl_card_in_semantic_template(profile):
    [card] = contacts("dl_card.html", profile)
    assert card.name == "Dr. Anna Beispiel"
    assert card.role == "Leitung"
    assert card.unit == "Kommunales Integrationszentrum"
    assert card.phone_e164 == "+495221131182"
    assert card.fax_e164 == "+49522113171182"
    assert card.email == "a.beispiel@kreis-herford.de"
    assert card.room == "2.14"
    assert card.office_hours == "Mo–Do 8.30–12.00 Uhr; Do 14.00–17.00 Uhr"
    assert card.address_id == "2807.1190.1"  # the detail link's FID
    assert card.vcard_url == "https://www.kreis-herford.de/output/vcard/2807.1190.1.vcf"


def test_address_element(profile):
    [card] = contacts("address_card.html", profile)
    assert card.name == "Markus Lehmann"
    assert card.role == "Integrationsberatung"
    assert card.postal_code == "32051"
    assert card.phone == "(05221) 131181"
    assert card.phone_e164 == "+495221131181"
    assert card.email == "m.lehmann@kreis-herford.de"
    assert card.id == contact_id("Markus Lehmann", "m.lehmann@kreis-herford.de", None)


def test_team_table(profile):
    found = contacts("team_table.html", profile)
    assert [c.name for c in found] == ["Gudrun Kirchhoff", "Jonas Weber", "Leyla Demir"]
    assert [c.role for c in found] == [
        "Verwaltungsassistenz",
        "Bildungsberatung",
        "Koordination Ehrenamt",
    ]
    assert [c.email for c in found] == [
        "g.kirchhoff@kreis-herford.de",
        "j.weber@kreis-herford.de",
        None,
    ]
    # "-1183" in the last row is an extension of the numbers above
    assert [c.phone_e164 for c in found] == ["+495221131180", "+495221131179", "+495221131183"]


def test_team_list(profile):
    found = contacts("team_list.html", profile)
    assert [(c.name, c.role, c.phone_e164, c.email) for c in found] == [
        (
            "Sabine Hoffmann",
            "Seiteneinstieg Schule",
            "+495221131176",
            "s.hoffmann@kreis-herford.de",
        ),
        ("Yusuf Aydin", "Sprachbildung", "+495221131177", "y.aydin@kreis-herford.de"),
    ]


def test_obfuscated_emails(profile):
    first, second = contacts("obfuscated_email.html", profile)
    assert first.name == "Petra Schulte-Brandt"
    assert first.email == "petra.schulte-brandt@kreis-herford.de"
    assert first.phone_e164 == "+495221131184"
    assert second.name == "Thomas Krüger"
    assert second.email == "t.krueger@kreis-herford.de"  # from the script-encrypted mailto
    assert second.phone_e164 == "+495221131185"


def test_extension_only_phone_on_card(profile):
    [card] = contacts("extension_phone.html", profile)
    assert card.name == "Maria Schneider"
    assert card.phone_e164 == "+495221131180"
    assert card.fax == "-1183"
    assert card.fax_e164 == "+495221131183"


def test_unreadable_phone_and_missing_label_keep_card(profile):
    [card] = contacts("broken_card.html", profile)
    assert card.name == "Karl Neumann"
    assert card.email == "k.neumann@kreis-herford.de"
    assert card.phone_e164 == "+495221131190"
    assert "Telefonnummer nicht lesbar: bitte über Zentrale" in card.warnings
    assert any("ohne Bezeichnung" in w for w in card.warnings)


def test_footer_and_navigation_are_no_contacts(profile):
    assert contacts("footer_only.html", profile) == []


def test_generic_profile_finds_the_seed_card():
    [card] = contacts("old_table_card.html", load_profile("generic"))
    assert card.name == "Gudrun Kirchhoff"
    assert card.phone_e164 == "+495221131180"


def test_two_flat_cards_in_one_container(profile):
    html = """<html><body><div id="inhalt"><p>Ansprechpersonen:</p><p>
    Frau Anna Beispiel<br>Telefon: 05221 13-1101<br>E-Mail: a.beispiel@kreis-herford.de<br>
    Herr Bernd Muster<br>Telefon: 05221 13-1102<br>Raum: 2.01</p></div></body></html>"""
    found = extract_contacts(parse_page(html, PAGE_URL, profile))
    assert [(c.name, c.phone_e164) for c in found] == [
        ("Anna Beispiel", "+495221131101"),
        ("Bernd Muster", "+495221131102"),
    ]
    assert found[1].room == "2.01"
    assert found[1].email is None


def test_office_card_with_phone(profile):
    html = """<html><body><div id="inhalt"><h1>Kontakt</h1><div>
    <p>Kommunales Integrationszentrum</p><p>Amtshausstraße 3</p><p>32051 Herford</p>
    <p>Telefon: 05221 13-1180</p></div></div></body></html>"""
    [card] = extract_contacts(parse_page(html, PAGE_URL, profile))
    assert card.name == "Kommunales Integrationszentrum"
    assert card.phone_e164 == "+495221131180"


def test_office_address_without_phone_is_no_contact(profile):
    html = """<html><body><div id="inhalt"><p>Veranstaltungsort:</p>
    <p>Jugendgästehaus Rödinghausen</p><p>Am Rathaus 2</p><p>32289 Rödinghausen</p>
    </div></body></html>"""
    assert extract_contacts(parse_page(html, PAGE_URL, profile)) == []


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("g.kirchhoff@kreis-herford.de", "g.kirchhoff@kreis-herford.de"),
        ("g.kirchhoff(at)kreis-herford.de", "g.kirchhoff@kreis-herford.de"),
        ("g.kirchhoff [at] kreis-herford [dot] de", "g.kirchhoff@kreis-herford.de"),
        ("g.kirchhoff at kreis-herford dot de", "g.kirchhoff@kreis-herford.de"),
        ("gudrun(dot)kirchhoff(at)kreis-herford(dot)de", "gudrun.kirchhoff@kreis-herford.de"),
        ("E-Mail per Kontaktformular versenden", None),
    ],
)
def test_find_email(text, email):
    assert find_email(text) == email


def test_email_from_href():
    assert email_from_href("mailto:A.Beispiel@Kreis-Herford.de?subject=Hallo") == (
        "a.beispiel@kreis-herford.de"
    )
    assert email_from_href("javascript:linkTo_UnCryptMailto('nbjmup+bAc/ef');") == "a@b.de"
    assert email_from_href("/index.php?ModID=10") is None


def test_address_id_from_url(profile):
    assert address_id_from_url("/index.php?ModID=9&object=tx%2C2807.1180.1", profile) == (
        "2807.1180.1"
    )
    assert address_id_from_url("/index.php?ModID=9&FID=2807.1180.1", profile) == "2807.1180.1"
    assert address_id_from_url("/media/2807.1180.1.vcf", profile) == "2807.1180.1"
    assert address_id_from_url("/kontakt.html", profile) is None


def test_contact_id():
    assert contact_id("Gudrun Kirchhoff", None, "tx,1") == stable_id("contact", "addr", "1")
    assert contact_id(" Gudrun  KIRCHHOFF", "G@X.de", None) == stable_id(
        "contact", "gudrun kirchhoff", "g@x.de"
    )


def test_semantic_template_cards_with_tel_links(profile):
    first, second = contacts("semantic_cards.html", profile)
    assert (first.name, first.role, first.unit) == (
        "Gudrun Kirchhoff",
        "Verwaltungsassistenz",
        "Kommunales Integrationszentrum (KI)",
    )
    assert first.fax_e164 == "+49522113171180"
    assert first.email is None  # "E-Mail schreiben" is the contact form
    # the detail link says object=tx,2807.1180.1, the vCard link FID=2807.1180.1: one id
    assert first.address_id == "2807.1180.1"
    assert first.vcard_url == "https://www.kreis-herford.de/output/vcard.php?FID=2807.1180.1"
    assert (second.name, second.email, second.address_id) == (
        "Jonas Weber",
        "j.weber@kreis-herford.de",
        "2807.1181.1",
    )
    assert second.street is None


def test_card_written_as_inline_spans(profile):
    [card] = contacts("inline_spans_card.html", profile)
    assert card.name == "Ayşe Yılmaz"
    assert card.unit == "Geschäftsstelle Integrationsrat"
    assert (card.street, card.postal_code, card.city) == ("Amtshausstraße 3", "32051", "Herford")
    assert card.phone_e164 == "+495221131186"
    assert card.email == "a.yilmaz@kreis-herford.de"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Gudrun Kirchhoff", "Gudrun Kirchhoff"),
        ("Frau Dr. Anna Beispiel", "Dr. Anna Beispiel"),
        ("Herr Kirchhoff", "Kirchhoff"),
        ("Sean O'Neill", "Sean O'Neill"),
        ("Kommunales Integrationszentrum (KI)", None),
        ("Kreis Herford", None),
        ("Amtshausstraße 3", None),
        ("Visitenkarte anzeigen", None),
        ("Zum Seitenanfang", None),
        ("Verbraucherzentrale NRW", None),
        ("Verwaltungsassistenz", None),
    ],
)
def test_person_name(profile, line, name):
    from crawler.extract.contacts import _vocab, person_name

    assert person_name(line, _vocab(profile)) == name


def test_unreadable_email_keeps_card_with_warning(profile):
    html = """<html><body><div id="inhalt"><p>Anna Muster</p>
    <p>E-Mail: <a href="javascript:void(0)">bitte Kontaktformular nutzen (unlesbar)</a></p>
    </div></body></html>"""
    [card] = extract_contacts(parse_page(html, PAGE_URL, profile))
    assert card.name == "Anna Muster"
    assert card.email is None
    assert card.warnings == ["E-Mail-Adresse nicht lesbar: bitte Kontaktformular nutzen (unlesbar)"]
