"""Forms for an event's programme and company participation (shape only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import DateTimeLocalField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from foundry.common.forms import options
from foundry.events.forms import DATETIME_FORMAT, _check_year
from foundry.models.choices import CLUSTERS, SESSION_KINDS, SESSION_PLACES

SPEAKER_HELP = _l("One speaker a line: name | title | organisation.")


def parse_speakers(text: str | None) -> list[tuple[str, str | None, str | None]]:
    """'Name | Title | Organisation' lines → tuples (empty parts become None)."""
    speakers = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        parts += [""] * (3 - len(parts))
        speakers.append((parts[0][:120], parts[1][:120] or None, parts[2][:160] or None))
    return speakers


class SessionForm(FlaskForm):
    """A session of the programme (times in Hong Kong time)."""

    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=160)])
    mode = SelectField(_l("Where"), choices=options(SESSION_PLACES), validators=[DataRequired()])
    starts_at = DateTimeLocalField(_l("Starts (Hong Kong time)"), format=DATETIME_FORMAT,
                                   validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends (Hong Kong time)"), format=DATETIME_FORMAT,
                                 validators=[InputRequired()])
    room = StringField(_l("Room at the venue"), validators=[Optional(), Length(max=120)])
    join_url = StringField(_l("Online join link"), validators=[Optional(), Length(max=500)])
    capacity = IntegerField(_l("Places"), validators=[Optional(), NumberRange(min=1, max=10_000)])
    cluster = SelectField(_l("Cluster"), choices=options(CLUSTERS, blank=_l("Any cluster")),
                          validators=[Optional()])
    host_id = SelectField(_l("Representative"), coerce=lambda v: int(v) if v else None,
                          validators=[Optional()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=3000)],
                                render_kw={"rows": 3})
    speakers = TextAreaField(_l("Speakers"), validators=[Optional(), Length(max=3000)],
                             render_kw={"rows": 3})

    def __init__(self, *args, kinds=SESSION_KINDS, hosts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = options(kinds)
        self.host_id.choices = options(hosts, blank=_l("Nobody in particular"))

    def validate_starts_at(self, field):
        """A plausible year."""
        _check_year(field)

    def validate_ends_at(self, field):
        """The end comes after the start."""
        _check_year(field)
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The session must end after it starts."))


class SlotsForm(FlaskForm):
    """Back-to-back 1:1 slots of a company's representative."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=160)])
    first_start = DateTimeLocalField(_l("First slot starts (Hong Kong time)"),
                                     format=DATETIME_FORMAT, validators=[InputRequired()])
    minutes = IntegerField(_l("Minutes per slot"), default=10,
                           validators=[InputRequired(), NumberRange(min=5, max=120)])
    count = IntegerField(_l("Number of slots"), default=6,
                         validators=[InputRequired(), NumberRange(min=1, max=48)])
    mode = SelectField(_l("Where"), choices=options(SESSION_PLACES), validators=[DataRequired()])
    room = StringField(_l("Room or booth at the venue"), validators=[Optional(), Length(max=120)])
    join_url = StringField(_l("Online join link"), validators=[Optional(), Length(max=500)])
    host_id = SelectField(_l("Representative"), coerce=lambda v: int(v) if v else None,
                          validators=[Optional()])

    def __init__(self, *args, hosts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.host_id.choices = options(hosts, blank=_l("Nobody in particular"))

    def validate_first_start(self, field):
        """A plausible year."""
        _check_year(field)


class InviteForm(FlaskForm):
    """An admin invites a verified company."""

    company = SelectField(_l("Company"), coerce=lambda v: int(v) if v else None,
                          validators=[DataRequired(message=_l("Choose a company."))])

    def __init__(self, *args, companies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.company.choices = options(companies, blank=_l("Choose a company…"))


class RepresentativesForm(FlaskForm):
    """Who represents the company at the event."""

    representatives = SelectMultipleField(_l("Representatives"), coerce=int,
                                          validators=[Optional()], render_kw={"size": 5})

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.representatives.choices = options(members)


class PositionsForm(FlaskForm):
    """Which of the company's positions are in the event's Talent Pool."""

    positions = SelectMultipleField(_l("Positions at this event"), coerce=int,
                                    validators=[Optional()], render_kw={"size": 6})

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.positions.choices = options(positions)
