"""Writes for graduate outcomes: one current record per graduate, every change kept as history.

Which fields belong to which category (the rest are cleared, so a dashboard never reads a salary
for someone in further study):
- employed kinds (full-time, part-time, self-employed, contract, post-graduate internship):
  employer (directory company or name), job title, sector, location, salary, start date;
- further study: `employer_name` holds the institution and `job_title` the programme of study,
  plus location and start date (no directory company, no salary);
- service: the organisation in `employer_name`, the role in `job_title`, location, start date;
- still seeking, not seeking, no information: nothing but the category.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from flask_babel import gettext as _

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError, Problems
from foundry.extensions import db
from foundry.formatting import day
from foundry.models import Company, GraduateOutcome, StudentProfile, User
from foundry.models.choices import (
    EMPLOYED_CATEGORIES,
    LOCATIONS,
    OUTCOME_CATEGORIES,
    OUTCOME_SOURCES,
    values,
)
from foundry.outcomes.queries import current_outcome

# A generous ceiling that still catches a salary typed per month with extra zeros.
MAX_ANNUAL_SALARY = 20_000_000

_DESTINATION_FIELDS = ("employer_name", "job_title", "location", "start_date")
RELEVANT_FIELDS: dict[str, frozenset[str]] = {
    **{c: frozenset({"employer_company_id", "employer_name", "job_title", "sector", "location",
                     "annual_salary", "start_date"}) for c in EMPLOYED_CATEGORIES},
    "further_study": frozenset(_DESTINATION_FIELDS),
    "service": frozenset(_DESTINATION_FIELDS),
}


@dataclass
class OutcomeDetails:
    """What a form collects for an outcome; fields irrelevant to the category are cleared."""

    category: str
    employer_company_id: int | None = None
    employer_name: str | None = None
    job_title: str | None = None
    sector: str | None = None
    location: str | None = None
    annual_salary: int | None = None
    start_date: date | None = None

    def cleaned(self) -> OutcomeDetails:
        """A copy with blank strings as None and the fields the category ignores cleared."""
        keep = RELEVANT_FIELDS.get(self.category, frozenset())
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                value = value.strip() or None
            if f.name != "category" and f.name not in keep:
                value = None
            out[f.name] = value
        if out["employer_company_id"] is not None:
            out["employer_name"] = None  # the directory company is the employer
        return OutcomeDetails(**out)


def has_graduated(student: StudentProfile, today: date | None = None) -> bool:
    """Whether the student's graduation date (actual, else expected) is on or before today."""
    return student.graduation_date <= (today or date.today())


def _check(details: OutcomeDetails, *, student: StudentProfile, today: date) -> None:
    """Raise DomainError(s), by field, for anything a form would also refuse — every broken
    rule at once."""
    problems = Problems()
    if details.category not in values(OUTCOME_CATEGORIES):
        problems.add(_("Choose one of the listed categories."), field="category")
    if details.location is not None and details.location not in values(LOCATIONS):
        problems.add(_("Choose one of the listed locations."), field="location")
    salary = details.annual_salary
    if salary is not None and not 0 <= salary <= MAX_ANNUAL_SALARY:
        problems.add(_("Enter an annual salary between HKD 0 and HKD %(max)s.",
                       max=f"{MAX_ANNUAL_SALARY:,}"), field="annual_salary")
    if details.employer_company_id is not None:
        company = db.session.get(Company, details.employer_company_id)
        if company is None or not company.is_verified:
            problems.add(_("Choose a company from the directory list."),
                         field="employer_company_id")
    needs_employer = details.category in RELEVANT_FIELDS
    if needs_employer and details.employer_company_id is None and not details.employer_name:
        problems.add(_("Enter the institution.") if details.category == "further_study"
                     else _("Choose the employer from the directory or type its name."),
                     field="employer_name")
    if details.start_date is not None and details.start_date.year < student.cohort_year - 6:
        problems.add(_("The start date is too far before graduation."), field="start_date")
    elif details.start_date is not None and (details.start_date - today).days > 730:
        problems.add(_("The start date is more than two years away."), field="start_date")
    problems.raise_any()


def _snapshot(outcome: GraduateOutcome | None) -> dict | None:
    """The audited fields of an outcome (JSON-friendly)."""
    if outcome is None:
        return None
    data = {f.name: getattr(outcome, f.name) for f in fields(OutcomeDetails)}
    data["start_date"] = outcome.start_date.isoformat() if outcome.start_date else None
    data.update(source=outcome.source, outcome_date=outcome.outcome_date.isoformat())
    return data


def _same(outcome: GraduateOutcome, details: OutcomeDetails, source: str) -> bool:
    """Whether the current record already says exactly this (a repeated submission)."""
    return outcome.source == source and all(
        getattr(outcome, f.name) == getattr(details, f.name) for f in fields(OutcomeDetails))


def record_outcome(*, student: StudentProfile, details: OutcomeDetails, source: str,
                   recorded_by: User | None, today: date | None = None,
                   before_graduation: bool = False) -> GraduateOutcome:
    """Make `details` the graduate's current outcome; the previous one stays as history.

    Submitting exactly the current record again changes nothing (idempotent).
    `before_graduation` lets an open survey campaign take answers from about a month before
    graduation (an offer accepted before the ceremony), as career offices' surveys do."""
    today = today or date.today()
    if source not in values(OUTCOME_SOURCES):
        raise DomainError(_("Choose one of the listed sources."), field="source")
    if not before_graduation and not has_graduated(student, today):
        raise DomainError(_("Outcomes can be recorded once the student has graduated (%(d)s).",
                            d=day(student.graduation_date)))
    details = details.cleaned()
    _check(details, student=student, today=today)
    previous = current_outcome(student.id, for_update=True)
    if previous is not None and _same(previous, details, source):
        return previous
    if previous is not None:
        previous.is_current = False
        db.session.flush()  # the partial unique index allows one current row at a time
    outcome = GraduateOutcome(student_id=student.id, source=source, outcome_date=today,
                              recorded_by_id=recorded_by.id if recorded_by else None,
                              is_current=True, **vars(details))
    db.session.add(outcome)
    db.session.flush()
    action = "outcomes.report" if source == "survey" else "outcomes.record"
    record_audit(action, target=outcome, actor=recorded_by,
                 details={"student_id": student.id, "before": _snapshot(previous),
                          "after": _snapshot(outcome)})
    return outcome
