"""Fixtures for the server tests: a fresh database per test (SQLite file or a PostgreSQL
schema of its own) and a real server process on 127.0.0.1 over it."""
from __future__ import annotations

import os
import uuid

import pytest
import requests

from server.embedded import start_embedded
from tests.server.helpers import Api

PG_URL = os.environ.get("ECC_TEST_PG_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_URL, reason="ECC_TEST_PG_URL is not set (scripts/postgres.sh sets it)"))]


def _pg_schema_url(schema: str) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)


def _pg_admin(sql: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(autouse=True)
def signed_in_requests(monkeypatch):
    """Plain `requests.get/post(...)` to a server this test started carry its commander's
    token, as a signed-in console would; tests of signing in use a requests.Session (or give
    an Authorization header of their own), which this leaves alone."""
    from server.embedded import owned

    plain = requests.api.request

    def request(method, url, **kwargs):
        headers = dict(kwargs.pop("headers", None) or {})
        srv = owned(url.split("/api/v1", 1)[0]) if "/api/v1/" in url and "/auth/" not in url \
            else None
        if srv is not None and "Authorization" not in headers:
            headers.update(srv.auth_headers())
        return plain(method, url, headers=headers, **kwargs)

    monkeypatch.setattr(requests.api, "request", request)


@pytest.fixture
def pg_url():
    """A PostgreSQL URL whose search_path is a brand-new schema, dropped afterwards."""
    if not PG_URL:
        pytest.skip("ECC_TEST_PG_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    _pg_admin(f"CREATE SCHEMA {schema}")
    yield _pg_schema_url(schema)
    _pg_admin(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.db'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def launch():
    """start_embedded(...) whose servers are all stopped after the test."""
    started = []

    def _launch(db_url: str, extra_args: list[str] | None = None, **kwargs):
        # frequent heartbeats let a closed test client's reader thread notice quickly
        srv = start_embedded(db_url, extra_args=["--heartbeat", "0.5", *(extra_args or [])],
                             **kwargs)
        started.append(srv)
        return srv

    yield _launch
    for srv in started:
        srv.stop()


@pytest.fixture
def server(db_url, launch):
    return launch(db_url)


@pytest.fixture
def api(server):
    with requests.Session() as session:
        yield Api(server.url, session, server)
