"""Chinese names, undo of a withdrawal and rejection reasons

Faculties, programmes and skills keep a Chinese name shown in 繁體中文 (universities already do);
an application remembers the status a withdrawal left (for a few minutes' undo) and the category
of a company's rejection (issue 14).

Revision ID: 5c1e0a7d9f21
Revises: 3dd103236d4a
Create Date: 2026-12-02 01:35:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '5c1e0a7d9f21'
down_revision = '3dd103236d4a'
branch_labels = None
depends_on = None

REASONS = ("skills", "position_filled", "availability", "eligibility", "interview",
           "no_response", "other")


def upgrade():
    with op.batch_alter_table('faculties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_zh', sa.String(length=80), nullable=True))
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_zh', sa.String(length=80), nullable=True))
    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_zh', sa.String(length=40), nullable=True))
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_from', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('rejection_reason', sa.String(length=24), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_applications_rejection_reason'),
            "rejection_reason IS NULL OR rejection_reason IN ("
            + ", ".join(f"'{r}'" for r in REASONS) + ")")


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_applications_rejection_reason'), type_='check')
        batch_op.drop_column('rejection_reason')
        batch_op.drop_column('withdrawn_from')
    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.drop_column('name_zh')
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_column('name_zh')
    with op.batch_alter_table('faculties', schema=None) as batch_op:
        batch_op.drop_column('name_zh')
