"""Campaign forms (shape only): a new campaign, and an employer's confirm/deny."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from foundry.common.forms import options, row_id


def _optional_id(value):
    """'' → None, else a row id (ValueError shown by the field when out of range)."""
    return None if value in (None, "", "None") else row_id(value)


DEFAULT_MESSAGE_EN = ("Congratulations on your graduation! Your university asks every graduate "
                      "what they are doing about six months on: it keeps careers support and "
                      "the degree programmes in touch with the job market. Your answer is "
                      "kept confidential and published only in totals.")
DEFAULT_MESSAGE_ZH = ("恭喜你畢業！大學邀請每位畢業生告訴我們畢業後約六個月的去向，"
                      "以改善就業支援和課程。你的回覆會保密，只會以總數形式發佈。")


class CampaignForm(FlaskForm):
    """A first-destination survey campaign for one cohort."""

    name = StringField(_l("Campaign name"), validators=[DataRequired(), Length(max=160)])
    university_id = SelectField(_l("University"), coerce=_optional_id,
                                validators=[DataRequired()])
    faculty_id = SelectField(_l("Faculty"), coerce=_optional_id, validators=[Optional()])
    cohort_year = SelectField(_l("Graduating cohort"), coerce=int, validators=[DataRequired()])
    opens_on = DateField(_l("Opens on"), validators=[DataRequired()])
    closes_on = DateField(_l("Closes on"), validators=[DataRequired()])
    message_en = TextAreaField(_l("Message (English)"),
                               validators=[DataRequired(), Length(max=2000)])
    message_zh = TextAreaField(_l("Message (Chinese)"),
                               validators=[DataRequired(), Length(max=2000)])
    reminder_days = StringField(_l("Reminders, days after the invitation"),
                                validators=[DataRequired(), Length(max=64)])

    def __init__(self, *args, universities=(), faculties=(), cohorts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.university_id.choices = options(universities)
        self.faculty_id.choices = options(faculties, blank=_l("All faculties"))
        self.cohort_year.choices = options((y, f"{y - 1}/{y % 100:02d}") for y in cohorts)


class ConfirmationForm(FlaskForm):
    """A company member's answer about one graduate: confirm or deny."""

    decision = HiddenField(validators=[DataRequired()])
