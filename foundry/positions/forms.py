"""Position forms: the company's position editor, the Talent Pool filters, self-assessed skills."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from foundry.common.forms import options
from foundry.models.choices import (
    AUDIENCES,
    CLUSTERS,
    PAY_PERIODS,
    POSITION_KINDS,
    PROFICIENCY,
    SITES,
    WORK_MODES,
)

EMPTY_SKILL_ROWS = 3
MAX_SKILL_ROWS = 30  # "Add a skill" stops here (static/js/skill-rows.js reads data-max)
LEVEL_CHOICES = options(PROFICIENCY, _l("Level…"))


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class SkillRowForm(Form):
    """One required skill and its level (a sub-form: no CSRF of its own)."""

    skill_id = SelectField(_l("Skill"), coerce=_int_or_none, validators=[Optional()])
    level = SelectField(_l("Required level"), coerce=_int_or_none, choices=LEVEL_CHOICES,
                        validators=[Optional()])

    def validate_skill_id(self, field):
        """A chosen skill needs a level (checked here: an empty level stops its own chain)."""
        if field.data and not self.level.data:
            raise ValidationError(_l("Choose the level required for this skill."))


class PositionForm(FlaskForm):
    """Every field of a position, with required skills and a programme or event tag."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=160)])
    description = TextAreaField(_l("Description"), validators=[DataRequired(), Length(max=8000)],
                                render_kw={"rows": 8})
    kind = SelectField(_l("Kind"), choices=options(POSITION_KINDS), validators=[DataRequired()])
    cluster = SelectField(_l("Cluster"), choices=options(CLUSTERS), validators=[DataRequired()])
    site = SelectField(_l("Site"), choices=options(SITES), validators=[DataRequired()])
    mode = SelectField(_l("Work mode"), choices=options(WORK_MODES), validators=[DataRequired()])
    paid = BooleanField(_l("Paid position"), default=True)
    pay_min = IntegerField(_l("Pay from (HKD)"), validators=[
        Optional(), NumberRange(min=0, message=_l("Pay cannot be negative."))])
    pay_max = IntegerField(_l("Pay up to (HKD)"), validators=[
        Optional(), NumberRange(min=0, message=_l("Pay cannot be negative."))])
    pay_period = SelectField(_l("Pay period"), choices=options(PAY_PERIODS))
    openings = IntegerField(_l("Openings"), default=1, validators=[
        InputRequired(message=_l("How many people will you take? At least 1.")),
        NumberRange(min=1, max=1000, message=_l("Openings must be at least 1."))])
    deadline = DateField(_l("Application deadline"), validators=[Optional()])
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[Optional()])
    programme_id = SelectField(_l("Programme"), coerce=_int_or_none, validators=[Optional()])
    audience = SelectField(_l("Who may apply"), choices=options(
        AUDIENCES, _l("As the programme decides (everyone for GIP and career days)")),
        validators=[Optional()])
    event_id = SelectField(_l("Event"), coerce=_int_or_none, validators=[Optional()])
    skills = FieldList(FormField(SkillRowForm), min_entries=EMPTY_SKILL_ROWS,
                       max_entries=MAX_SKILL_ROWS)

    def validate_pay_max(self, field):
        """The top of the pay range cannot be below its bottom."""
        if field.data is not None and self.pay_min.data is not None \
                and field.data < self.pay_min.data:
            raise ValidationError(_l("Pay up to must be at least the pay from amount."))

    def validate_end_date(self, field):
        """An end before the start is a typing mistake."""
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end date must be on or after the start date."))

    def validate_deadline(self, field):
        """Applications close before the work starts."""
        if field.data and self.start_date.data and field.data > self.start_date.data:
            raise ValidationError(_l("The deadline must be on or before the start date."))

    def validate_skills(self, field):
        """The same skill twice is ambiguous."""
        chosen = [row.form.skill_id.data for row in field if row.form.skill_id.data]
        if len(chosen) != len(set(chosen)):
            raise ValidationError(_l("Each skill may be listed only once."))


class PoolFilterForm(FlaskForm):
    """Talent Pool filters, read from the URL (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search title, description or company"),
                    validators=[Optional(), Length(max=100)])
    cluster = SelectField(_l("Cluster"), choices=options(CLUSTERS, _l("Any cluster")),
                          validators=[Optional()])
    kind = SelectField(_l("Kind"), choices=options(POSITION_KINDS, _l("Any kind")),
                       validators=[Optional()])
    site = SelectField(_l("Site"), choices=options(SITES, _l("Any site")),
                       validators=[Optional()])
    mode = SelectField(_l("Work mode"), choices=options(WORK_MODES, _l("Any mode")),
                       validators=[Optional()])
    paid = SelectField(_l("Pay"), choices=options(
        (("yes", _l("Paid only")), ("no", _l("Unpaid only"))), _l("Paid or unpaid")),
        validators=[Optional()])
    skill = SelectField(_l("Skill"), validators=[Optional()])
    tag = SelectField(_l("Programme or event"), validators=[Optional()])
    current = BooleanField(_l("Deadline not passed"))
    filtered = HiddenField(default="1")
    sort = SelectField(_l("Sort by"), choices=options((("deadline", _l("Deadline (soonest first)")),
                                        ("newest", _l("Newest first")),
                                        ("match", _l("Best skills match")))),
                       validators=[Optional()])
