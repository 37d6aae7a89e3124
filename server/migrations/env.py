"""Alembic environment: runs on the connection server.db.migrate() hands over, or on the
URL given with `-x url=...` when run by hand."""
from alembic import context
import sqlalchemy as sa

from server.db import create_engine, metadata

config = context.config


def _run(connection: sa.Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("alembic: give the database with -x url=sqlite:///path/to.db")
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
