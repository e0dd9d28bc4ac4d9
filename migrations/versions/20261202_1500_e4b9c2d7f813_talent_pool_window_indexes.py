"""Talent Pool indexes for reading the first rows only

Issue 12, item 4. The Talent Pool reads the first 1,000 positions in its sort order and stops
(foundry/positions/queries.py), so its orders get indexes that end in the id (deadline, newest),
and PostgreSQL's trigram index holds open positions only: a search follows what is open, not
the years of closed positions.

Revision ID: e4b9c2d7f813
Revises: c3e8a1f5d270
Create Date: 2026-12-02 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b9c2d7f813'
down_revision = 'c3e8a1f5d270'
branch_labels = None
depends_on = None


def _trigram_index(where=None):
    op.create_index("ix_positions_search_text_trgm", "positions", ["search_text"],
                    postgresql_using="gin", postgresql_ops={"search_text": "gin_trgm_ops"},
                    postgresql_where=where)


def upgrade():
    # Plain index statements (no batch): a SQLite table rebuild would drop the search triggers.
    op.drop_index("ix_positions_status_deadline", table_name="positions")
    op.create_index("ix_positions_status_deadline", "positions", ["status", "deadline", "id"])
    op.create_index("ix_positions_status_created", "positions", ["status", "created_at", "id"])
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_positions_search_text_trgm", table_name="positions")
        _trigram_index(sa.text("status = 'open'"))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_positions_search_text_trgm", table_name="positions")
        _trigram_index()
    op.drop_index("ix_positions_status_created", table_name="positions")
    op.drop_index("ix_positions_status_deadline", table_name="positions")
    op.create_index("ix_positions_status_deadline", "positions", ["status", "deadline"])
