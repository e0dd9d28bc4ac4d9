"""The rules a logged internship must follow (dates, hours, stipend, company, supervisor,
no overlapping duplicate); each broken rule is a DomainError naming its form field."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from foundry.common.errors import DomainError, Problems
from foundry.extensions import db
from foundry.formatting import day
from foundry.models import Company, Internship, StudentProfile, UniversityDomain
from foundry.models.base import utcnow
from foundry.models.choices import INTERNSHIP_STATUSES, SITES, WORK_MODES, label, values

MAX_HOURS = 80
MAX_STIPEND = 1_000_000  # HKD a month; anything above is a typo (and may overflow INTEGER)
EARLIEST_START = date(2000, 1, 1)  # year 1 or 9999 is a typo that would skew every dashboard
MAX_LENGTH_DAYS = 3 * 366
MAX_LEAD_DAYS = 2 * 366


@dataclass(frozen=True)
class InternshipDetails:
    """What a student types when logging an internship found elsewhere."""

    company: Company | None
    company_name: str | None
    title: str
    start_date: date
    end_date: date
    hours_per_week: int
    paid: bool
    stipend_monthly: int | None
    mode: str
    site: str | None
    supervisor_email: str | None


def clean_details(details: InternshipDetails) -> InternshipDetails:
    """Trim texts, lower-case the e-mail and drop the stipend of an unpaid internship."""
    name = (details.company_name or "").strip() or None
    email = (details.supervisor_email or "").strip().lower() or None
    return replace(details, company_name=name, title=(details.title or "").strip(),
                   supervisor_email=email)


def check_details(*, student: StudentProfile, details: InternshipDetails,
                   exclude_id: int | None = None) -> None:
    """Raise every rule the details break at once (DomainErrors, each naming its field)."""
    problems = Problems()
    _check_company(details, problems)
    if details.supervisor_email:
        try:
            _check_supervisor_email(student, details.supervisor_email)
        except DomainError as error:
            problems.errors.append(error)
    if not details.title:
        problems.add(_("Give the internship's title."), field="title")
    _check_dates(details, problems)
    if not 0 <= details.hours_per_week <= MAX_HOURS:
        problems.add(_("Hours per week must be between 0 and %(max)d.", max=MAX_HOURS),
                     field="hours_per_week")
    _check_stipend(details, problems)
    if details.mode not in values(WORK_MODES):
        problems.add(_("Choose a work mode."), field="mode")
    if details.site is not None and details.site not in values(SITES):
        problems.add(_("Choose a site from the list."), field="site")
    if not problems.has("start_date") and not problems.has("end_date") \
            and not problems.has("company_id") and not problems.has("company_name"):
        clash = _overlapping(student=student, details=details, exclude_id=exclude_id)
        if clash is not None:
            problems.add(
                _("You already logged an internship at %(company)s from %(start)s to %(end)s "
                  "(%(status)s); these dates overlap it.", company=clash.employer_name,
                  start=day(clash.start_date), end=day(clash.end_date),
                  status=label(INTERNSHIP_STATUSES, clash.status)),
                field="start_date")
    problems.raise_any()


def _check_company(details: InternshipDetails, problems: Problems) -> None:
    if details.company is None and not details.company_name:
        problems.add(_("Choose a company from the directory or type the company's name."),
                     field="company_id")
    if details.company is not None and details.company_name:
        problems.add(_("Choose a company from the directory or type a name, not both."),
                     field="company_name")
    if details.company is not None and not details.company.is_verified:
        problems.add(_("This company is not open for internships on Talent Foundry."),
                     field="company_id")
    if details.company is None and not details.supervisor_email:
        problems.add(_("A company not in the directory confirms through its supervisor: "
                       "give the supervisor's e-mail."), field="supervisor_email")


def _check_dates(details: InternshipDetails, problems: Problems) -> None:
    if details.end_date < details.start_date:
        problems.add(_("The end date must be on or after the start date."), field="end_date")
    elif (details.end_date - details.start_date).days > MAX_LENGTH_DAYS:
        problems.add(_("Check the end date: an internship lasts at most three years."),
                     field="end_date")
    if details.start_date < EARLIEST_START:
        problems.add(_("Check the start date: it is before %(year)d.",
                       year=EARLIEST_START.year), field="start_date")
    if details.start_date > utcnow().date() + timedelta(days=MAX_LEAD_DAYS):
        problems.add(_("Check the start date: it is more than two years from now."),
                     field="start_date")


def _check_stipend(details: InternshipDetails, problems: Problems) -> None:
    if details.stipend_monthly is None:
        return
    if not details.paid:
        problems.add(_("An unpaid internship has no stipend: leave it empty or tick "
                       "“Paid”."), field="stipend_monthly")
    elif details.stipend_monthly < 0:
        problems.add(_("The stipend cannot be negative."), field="stipend_monthly")
    elif details.stipend_monthly > MAX_STIPEND:
        problems.add(_("Check the stipend: it is more than HKD %(max)s a month.",
                       max=f"{MAX_STIPEND:,}"), field="stipend_monthly")


def _check_supervisor_email(student: StudentProfile, email: str) -> None:
    """The supervisor's link must not reach the student: not their own address, nor a
    university student address."""
    own = student.user.email if student.user else None
    domain = email.rpartition("@")[2]
    student_domain = db.session.scalar(
        select(UniversityDomain.id).where(UniversityDomain.domain == domain).limit(1))
    if email == own or student_domain is not None:
        raise DomainError(_("Give your supervisor's work e-mail, not a student address: the "
                            "confirmation link goes there."), field="supervisor_email")


def _overlapping(*, student: StudentProfile, details: InternshipDetails,
                 exclude_id: int | None) -> Internship | None:
    """An internship of the student at the same company with overlapping dates (not disputed)."""
    if details.company is not None:
        same_company = or_(Internship.company_id == details.company.id,
                           func.lower(Internship.company_name) == details.company.name.lower())
    else:
        name = (details.company_name or "").lower()
        named = select(Company.id).where(func.lower(Company.name) == name)
        same_company = or_(func.lower(Internship.company_name) == name,
                           Internship.company_id.in_(named))
    stmt = (select(Internship)
            .where(Internship.student_id == student.id, Internship.status != "disputed",
                   Internship.start_date <= details.end_date,
                   Internship.end_date >= details.start_date, same_company)
            .order_by(Internship.start_date).limit(1))
    if exclude_id is not None:
        stmt = stmt.where(Internship.id != exclude_id)
    return db.session.scalar(stmt)
