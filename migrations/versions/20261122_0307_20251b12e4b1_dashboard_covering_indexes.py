"""dashboard covering indexes

Indexes for the dashboards' aggregates at Hong Kong scale (issue 4): all-university
figures of one cohort search by cohort_year, and the joins on the current graduate outcome,
counted internships and skill ratings read the index only (no table rows). Two narrower
indexes are replaced by the wider ones that begin with the same columns.

Revision ID: 20251b12e4b1
Revises: 001356bf1bf8
Create Date: 2026-11-22 03:07:10.291964

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '20251b12e4b1'
down_revision = '001356bf1bf8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('graduate_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_graduate_outcomes_student_current'))
        batch_op.create_index('ix_graduate_outcomes_current_cover', ['student_id', 'is_current', 'location', 'employer_company_id', 'annual_salary', 'outcome_date', 'category'], unique=False)

    with op.batch_alter_table('internships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_internships_student_status'))
        batch_op.create_index('ix_internships_student_status_offer', ['student_id', 'status', 'return_offer'], unique=False)

    with op.batch_alter_table('skill_ratings', schema=None) as batch_op:
        batch_op.create_index('ix_skill_ratings_feedback_gap', ['feedback_id', 'skill_id', 'expected', 'observed'], unique=False)

    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.create_index('ix_student_profiles_cohort', ['cohort_year', 'university_id', 'faculty_id'], unique=False)


def downgrade():
    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.drop_index('ix_student_profiles_cohort')

    with op.batch_alter_table('skill_ratings', schema=None) as batch_op:
        batch_op.drop_index('ix_skill_ratings_feedback_gap')

    with op.batch_alter_table('internships', schema=None) as batch_op:
        batch_op.drop_index('ix_internships_student_status_offer')
        batch_op.create_index(batch_op.f('ix_internships_student_status'), ['student_id', 'status'], unique=False)

    with op.batch_alter_table('graduate_outcomes', schema=None) as batch_op:
        batch_op.drop_index('ix_graduate_outcomes_current_cover')
        batch_op.create_index(batch_op.f('ix_graduate_outcomes_student_current'), ['student_id', 'is_current', 'category'], unique=False)
