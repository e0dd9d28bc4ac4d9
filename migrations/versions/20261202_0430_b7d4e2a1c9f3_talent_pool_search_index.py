"""Talent Pool search through an index: positions.search_text kept by triggers

Issue 12, item 4. One lower-cased document per position (title, company, skills, description)
written by database triggers; PostgreSQL indexes it with pg_trgm (GIN), SQLite with an FTS5
trigram table. The SQL is the one `create_all` runs (foundry/models/position_search.py holds
only SQL strings, no models). Note for later SQLite batch migrations of `positions`: a table
rebuild drops its triggers, so such a migration must run create_statements("sqlite") again.

Revision ID: b7d4e2a1c9f3
Revises: a14d7e2c9b61
Create Date: 2026-12-02 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

from foundry.models.position_search import (
    backfill_statements,
    create_statements,
    drop_statements,
)

# revision identifiers, used by Alembic.
revision = 'b7d4e2a1c9f3'
down_revision = 'a14d7e2c9b61'
branch_labels = None
depends_on = None


def upgrade():
    dialect = op.get_bind().dialect.name
    op.add_column("positions", sa.Column("search_text", sa.Text(), nullable=True))
    for statement in create_statements(dialect):
        op.execute(statement)
    if dialect == "postgresql":
        op.create_index("ix_positions_search_text_trgm", "positions", ["search_text"],
                        postgresql_using="gin", postgresql_ops={"search_text": "gin_trgm_ops"})
    for statement in backfill_statements(dialect):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.drop_index("ix_positions_search_text_trgm", table_name="positions")
    for statement in drop_statements(dialect):
        op.execute(statement)
    with op.batch_alter_table("positions") as batch_op:
        batch_op.drop_column("search_text")
