"""An index for finding an operator's recent sign-ins in the audit log (the lockout).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_log_action_operator", "audit_log", ["action", "operator", "seq"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_action_operator", table_name="audit_log")
