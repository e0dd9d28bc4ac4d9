"""dashboard facts: per-student, per-internship and per-skill rows for the dean and admin figures

Issue 12. Three tables the dashboards read instead of the base tables, kept in the same
transaction as every write (foundry/dashboards/facts_hook.py). They start empty: run
`flask dashboards rebuild` once after this upgrade (the release step in the README).

Revision ID: 9d4f2b7e1a60
Revises: b7d4e2a1c9f3
Create Date: 2026-12-02 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d4f2b7e1a60'
down_revision = 'b7d4e2a1c9f3'
branch_labels = None
depends_on = None

SCOPE = ("university_id", "cohort", "faculty_id", "programme_id")


def _scope_columns():
    return [sa.Column("university_id", sa.Integer(), nullable=True),
            sa.Column("faculty_id", sa.Integer(), nullable=True),
            sa.Column("programme_id", sa.Integer(), nullable=True),
            sa.Column("cohort", sa.Integer(), nullable=True)]


def _student_fk(table):
    return sa.ForeignKeyConstraint(["student_id"], ["student_profiles.id"],
                                   name=op.f(f"fk_{table}_student_id_student_profiles"),
                                   ondelete="CASCADE")


def _count(name):
    return sa.Column(name, sa.Integer(), nullable=False)


def upgrade():
    op.create_table(
        "dash_student_facts",
        sa.Column("student_id", sa.Integer(), autoincrement=False, nullable=False),
        *_scope_columns(),
        sa.Column("category", sa.String(length=24), nullable=True),
        sa.Column("employer_company_id", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(length=16), nullable=True),
        sa.Column("salary", sa.Integer(), nullable=True),
        sa.Column("outcome_days", sa.Integer(), nullable=True),
        *[_count(n) for n in ("internships", "completed", "return_offers", "applications",
                              "shortlisted", "offered", "accepted", "pairs", "sessions",
                              "minutes")],
        _student_fk("dash_student_facts"),
        sa.PrimaryKeyConstraint("student_id", name=op.f("pk_dash_student_facts")),
    )
    op.create_index("ix_dash_student_facts_scope", "dash_student_facts", list(SCOPE))
    op.create_index("ix_dash_student_facts_cohort", "dash_student_facts",
                    ["cohort", "university_id"])
    op.create_table(
        "dash_internship_facts",
        sa.Column("internship_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        *_scope_columns(),
        sa.Column("company_id", sa.Integer(), nullable=True),
        _student_fk("dash_internship_facts"),
        sa.PrimaryKeyConstraint("internship_id", name=op.f("pk_dash_internship_facts")),
    )
    op.create_index("ix_dash_internship_facts_scope", "dash_internship_facts", list(SCOPE))
    op.create_index(op.f("ix_dash_internship_facts_student_id"), "dash_internship_facts",
                    ["student_id"])
    op.create_table(
        "dash_skill_facts",
        sa.Column("student_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("skill_id", sa.Integer(), autoincrement=False, nullable=False),
        *_scope_columns(),
        *[_count(n) for n in ("ratings", "gap_sum", "gap_ge1")],
        _student_fk("dash_skill_facts"),
        sa.PrimaryKeyConstraint("student_id", "skill_id", name=op.f("pk_dash_skill_facts")),
    )
    op.create_index("ix_dash_skill_facts_scope", "dash_skill_facts", list(SCOPE))


def downgrade():
    op.drop_index("ix_dash_skill_facts_scope", table_name="dash_skill_facts")
    op.drop_table("dash_skill_facts")
    op.drop_index(op.f("ix_dash_internship_facts_student_id"), table_name="dash_internship_facts")
    op.drop_index("ix_dash_internship_facts_scope", table_name="dash_internship_facts")
    op.drop_table("dash_internship_facts")
    op.drop_index("ix_dash_student_facts_cohort", table_name="dash_student_facts")
    op.drop_index("ix_dash_student_facts_scope", table_name="dash_student_facts")
    op.drop_table("dash_student_facts")
