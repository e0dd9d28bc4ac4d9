"""survey campaigns, recipients and employer confirmations

Revision ID: 46eb674f44c2
Revises: e6f33a6df5d0
Create Date: 2026-12-02 01:38:39.520839

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '46eb674f44c2'
down_revision = 'e6f33a6df5d0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('survey_campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('university_id', sa.Integer(), nullable=False),
    sa.Column('faculty_id', sa.Integer(), nullable=True),
    sa.Column('cohort_year', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('message_en', sa.Text(), nullable=False),
    sa.Column('message_zh', sa.Text(), nullable=False),
    sa.Column('reminder_days', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('send_requested_at', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('closes_on >= opens_on', name=op.f('ck_survey_campaigns_dates')),
    sa.CheckConstraint('cohort_year BETWEEN 1990 AND 2100', name=op.f('ck_survey_campaigns_cohort_year')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_survey_campaigns_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['faculty_id'], ['faculties.id'], name=op.f('fk_survey_campaigns_faculty_id_faculties')),
    sa.ForeignKeyConstraint(['university_id'], ['universities.id'], name=op.f('fk_survey_campaigns_university_id_universities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_campaigns'))
    )
    with op.batch_alter_table('survey_campaigns', schema=None) as batch_op:
        batch_op.create_index('ix_survey_campaigns_scope', ['university_id', 'cohort_year'], unique=False)

    op.create_table('campaign_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('invited_at', sa.DateTime(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('failed_at', sa.DateTime(), nullable=True),
    sa.Column('opted_out_at', sa.DateTime(), nullable=True),
    sa.Column('reminders_sent', sa.Integer(), nullable=False),
    sa.Column('last_reminded_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('reminders_sent >= 0', name=op.f('ck_campaign_recipients_reminders_sent')),
    sa.ForeignKeyConstraint(['campaign_id'], ['survey_campaigns.id'], name=op.f('fk_campaign_recipients_campaign_id_survey_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student_profiles.id'], name=op.f('fk_campaign_recipients_student_id_student_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_recipients')),
    sa.UniqueConstraint('campaign_id', 'student_id', name=op.f('uq_campaign_recipients_campaign_id_student_id'))
    )
    with op.batch_alter_table('campaign_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_recipients_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_recipients_student_id'), ['student_id'], unique=False)

    op.create_table('employment_confirmations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('confirmed', 'denied')", name=op.f('ck_employment_confirmations_status')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_employment_confirmations_company_id_companies')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_employment_confirmations_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['outcome_id'], ['graduate_outcomes.id'], name=op.f('fk_employment_confirmations_outcome_id_graduate_outcomes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employment_confirmations')),
    sa.UniqueConstraint('outcome_id', name=op.f('uq_employment_confirmations_outcome_id'))
    )
    with op.batch_alter_table('employment_confirmations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employment_confirmations_company_id'), ['company_id'], unique=False)



def downgrade():
    with op.batch_alter_table('employment_confirmations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employment_confirmations_company_id'))

    op.drop_table('employment_confirmations')
    with op.batch_alter_table('campaign_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_recipients_student_id'))
        batch_op.drop_index(batch_op.f('ix_campaign_recipients_campaign_id'))

    op.drop_table('campaign_recipients')
    with op.batch_alter_table('survey_campaigns', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_campaigns_scope')

    op.drop_table('survey_campaigns')
