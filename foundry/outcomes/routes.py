"""Graduate destination pages: the graduate's own survey form, and staff recording outcomes."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from foundry.campaigns.confirmations import confirmations_of
from foundry.common.audit import record_student_view
from foundry.common.errors import DomainError, attach_to_form
from foundry.extensions import db
from foundry.models import StudentProfile
from foundry.outcomes import queries, services
from foundry.outcomes.forms import CATEGORY_HELP, OutcomeForm, StaffOutcomeForm
from foundry.permissions import can_record_outcome, get_or_404, require, role_required

bp = Blueprint("outcomes", __name__, url_prefix="/outcomes")

PER_PAGE = 25
# Which fields each category keeps, for the form's script (the server clears the others).
RELEVANT = {category: sorted(names) for category, names in services.RELEVANT_FIELDS.items()}


def _details(form: OutcomeForm, *, kept_salary: int | None = None) -> services.OutcomeDetails:
    """The form's values as the service's input (an empty salary keeps `kept_salary`)."""
    salary = form.annual_salary.data
    return services.OutcomeDetails(
        category=form.category.data, employer_company_id=form.employer_company_id.data,
        employer_name=form.employer_name.data, job_title=form.job_title.data,
        sector=form.sector.data, location=form.location.data,
        annual_salary=kept_salary if salary is None else salary, start_date=form.start_date.data)


def _save(form: OutcomeForm, *, student: StudentProfile, source: str,
          kept_salary: int | None = None) -> bool:
    """Record the outcome and commit; on a domain error show it by its field and return False."""
    try:
        services.record_outcome(student=student, source=source, recorded_by=current_user,
                                details=_details(form, kept_salary=kept_salary))
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        attach_to_form(form, error)
        return False
    except IntegrityError:  # a simultaneous submission made its record current first
        db.session.rollback()
        form.form_errors.append(_("Someone saved an outcome at the same moment; "
                                  "please check the history and try again."))
        return False
    return True


@bp.route("/mine", methods=["GET", "POST"])
@role_required("student")
def mine():
    """The graduate's first-destination form, current record and history."""
    student = current_user.student
    if student is None:
        abort(404)
    graduated = services.has_graduated(student)
    current = queries.current_outcome(student.id)
    form = OutcomeForm(obj=current, companies=queries.directory_companies())
    if request.method == "POST":
        if not graduated:
            flash(_("You can report your first destination once you have graduated."), "danger")
        elif form.validate() and _save(form, student=student, source="survey"):
            flash(_("Thank you: your first destination is recorded."), "success")
            return redirect(url_for("outcomes.mine"))
    return render_template("outcomes/mine.html", student=student, graduated=graduated,
                           form=form, current=current, help=CATEGORY_HELP, relevant=RELEVANT,
                           history=queries.outcome_history(student.id))


@bp.get("/graduates")
@role_required("dean", "admin")
def staff_list():
    """Graduates in the viewer's scope with their current outcome; searchable and filterable."""
    filters = queries.GraduateFilters.from_args(request.args)
    page = db.paginate(queries.graduates_stmt(current_user, filters),
                       page=request.args.get("page", 1, type=int), per_page=PER_PAGE,
                       error_out=False)
    outcomes = queries.current_outcomes_of([student.id for student in page.items])
    return render_template("outcomes/staff_list.html", page=page, filters=filters,
                           outcomes=outcomes,
                           faculties=queries.faculties_for(current_user),
                           cohorts=queries.cohorts_for(current_user))


@bp.route("/graduates/<int:student_id>", methods=["GET", "POST"])
@role_required("dean", "admin")
def record(student_id: int):
    """Record or correct one graduate's outcome from another source (employer, faculty …)."""
    student = get_or_404(StudentProfile, student_id)
    require(can_record_outcome(current_user, student))
    graduated = services.has_graduated(student)
    current = queries.current_outcome(student.id)
    form = StaffOutcomeForm(obj=current, companies=queries.directory_companies(),
                            include_no_information=True)
    if request.method == "GET":
        if form.source.data not in [c.value for c in form.source.choices]:
            form.source.data = "faculty"  # e.g. prefilled from a survey record: staff name theirs
        # Staff never see an individual salary; left empty, the one on record is kept.
        form.annual_salary.data = None
    if request.method == "POST":
        kept = current.annual_salary if current is not None else None
        if not graduated:
            flash(_("Outcomes can be recorded once the student has graduated."), "danger")
        elif form.validate() and _save(form, student=student, source=form.source.data,
                                       kept_salary=kept):
            flash(_("Outcome recorded."), "success")
            return redirect(url_for("outcomes.record", student_id=student.id))
    if request.method == "GET":
        record_student_view(student=student, page="outcome")
        db.session.commit()
    user = student.user
    name = user.full_name if user and user.deleted_at is None else _("(identity removed)")
    confirmation = confirmations_of([current.id]).get(current.id) if current else None
    return render_template("outcomes/record.html", student=student, graduated=graduated, name=name,
                           form=form, current=current, help=CATEGORY_HELP, relevant=RELEVANT,
                           history=queries.outcome_history(student.id),
                           confirmation=confirmation)
