"""SSO forms: finishing a student's first sign-in; an admin's provider settings."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, PasswordField, SelectField, StringField, URLField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from foundry.auth.forms import optional_int


class CompleteSignupForm(FlaskForm):
    """What the university's provider did not say: name (if missing), faculty, programme,
    graduation, consent."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    faculty_id = SelectField(_l("Faculty or school"), coerce=optional_int,
                             validators=[DataRequired(message=_l("Choose your faculty."))])
    programme_id = SelectField(_l("Programme (optional)"), coerce=optional_int,
                               validators=[Optional()])
    expected_graduation = DateField(_l("Expected graduation date"), validators=[DataRequired()])
    consent = BooleanField(_l("I have read the personal data notice and agree that my data is "
                              "used for these purposes."),
                           validators=[DataRequired(message=_l(
                               "Please accept the personal data notice to create an account."))])

    def validate_expected_graduation(self, field) -> None:
        """A plausible date: graduates of the last ten years or students of the next eight."""
        today = date.today()
        if not date(today.year - 10, 1, 1) <= field.data <= date(today.year + 8, 12, 31):
            raise ValidationError(_l("Give a date between %(start)s and %(end)s.",
                                     start=today.year - 10, end=today.year + 8))


class ProviderForm(FlaskForm):
    """An OpenID Connect provider's settings (the secret is write-only)."""

    name = StringField(_l("Name on the button (“Sign in with …”)"),
                       validators=[DataRequired(), Length(max=120)])
    university_id = SelectField(_l("University (its students sign in with it)"),
                                coerce=optional_int, validators=[Optional()])
    discovery_url = URLField(_l("Issuer or discovery URL"),
                             validators=[DataRequired(), Length(max=500)])
    client_id = StringField(_l("Client ID"), validators=[DataRequired(), Length(max=255)])
    client_secret = PasswordField(_l("Client secret"), validators=[Optional(), Length(max=500)])
    email_claim = StringField(_l("Claim with the e-mail address"), default="email",
                              validators=[DataRequired(), Length(max=64)])
    student_number_claim = StringField(_l("Claim with the student number (optional)"),
                                       validators=[Optional(), Length(max=64)])
    staff_domains = StringField(_l("Staff e-mail domains (deans, company members)"),
                                validators=[Optional(), Length(max=500)])
    passwords_allowed = BooleanField(_l("Students of this university may also sign in with a "
                                        "password"), default=True)
    enabled = BooleanField(_l("Offer this provider on the sign-in page"), default=True)
