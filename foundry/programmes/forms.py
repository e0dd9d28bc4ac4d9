"""Programme forms: the admin's programme editor, the programme application, screening
filters, bulk actions, stage changes, reviewers and rubric reviews (shape only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    FieldList,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from foundry.applications.forms import CvChoiceForm
from foundry.common.forms import options
from foundry.models.choices import (
    CLUSTERS,
    DEGREE_LEVELS,
    ORIGINS,
    PROGRAMME_ELIGIBILITY,
    PROGRAMME_KINDS,
    PROGRAMME_REJECTION_REASONS,
    PROGRAMME_STAGES,
)
from foundry.models.countries import COUNTRIES

SCORES = [(str(n), str(n)) for n in range(1, 6)]


def int_or_none(value):
    """'' / None → None, else an int (a ValueError is shown by the field)."""
    return int(value) if value not in (None, "", "None") else None


class ProgrammeForm(FlaskForm):
    """Every field of a programme."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(_l("Kind"), choices=options(PROGRAMME_KINDS),
                       validators=[DataRequired()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)],
                                render_kw={"rows": 4})
    themes = SelectMultipleField(_l("Themes (clusters)"), choices=options(CLUSTERS),
                                 validators=[Optional()], render_kw={"size": 8})
    eligibility = SelectField(_l("Who may apply"), choices=options(PROGRAMME_ELIGIBILITY),
                              validators=[DataRequired()])
    opens_on = DateField(_l("Applications open on"), validators=[Optional()])
    closes_on = DateField(_l("Applications close on (last day)"), validators=[Optional()])
    target_places = IntegerField(_l("Target number of places"), validators=[
        Optional(), NumberRange(min=1, max=10000, message=_l("At least 1."))])
    max_preferences = IntegerField(_l("Ranked preferences per application"), default=3,
                                   validators=[DataRequired(), NumberRange(
                                       min=1, max=10, message=_l("From 1 to 10."))])
    reviews_needed = IntegerField(_l("Reviews needed per application"), default=2,
                                  validators=[DataRequired(), NumberRange(
                                      min=1, max=10, message=_l("From 1 to 10."))])
    rubric = TextAreaField(_l("Rubric: one criterion per line, each scored 1–5"),
                           validators=[Optional(), Length(max=2000)], render_kw={"rows": 4})

    def validate_closes_on(self, field) -> None:
        """A window needs both ends, in order."""
        if bool(field.data) != bool(self.opens_on.data):
            raise ValidationError(_l("Give both the opening and the closing day, or neither."))
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The closing day must be on or after the opening day."))


class ProgrammeApplicationForm(CvChoiceForm):
    """Statement, CV (from the library or a new PDF), ranked preferences and availability."""

    statement = TextAreaField(_l("Personal statement"), validators=[
        DataRequired(), Length(max=5000)], render_kw={"rows": 8})
    preferences = FieldList(SelectField(_l("Choice"), coerce=int_or_none,
                                        validators=[Optional()]), min_entries=1)
    available_from = DateField(_l("Available from"), validators=[DataRequired()])
    available_to = DateField(_l("Available until"), validators=[DataRequired()])

    def validate_available_to(self, field) -> None:
        """The end of availability is not before its start."""
        if field.data and self.available_from.data and field.data < self.available_from.data:
            raise ValidationError(_l("The end must be on or after the start."))


class ScreeningFilterForm(FlaskForm):
    """The screening list's filters and sort (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or institution"), validators=[Optional(), Length(max=100)])
    origin = SelectField(_l("Origin"), choices=options(ORIGINS, _l("Any origin")),
                         validators=[Optional()])
    country = SelectField(_l("Country"), choices=options(COUNTRIES, _l("Any country")),
                          validators=[Optional()])
    university = SelectField(_l("Partner university"), validators=[Optional()])
    degree = SelectField(_l("Degree level"), choices=options(DEGREE_LEVELS, _l("Any degree")),
                         validators=[Optional()])
    cluster = SelectField(_l("Cluster of a preference"),
                          choices=options(CLUSTERS, _l("Any cluster")), validators=[Optional()])
    preference = SelectField(_l("Preferred position"), validators=[Optional()])
    stage = SelectField(_l("Stage"), choices=options(PROGRAMME_STAGES, _l("Any stage")),
                        validators=[Optional()])
    min_score = SelectField(_l("Mean score at least"),
                            choices=options(SCORES, _l("Any score")), validators=[Optional()])
    visa = SelectField(_l("Visa need"), choices=options(
        (("yes", _l("Needs a visa")), ("no", _l("No visa needed"))), _l("Any")),
        validators=[Optional()])
    reviews = SelectField(_l("Reviews"), choices=options(
        (("needed", _l("Still needs reviews")), ("complete", _l("Reviews complete"))),
        _l("Any")), validators=[Optional()])
    sort = SelectField(_l("Sort by"), choices=options((
        ("submitted", _l("Submitted (oldest first)")), ("match", _l("Skills match")),
        ("score", _l("Mean score")), ("spread", _l("Score spread")),
        ("reviews", _l("Fewest reviews")), ("name", _l("Name")))), validators=[Optional()])


class BulkStageForm(FlaskForm):
    """Move the selected applications (ids come as a list from the checkboxes)."""

    to = SelectField(_l("Move to"), choices=options((
        ("screened", _l("Longlist")), ("forwarded", _l("Forward to companies")),
        ("rejected", _l("Reject")))), validators=[DataRequired()])
    reason = SelectField(_l("Reason (for a rejection)"),
                         choices=options(PROGRAMME_REJECTION_REASONS, _l("Choose…")),
                         validators=[Optional()])


class StageForm(FlaskForm):
    """Move one application to a stage, with a reason when rejecting."""

    to = SelectField(_l("Move to"), choices=options(PROGRAMME_STAGES),
                     validators=[DataRequired()])
    reason = SelectField(_l("Reason (for a rejection)"),
                         choices=options(PROGRAMME_REJECTION_REASONS, _l("Choose…")),
                         validators=[Optional()])


class ReviewerForm(FlaskForm):
    """Add a reviewer by the e-mail of their account."""

    email = EmailField(_l("Reviewer's e-mail"),
                       validators=[DataRequired(), Email(), Length(max=254)])


class ReviewForm(FlaskForm):
    """One score 1–5 per rubric criterion, and a comment."""

    scores = FieldList(SelectField(_l("Score"), choices=options(SCORES, _l("Choose…")),
                                   validators=[DataRequired(message=_l("Give a score."))]),
                       min_entries=1)
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)],
                            render_kw={"rows": 3})
