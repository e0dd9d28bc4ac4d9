"""offer terms (pay, start, reply-by, lapse) and the students' CV library

Issue 14. An offer records its pay (salary or stipend, HKD, per month / year / in total), its
start date and the date to reply by; a lapsed offer keeps when it lapsed. Students keep a few
CVs in cv_files; an application remembers the library CV it was made with. Data: each
student's latest application CV becomes the first CV of their library (the file is shared, not
copied).

Revision ID: b7d2f0c4a915
Revises: 7c1e5a9b3d42
Create Date: 2026-12-02 04:30:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7d2f0c4a915'
down_revision = '7c1e5a9b3d42'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'cv_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('student_id', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=80), nullable=False),
        sa.Column('storage_key', sa.String(length=80), nullable=False),
        sa.Column('filename', sa.String(length=160), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['student_id'], ['student_profiles.id'],
                                name=op.f('fk_cv_files_student_id_student_profiles'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cv_files')),
    )
    with op.batch_alter_table('cv_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cv_files_student_id'), ['student_id'], unique=False)
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offer_pay_kind', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('offer_amount', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('offer_pay_period', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('offer_start_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('offer_reply_by', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('offer_lapsed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('cv_file_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_applications_cv_file_id_cv_files'),
                                    'cv_files', ['cv_file_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(
            op.f('ck_applications_offer_pay_kind'),
            "offer_pay_kind IS NULL OR offer_pay_kind IN ('salary', 'stipend')")
        batch_op.create_check_constraint(
            op.f('ck_applications_offer_pay_period'),
            "offer_pay_period IS NULL OR offer_pay_period IN ('month', 'year', 'total')")
        batch_op.create_check_constraint(op.f('ck_applications_offer_amount'),
                                         "offer_amount IS NULL OR offer_amount >= 0")
    _library_from_latest_application_cv()


def _library_from_latest_application_cv():
    """Each student's most recent application CV becomes the first CV of their library."""
    op.execute(
        "INSERT INTO cv_files (student_id, label, storage_key, filename, uploaded_at) "
        "SELECT a.student_id, 'CV', a.cv_path, COALESCE(a.cv_filename, 'cv.pdf'), "
        "a.submitted_at FROM applications a WHERE a.id = ("
        "SELECT b.id FROM applications b WHERE b.student_id = a.student_id "
        "AND b.cv_path IS NOT NULL ORDER BY b.submitted_at DESC, b.id DESC LIMIT 1)")
    # Link every application made with that file to its library entry.
    op.execute(
        "UPDATE applications SET cv_file_id = (SELECT cv_files.id FROM cv_files "
        "WHERE cv_files.storage_key = applications.cv_path "
        "AND cv_files.student_id = applications.student_id) WHERE cv_path IS NOT NULL")


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_applications_offer_amount'), type_='check')
        batch_op.drop_constraint(op.f('ck_applications_offer_pay_period'), type_='check')
        batch_op.drop_constraint(op.f('ck_applications_offer_pay_kind'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_applications_cv_file_id_cv_files'),
                                 type_='foreignkey')
        batch_op.drop_column('cv_file_id')
        batch_op.drop_column('offer_lapsed_at')
        batch_op.drop_column('offer_reply_by')
        batch_op.drop_column('offer_start_date')
        batch_op.drop_column('offer_pay_period')
        batch_op.drop_column('offer_amount')
        batch_op.drop_column('offer_pay_kind')
    with op.batch_alter_table('cv_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cv_files_student_id'))
    op.drop_table('cv_files')
