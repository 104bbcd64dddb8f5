"""Phone numbers in the forms written on IKISS contact cards."""

import pytest

from crawler.extract.phones import looks_like_phone, parse_phone


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("05221/13-1180", "+495221131180"),
        ("05221 13-1179", "+495221131179"),
        ("(05221) 131181", "+495221131181"),
        ("+49 5221 13-1182", "+495221131182"),
        ("0049 5221 131184", "+495221131184"),
        ("05221 / 13 - 1185", "+495221131185"),
        ("05221/13-171180", "+49522113171180"),
        ("05221/13-0", "+495221130"),
    ],
)
def test_full_forms(text, e164):
    phone = parse_phone(text)
    assert phone.e164 == e164
    assert phone.display == text
    assert phone.warnings == []


def test_display_is_whitespace_normalized():
    assert parse_phone("  05221\u00a013-1179 \n").display == "05221 13-1179"


def test_number_with_trailing_words():
    assert parse_phone("05221/13-1180 (Zentrale)").e164 == "+495221131180"


@pytest.mark.parametrize(
    ("text", "e164"), [("-13 1183", "+495221131183"), ("-1183", "+495221131183")]
)
def test_extension_only_resolves_against_previous(text, e164):
    phone = parse_phone(text, previous="05221/13-1180")
    assert phone.e164 == e164
    assert phone.display == text


def test_extension_only_for_fax_after_phone():
    assert parse_phone("-171183", previous="05221 13-1180").e164 == "+49522113171183"


def test_extension_without_previous_warns():
    phone = parse_phone("-1183")
    assert phone.e164 is None
    assert phone.warnings and "Durchwahl" in phone.warnings[0]


def test_unreadable_number_warns_in_german():
    phone = parse_phone("bitte über die Zentrale")
    assert phone.e164 is None
    assert phone.display == "bitte über die Zentrale"
    assert phone.warnings == ["Telefonnummer nicht lesbar: bitte über die Zentrale"]


def test_empty_number():
    assert parse_phone("").e164 is None


def test_looks_like_phone():
    assert looks_like_phone("05221 / 13 - 1185")
    assert not looks_like_phone("1.30")
    assert not looks_like_phone("Amtshausstraße 3")


def test_extension_replaces_trailing_digits_without_written_extension():
    assert parse_phone("-1183", previous="05221 131180").e164 == "+495221131183"
    assert parse_phone("-13 1183", previous="+49 5221 13-1180").e164 == "+495221131183"
