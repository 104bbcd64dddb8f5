"""Shared fixtures: profiles, a PostgreSQL database when the server is reachable."""

from __future__ import annotations

import os
import socket
import uuid

import pytest

from crawler.profiles import load_profile

PG_HOST, PG_PORT = "127.0.0.1", 5432


@pytest.fixture(scope="session")
def herford():
    """The bundled Herford profile."""
    return load_profile("herford")


@pytest.fixture(scope="session")
def generic():
    """The generic IKISS profile."""
    return load_profile()


def _pg_reachable() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def pg_url():
    """A fresh PostgreSQL database (dropped afterwards); skips only if no server is reachable."""
    if not _pg_reachable():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL on 127.0.0.1:5432 is required in CI but not reachable")
        pytest.skip("PostgreSQL on 127.0.0.1:5432 not reachable")
    import psycopg

    name = f"ha_test_{uuid.uuid4().hex[:10]}"
    admin = f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def crawled_archive(tmp_path_factory):
    """The sample site really crawled into a fresh data dir (index built by the crawl)."""
    from crawler.sample_site.server import SampleServer, load_truth
    from tests.crawl_support import crawl

    data_dir = tmp_path_factory.mktemp("relevance-crawl")
    with SampleServer() as server:
        crawl(server.base_url, load_truth()["start_path"], data_dir, "--profile", "herford")
    return data_dir


@pytest.fixture(scope="session")
def generic_crawled_archive(tmp_path_factory):
    """The sample site crawled with no profile named: the path an unseen IKISS site takes."""
    from crawler.sample_site.server import SampleServer, load_truth
    from tests.crawl_support import crawl

    data_dir = tmp_path_factory.mktemp("relevance-crawl-generic")
    with SampleServer() as server:
        crawl(server.base_url, load_truth()["start_path"], data_dir)
    return data_dir
