"""External talent forms: sign-up and profile (shape only; rules live in the services)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from foundry.auth.forms import _confirm, _new_password
from foundry.common.forms import options
from foundry.models.choices import DEGREE_LEVELS
from foundry.models.countries import COUNTRIES

VISA_CHOICES = [SelectChoice("yes", _l("Yes, I would need a visa to work in Hong Kong")),
                SelectChoice("no", _l("No, I may already work in Hong Kong"))]


class ExternalProfileForm(FlaskForm):
    """Institution, country, degree, field, graduation or experience, location, visa need."""

    institution = StringField(_l("University or employer"),
                              validators=[DataRequired(), Length(max=160)])
    country = SelectField(_l("Country or region of your university or employer"),
                          choices=options(COUNTRIES, _l("Choose…")),
                          validators=[DataRequired(message=_l("Choose a country or region."))])
    degree_level = SelectField(_l("Highest degree (studying or completed)"),
                               choices=options(DEGREE_LEVELS, _l("Choose…")),
                               validators=[DataRequired(message=_l("Choose a degree level."))])
    field_of_study = StringField(_l("Field of study"), validators=[DataRequired(),
                                                                   Length(max=120)])
    graduation_date = DateField(_l("Graduation date (expected or past)"),
                                validators=[Optional()])
    years_experience = IntegerField(_l("Years of work experience"), validators=[
        Optional(), NumberRange(min=0, max=60, message=_l("Give a number from 0 to 60."))])
    current_location = StringField(_l("Where you live now (city, country)"),
                                   validators=[DataRequired(), Length(max=120)])
    needs_visa = RadioField(_l("Would you need a visa to work in Hong Kong?"),
                            choices=VISA_CHOICES, validators=[InputRequired(
                                message=_l("Tell us whether you would need a visa."))])

    def validate(self, extra_validators=None) -> bool:
        """Also: a graduation date or years of experience (an empty optional field stops its
        own validators, so the pair is checked here)."""
        valid = super().validate(extra_validators)
        date_, years = self.graduation_date, self.years_experience
        if date_.data is None and years.data is None and not date_.errors and not years.errors:
            date_.errors = [*date_.errors,
                            _l("Give your graduation date or your years of experience.")]
            return False
        return valid

    def validate_graduation_date(self, field) -> None:
        """A plausible date."""
        today = date.today()
        if field.data and not date(today.year - 40, 1, 1) <= field.data \
                <= date(today.year + 8, 12, 31):
            raise ValidationError(_l("Give a date between %(start)s and %(end)s.",
                                     start=today.year - 40, end=today.year + 8))


class ExternalSignupForm(ExternalProfileForm):
    """An external person's own account: identity, password, profile, consent."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = _new_password(_l("Password"))
    confirm = _confirm(_l("Repeat the password"))
    consent = BooleanField(_l("I have read the personal data notice for external talent and "
                              "agree that my data is used for these purposes."),
                           validators=[DataRequired(message=_l(
                               "Please accept the personal data notice to create an account."))])
