"""Import forms: shape only (the service validates the file itself)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired, Optional

from foundry.common.forms import options

KIND_LABELS = (("students", _l("Students (registrar export)")),
               ("companies", _l("Companies (HKSTP tenant list)")),
               ("outcomes", _l("Graduate outcomes (survey)")))


class UploadForm(FlaskForm):
    """Choose what to import, where, and the CSV file."""

    kind = SelectField(_l("What the file holds"), choices=options(KIND_LABELS),
                       validators=[DataRequired()])
    university = SelectField(_l("University"), coerce=int, choices=[],
                             validators=[Optional()], validate_choice=False)
    file = FileField(_l("CSV file (UTF-8, up to 20 MB)"),
                     validators=[FileRequired(_l("Choose a CSV file."))])


class ConfirmForm(FlaskForm):
    """Apply (or discard) a previewed file, named only by its server-side id."""

    token = HiddenField(validators=[DataRequired()])
