"""Photos and albums from fixture pages: table galleries, figures, plain image groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.extract.pagedoc import parse_page
from crawler.extract.photos import extract_photos

FIXTURES = Path(__file__).parent / "fixtures" / "photos"


def _photos(name: str, url: str, profile) -> dict[str, object]:
    doc = parse_page((FIXTURES / name).read_bytes(), url, profile)
    return {p.url.rsplit("/", 1)[-1]: p for p in extract_photos(doc)}


@pytest.fixture
def table_gallery(herford):
    return _photos(
        "old_table_gallery.html", "https://www.kreis-herford.de/Leben-Soziales/KI/", herford
    )


@pytest.fixture
def figure_gallery(generic):
    return _photos("figure_gallery.html", "https://www.kreis-beispiel.de/sommerfest", generic)


@pytest.fixture
def mixed_gallery(generic):
    return _photos("mixed_gallery.html", "https://www.kreis-muster.de/sprachcafe.php", generic)


def test_table_gallery_links_thumbnails_to_large_images(table_gallery):
    assert list(table_gallery) == ["2807_2669_1.JPG", "2807_2670_1.JPG", "2807_2671_1.JPG"]
    photo = table_gallery["2807_2669_1.JPG"]
    # cache-busting query stripped from the large image; the thumbnail keeps its size query
    assert photo.url == "https://www.kreis-herford.de/media/custom/2807_2669_1.JPG"
    assert photo.thumbnail_url == (
        "https://www.kreis-herford.de/media/custom/2807_2669_1.JPG?1467463200&width=150"
    )
    assert photo.source_url == "https://www.kreis-herford.de/Leben-Soziales/KI/"
    assert (photo.width, photo.height) == (None, None)  # thumbnail sizes are not the photo's


def test_camera_file_name_is_alt_not_caption(table_gallery):
    photo = table_gallery["2807_2669_1.JPG"]
    assert photo.alt == "DSC_2669"
    assert photo.caption is None


def test_caption_from_link_title_and_cell_text(table_gallery):
    assert table_gallery["2807_2670_1.JPG"].caption == "Landrat Jürgen Müller begrüßt die Gäste"
    # visible text under the thumbnail wins over the alt text
    third = table_gallery["2807_2671_1.JPG"]
    assert third.caption == "Austausch im Garten"
    assert third.alt == "Gespräche beim Kaffee"


def test_album_credit_and_event_hint_from_the_section(table_gallery):
    for photo in table_gallery.values():
        assert photo.album == "#DANKE"
        assert photo.credit == "Fotos: KI Kreis Herford"
        assert photo.event_hint.startswith("#DANKE\n")
        assert "am 2. Juli 2016" in photo.event_hint
        assert "Fotos: KI" not in photo.event_hint


def test_logos_icons_and_spacers_are_not_photos(table_gallery, figure_gallery, mixed_gallery):
    everything = " ".join([*table_gallery, *figure_gallery, *mixed_gallery]).lower()
    for furniture in ("logo", "spacer", "pfeil", "icon", "wappen", "2807_90_1", "2807_91_1"):
        assert furniture not in everything
    assert "2807_100_1.JPG" not in table_gallery  # "(Logo)" in the alt text


def test_figure_gallery_with_other_class_names(figure_gallery):
    assert list(figure_gallery) == ["tanz.jpg", "buffet.jpg", "kinder.jpg"]  # deduplicated
    tanz = figure_gallery["tanz.jpg"]
    assert tanz.url == "https://www.kreis-beispiel.de/media/sommerfest/tanz.jpg"
    assert tanz.thumbnail_url == "https://www.kreis-beispiel.de/media/sommerfest/tanz_klein.jpg"
    assert tanz.caption == "Die Tanzgruppe „Anadolu“ eröffnete das Fest."
    assert tanz.credit == "© Kreis Beispiel"  # the figure's own credit, split from the caption
    assert tanz.alt == "Tanzgruppe auf der Bühne"


def test_figure_without_link_is_its_own_large_image(figure_gallery):
    buffet = figure_gallery["buffet.jpg"]
    assert buffet.thumbnail_url is None
    assert (buffet.width, buffet.height) == (800, 600)
    assert buffet.caption == "Das internationale Buffet"
    assert buffet.credit == "Fotos: Pressestelle Kreis Beispiel"


def test_viewer_hint_title_is_no_caption(figure_gallery):
    kinder = figure_gallery["kinder.jpg"]
    assert kinder.caption is None  # title "Bild vergrößern", alt "IMG_4711"
    assert kinder.alt == "IMG_4711"


def test_bare_gallery_heading_names_album_after_the_page(figure_gallery):
    # "Impressionen" alone names no album: the page heading does
    assert {p.album for p in figure_gallery.values()} == {"Sommerfest der Kulturen 2018"}
    assert "Am 14.07.2018 feierten" in figure_gallery["tanz.jpg"].event_hint


def test_outside_main_content_is_ignored(figure_gallery):
    assert not any("teaser" in name or "nrw" in name for name in figure_gallery)


def test_single_linked_image_counts_with_page_title_album(mixed_gallery):
    team = mixed_gallery["3001_10_1.jpg"]
    assert team.album == "Sprachcafé im Kreishaus"
    assert team.caption == "Das Team des Sprachcafés"
    assert team.thumbnail_url is None


def test_unlinked_image_outside_gallery_is_not_a_photo(mixed_gallery):
    assert "ansprechpartnerin.jpg" not in mixed_gallery


def test_plain_images_under_gallery_heading(mixed_gallery):
    names = ["3001_21_1.jpg", "3001_22_1.jpg", "3001_23_1.jpg"]
    assert all(name in mixed_gallery for name in names)  # includes the lazy-loaded data-src
    for name in names:
        photo = mixed_gallery[name]
        assert photo.album == "Impressionen vom Sprachcafé am 14. März 2017"
        assert photo.credit == "Bild: Ehrenamtliche des Sprachcafés"
        assert photo.caption is None
    assert mixed_gallery["3001_23_1.jpg"].alt == "P1010123"


def test_popup_links_and_credit_in_title(mixed_gallery):
    first, second = mixed_gallery["3001_31_1.jpg"], mixed_gallery["3001_32_1.jpg"]
    assert first.thumbnail_url.endswith("/3001_31_1_t.jpg")
    assert first.url == "https://www.kreis-muster.de/media/custom/3001_31_1.jpg"
    assert first.caption is None  # "Bild vergrößern"
    assert second.caption == "Abschlussrunde"
    assert second.credit == "Foto: Max Muster"
    # "Weitere Fotos" names no album of its own
    assert first.album == "Sprachcafé im Kreishaus"
    assert "3001_33_1.jpg" not in mixed_gallery  # linked from a tiny magnifier icon only


def test_alt_as_caption_when_the_profile_says_so(generic):
    from crawler.profiles import Profile

    data = {**generic.data, "photos": {**generic.data["photos"], "alt_is_caption": True}}
    photos = _photos("mixed_gallery.html", "https://x.example/s", Profile("alt", data))
    assert photos["3001_21_1.jpg"].caption == "Gespräche am Tisch"
    assert photos["3001_23_1.jpg"].caption is None  # a camera file name never is


def test_empty_page_has_no_photos(generic):
    assert extract_photos(parse_page("", "https://x.example/", generic)) == []
