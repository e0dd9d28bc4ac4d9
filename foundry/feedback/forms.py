"""The skills feedback form (shape only): one row per skill, plus a few "add a skill" rows."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, RadioField, SelectField, TextAreaField
from wtforms.fields import FieldList, FormField, HiddenField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from foundry.internships.forms import optional_int, options
from foundry.models.choices import PROFICIENCY

EXTRA_ROWS = 3
LEVEL_CHOICES = options(PROFICIENCY, blank=_l("Choose…"))


class RatingRow(Form):
    """A skill the form always rates: both levels are required."""

    skill_id = HiddenField()
    expected = SelectField(_l("Expected level"), choices=LEVEL_CHOICES, coerce=optional_int,
                           validators=[InputRequired(_l("Choose the level the role expects."))])
    observed = SelectField(_l("Observed level"), choices=LEVEL_CHOICES, coerce=optional_int,
                           validators=[InputRequired(_l("Choose the level you observed."))])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=1000)])


class ExtraRow(Form):
    """An optional extra skill: once a skill is chosen both levels are needed, and levels
    need a skill."""

    # No Optional(): it would stop the cross-field checks below for an empty select.
    skill_id = SelectField(_l("Skill"), coerce=optional_int)
    expected = SelectField(_l("Expected level"), choices=LEVEL_CHOICES, coerce=optional_int)
    observed = SelectField(_l("Observed level"), choices=LEVEL_CHOICES, coerce=optional_int)
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=1000)])

    def validate_skill_id(self, field):
        """Levels or a comment without a skill are a mistake worth pointing out."""
        if field.data is None and (self.expected.data or self.observed.data
                                   or (self.comment.data or "").strip()):
            raise ValidationError(_l("Choose the skill these levels are for."))

    def validate_expected(self, field):
        """A chosen skill needs its expected level."""
        if self.skill_id.data is not None and field.data is None:
            raise ValidationError(_l("Choose the level the role expects."))

    def validate_observed(self, field):
        """A chosen skill needs its observed level."""
        if self.skill_id.data is not None and field.data is None:
            raise ValidationError(_l("Choose the level you observed."))


class FeedbackForm(FlaskForm):
    """The company's feedback on one finished internship."""

    rows = FieldList(FormField(RatingRow))
    extra = FieldList(FormField(ExtraRow), min_entries=EXTRA_ROWS)
    overall_comment = TextAreaField(_l("Overall comment"),
                                    validators=[Optional(), Length(max=4000)])
    return_offer = RadioField(_l("Did you make a return offer (a job offer) to this intern?"),
                              choices=options((("yes", _l("Yes")), ("no", _l("No")))),
                              validators=[InputRequired(_l("Say whether you made a return "
                                                           "offer."))])

    def set_skill_choices(self, choices: list[tuple[int, str]]) -> None:
        """Fill every "add a skill" select."""
        for entry in self.extra:
            entry.form.skill_id.choices = options(choices, blank=_l("— Add a skill —"))
