"""Graduate outcomes from a university survey: one current outcome per graduate.

A row equal to the graduate's current outcome changes nothing; a different one becomes the new
current outcome and the old one is kept as history (is_current = False). An employer whose name
matches a directory company (any letter case) is linked to it; others stay free text until an
admin merges them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, insert, select, update

from foundry.extensions import db
from foundry.imports import fields
from foundry.imports.csvfile import Record
from foundry.imports.report import ImportContext, ImportReport, chunks
from foundry.models import Company, GraduateOutcome, StudentProfile
from foundry.models.choices import LOCATIONS, OUTCOME_CATEGORIES, OUTCOME_SOURCES

HEADERS = ("student_number", "category", "employer", "job_title", "annual_salary", "location",
           "outcome_date", "source")
REQUIRED = ("student_number", "category", "outcome_date")
OPTIONAL = ("employer", "job_title", "annual_salary", "location", "source")
EXAMPLE = ("1155123456", "employed_full_time", "Acme Robotics Limited", "Software Engineer",
           "360000", "hong_kong", "2025-10-01", "survey")
COMPARED = ("category", "employer_company_id", "employer_name", "job_title", "annual_salary",
            "location", "outcome_date", "source")


@dataclass
class Plan:
    """What applying the file will write."""

    retire_ids: list[int] = field(default_factory=list)
    creates: list[dict] = field(default_factory=list)


def validate(records: list[Record], ctx: ImportContext, report: ImportReport) -> Plan:
    """Check every row; three queries load the students, their outcomes and the directory."""
    students = {r.student_number: r for r in db.session.execute(
        select(StudentProfile.id, StudentProfile.student_number, StudentProfile.faculty_id)
        .where(StudentProfile.university_id == ctx.university_id,
               StudentProfile.student_number.is_not(None)))}
    companies = dict(db.session.execute(select(func.lower(Company.name), Company.id)).all())
    plan = Plan()
    seen: dict[str, int] = {}
    rows = []
    for record in records:
        row = _clean(record, report, companies)
        if row is None:
            continue
        number = row.pop("student_number")
        student = students.get(number)
        if student is None:
            report.error(record.line, "student_number",
                         _("no student with number %(n)s at this university", n=number))
            continue
        if ctx.faculty_id is not None and student.faculty_id != ctx.faculty_id:
            report.error(record.line, "student_number", _("student outside your faculty"))
            continue
        if number in seen:
            report.error(record.line, "student_number", _(
                "graduate repeated (first on line %(line)s)", line=seen[number]))
            continue
        seen[number] = record.line
        rows.append({**row, "student_id": student.id})
    current = _current_outcomes([r["student_id"] for r in rows])
    for row in rows:
        old = current.get(row["student_id"])
        if old is not None and tuple(getattr(old, c) for c in COMPARED) == tuple(
                row[c] for c in COMPARED):
            report.unchanged += 1
            continue
        if old is None:
            report.created += 1
        else:
            report.updated += 1
            plan.retire_ids.append(old.id)
        plan.creates.append(row)
    return plan


def _clean(record: Record, report: ImportReport, companies: dict[str, int]) -> dict | None:
    """The row's values parsed, or None after recording each bad cell."""
    v = record.values
    checks = {
        "student_number": lambda: fields.text(v["student_number"], max_length=32, required=True),
        "category": lambda: fields.choice(v["category"], OUTCOME_CATEGORIES),
        "employer": lambda: fields.text(v.get("employer", ""), max_length=160),
        "job_title": lambda: fields.text(v.get("job_title", ""), max_length=160),
        "annual_salary": lambda: fields.money(v.get("annual_salary", "")),
        "location": lambda: fields.choice(v.get("location", ""), LOCATIONS, required=False),
        "outcome_date": lambda: fields.day(v["outcome_date"]),
        "source": lambda: (fields.choice(v.get("source", ""), OUTCOME_SOURCES, required=False)
                           or "survey"),
    }
    row: dict = {}
    for column, check in checks.items():
        try:
            row[column] = check()
        except ValueError as error:
            report.error(record.line, column, str(error))
    if len(row) != len(checks):
        return None
    employer = row.pop("employer")
    company_id = companies.get(employer.lower()) if employer else None
    row["employer_company_id"] = company_id
    row["employer_name"] = None if company_id else employer
    return row


def _current_outcomes(student_ids: list[int]) -> dict[int, GraduateOutcome]:
    """The current outcome of each of these graduates, in a few IN (...) queries."""
    found: dict[int, GraduateOutcome] = {}
    for chunk in chunks(sorted(set(student_ids))):
        for row in db.session.execute(
                select(GraduateOutcome.id, GraduateOutcome.student_id,
                       *(getattr(GraduateOutcome, c) for c in COMPARED))
                .where(GraduateOutcome.student_id.in_(chunk), GraduateOutcome.is_current)):
            found[row.student_id] = row
    return found


def apply(plan: Plan, ctx: ImportContext) -> None:
    """Retire the replaced outcomes, then insert the new current ones in bulk."""
    for chunk in chunks(plan.retire_ids):
        db.session.execute(update(GraduateOutcome).where(GraduateOutcome.id.in_(chunk))
                           .values(is_current=False)
                           .execution_options(synchronize_session=False))
    if plan.creates:
        db.session.execute(insert(GraduateOutcome), [
            {**row, "is_current": True, "recorded_by_id": ctx.actor_id} for row in plan.creates])
