"""Canonical URLs: IKISS navigation parameters, print variants, cache-busting media queries."""

from __future__ import annotations

import pytest

from crawler.extract.calendars import (
    calendar_key,
    calendar_position,
    calendar_step_links,
    is_calendar_step_text,
)
from crawler.extract.urls import canonicalize, is_media, is_variant

BASE = "http://www.kreis-herford.de/Leben-Soziales/Integration/"


@pytest.mark.parametrize("profile_name", ["herford", "generic"])
def test_navigation_params_are_dropped_whatever_their_order(profile_name, herford, generic):
    profile = herford if profile_name == "herford" else generic
    a = "index.php?object=tx,2807.1114.1&ModID=7&FID=2807.4991.1&NavID=2807.178&La=1"
    b = "/Leben-Soziales/Integration/index.php?La=1&NavID=2807.99&mNavID=3&FID=2807.4991.1&ModID=7&object=tx,2807.1114.1#top"
    assert canonicalize(a, profile, BASE) == canonicalize(b, profile, BASE)
    assert canonicalize(a, profile, BASE) == (
        "http://www.kreis-herford.de/Leben-Soziales/Integration/index.php"
        "?FID=2807.4991.1&ModID=7&object=tx,2807.1114.1"
    )


def test_herford_profile_keeps_only_identity_params(herford, generic):
    url = "http://h/index.php?ModID=11&FID=1&sort=asc&pg=2"
    assert canonicalize(url, herford) == "http://h/index.php?FID=1&ModID=11&pg=2"
    assert "sort=asc" in canonicalize(url, generic)


def test_media_loses_numeric_cache_buster_only(generic):
    assert canonicalize("/media/custom/2104_1234_1.PDF?1491995001", generic, BASE) == (
        "http://www.kreis-herford.de/media/custom/2104_1234_1.PDF"
    )
    assert canonicalize("/media/x.jpg?size=large", generic, BASE).endswith("?size=large")
    assert is_media("http://h/media/custom/2104_1234_1.PDF?1491995001", generic)
    assert not is_media("http://h/index.php?object=tx", generic)


def test_print_variants_are_recognised(generic):
    assert is_variant("http://h/index.php?object=tx,1&print=1", generic)
    assert not is_variant("http://h/index.php?object=tx,1", generic)


def test_host_case_default_port_and_fragment(generic):
    assert canonicalize("HTTP://WWW.Kreis-Herford.DE:80/a.php#x", generic) == (
        "http://www.kreis-herford.de/a.php"
    )
    assert canonicalize("http://127.0.0.1:8123/a", generic) == "http://127.0.0.1:8123/a"


# -- calendar views ------------------------------------------------------------------------------

CAL = "http://h/index.php?FID=2807.3000.1&ModID=11&object=tx,2807.3000.1"


@pytest.mark.parametrize(
    ("url", "key"),
    [
        (CAL + "&monat=2017-06", CAL),
        (CAL + "&monat=6&jahr=2017", CAL),
        ("http://h/k.php?cal_month=6&cal_year=2017&id=4", "http://h/k.php?id=4"),
        ("http://h/k.php?startdatum=20170601", "http://h/k.php"),
        ("http://h/k.php?d=01.06.2017&kat=3", "http://h/k.php?kat=3"),
        ("http://h/k.php?ansicht=06.2017", "http://h/k.php"),
        ("http://h/termine/2017/06/", "http://h/termine/"),
        ("http://h/termine/2017/06/01", "http://h/termine/"),
        ("http://h/termine/2017-06/index.html", "http://h/termine/"),
        ("http://h/2017/06/", "http://h/"),
    ],
)
def test_dated_calendar_views_share_the_calendars_key(generic, url, key):
    assert calendar_key(url, generic) == key


@pytest.mark.parametrize(
    "url",
    [
        CAL,
        CAL + "&pg=2",
        "http://h/index.php?FID=2017.12.1&object=tx,2017.3000.1",  # IKISS ids, not dates
        "http://h/k.php?update=1&seite=2",
        "http://h/k.php?monat=juni",  # no number: no view of a date
        "http://h/news/2017/06/sommerfest.html",  # an article under a dated path
        "http://h/archiv/2017/",  # a year alone in the path
        "http://h/media/2017/06/flyer.pdf",
    ],
)
def test_undated_urls_are_no_calendar_views(generic, url):
    assert calendar_key(url, generic) is None


def test_stepped_months_differ_only_in_the_date(generic, herford):
    june, july = CAL + "&monat=2017-06", CAL + "&monat=2017-07"
    assert calendar_key(june, generic) == calendar_key(july, generic) is not None
    # herford keeps only identity parameters, and a view's date is part of its identity: every
    # month is its own view, not the list page
    canonical = "http://h/index.php?FID=2807.3000.1&ModID=11&monat=2017-06&object=tx,2807.3000.1"
    assert canonicalize(june + "&NavID=2807.178&La=1", herford) == canonical
    assert canonicalize(june + "&NavID=2807.178&La=1", generic) == canonical
    assert calendar_key(canonical, herford) == CAL


def test_a_keep_list_keeps_dates_of_calendar_views_only(herford):
    url = "http://h/k.php?ModID=11&jahr=2017&monat=6&ansicht=06.2017&sort=asc&seite=2"
    assert canonicalize(url, herford) == "http://h/k.php?ModID=11&ansicht=06.2017&jahr=2017&monat=6"
    # a parameter named like a date without a number in it is no date
    assert canonicalize("http://h/k.php?ModID=11&monat=juni", herford) == "http://h/k.php?ModID=11"


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        (CAL + "&monat=2016-12", CAL + "&monat=2017-01"),
        (CAL + "&monat=12&jahr=2016", CAL + "&jahr=2017&monat=1"),
        ("http://h/k.php?d=31.12.2016", "http://h/k.php?d=01.01.2017"),
        ("http://h/k.php?ansicht=12/2016", "http://h/k.php?ansicht=1/2017"),
        ("http://h/termine/2016/12/", "http://h/termine/2017/01/"),
        ("http://h/termine/2016-12-31/", "http://h/termine/2017-01-01/"),
        ("http://h/k.php?startdatum=20161231", "http://h/k.php?startdatum=20170101"),
        ("http://h/k.php?kw=9", "http://h/k.php?kw=10"),
    ],
)
def test_calendar_positions_order_views_in_time(generic, earlier, later):
    before, after = calendar_position(earlier, generic), calendar_position(later, generic)
    assert before is not None and after is not None
    assert len(before) == len(after) and before < after


def test_undated_urls_have_no_calendar_position(generic):
    assert calendar_position(CAL, generic) is None
    assert calendar_position("http://h/news/2017/06/sommerfest.html", generic) is None


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("nächster Monat »", True),
        ("« vorheriger Monat", True),
        ("Zum Vormonat", True),
        ("nächster Monat (Juli 2017)", True),
        ("Vorwoche (KW 22)", True),
        ("NEXT MONTH", True),
        ("weiter »", False),  # pagination of lists: pages to archive
        ("Monatsansicht", False),
        ("Rückblick auf das Vorjahr", False),
        ("Unser Programm für den nächsten Monat im Überblick und mit allen Details", False),
        ("", False),
    ],
)
def test_calendar_step_texts(generic, text, step):
    assert is_calendar_step_text(text, generic) is step


def test_a_url_also_linked_with_an_ordinary_text_is_no_step(generic):
    anchors = [
        ("?monat=2017-07", ["nächster Monat »"]),
        ("?monat=2017-05", ["»", "vorheriger Monat"]),  # the title says it
        ("?monat=2017-08", ["nächster Monat"]),
        ("?monat=2017-08", ["Sommerferien-Programm"]),
        ("?pg=2", ["weiter »"]),
    ]
    steps = calendar_step_links(anchors, "http://h/kalender.php", generic)
    assert steps == {"http://h/kalender.php?monat=2017-07", "http://h/kalender.php?monat=2017-05"}
