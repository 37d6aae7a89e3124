"""Report the number of inputs each fuzz target tried (the lead quotes them), and the
databases the server fuzz runs on."""
import os
import uuid

import pytest

from tests.fuzz.counts import COUNTS

PG_URL = os.environ.get("ECC_TEST_PG_URL")  # set by scripts/postgres.sh


def pytest_terminal_summary(terminalreporter):
    if COUNTS:
        terminalreporter.write_line("fuzz inputs tried: " + ", ".join(
            f"{target}={n}" for target, n in sorted(COUNTS.items())))


def _pg_admin(sql: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql)


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_URL, reason="ECC_TEST_PG_URL is not set (scripts/postgres.sh sets it)"))]


@pytest.fixture(scope="module", params=BACKENDS)
def backend_url(request, tmp_path_factory):
    """(backend, database URL) of a fresh database: a SQLite file, or a PostgreSQL schema of
    its own, dropped afterwards. Module-scoped: one server per backend for a whole module."""
    if request.param == "sqlite":
        yield "sqlite", f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'server.db'}"
        return
    from sqlalchemy.engine import make_url

    schema = f"t_fuzz_{uuid.uuid4().hex[:12]}"
    _pg_admin(f"CREATE SCHEMA {schema}")
    try:
        yield "postgresql", make_url(PG_URL).update_query_dict(
            {"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        _pg_admin(f"DROP SCHEMA {schema} CASCADE")
