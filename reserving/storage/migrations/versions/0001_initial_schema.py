"""Initial schema: users, datasets, assumption sets, valuations, transitions, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Written by hand and independent of ``reserving.storage.models`` (JSON is plain text,
timestamps plain naive UTC), so later changes to the models cannot change what this
revision creates. The triggers make the audit log append-only, forbid deleting saved work
and freeze approved valuations, in both SQLite and PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

NAME = 200
HASH = 64

# Tables from which nothing may ever be deleted (saved work and its history).
NO_DELETE = ("audit_log", "datasets", "assumption_sets", "valuations", "transitions")


def _who(name: str) -> sa.Column:
    return sa.Column(name, sa.String(NAME), nullable=False)


def _when(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(), nullable=False)


def upgrade() -> None:
    """Create the tables, indexes and protective triggers."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(NAME), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "datasets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("content_hash", sa.String(HASH), nullable=False, unique=True),
        sa.Column("file_name", sa.String(500), nullable=True),
        sa.Column("source", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        _who("created_by"),
        _when("created_at"),
    )
    op.create_table(
        "assumption_sets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("dataset_hash", sa.String(HASH), sa.ForeignKey("datasets.content_hash"), nullable=False),
        sa.Column("segment", sa.Text(), nullable=False),
        sa.Column("measure", sa.String(NAME), nullable=False),
        sa.Column("assumptions", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        _who("created_by"),
        _when("created_at"),
        sa.UniqueConstraint("dataset_hash", "segment", "measure", "version", name="uq_assumption_sets_version"),
    )
    op.create_table(
        "valuations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("data_hash", sa.String(HASH), sa.ForeignKey("datasets.content_hash"), nullable=False),
        sa.Column("segment", sa.Text(), nullable=False),
        sa.Column("measure", sa.String(NAME), nullable=False),
        sa.Column("method", sa.String(NAME), nullable=True),
        sa.Column("assumptions", sa.Text(), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("app_version", sa.String(50), nullable=False),
        sa.Column("chainladder_version", sa.String(50), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("valuations.id"), nullable=True),
        sa.Column("assumption_set_id", sa.Integer(), sa.ForeignKey("assumption_sets.id"), nullable=True),
        _who("created_by"),
        _when("created_at"),
        _when("updated_at"),
        sa.UniqueConstraint("data_hash", "segment", "measure", "version", name="uq_valuations_version"),
    )
    op.create_index("ix_valuations_key", "valuations", ["data_hash", "measure", "status"])
    op.create_table(
        "transitions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("valuation_id", sa.Integer(), sa.ForeignKey("valuations.id"), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=False),
        sa.Column("to_status", sa.String(20), nullable=False),
        _who("by"),
        _when("at"),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_transitions_valuation_id", "transitions", ["valuation_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        _when("at"),
        _who("user"),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("object_type", sa.String(50), nullable=False),
        sa.Column("object_id", sa.String(100), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_user", "audit_log", ["user"])
    op.create_index("ix_audit_log_object", "audit_log", ["object_type", "object_id"])

    if op.get_bind().dialect.name == "postgresql":
        _postgres_triggers()
    else:
        _sqlite_triggers()


def _sqlite_triggers() -> None:
    op.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be updated'); END"
    )
    for table in NO_DELETE:
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: rows cannot be deleted'); END"
        )
    op.execute(
        "CREATE TRIGGER valuations_approved_frozen BEFORE UPDATE ON valuations WHEN OLD.status = 'approved' "
        "BEGIN SELECT RAISE(ABORT, 'an approved valuation cannot change: create a new version'); END"
    )


def _postgres_triggers() -> None:
    op.execute(
        """
        CREATE FUNCTION reserving_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
        END
        $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION reserving_approved_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.status = 'approved' THEN
                RAISE EXCEPTION 'an approved valuation cannot change: create a new version (valuation %)', OLD.id;
            END IF;
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION reserving_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION reserving_append_only()"
    )
    for table in NO_DELETE:
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION reserving_append_only()"
        )
    op.execute(
        "CREATE TRIGGER valuations_approved_frozen BEFORE UPDATE ON valuations "
        "FOR EACH ROW EXECUTE FUNCTION reserving_approved_frozen()"
    )


def downgrade() -> None:
    """Drop everything (only for development: it deletes saved work)."""
    bind = op.get_bind()
    for table in ("audit_log", "transitions", "valuations", "assumption_sets", "datasets", "users"):
        op.drop_table(table)
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS reserving_append_only()")
        op.execute("DROP FUNCTION IF EXISTS reserving_approved_frozen()")
