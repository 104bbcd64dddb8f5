"""Events from pages: calendar entries in old and new templates, prose announcements and reports."""

from datetime import date
from pathlib import Path

import pytest

from crawler.extract.events import event_id, extract_events
from crawler.extract.pagedoc import parse_page
from crawler.extract.text import split_sentences
from crawler.items import stable_id
from crawler.profiles import load_profile

FIXTURES = Path(__file__).parent / "fixtures" / "events"
URL = "https://www.kreis-herford.de/index.php?object=tx,2104.1&ModID=7"


@pytest.fixture(scope="module")
def profile():
    return load_profile("herford")


def events(name, profile, page_date=None, prof=None):
    html = (FIXTURES / name).read_text(encoding="utf-8")
    doc = parse_page(html, URL, prof or profile, page_date=page_date)
    return extract_events(doc)


def by_title(records):
    return {r.title: r for r in records}


# --- the seed page -------------------------------------------------------------------------


def test_seed_page_announcement(profile):
    found = by_title(events("seed_old_template.html", profile))
    modul = found["Fit für den Konsumalltag"]
    assert modul.start == "2017-06-06T17:00:00+02:00"
    assert modul.precision == "minute" and not modul.all_day
    assert modul.location == "Kreishaus Herford - Ebene 3"
    assert modul.kind == "announcement" and modul.status == "scheduled"
    assert modul.organizers == [
        "Kommunales Integrationszentrum Kreis Herford",
        "Gleichstellungsstelle Kreis Herford",
        "Deutsches Rotes Kreuz (DRK) Kreisverband Herford-Stadt e.V.",
    ]
    assert modul.raw["start"] == "06.06.2017 um 17.00 Uhr"
    assert modul.raw["location"] == "im Kreishaus Herford - Ebene 3"
    assert modul.source_urls == [URL]
    assert modul.id == event_id("Fit für den Konsumalltag", modul.start)


def test_seed_page_report(profile):
    danke = by_title(events("seed_old_template.html", profile))["#DANKE"]
    assert danke.start == "2016-07-02" and danke.all_day and danke.precision == "day"
    assert danke.location == "Jugendgästehaus Rödinghausen"
    assert danke.kind == "report"
    assert danke.organizers == ["Kommunales Integrationszentrum des Kreises Herford"]
    assert "80 Ehrenamtliche nahmen die Einladung an." in danke.description


def test_seed_page_law_and_council_dates_are_not_events(profile):
    records = events("seed_old_template.html", profile)
    assert len(records) == 2
    assert all(not (r.start or "").startswith(("2012", "2013")) for r in records)


# --- one section per date form ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "start", "end", "precision"),
    [
        ("Form A: Sprachcafé", "2017-06-08T17:00:00+02:00", None, "minute"),
        ("Form B: Vortrag Asylrecht", "2017-06-09T17:00:00+02:00", None, "minute"),
        ("Form C: Elternabend", "2017-03-14T18:00:00+01:00", "2017-03-14T20:00:00+01:00", "minute"),
        ("Form D: Sommerfest", "2017-07-05T17:00:00+02:00", None, "minute"),
        ("Form E: Interkulturelle Woche", "2018-05-03", "2018-05-05", "day"),
        ("Form F: Jugendbegegnung", "2018-04-30", "2018-05-02", "day"),
        ("Form G: Ausstellung Heimat", "2018-04-09", "2018-04-27", "day"),
        ("Form H: Ausstellung Fluchtpunkte", "2018-09-10", "2018-09-28", "day"),
        ("Preisverleihung", "2016-07", None, "month"),
        ("Form J: Fest Mitte", "2016-08", None, "month"),
        ("Form K: Kulturtage", "2016-10", None, "month"),
        (
            "Form L1: Beratung en dash",
            "2017-10-12T17:30:00+02:00",
            "2017-10-12T19:00:00+02:00",
            "minute",
        ),
        (
            "Form L2: Beratung Bindestrich",
            "2017-10-13T17:30:00+02:00",
            "2017-10-13T19:00:00+02:00",
            "minute",
        ),
        (
            "Form L3: Beratung bis",
            "2017-10-16T17:30:00+02:00",
            "2017-10-16T19:00:00+02:00",
            "minute",
        ),
        ("Form M: Konzert", "2017-10-20T19:30:00+02:00", None, "minute"),
        ("Form N: Aktionstag", "2017-10-21", None, "day"),
        ("Form O: Dankeschönfest", "2017-07-02", None, "day"),
        ("Form P: Kochabend", "2017-07-02", None, "day"),
        ("Form Q1: Neujahrsempfang", "2018-01-03", None, "day"),
        ("Form Q2: Karnevalsfeier", "2018-02-06", None, "day"),
        ("Form Q3: Herbstseminar", "2018-09-07", None, "day"),
        ("Form Q4: Infoabend September", "2018-09-10", None, "day"),
        ("Form R: Workshop Wochentag", "2017-04-03", None, "day"),
        ("Form S: Treffen ISO", "2017-11-20", None, "day"),
        ("Form T: Tagung mit Zeitangabe", "2017-11-22T09:00:00+01:00", None, "minute"),
    ],
)
def test_prose_date_forms(profile, title, start, end, precision):
    record = by_title(events("date_forms.html", profile))[title]
    assert (record.start, record.end, record.precision) == (start, end, precision)
    assert record.all_day == (precision == "day")


def test_date_forms_page_has_one_record_per_section(profile):
    assert len(events("date_forms.html", profile)) == 25


def test_locations_from_sentences(profile):
    found = by_title(events("date_forms.html", profile))
    assert found["Form B: Vortrag Asylrecht"].location == "VHS Herford, Münsterkirchplatz 1"
    assert found["Form F: Jugendbegegnung"].location == "Jugendgästehaus Rödinghausen"
    assert found["Form G: Ausstellung Heimat"].location == "Foyer des Kreishauses"
    assert found["Form E: Interkulturelle Woche"].location is None


# --- what is not an event --------------------------------------------------------------------


def test_non_event_dates(profile):
    # a law coming into force, a council decision, a press release date, office hours,
    # a registration deadline, a 'Stand:' line
    assert events("non_events.html", profile) == []


# --- status and kind -------------------------------------------------------------------------


def test_cancelled_status(profile):
    found = by_title(events("cancelled.html", profile))
    lesung = found["Lesung „Neue Nachbarn“"]
    assert lesung.status == "cancelled"
    assert "ausfallen" in lesung.raw["status"]
    assert found["Interkulturelles Frühstück"].status == "scheduled"


def test_report_versus_announcement(profile):
    found = by_title(events("report_announcement.html", profile))
    assert found["Fachtag Sprachbildung"].kind == "report"  # "fand ... statt"
    assert found["Erzählcafé"].kind == "report"  # "war ein voller Erfolg"
    assert found["Interkultureller Kochkurs"].kind == "announcement"
    # no past tense, but the date lies before the page date
    assert found["Stadtteilfest"].kind == "report"
    assert found["Fachtag Sprachbildung"].location == "Kreishaus Herford"


# --- calendar entries ------------------------------------------------------------------------


def test_calendar_detail_old_table(profile):
    (record,) = events("calendar_old_table.html", profile)
    assert record.title == "Sprachcafé International"
    assert record.start == "2017-03-14T18:00:00+01:00"
    assert record.end == "2017-03-14T20:00:00+01:00"
    assert record.location == "VHS im Kreis Herford, Münsterkirchplatz 1, 32052 Herford"
    assert record.organizers == [
        "Kommunales Integrationszentrum Kreis Herford",
        "Volkshochschule im Kreis Herford",
    ]
    assert record.description.startswith("Im Sprachcafé treffen sich")
    assert "Datum" not in record.description
    assert record.raw["location"].startswith("VHS im Kreis Herford")


def test_calendar_detail_new_template_dl_with_time_elements(profile):
    (record,) = events("calendar_new_dl.html", profile)
    assert record.title == "Interkulturelles Fest auf dem Marktplatz"
    assert (record.start, record.end, record.all_day) == ("2018-05-03", "2018-05-05", True)
    assert record.location == "Marktplatz Bünde"
    assert record.organizers == ["Stadt Bünde", "Kommunales Integrationszentrum Kreis Herford"]


def test_calendar_detail_plain_dl(profile):
    (record,) = events("calendar_dl_plain.html", profile)
    assert record.start == "2017-04-03T09:30:00+02:00"
    assert record.end == "2017-04-03T11:30:00+02:00"
    assert record.location == "Familienzentrum Sonnenblume, Bielefelder Straße 5, 32051 Herford"


def test_calendar_detail_label_lines(profile):
    (record,) = events("calendar_lines.html", profile)
    assert record.title == "Infoabend für Sprachpatinnen und Sprachpaten"
    # "05.07." without a year: the page's "Stand: 20.06.2017" gives it
    assert record.start == "2017-07-05T17:00:00+02:00"
    assert record.end == "2017-07-05T19:00:00+02:00"
    assert record.location == "Stadtbibliothek Bünde, Eschstraße 30"
    assert record.organizers == ["Kommunales Integrationszentrum Kreis Herford"]
    assert any("ergänzt" in w for w in record.warnings)


def test_calendar_detail_div_pairs_without_colons(profile):
    (record,) = events("calendar_divs.html", profile)
    assert record.title == "Fachtag „Vielfalt in der Kita“"
    assert record.start == "2017-11-21T09:00:00+01:00"
    assert record.end == "2017-11-21T15:30:00+01:00"
    assert record.location == "Kreishaus Herford, Amtshausstraße 3, Ebene 3"


def test_calendar_entries_in_one_list(profile):
    records = events("calendar_list.html", profile)
    assert [(r.title, r.start) for r in records] == [
        ("Interkulturelles Frauenfrühstück", "2017-09-07T09:30:00+02:00"),
        ("Interkulturelles Frauenfrühstück", "2017-10-05T09:30:00+02:00"),
        ("Lesung: Angekommen", "2017-10-12T19:00:00+02:00"),
    ]
    assert [r.status for r in records] == ["scheduled", "scheduled", "cancelled"]
    assert len({r.id for r in records}) == 3


def test_calendar_labels_come_from_the_profile(profile):
    custom = load_profile("herford")
    custom.data["labels"] = dict(custom.data["labels"], location=["Veranstaltungsstätte"])
    (record,) = events("calendar_old_table.html", profile, prof=custom)
    assert record.location is None  # "Ort" is no longer a label word


# --- year-less and impossible dates ----------------------------------------------------------


def test_yearless_date_with_page_date(profile):
    (record,) = events("yearless.html", profile, page_date=date(2018, 6, 12))
    assert record.start == "2018-07-05T17:00:00+02:00"


def test_yearless_date_without_page_date_keeps_record_with_warning(profile):
    (record,) = events("yearless.html", profile)
    assert record.start is None
    assert record.raw["start"] == "05.07. um 17 Uhr"
    assert any("Jahr fehlt" in w for w in record.warnings)
    assert record.location == "Kreishaus Herford"


def test_impossible_date_gives_warning_and_no_start(profile):
    (record,) = events("invalid_date.html", profile)
    assert record.start is None
    assert "Datum 31.02.2017 ungültig" in record.warnings
    assert record.raw["start"] == "31.02.2017 um 9 Uhr"


# --- one record per event --------------------------------------------------------------------


def test_event_mentioned_three_times_is_one_record(profile):
    (record,) = events("duplicate.html", profile)
    assert record.start == "2017-09-15T18:00:00+02:00"
    assert record.location == "Kreishaus Herford"


def test_event_id_is_stable_and_uses_the_start_day():
    first = event_id("Fit für den Konsumalltag", "2017-06-06T17:00:00+02:00")
    again = event_id("  fit für den KONSUMALLTAG! ", "2017-06-06T18:00:00+02:00")
    assert first == again == stable_id("event", "fit für den konsumalltag", "2017-06-06")
    assert event_id("Fit für den Konsumalltag", "2017-06-07") != first
    assert event_id("Ohne Datum", None) == stable_id("event", "ohne datum", "")


def test_sentence_splitting_keeps_ordinals_and_abbreviations():
    text = (
        "Hiermit laden das DRK Kreisverband Herford-Stadt e.V. Sie zu dem 12. Modul ein. "
        "Die Veranstaltung findet am 06.06.2017 statt. 80 Ehrenamtliche nahmen teil."
    )
    assert split_sentences(text) == [
        "Hiermit laden das DRK Kreisverband Herford-Stadt e.V. Sie zu dem 12. Modul ein.",
        "Die Veranstaltung findet am 06.06.2017 statt.",
        "80 Ehrenamtliche nahmen teil.",
    ]


def test_empty_page_has_no_events(profile):
    doc = parse_page("", URL, profile)
    assert extract_events(doc) == []


# --- names and organizers read from sentences ------------------------------------------------


@pytest.fixture(scope="module", params=["herford", "generic"])
def any_profile(request):
    return load_profile(request.param)


def test_indefinite_invitation_names_the_event(any_profile):
    # the heading names the recurring offer; "zu einem Frühlingsfest" names the occasion
    (record,) = events("invitation_name.html", any_profile)
    assert record.title == "Frühlingsfest"
    assert record.raw["title_source"] == "sentence"
    assert record.organizers == ["Elterncafé"]
    assert record.start == "2018-03-09T15:00:00+01:00"


def test_invitation_without_a_name_keeps_the_heading(any_profile):
    # "zu einer Veranstaltung" is generic, "zu einem bunten Sommerfest" starts with an adjective,
    # "zum Elterncafé" refers to what the heading already names
    titles = [r.title for r in events("invitation_no_name.html", any_profile)]
    assert titles == ["Frühjahrstreffen der Eltern", "Sommerfest im Park", "Elterncafé im Herbst"]


def test_genitive_owner_is_the_organizer_spelled_out_by_the_page_heading(any_profile):
    (record,) = events("genitive_owner.html", any_profile)
    assert record.title == "Öffentliche Sitzung des Seniorenbeirates"
    assert record.organizers == ["Seniorenbeirat der Stadt Lübbecke"]
    assert record.raw["organizers"] == "des Seniorenbeirates"


def test_genitive_owner_in_nominative_with_press_release_dateline(any_profile):
    (record,) = events("genitive_dateline.html", any_profile)
    assert record.title == "Aktionstag Lohngleichheit"
    assert record.organizers == ["Kommunale Gleichstellungsstelle Kreis Lippe"]


def test_genitive_of_participants_or_after_a_non_event_word_is_no_organizer(any_profile):
    records = events("genitive_not_owner.html", any_profile)
    assert [r.start[:10] for r in records] == ["2019-05-14", "2019-05-20"]
    # "Treffen der Elterninitiativen" (plural participants), "Tagesordnung des …ausschusses"
    assert all(r.organizers == [] for r in records)


def test_abbreviated_organizer_is_expanded_from_its_definition_on_the_page(any_profile):
    found = by_title(events("abbreviation.html", any_profile))
    assert found["Berufsorientierung"].organizers == ["Jugendmigrationsdienst"]
    # no "(AWO)" definition on the page: the abbreviation stays as written
    assert found["Bewerbungstraining"].organizers == ["AWO"]


def test_celebration_in_a_report_names_the_event(any_profile):
    # the press headline is a sentence, not a name; "feierten den Kursabschluss" is one
    (record,) = events("celebration.html", any_profile, page_date=date(2019, 5, 6))
    assert record.title == "Kursabschlussfeier"
    assert record.raw["title_source"] == "sentence"
    assert record.kind == "report"


def test_celebration_of_a_subject_is_no_name(any_profile):
    # "feierten die Vereine die Vielfalt": "die" opens the subject, not what is celebrated
    (record,) = events("celebration_none.html", any_profile, page_date=date(2019, 9, 30))
    assert record.title == "Vielfalt in Bünde"
