"""German date and time expressions: every form the archive must read, and the ones it must refuse."""

from datetime import date, datetime

import pytest

from crawler.extract.dates import find_dates, format_value, parse_date, parse_iso

PAGE = date(2017, 5, 1)


def _one(text, reference=PAGE):
    matches = [m for m in find_dates(text, reference) if m.has_date]
    assert len(matches) == 1, matches
    return matches[0]


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("06.06.2017 um 17.00 Uhr", "2017-06-06T17:00:00+02:00", None, "minute"),
        ("06.06.2017, 17:00 Uhr", "2017-06-06T17:00:00+02:00", None, "minute"),
        (
            "Dienstag, 14. März 2017, von 18 bis 20 Uhr",
            "2017-03-14T18:00:00+01:00",
            "2017-03-14T20:00:00+01:00",
            "minute",
        ),
        ("am 05.07. um 17 Uhr", "2017-07-05T17:00:00+02:00", None, "minute"),
        ("vom 3. bis 5. Mai 2018", "2018-05-03", "2018-05-05", "day"),
        ("vom 30. April bis 2. Mai 2018", "2018-04-30", "2018-05-02", "day"),
        ("09.04.2018 bis 27.04.2018", "2018-04-09", "2018-04-27", "day"),
        ("09.04. - 27.04.2018", "2018-04-09", "2018-04-27", "day"),
        ("3.-5.5.2018", "2018-05-03", "2018-05-05", "day"),
        ("vom 28. Dezember bis 3. Januar 2019", "2018-12-28", "2019-01-03", "day"),
        ("Anfang Juli 2016", "2016-07", None, "month"),
        ("Mitte Juli 2016", "2016-07", None, "month"),
        ("Ende Juli 2016", "2016-07", None, "month"),
        ("im Juli 2016", "2016-07", None, "month"),
        (
            "am 12.10.2017 17:30 – 19:00 Uhr",
            "2017-10-12T17:30:00+02:00",
            "2017-10-12T19:00:00+02:00",
            "minute",
        ),
        (
            "am 12.10.2017 17:30 - 19:00 Uhr",
            "2017-10-12T17:30:00+02:00",
            "2017-10-12T19:00:00+02:00",
            "minute",
        ),
        (
            "am 12.10.2017 17:30 bis 19:00 Uhr",
            "2017-10-12T17:30:00+02:00",
            "2017-10-12T19:00:00+02:00",
            "minute",
        ),
        ("am 12.10.2017 ab 19.30 Uhr", "2017-10-12T19:30:00+02:00", None, "minute"),
        ("am 21.10.2017 ganztägig", "2017-10-21", None, "day"),
        ("2. Juli 2016", "2016-07-02", None, "day"),
        ("02.07.16", "2016-07-02", None, "day"),
        ("am 3. Jan. 2018", "2018-01-03", None, "day"),
        ("am 6. Febr. 2018", "2018-02-06", None, "day"),
        ("am 7. Sept. 2018", "2018-09-07", None, "day"),
        ("am 10. Sept 2018", "2018-09-10", None, "day"),
        ("am 3. Dezember 2018", "2018-12-03", None, "day"),
        ("Mo., 3.4.2017", "2017-04-03", None, "day"),
        ("2017-06-06", "2017-06-06", None, "day"),
        ("2017-06-06T17:00:00+02:00", "2017-06-06T17:00:00+02:00", None, "minute"),
        ("2017-06-06T15:00:00Z", "2017-06-06T17:00:00+02:00", None, "minute"),
        ("um 17 Uhr am 5. Juli 2017", "2017-07-05T17:00:00+02:00", None, "minute"),
        (
            "zwischen 17 und 19 Uhr am 4.4.2017",
            "2017-04-04T17:00:00+02:00",
            "2017-04-04T19:00:00+02:00",
            "minute",
        ),
        (
            "vom 3. Mai 2018, 18 Uhr bis 5. Mai 2018, 14 Uhr",
            "2018-05-03T18:00:00+02:00",
            "2018-05-05T14:00:00+02:00",
            "minute",
        ),
        (
            "am 9.12.2017, 22 - 2 Uhr",
            "2017-12-09T22:00:00+01:00",
            "2017-12-10T02:00:00+01:00",
            "minute",
        ),
    ],
)
def test_date_forms(text, start, end, precision):
    match = _one(text)
    assert (match.start_iso, match.end_iso, match.precision) == (start, end, precision)


def test_timed_value_is_aware_and_day_value_is_a_date():
    timed = _one("06.06.2017 um 17.00 Uhr")
    assert isinstance(timed.start, datetime) and timed.start.tzinfo is not None
    assert timed.start.utcoffset().total_seconds() == 7200
    day = _one("2. Juli 2016")
    assert type(day.start) is date and day.all_day


def test_winter_time_offset():
    assert _one("14.03.2017, 18 Uhr").start_iso == "2017-03-14T18:00:00+01:00"


def test_raw_and_span_point_into_the_text():
    text = "Die Veranstaltung findet satt am 06.06.2017 um 17.00 Uhr im Kreishaus Herford."
    match = _one(text)
    assert match.raw == "06.06.2017 um 17.00 Uhr"
    assert text[match.span[0] : match.span[1]] == match.raw


def test_open_end_time():
    match = _one("am 12.10.2017 ab 19.30 Uhr")
    assert match.open_end and match.end is None


def test_month_qualifier():
    assert _one("Anfang Juli 2016").qualifier == "Anfang"


def test_yearless_date_takes_year_from_page_date():
    match = _one("am 05.07. um 17 Uhr", reference=date(2018, 6, 12))
    assert match.start_iso == "2018-07-05T17:00:00+02:00"
    assert match.year_inferred
    assert any("ergänzt" in w for w in match.warnings)


def test_yearless_date_shortly_before_page_date_stays_in_that_year():
    # a few weeks back is still "this" occurrence (a report or a late page update)
    assert _one("am 05.07.", reference=date(2018, 7, 20)).start_iso == "2018-07-05"


def test_yearless_date_long_before_page_date_is_next_year():
    assert _one("am 05.01.", reference=date(2017, 11, 20)).start_iso == "2018-01-05"


def test_yearless_date_without_reference_has_no_start_and_a_warning():
    match = _one("am 05.07. um 17 Uhr", reference=None)
    assert match.start is None
    assert any("Jahr fehlt" in w for w in match.warnings)


def test_weekday_picks_the_year_of_a_yearless_date():
    # 14 March was a Tuesday in 2017, a Wednesday in 2018
    match = _one("Dienstag, 14. März", reference=date(2017, 5, 1))
    assert match.start_iso == "2017-03-14"


def test_weekday_mismatch_is_reported():
    match = _one("Dienstag, 15. März 2017")
    assert match.start_iso == "2017-03-15"
    assert any("Wochentag" in w for w in match.warnings)


@pytest.mark.parametrize("text", ["31.02.2017", "31. Februar 2017", "32.01.2017", "15.13.2017"])
def test_impossible_date_gives_no_value_and_a_warning(text):
    match = _one(text)
    assert match.start is None
    assert any("ungültig" in w for w in match.warnings)


def test_impossible_date_warning_names_the_date():
    assert "Datum 31.02.2017 ungültig" in _one("31.02.2017").warnings


def test_impossible_time_is_reported_and_dropped():
    match = _one("am 1.1.2017 um 25:00 Uhr")
    assert match.start_iso == "2017-01-01"
    assert any("Uhrzeit 25:00 ungültig" in w for w in match.warnings)


def test_time_without_date_is_a_warning():
    (match,) = find_dates("Servicezeiten: 17:30 – 19:00 Uhr")
    assert not match.has_date and match.start is None
    assert any("ohne Datum" in w for w in match.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "Raum 1.30",
        "Raum 3.05.",
        "12. Modul der Basisqualifikation",
        "80 Ehrenamtliche",
        "Telefon 05221/13-1180",
        "§ 7 Absatz 1 Ziffer 1 TIntG NW",
        "ab 18 Jahren",
        "Version 2.1.",
    ],
)
def test_numbers_that_are_not_dates(text):
    assert [m for m in find_dates(text, PAGE) if m.has_date] == []


def test_several_dates_in_one_text():
    text = "Zum 01. Januar 2012 trat das Gesetz in Kraft; im Kreistag am 13.12.2013 beschlossen."
    assert [m.start_iso for m in find_dates(text)] == ["2012-01-01", "2013-12-13"]


def test_full_month_name_does_not_swallow_the_full_stop():
    assert _one("Das Fest war am 2. Juli.", reference=PAGE).raw == "2. Juli"


def test_format_value():
    assert format_value(None) is None
    assert format_value(date(2016, 7, 2)) == "2016-07-02"
    assert format_value(date(2016, 7, 1), "month") == "2016-07"


def test_parse_date_and_parse_iso():
    assert parse_date("Termin: 2. Juli 2016, 15 Uhr").start_iso == "2016-07-02T15:00:00+02:00"
    assert parse_date("kein Datum") is None
    assert parse_iso("2017-11-22T09:00").start_iso == "2017-11-22T09:00:00+01:00"
    assert parse_iso("2017-11-22").start_iso == "2017-11-22"
    assert parse_iso("22.11.2017") is None
