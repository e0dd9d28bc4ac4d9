"""dashboard group summaries: the facts summed per university, faculty, programme and cohort

Issue 12. Six tables the dean and admin figures read instead of the per-student facts, so a
dashboard's cost follows the number of groups, not of students; kept with the facts in every
writer's transaction (foundry/dashboards/summaries.py). They start empty: run
`flask dashboards rebuild` once after this upgrade (the release step in the README).

Revision ID: c3e8a1f5d270
Revises: 9d4f2b7e1a60
Create Date: 2026-12-02 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e8a1f5d270'
down_revision = '9d4f2b7e1a60'
branch_labels = None
depends_on = None

SCOPE_INDEX = ("university_id", "cohort", "faculty_id", "programme_id")


def _count(name):
    return sa.Column(name, sa.Integer(), nullable=False)


def _create(table, *columns):
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("university_id", sa.Integer(), nullable=True),
        sa.Column("faculty_id", sa.Integer(), nullable=True),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("cohort", sa.Integer(), nullable=True),
        _count("n"),
        *columns,
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    op.create_index(f"ix_{table}_scope", table, list(SCOPE_INDEX))


TABLES = ("dash_outcome_groups", "dash_value_groups", "dash_activity_groups",
          "dash_cluster_groups", "dash_employer_groups", "dash_skill_groups")


def upgrade():
    _create("dash_outcome_groups",
            sa.Column("category", sa.String(length=24), nullable=True),
            sa.Column("location", sa.String(length=16), nullable=True),
            sa.Column("park", sa.Boolean(), nullable=False))
    _create("dash_value_groups",
            sa.Column("measure", sa.String(length=8), nullable=False),
            sa.Column("value", sa.Integer(), nullable=False))
    _create("dash_activity_groups",
            *[_count(n) for n in ("recorded", "known", "participants", "internships",
                                  "completed", "return_offers", "applicants", "applications",
                                  "shortlisted", "offered", "accepted", "mentored", "pairs",
                                  "sessions", "minutes")])
    _create("dash_cluster_groups",
            sa.Column("cluster", sa.String(length=32), nullable=True),
            _count("internships"), _count("hires"))
    _create("dash_employer_groups", sa.Column("company_id", sa.Integer(), nullable=False))
    _create("dash_skill_groups", sa.Column("skill_id", sa.Integer(), nullable=False),
            *[_count(n) for n in ("ratings", "gap_sum", "gap_ge1")])


def downgrade():
    for table in reversed(TABLES):
        op.drop_index(f"ix_{table}_scope", table_name=table)
        op.drop_table(table)
