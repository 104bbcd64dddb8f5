"""Canonical URLs: IKISS navigation parameters, print variants, cache-busting media queries."""

from __future__ import annotations

import pytest

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
