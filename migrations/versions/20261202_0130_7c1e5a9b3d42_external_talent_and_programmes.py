"""external talent, programmes as objects and the GIP selection cycle

Issue 8. New role values (external, reviewer); student profiles without a university (external
talent) and their external_profiles; positions say who may apply (audience) and belong to a
talent programme instead of carrying a free-text programme tag: every distinct tag becomes a
programme (a data migration that keeps each tag as the programme's name, and makes GIP and
career-day positions open to everyone); programme applications with ranked preferences,
reviewers, rubric reviews and stage changes; forwarded applications point back to theirs.

Revision ID: 7c1e5a9b3d42
Revises: 5c1e0a7d9f21
Create Date: 2026-12-02 01:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1e5a9b3d42'
down_revision = '5c1e0a7d9f21'
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('student', 'company', 'dean', 'admin')"
NEW_ROLES = "role IN ('student', 'company', 'dean', 'admin', 'external', 'reviewer')"
OLD_INVITED = "role IN ('company', 'dean', 'admin')"
NEW_INVITED = "role IN ('company', 'dean', 'admin', 'reviewer')"
GIP_RUBRIC = ["Academic record", "Motivation and statement", "Skills fit"]


def _kind_of(tag):
    lowered = tag.lower()
    if "internship" in lowered:
        return "internship"
    if "career day" in lowered or "talent pool" in lowered:
        return "career_day"
    return "drive"


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_users_role'), NEW_ROLES)
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_invitations_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_invitations_role'), NEW_INVITED)

    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.alter_column('university_id', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('faculty_id', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('expected_graduation', existing_type=sa.Date(), nullable=True)
        batch_op.alter_column('cohort_year', existing_type=sa.Integer(), nullable=True)

    op.create_table('external_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('institution', sa.String(length=160), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('degree_level', sa.String(length=16), nullable=False),
    sa.Column('field_of_study', sa.String(length=120), nullable=False),
    sa.Column('years_experience', sa.Integer(), nullable=True),
    sa.Column('current_location', sa.String(length=120), nullable=True),
    sa.Column('needs_visa', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("degree_level IN ('associate', 'bachelor', 'master', 'phd')", name=op.f('ck_external_profiles_degree_level')),
    sa.CheckConstraint('length(country) = 2', name=op.f('ck_external_profiles_country')),
    sa.CheckConstraint('years_experience IS NULL OR years_experience BETWEEN 0 AND 60', name=op.f('ck_external_profiles_years_experience')),
    sa.ForeignKeyConstraint(['student_id'], ['student_profiles.id'], name=op.f('fk_external_profiles_student_id_student_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_external_profiles')),
    sa.UniqueConstraint('student_id', name=op.f('uq_external_profiles_student_id'))
    )
    with op.batch_alter_table('external_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_profiles_country'), ['country'], unique=False)

    programmes = op.create_table('talent_programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('eligibility', sa.String(length=16), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=True),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('target_places', sa.Integer(), nullable=True),
    sa.Column('max_preferences', sa.Integer(), nullable=False),
    sa.Column('rubric', sa.JSON(), nullable=False),
    sa.Column('reviews_needed', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('internship', 'drive', 'career_day')", name=op.f('ck_talent_programmes_kind')),
    sa.CheckConstraint("eligibility IN ('partner', 'external', 'both')", name=op.f('ck_talent_programmes_eligibility')),
    sa.CheckConstraint('target_places IS NULL OR target_places >= 1', name=op.f('ck_talent_programmes_target_places')),
    sa.CheckConstraint('max_preferences BETWEEN 1 AND 10', name=op.f('ck_talent_programmes_max_preferences')),
    sa.CheckConstraint('reviews_needed BETWEEN 1 AND 10', name=op.f('ck_talent_programmes_reviews_needed')),
    sa.CheckConstraint('closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on', name=op.f('ck_talent_programmes_window')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talent_programmes')),
    sa.UniqueConstraint('name', name=op.f('uq_talent_programmes_name'))
    )

    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audience', sa.String(length=16), nullable=False, server_default='partner'))
        batch_op.add_column(sa.Column('programme_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_positions_programme_id'), ['programme_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_positions_programme_id_talent_programmes'), 'talent_programmes', ['programme_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(op.f('ck_positions_audience'), "audience IN ('partner', 'open')")

    _tags_to_programmes(programmes)

    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.alter_column('audience', existing_type=sa.String(length=16), server_default=None)
        batch_op.drop_index(batch_op.f('ix_positions_programme_tag'))
        batch_op.drop_column('programme_tag')

    op.create_table('programme_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('cv_path', sa.String(length=80), nullable=True),
    sa.Column('cv_filename', sa.String(length=160), nullable=True),
    sa.Column('available_from', sa.Date(), nullable=True),
    sa.Column('available_to', sa.Date(), nullable=True),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('rejection_reason', sa.String(length=16), nullable=True),
    sa.Column('best_match', sa.Integer(), nullable=True),
    sa.Column('review_count', sa.Integer(), nullable=False),
    sa.Column('mean_score', sa.Float(), nullable=True),
    sa.Column('score_spread', sa.Float(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('stage_changed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("stage IN ('submitted', 'screened', 'forwarded', 'interviewing', 'offered', 'accepted', 'declined', 'rejected')", name=op.f('ck_programme_applications_stage')),
    sa.CheckConstraint("rejection_reason IS NULL OR rejection_reason IN ('eligibility', 'skills', 'statement', 'capacity', 'company', 'withdrawn', 'other')", name=op.f('ck_programme_applications_rejection_reason')),
    sa.CheckConstraint('available_to IS NULL OR available_from IS NULL OR available_to >= available_from', name=op.f('ck_programme_applications_availability')),
    sa.ForeignKeyConstraint(['programme_id'], ['talent_programmes.id'], name=op.f('fk_programme_applications_programme_id_talent_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student_profiles.id'], name=op.f('fk_programme_applications_student_id_student_profiles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_applications')),
    sa.UniqueConstraint('programme_id', 'student_id', name=op.f('uq_programme_applications_programme_id_student_id'))
    )
    with op.batch_alter_table('programme_applications', schema=None) as batch_op:
        batch_op.create_index('ix_programme_applications_stage', ['programme_id', 'stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_applications_student_id'), ['student_id'], unique=False)

    op.create_table('programme_preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('match_score', sa.Integer(), nullable=True),
    sa.Column('forwarded_application_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('rank >= 1', name=op.f('ck_programme_preferences_rank')),
    sa.CheckConstraint('match_score IS NULL OR match_score BETWEEN 0 AND 100', name=op.f('ck_programme_preferences_match_score')),
    sa.ForeignKeyConstraint(['application_id'], ['programme_applications.id'], name=op.f('fk_programme_preferences_application_id_programme_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['forwarded_application_id'], ['applications.id'], name=op.f('fk_programme_preferences_forwarded_application_id_applications'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_programme_preferences_position_id_positions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_preferences')),
    sa.UniqueConstraint('application_id', 'position_id', name=op.f('uq_programme_preferences_application_id_position_id')),
    sa.UniqueConstraint('application_id', 'rank', name=op.f('uq_programme_preferences_application_id_rank'))
    )
    with op.batch_alter_table('programme_preferences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_preferences_position_id'), ['position_id'], unique=False)

    op.create_table('programme_reviewers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['talent_programmes.id'], name=op.f('fk_programme_reviewers_programme_id_talent_programmes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_programme_reviewers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_reviewers')),
    sa.UniqueConstraint('programme_id', 'user_id', name=op.f('uq_programme_reviewers_programme_id_user_id'))
    )
    with op.batch_alter_table('programme_reviewers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_reviewers_user_id'), ['user_id'], unique=False)

    op.create_table('programme_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('conflict', sa.Boolean(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=True),
    sa.Column('total', sa.Float(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('conflict OR total IS NOT NULL', name=op.f('ck_programme_reviews_scored_or_conflict')),
    sa.ForeignKeyConstraint(['application_id'], ['programme_applications.id'], name=op.f('fk_programme_reviews_application_id_programme_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_programme_reviews_reviewer_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_reviews')),
    sa.UniqueConstraint('application_id', 'reviewer_id', name=op.f('uq_programme_reviews_application_id_reviewer_id'))
    )
    with op.batch_alter_table('programme_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_reviews_reviewer_id'), ['reviewer_id'], unique=False)

    op.create_table('programme_stage_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('from_stage', sa.String(length=16), nullable=True),
    sa.Column('to_stage', sa.String(length=16), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.CheckConstraint("to_stage IN ('submitted', 'screened', 'forwarded', 'interviewing', 'offered', 'accepted', 'declined', 'rejected')", name=op.f('ck_programme_stage_changes_to_stage')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_programme_stage_changes_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['application_id'], ['programme_applications.id'], name=op.f('fk_programme_stage_changes_application_id_programme_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_stage_changes'))
    )
    with op.batch_alter_table('programme_stage_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_stage_changes_application_id'), ['application_id'], unique=False)

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_application_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_applications_programme_application_id'), ['programme_application_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_applications_programme_application_id_programme_applications'), 'programme_applications', ['programme_application_id'], ['id'], ondelete='SET NULL')


def _tags_to_programmes(programmes):
    """Every distinct free-text tag becomes a programme of that name; its positions join it.
    GIP and career-day positions (by tag or by a career-day event) become open to everyone."""
    conn = op.get_bind()
    tags = [row[0] for row in conn.execute(sa.text(
        "SELECT DISTINCT programme_tag FROM positions WHERE programme_tag IS NOT NULL "
        "ORDER BY programme_tag"))]
    now = sa.func.current_timestamp()
    for tag in tags:
        kind = _kind_of(tag)
        clusters = sorted(row[0] for row in conn.execute(sa.text(
            "SELECT DISTINCT cluster FROM positions WHERE programme_tag = :tag"), {"tag": tag}))
        conn.execute(programmes.insert().values(
            name=tag[:120], kind=kind, description="", themes=clusters,
            eligibility="partner" if kind == "drive" else "both", max_preferences=3,
            reviews_needed=2,
            rubric=GIP_RUBRIC if kind == "internship" else [], created_at=now))
        programme_id = conn.execute(sa.text("SELECT id FROM talent_programmes WHERE name = :n"),
                                    {"n": tag[:120]}).scalar_one()
        audience = "partner" if kind == "drive" else "open"
        conn.execute(sa.text("UPDATE positions SET programme_id = :p, audience = :a "
                             "WHERE programme_tag = :tag"),
                     {"p": programme_id, "a": audience, "tag": tag})
    conn.execute(sa.text(
        "UPDATE positions SET audience = 'open' WHERE event_id IN "
        "(SELECT id FROM events WHERE kind = 'career_day')"))


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_applications_programme_application_id_programme_applications'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_applications_programme_application_id'))
        batch_op.drop_column('programme_application_id')

    for table, index in (('programme_stage_changes', 'ix_programme_stage_changes_application_id'),
                         ('programme_reviews', 'ix_programme_reviews_reviewer_id'),
                         ('programme_reviewers', 'ix_programme_reviewers_user_id'),
                         ('programme_preferences', 'ix_programme_preferences_position_id')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(index))
        op.drop_table(table)
    with op.batch_alter_table('programme_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_applications_student_id'))
        batch_op.drop_index('ix_programme_applications_stage')
    op.drop_table('programme_applications')

    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_tag', sa.String(length=80), nullable=True))
        batch_op.create_index(batch_op.f('ix_positions_programme_tag'), ['programme_tag'], unique=False)
    op.execute("UPDATE positions SET programme_tag = (SELECT substr(name, 1, 80) FROM "
               "talent_programmes WHERE talent_programmes.id = positions.programme_id)")
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_positions_audience'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_positions_programme_id_talent_programmes'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_positions_programme_id'))
        batch_op.drop_column('programme_id')
        batch_op.drop_column('audience')
    op.drop_table('talent_programmes')

    with op.batch_alter_table('external_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_profiles_country'))
    op.drop_table('external_profiles')
    # External talent cannot be represented before this revision: their accounts go.
    op.execute("DELETE FROM student_profiles WHERE university_id IS NULL")
    op.execute("DELETE FROM users WHERE role IN ('external', 'reviewer')")
    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.alter_column('cohort_year', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('expected_graduation', existing_type=sa.Date(), nullable=False)
        batch_op.alter_column('faculty_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('university_id', existing_type=sa.Integer(), nullable=False)
    op.execute("DELETE FROM invitations WHERE role = 'reviewer'")
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_invitations_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_invitations_role'), OLD_INVITED)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_users_role'), OLD_ROLES)
