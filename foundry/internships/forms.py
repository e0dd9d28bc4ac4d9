"""Internship forms (shape only; the rules that need the database live in services)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from foundry.internships.validation import MAX_HOURS, MAX_STIPEND
from foundry.models.choices import SITES, WORK_MODES


def options(pairs, blank=None) -> list[SelectChoice]:
    """(value, label) pairs as SelectChoice options (WTForms 3.3 deprecates tuples), with an
    optional empty first option."""
    head = [SelectChoice("", blank)] if blank is not None else []
    return head + [SelectChoice(str(value), label) for value, label in pairs]


def optional_int(value):
    """Coerce a select's value to int, or None for the empty choice."""
    if value in ("", None, "None"):
        return None
    return int(value)


def optional_str(value):
    """Coerce a select's value to str, or None for the empty choice."""
    return value or None


class InternshipForm(FlaskForm):
    """An internship found outside Talent Foundry."""

    company_id = SelectField(_l("Company in the directory"), coerce=optional_int,
                             validators=[Optional()])
    company_name = StringField(_l("…or the company's name, if it is not in the directory"),
                               validators=[Optional(), Length(max=160)])
    title = StringField(_l("Job title"), validators=[DataRequired(), Length(max=160)])
    start_date = DateField(_l("Start date"), validators=[InputRequired()])
    end_date = DateField(_l("End date"), validators=[InputRequired()])
    hours_per_week = IntegerField(_l("Hours per week"), default=40,
                                  validators=[InputRequired(), NumberRange(0, MAX_HOURS)])
    paid = BooleanField(_l("Paid"), default=True)
    stipend_monthly = IntegerField(_l("Monthly stipend (HKD)"),
                                   validators=[Optional(), NumberRange(min=0, max=MAX_STIPEND)])
    mode = SelectField(_l("Work mode"), choices=options(WORK_MODES), default="onsite",
                       validators=[InputRequired()])
    site = SelectField(_l("Science Park site"), coerce=optional_str,
                       choices=options(SITES, blank=_l("— Not at a Science Park site —")),
                       validators=[Optional()])
    supervisor_email = EmailField(_l("Supervisor's e-mail"),
                                  validators=[Optional(), Email(), Length(max=254)])

    def set_companies(self, companies: list[tuple[int, str]]) -> None:
        """Fill the directory select (verified companies) with an empty first choice."""
        self.company_id.choices = options(companies, blank=_l("— Not in the directory —"))

    def validate(self, extra_validators=None) -> bool:
        """Also name a missing company in the same round as the other field errors (the
        service checks it again; without this it was only reported once the rest was right)."""
        valid = super().validate(extra_validators)
        if not self.company_id.data and not (self.company_name.data or "").strip():
            self.company_id.errors = [*self.company_id.errors, _(
                "Choose a company from the directory or type the company's name.")]
            valid = False
        return valid


class TransitionForm(FlaskForm):
    """One action of the transition table; a dispute carries its reason."""

    action = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Reason for the dispute"), validators=[Optional(), Length(max=500)])


class LinkCompanyForm(FlaskForm):
    """An admin links a typed company name to a directory company."""

    company_id = SelectField(_l("Directory company"), coerce=int, validators=[InputRequired()])
