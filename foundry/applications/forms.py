"""Application forms: apply (note + CV), pipeline filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from foundry.common.forms import options
from foundry.models.choices import APPLICATION_STATUSES


class ApplyForm(FlaskForm):
    """A short note and a CV; the CV's content is checked by the service."""

    note = TextAreaField(_l("Note to the company"), validators=[Optional(), Length(max=2000)],
                         render_kw={"rows": 4})
    cv = FileField(_l("CV (PDF)"), validators=[FileRequired(_l("Attach your CV as a PDF."))],
                   render_kw={"accept": "application/pdf,.pdf"})


class PipelineFilterForm(FlaskForm):
    """Filter the applicants by position and status (GET, no CSRF)."""

    class Meta:
        csrf = False

    position = SelectField(_l("Position"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=options(APPLICATION_STATUSES, _l("Any status")),
                         validators=[Optional()])
    q = StringField(_l("Name or e-mail"), validators=[Optional(), Length(max=80)])
    sort = SelectField(_l("Sort by"), validators=[Optional()], choices=options((
        ("newest", _l("Newest first")), ("oldest", _l("Oldest first")), ("name", _l("Name")),
        ("match", _l("Best skills match")))))
