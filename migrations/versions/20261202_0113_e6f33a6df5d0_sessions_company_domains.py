"""server-side sessions, company e-mail domains, supervisor confirmations awaiting review

Revision ID: e6f33a6df5d0
Revises: 20251b12e4b1
Create Date: 2026-12-02 01:13:08.048747

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6f33a6df5d0'
down_revision = '20251b12e4b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('company_domains',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('domain', sa.String(length=253), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_company_domains_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_company_domains_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company_domains')),
    sa.UniqueConstraint('company_id', 'domain', name=op.f('uq_company_domains_company_id_domain'))
    )
    with op.batch_alter_table('company_domains', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_domains_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_domains_domain'), ['domain'], unique=False)

    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('remember', sa.Boolean(), nullable=False),
    sa.Column('user_agent', sa.String(length=255), nullable=True),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('ended_reason', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_user_sessions_key_hash'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('internships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supervisor_confirmed_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('internships', schema=None) as batch_op:
        batch_op.drop_column('supervisor_confirmed_at')

    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))

    op.drop_table('user_sessions')
    with op.batch_alter_table('company_domains', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_domains_domain'))
        batch_op.drop_index(batch_op.f('ix_company_domains_company_id'))

    op.drop_table('company_domains')
