"""The first schema: picture tables, event log, command log (idempotency), readings.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from server.db import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False))
    op.create_table(
        "event_seq",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last", sa.BigInteger, nullable=False))
    op.execute("INSERT INTO event_seq (id, last) VALUES (1, 0)")
    op.create_table(
        "events",
        sa.Column("id", BigId, primary_key=True, autoincrement=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("layer", sa.String(32), nullable=False),
        sa.Column("incident_id", sa.String(32)),
        sa.Column("operator", sa.String(128)),
        sa.Column("command_id", sa.String(36)),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("data", sa.Text, nullable=False))
    op.create_index("ix_events_incident_id", "events", ["incident_id"])
    op.create_index("ix_events_at", "events", ["at"])
    op.create_table(
        "commands",
        sa.Column("command_id", sa.String(36), primary_key=True),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("payload", JSONType, nullable=False),
        sa.Column("issued_at", UTCDateTime),
        sa.Column("received_at", UTCDateTime, nullable=False),
        sa.Column("operator", sa.String(128)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("result", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("event_id", sa.BigInteger))
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("title", sa.String(256), nullable=False),
        sa.Column("level", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("street", sa.String(128)),
        sa.Column("district", sa.String(16)),
        sa.Column("facts", JSONType, nullable=False),
        sa.Column("reported_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("closed_at", UTCDateTime))
    op.create_table(
        "units",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("callsign", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("station", sa.String(64)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("heading", sa.Float),
        sa.Column("district", sa.String(16)),
        sa.Column("incident_id", sa.String(32)),
        sa.Column("updated_at", UTCDateTime, nullable=False))
    op.create_table(
        "dispatches",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("unit_id", sa.String(32), nullable=False),
        sa.Column("incident_id", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("dispatched_at", UTCDateTime, nullable=False),
        sa.Column("en_route_at", UTCDateTime),
        sa.Column("on_scene_at", UTCDateTime),
        sa.Column("released_at", UTCDateTime),
        sa.Column("operator", sa.String(128)))
    op.create_index("ix_dispatches_unit_id", "dispatches", ["unit_id"])
    op.create_index("ix_dispatches_incident_id", "dispatches", ["incident_id"])
    op.create_table(
        "tasks",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("incident_id", sa.String(32), nullable=False),
        sa.Column("plan_id", sa.String(128)),
        sa.Column("department", sa.String(128)),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("deadline_minutes", sa.Integer),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(128)),
        sa.Column("done_by", sa.String(128)),
        sa.Column("done_at", UTCDateTime),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False))
    op.create_index("ix_tasks_incident_id", "tasks", ["incident_id"])
    op.create_table(
        "sensors",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("unit", sa.String(16)),
        sa.Column("district", sa.String(16)),
        sa.Column("updated_at", UTCDateTime))
    op.create_table(
        "readings",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("sensor_id", sa.String(32), nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("value", sa.Float, nullable=False))
    op.create_index("ix_readings_sensor_at", "readings", ["sensor_id", "at"])
    op.create_table(
        "cameras",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("direction", sa.Integer),
        sa.Column("district", sa.String(16)),
        sa.Column("stream_url", sa.Text))
    op.create_table(
        "alerts",
        sa.Column("id", sa.String(256), primary_key=True),
        sa.Column("sender", sa.String(256)),
        sa.Column("sent", sa.String(64)),
        sa.Column("status", sa.String(32)),
        sa.Column("msg_type", sa.String(32)),
        sa.Column("scope", sa.String(32)),
        sa.Column("event", sa.String(256)),
        sa.Column("urgency", sa.String(32)),
        sa.Column("severity", sa.String(32)),
        sa.Column("certainty", sa.String(32)),
        sa.Column("headline", sa.Text),
        sa.Column("description", sa.Text),
        sa.Column("area", sa.Text),
        sa.Column("xml", sa.Text, nullable=False),
        sa.Column("received_at", UTCDateTime, nullable=False))


def downgrade() -> None:
    for name in ("alerts", "cameras", "readings", "sensors", "tasks", "dispatches", "units",
                 "incidents", "commands", "events", "event_seq", "meta"):
        op.drop_table(name)
