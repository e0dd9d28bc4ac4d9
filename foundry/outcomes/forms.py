"""Forms for the first-destination survey and for staff recording an outcome (shape only)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from foundry.common.forms import options
from foundry.models.choices import LOCATIONS, OUTCOME_CATEGORIES, OUTCOME_SOURCES

MAX_SALARY = 20_000_000  # same bound as foundry.outcomes.services.MAX_ANNUAL_SALARY
# A first job's annual salary outside this range is asked about before it is saved (HKD 3.6 M
# is more likely a typo, HKD 25,000 a monthly figure); the user can confirm it.
PLAUSIBLE_SALARY = (60_000, 1_500_000)

# What each category means, shown beside the choices (NACE first-destination definitions).
CATEGORY_HELP = {
    "employed_full_time": _l("A paid job of 30 hours or more per week, expected to last."),
    "employed_part_time": _l("A paid job of fewer than 30 hours per week."),
    "self_employed": _l("You run your own business or founded a startup."),
    "contract": _l("Paid work for a fixed term or per project, for one or more clients."),
    "postgrad_internship": _l("A paid or unpaid internship, residency or fellowship after "
                              "graduation."),
    "further_study": _l("Enrolled in a master's, doctoral, professional or other programme."),
    "service": _l("Volunteer service or national service."),
    "seeking": _l("Looking for work or a place to study."),
    "not_seeking": _l("Not looking for work or study for now (e.g. travel, family, health)."),
    "no_information": _l("Nothing is known about the graduate's destination."),
}


def _optional_int(value):
    """Select value '' → None, else int (the employer company select)."""
    return int(value) if value not in (None, "", "None") else None


class OutcomeForm(FlaskForm):
    """The first-destination form; which fields apply depends on the category."""

    category = RadioField(_l("Main activity"), validators=[DataRequired()])
    employer_company_id = SelectField(_l("Employer from the directory"), coerce=_optional_int,
                                      validators=[Optional()])
    employer_name = StringField(_l("Employer, organisation or institution (if not listed)"),
                                validators=[Optional(), Length(max=160)])
    job_title = StringField(_l("Job title, role or programme of study"),
                            validators=[Optional(), Length(max=160)])
    sector = StringField(_l("Sector"), validators=[Optional(), Length(max=80)])
    location = SelectField(_l("Location"), validators=[Optional()],
                           choices=options([("", _l("— choose —")), *LOCATIONS]))
    annual_salary = IntegerField(
        _l("Annual salary (HKD, optional)"),
        validators=[Optional(), NumberRange(min=0, max=MAX_SALARY,
                                            message=_l("Enter an amount between 0 and "
                                                       "20,000,000."))])
    start_date = DateField(_l("Start date"), validators=[Optional()])
    salary_confirmed = BooleanField(_l("Yes, this annual salary is right"))

    def __init__(self, *args, companies=(), include_no_information=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = options(
            (v, label) for v, label in OUTCOME_CATEGORIES
            if include_no_information or v != "no_information")
        self.employer_company_id.choices = options(
            [("", _l("— not listed / not applicable —")), *companies])
        self.salary_warning = False

    def validate(self, extra_validators=None) -> bool:
        """Also ask about an unusual salary before saving it (all errors in one round)."""
        valid = super().validate(extra_validators)
        salary = self.annual_salary.data
        low, high = PLAUSIBLE_SALARY
        if salary is not None and not self.annual_salary.errors \
                and not low <= salary <= high and not self.salary_confirmed.data:
            self.salary_warning = True
            self.annual_salary.errors = [*self.annual_salary.errors, _(
                "HKD %(amount)s a year is unusual for a first job (most are between HKD "
                "%(low)s and %(high)s). Check the figure — a monthly amount? — or tick "
                "“Yes, this annual salary is right” to save it.",
                amount=f"{salary:,}", low=f"{low:,}", high=f"{high:,}")]
            valid = False
        return valid


class StaffOutcomeForm(OutcomeForm):
    """Staff record or correct an outcome, naming where they learnt it."""

    source = SelectField(_l("Source"), validators=[DataRequired()],
                         choices=options(
                             (v, label) for v, label in OUTCOME_SOURCES
                             if v in ("employer", "faculty", "public_profile")))
