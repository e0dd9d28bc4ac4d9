"""Account forms: API tokens, deletion confirmation and a student's own details."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from foundry.account.tokens import MAX_DAYS
from foundry.auth.forms import optional_int
from foundry.common.forms import options


class ApiTokenForm(FlaskForm):
    """Name, scope and lifetime of a new personal API token."""

    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=80)])
    scope = SelectField(_l("Scope"), choices=options((("read", _l("Read only")),
                                                      ("write", _l("Read and write")))),
                        default="read")
    days = IntegerField(_l("Expires after (days)"), default=90,
                        validators=[DataRequired(), NumberRange(min=1, max=MAX_DAYS)])


class DeleteAccountForm(FlaskForm):
    """Confirm deletion by typing a phrase and the current password."""

    confirm = StringField(_l('Type "DELETE" to confirm'), validators=[DataRequired()])
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=200)])

    def validate_confirm(self, field) -> None:
        """The phrase must be typed exactly."""
        from wtforms.validators import ValidationError

        if field.data.strip() != "DELETE":
            raise ValidationError(_l('Type the word DELETE in capitals.'))


class StudentDetailsForm(FlaskForm):
    """A student's own name, programme and expected graduation."""

    full_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    # The service checks the programme (with the other rules, so all errors show at once).
    programme_id = SelectField(_l("Programme"), coerce=optional_int, validate_choice=False,
                               validators=[Optional()])
    expected_graduation = DateField(_l("Expected graduation"), validators=[InputRequired()])
