"""The Alembic history creates exactly the tables the code uses, on both back-ends."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from server import db
from tests.server.conftest import BACKENDS


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrations_match_the_tables_in_code(backend, tmp_path, request):
    url = f"sqlite:///{tmp_path / 'm.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    engine = db.create_engine(url)
    db.migrate(engine)
    db.migrate(engine)  # a second start finds nothing to do
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], f"add a migration for: {diff}"
        assert conn.exec_driver_sql("SELECT last FROM event_seq WHERE id = 1").scalar() == 0
    engine.dispose()


def test_head_revision_constant_names_the_newest_migration():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(cfg).get_current_head() == db.HEAD_REVISION
