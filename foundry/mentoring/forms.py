"""Mentoring forms (shape only; the rules live in services)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from foundry.common.forms import options, row_id
from foundry.mentoring.services import MAX_CAPACITY, MAX_MINUTES
from foundry.models.choices import CLUSTERS, MENTORSHIP_STATUSES, SESSION_MODES


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (rendered by templates/mentoring/_macros.html)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MentorProfileForm(FlaskForm):
    """A company member's mentor opt-in."""

    active = BooleanField(_l("I am available as a mentor"))
    expertise = TextAreaField(_l("Expertise"), validators=[Optional(), Length(max=2000)])
    skills = MultiCheckboxField(_l("Skills I can help with"), coerce=row_id,
                                validate_choice=False)
    clusters = MultiCheckboxField(_l("Clusters I know"), choices=options(CLUSTERS))
    capacity = IntegerField(_l("How many mentees at a time"), default=2, validators=[
        InputRequired(_l("Enter a number.")), NumberRange(0, MAX_CAPACITY)])


class MenteeProfileForm(FlaskForm):
    """A student's mentee opt-in."""

    opt_in = BooleanField(_l("I would like a mentor"))
    interests = TextAreaField(_l("Interests"), validators=[Optional(), Length(max=2000)])
    goals = TextAreaField(_l("What I want from mentoring"),
                          validators=[Optional(), Length(max=2000)])
    clusters = MultiCheckboxField(_l("Clusters I follow"), choices=options(CLUSTERS))


class RequestForm(FlaskForm):
    """A student's request to a mentor."""

    goals = TextAreaField(_l("What would you like to work on?"),
                          validators=[DataRequired(_l("Say what you would like to work on.")),
                                      Length(max=2000)])


class GoalsForm(FlaskForm):
    """The goals of a pair."""

    goals = TextAreaField(_l("What you are working on together (both of you can edit)"),
                          validators=[Optional(), Length(max=2000)])


class SessionForm(FlaskForm):
    """One mentoring session."""

    held_on = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    minutes = IntegerField(_l("Minutes"), validators=[
        InputRequired(_l("Enter the length in minutes.")),
        NumberRange(1, MAX_MINUTES, _l("Minutes must be between 1 and %(max)s."))])
    mode = SelectField(_l("Mode"), choices=options(SESSION_MODES), validators=[DataRequired()])
    topics = StringField(_l("Topics"), validators=[Optional(), Length(max=300)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])


class AdminPairForm(FlaskForm):
    """An admin pairs a mentor and a student directly."""

    mentor_id = SelectField(_l("Mentor"), coerce=row_id, validate_choice=False,
                            validators=[DataRequired(_l("Choose a mentor."))])
    student_email = EmailField(_l("Student's e-mail"), validators=[
        DataRequired(_l("Enter the student's e-mail.")), Email(), Length(max=254)])
    goals = TextAreaField(_l("Goals"), validators=[Optional(), Length(max=2000)])


class AdminFilterForm(FlaskForm):
    """Filters of the admin list (GET, no CSRF)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), validators=[Optional()], choices=options(
        [("", _l("Any status")), *MENTORSHIP_STATUSES]))
    inactive = BooleanField(_l("Only inactive pairs"))
