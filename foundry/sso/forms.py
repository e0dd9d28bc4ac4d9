"""SSO forms: finishing a student's first sign-in; an admin's provider settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField, URLField
from wtforms.validators import DataRequired, Length, Optional

from foundry.auth.forms import StudyPlaceForm, optional_int


class CompleteSignupForm(StudyPlaceForm):
    """What the university's provider did not say: name (if missing), faculty, programme,
    graduation, consent."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])


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
