"""Account forms: API tokens and deletion confirmation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from foundry.account.tokens import MAX_DAYS
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
