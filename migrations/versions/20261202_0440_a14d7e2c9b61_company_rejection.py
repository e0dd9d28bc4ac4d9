"""a pending company can be rejected with a reason category and a note

Issue 14. companies.vetting_status may be 'rejected'; companies.vetting_category keeps the
rejection's reason category (the note stays in vetting_reason).

Revision ID: a14d7e2c9b61
Revises: b7d2f0c4a915
Create Date: 2026-12-02 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a14d7e2c9b61'
down_revision = 'b7d2f0c4a915'
branch_labels = None
depends_on = None

OLD_STATUSES = "vetting_status IN ('pending', 'verified', 'suspended')"
NEW_STATUSES = "vetting_status IN ('pending', 'verified', 'suspended', 'rejected')"
CATEGORIES = ("vetting_category IS NULL OR vetting_category IN ('not_park_company', "
              "'unverifiable', 'duplicate', 'incomplete', 'out_of_scope', 'other')")


def upgrade():
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vetting_category', sa.String(length=24), nullable=True))
        batch_op.drop_constraint(op.f('ck_companies_vetting_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_companies_vetting_status'), NEW_STATUSES)
        batch_op.create_check_constraint(op.f('ck_companies_vetting_category'), CATEGORIES)


def downgrade():
    # A rejected company goes back to pending: the old schema has no 'rejected'.
    op.execute("UPDATE companies SET vetting_status = 'pending' WHERE vetting_status = 'rejected'")
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_companies_vetting_category'), type_='check')
        batch_op.drop_constraint(op.f('ck_companies_vetting_status'), type_='check')
        batch_op.create_check_constraint(op.f('ck_companies_vetting_status'), OLD_STATUSES)
        batch_op.drop_column('vetting_category')
