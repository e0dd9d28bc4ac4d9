"""Second-factor forms: a code (from the app or a recovery code), enrolment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length


class CodeForm(FlaskForm):
    """The 6-digit code of the authenticator app, or a recovery code."""

    code = StringField(_l("Code"), validators=[DataRequired(message=_l("Type the code.")),
                                               Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "autocapitalize": "off",
                                  "spellcheck": "false"})
    remember_device = BooleanField(_l("Don't ask for a code on this browser again"))


class EnrolForm(FlaskForm):
    """The first code of a newly added authenticator app."""

    code = StringField(_l("6-digit code from the app"),
                       validators=[DataRequired(message=_l("Type the code.")), Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})
