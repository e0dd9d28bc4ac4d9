"""Forms for events (admin create/edit) and check-in (shape only)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from foundry.common.forms import options
from foundry.models.choices import EVENT_KINDS, EVENT_MODES

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _check_year(field) -> None:
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(_l("Enter a date between %(first)s and %(last)s.",
                                 first=FIRST_YEAR, last=LAST_YEAR))


class EventForm(FlaskForm):
    """An event: what, when (Hong Kong time), where, how many, who takes part."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    kind = SelectField(_l("Kind"), choices=options(EVENT_KINDS), validators=[DataRequired()])
    mode = SelectField(_l("Mode"), choices=options(EVENT_MODES), validators=[DataRequired()])
    starts_at = DateTimeLocalField(_l("Starts (Hong Kong time)"), format=DATETIME_FORMAT,
                                   validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends (Hong Kong time)"), format=DATETIME_FORMAT,
                                 validators=[InputRequired()])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)],
                                render_kw={"rows": 5})
    capacity = IntegerField(_l("Capacity (places)"),
                            validators=[Optional(), NumberRange(min=1, max=100_000)])
    open_to_everyone = BooleanField(_l("Open to everyone (also talent from outside the partner "
                                       "universities)"))
    # data-picker: static/js/picker.js turns these into a filter box, checkboxes and chips.
    companies = SelectMultipleField(_l("Participating companies"), coerce=int,
                                    validators=[Optional()], render_kw={"size": 8,
                                                                        "data-picker": ""})
    positions = SelectMultipleField(_l("Linked positions"), coerce=int,
                                    validators=[Optional()], render_kw={"size": 8,
                                                                        "data-picker": ""})

    def __init__(self, *args, companies=(), positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.companies.choices = options(companies)
        self.positions.choices = options(positions)
        texts = {"data-picker-placeholder": _("Type to filter…"),
                 "data-picker-remove": _("Remove %(name)s"),
                 "data-picker-status": _("%(shown)s shown · %(chosen)s chosen")}
        self.companies.render_kw = {**self.companies.render_kw, **texts,
                                    "data-picker-chosen": _("Chosen companies"),
                                    "data-picker-list": _("Companies to choose from"),
                                    "data-picker-help": _("Verified companies. Type to filter, "
                                                          "tick to choose; remove a chosen one "
                                                          "with its ×.")}
        self.positions.render_kw = {**self.positions.render_kw, **texts,
                                    "data-picker-chosen": _("Chosen positions"),
                                    "data-picker-list": _("Positions to choose from"),
                                    "data-picker-help": _("Open or draft positions; students see "
                                                          "the open ones on the event page. Type "
                                                          "to filter, tick to choose.")}

    def validate_starts_at(self, field):
        """A year far outside the programme's is a typo; year 1 or 9999 also cannot be turned
        into UTC and back for display."""
        _check_year(field)

    def validate_ends_at(self, field):
        """The end comes after the start."""
        _check_year(field)
        if field.data and self.starts_at.data and field.data < self.starts_at.data:
            raise ValidationError(_l("The event must end after it starts."))


class CodeForm(FlaskForm):
    """The check-in code, typed or scanned (a barcode scanner types it and presses Enter)."""

    code = StringField(_l("Registration code"), validators=[DataRequired(), Length(max=40)],
                       render_kw={"autocomplete": "off", "autofocus": True,
                                  "autocapitalize": "characters", "spellcheck": "false"})
