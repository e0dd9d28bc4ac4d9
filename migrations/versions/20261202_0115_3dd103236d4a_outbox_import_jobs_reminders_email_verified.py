"""outbox states, reminder log, import jobs, email_verified_at

Issue 10: the outbox keeps each mail's delivery state (queued, sending, sent, failed, attempts,
last error); reminder_logs lets a scheduled job that is run again skip what it already sent;
users.email_verified_at holds whether an address was proven, filled from today's data: the
time of the `auth.email_verified` audit entry, else — for every account that is not a sign-up
still awaiting its link (student, inactive, never signed in, never deactivated by an admin) and
has a password — its last sign-in or creation time. Imported accounts without a password and
pending sign-ups stay unverified.

Revision ID: 3dd103236d4a
Revises: 538986e7ad23
Create Date: 2026-12-02 01:15:03.778454

"""
from alembic import op
import sqlalchemy as sa

MAIL_STATUSES = "status IN ('queued', 'sending', 'sent', 'failed')"


# revision identifiers, used by Alembic.
revision = '3dd103236d4a'
down_revision = '538986e7ad23'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('university_id', sa.Integer(), nullable=True),
    sa.Column('faculty_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('report', sa.JSON(), nullable=True),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('bad_lines', sa.Integer(), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('validating', 'ready', 'invalid', 'applying', 'applied', 'failed', 'discarded')", name=op.f('ck_import_jobs_status')),
    sa.CheckConstraint('progress BETWEEN 0 AND 100', name=op.f('ck_import_jobs_progress')),
    sa.ForeignKeyConstraint(['faculty_id'], ['faculties.id'], name=op.f('fk_import_jobs_faculty_id_faculties')),
    sa.ForeignKeyConstraint(['university_id'], ['universities.id'], name=op.f('fk_import_jobs_university_id_universities')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_import_jobs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_jobs')),
    sa.UniqueConstraint('token', name=op.f('uq_import_jobs_token'))
    )
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_jobs_user_id'), ['user_id'], unique=False)

    op.create_table('reminder_logs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_logs')),
    sa.UniqueConstraint('kind', 'target_id', 'key', name=op.f('uq_reminder_logs_kind_target_id_key'))
    )
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), nullable=False,
                                      server_default='queued'))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('last_error', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('last_attempt_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_outbox_mails_status', ['status', 'last_attempt_at'], unique=False)
    op.execute("UPDATE outbox_mails SET status = 'sent', attempts = 1, last_attempt_at = sent_at "
               "WHERE sent_at IS NOT NULL")
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.alter_column('status', server_default=None)
        batch_op.alter_column('attempts', server_default=None)
        batch_op.create_check_constraint(op.f('ck_outbox_mails_status'), MAIL_STATUSES)
        batch_op.create_check_constraint(op.f('ck_outbox_mails_attempts'), 'attempts >= 0')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(), nullable=True))

    # Data: who has proven their address today (see the docstring).
    op.execute(
        "UPDATE users SET email_verified_at = (SELECT MIN(a.created_at) FROM audit_logs a "
        "WHERE a.target_type = 'User' AND a.target_id = users.id "
        "AND a.action = 'auth.email_verified') WHERE deleted_at IS NULL")
    op.execute(
        "UPDATE users SET email_verified_at = COALESCE(last_login_at, created_at) "
        "WHERE email_verified_at IS NULL AND deleted_at IS NULL AND password_hash IS NOT NULL "
        "AND NOT (role = 'student' AND active = false AND last_login_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM audit_logs a WHERE a.target_type = 'User' "
        "AND a.target_id = users.id AND a.action = 'admin.user_deactivated'))")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_verified_at')

    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_mails_attempts'), type_='check')
        batch_op.drop_constraint(op.f('ck_outbox_mails_status'), type_='check')
        batch_op.drop_index('ix_outbox_mails_status')
        batch_op.drop_column('last_attempt_at')
        batch_op.drop_column('last_error')
        batch_op.drop_column('attempts')
        batch_op.drop_column('status')

    op.drop_table('reminder_logs')
    with op.batch_alter_table('import_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_jobs_user_id'))
    op.drop_table('import_jobs')
