"""Position pages: the company's editor and list, the students' Talent Pool and position page."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.common.errors import DomainError, attach_to_form
from foundry.common.forms import options
from foundry.common.inputs import whole_number
from foundry.companies.services import ensure_company_can_act
from foundry.extensions import db
from foundry.models import Position
from foundry.permissions import (
    can_manage_position,
    can_view_position,
    get_or_404,
    is_external,
    require,
    role_required,
    student_of,
)
from foundry.positions import queries, services
from foundry.positions.forms import (
    EMPTY_SKILL_ROWS,
    MAX_SKILL_ROWS,
    PoolFilterForm,
    PositionForm,
)

bp = Blueprint("positions", __name__)


def _pool_filters(form: PoolFilterForm) -> queries.PoolFilters:
    """Turn valid filter fields into PoolFilters; an invalid value is ignored, not an error."""
    form.validate()

    def ok(name):
        field = getattr(form, name)
        return None if field.errors or not field.data else field.data

    skill = ok("skill")
    student = student_of(current_user)
    return queries.PoolFilters(
        q=ok("q"), cluster=ok("cluster"), kind=ok("kind"), site=ok("site"), mode=ok("mode"),
        paid={"yes": True, "no": False}.get(ok("paid") or ""),
        skill_id=whole_number(skill, low=1), tag=ok("tag"),
        current=bool(form.current.data) if "filtered" in request.args else True,
        sort=ok("sort") or "deadline", student_id=student.id if student else None)


@bp.get("/positions")
@role_required("student", "external", "admin")
def pool():
    """The Talent Pool: open positions of verified companies, filtered from the URL."""
    form = PoolFilterForm(request.args)
    form.skill.choices = options(queries.skill_choices(), _("Any skill"))
    form.tag.choices = options(queries.tag_choices(), _("Any programme or event"))
    if student_of(current_user) is None:  # an admin has no skills to match
        form.sort.choices = [c for c in form.sort.choices if c.value != "match"]
    filters = _pool_filters(form)
    form.current.data = filters.current
    pages = queries.pool(filters, page=request.args.get("page", 1, type=int) or 1,
                         open_only=is_external(current_user))
    student, ids = student_of(current_user), [p.id for p in pages.items]
    return render_template("positions/pool.html", form=form, pages=pages,
                           applied=queries.applied_statuses(student, ids),
                           match=queries.match_by_position(student, ids))


@bp.get("/positions/<int:position_id>")
@role_required("student", "external", "company", "admin")
def detail(position_id: int):
    """A position, with the student's skills against the required ones and the apply form."""
    position = queries.load_position(position_id) or abort(404)
    if not can_view_position(current_user, position):
        abort(404)  # not published to this viewer: do not reveal it exists
    student = student_of(current_user)
    application = queries.live_application(student, position) if student else None
    from foundry.applications import cv_library
    from foundry.applications.forms import ApplyForm

    library = cv_library.library(student) if student else []
    return render_template("positions/detail.html", position=position,
                           matches=queries.skill_matches(position, student),
                           application=application, apply_form=ApplyForm(library=library),
                           can_manage=can_manage_position(current_user, position),
                           today=date.today())


@bp.get("/company/positions")
@role_required("company")
def company_list():
    """The company's positions with applicant counts."""
    company = current_user.membership.company
    return render_template("positions/company_list.html", company=company,
                           rows=queries.company_positions(company.id))


ADD_SKILL_ROW = "add_skill_row"  # the "Add a skill" button's name (without JavaScript)


def _prepare(form: PositionForm, *, add_row: bool = False) -> None:
    """Fill the choice lists and pad the skill rows to a few empty ones; `add_row` (the "Add a
    skill" button, pressed without JavaScript) keeps the rows sent and adds one empty row."""
    skills = options(queries.skill_choices(), _("Choose a skill…"))
    form.event_id.choices = options(queries.event_choices(), _("— none —"))
    form.programme_id.choices = options(queries.programme_choices(), _("— none —"))
    if add_row:
        if len(form.skills) < MAX_SKILL_ROWS:
            form.skills.append_entry()
    else:
        filled = sum(1 for row in form.skills if row.form.skill_id.data)
        while len(form.skills) < min(filled + EMPTY_SKILL_ROWS, MAX_SKILL_ROWS):
            form.skills.append_entry()
    for row in form.skills:
        row.form.skill_id.choices = skills


def _form_data(form: PositionForm) -> tuple[dict, list[tuple[int, int]]]:
    data = {name: getattr(form, name).data for name in services.POSITION_FIELDS}
    data["audience"] = data["audience"] or None
    if not data["paid"]:
        data["pay_min"] = data["pay_max"] = None
    skills = [(row.form.skill_id.data, row.form.level.data) for row in form.skills
              if row.form.skill_id.data and row.form.level.data]
    return data, skills


@bp.route("/company/positions/new", methods=["GET", "POST"])
@role_required("company")
def new():
    """Create a position (saved as a draft, opened from the list)."""
    company = current_user.membership.company
    if request.method == "GET":
        try:
            ensure_company_can_act(company)
        except DomainError as error:
            flash(str(error), "warning")
    form = PositionForm()
    if request.method == "GET":
        form.cluster.data = company.cluster
        form.site.data = company.site
    adding = ADD_SKILL_ROW in request.form
    _prepare(form, add_row=adding)
    if not adding and form.validate_on_submit():
        data, skills = _form_data(form)
        try:
            position = services.create_position(company=company, data=data, skills=skills,
                                                actor=current_user)
        except DomainError as error:
            if error.field:
                attach_to_form(form, error)
            else:
                flash(str(error), "danger")
        else:
            db.session.commit()
            flash(_("Position saved as a draft. Open it when you are ready."), "success")
            return redirect(url_for("positions.company_list", _anchor=f"position-{position.id}"))
    return render_template("positions/form.html", form=form, position=None,
                           MAX_SKILL_ROWS=MAX_SKILL_ROWS)


@bp.route("/company/positions/<int:position_id>/edit", methods=["GET", "POST"])
@role_required("company", "admin")
def edit(position_id: int):
    """Edit a position of one's own company."""
    position = queries.load_position(position_id) or abort(404)
    require(can_manage_position(current_user, position))
    form = PositionForm(obj=position)
    if request.method == "GET":
        form.event_id.data = position.event_id
        while len(form.skills):
            form.skills.pop_entry()
        for row in sorted(position.skills, key=lambda r: r.skill.name):
            form.skills.append_entry({"skill_id": row.skill_id, "level": row.required_level})
    adding = ADD_SKILL_ROW in request.form
    _prepare(form, add_row=adding)
    if not adding and form.validate_on_submit():
        data, skills = _form_data(form)
        try:
            services.update_position(position=position, data=data, skills=skills,
                                     actor=current_user)
        except DomainError as error:
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Position updated."), "success")
            return redirect(url_for("positions.detail", position_id=position.id))
    return render_template("positions/form.html", form=form, position=position,
                           MAX_SKILL_ROWS=MAX_SKILL_ROWS)


def _move(position_id: int, status: str, done: str):
    position = get_or_404(Position, position_id)
    require(can_manage_position(current_user, position))
    try:
        services.set_position_status(position=position, status=status, actor=current_user)
    except DomainError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("positions.company_list"))


@bp.post("/company/positions/<int:position_id>/open")
@role_required("company")
def open_position(position_id: int):
    """Publish a position in the Talent Pool."""
    return _move(position_id, "open", _("Position opened: students can now apply."))


@bp.post("/company/positions/<int:position_id>/close")
@role_required("company")
def close_position(position_id: int):
    """Stop taking applications for a position."""
    return _move(position_id, "closed", _("Position closed."))


@bp.route("/me/skills", methods=["GET", "POST"])
@role_required("student", "external")
def my_skills():
    """A student's self-assessed skill levels (1–5), used to compare with positions."""
    student = student_of(current_user)
    skills = queries.skills_by_kind()
    levels = queries.student_skill_levels(student)
    if request.method == "POST":
        submitted: dict[int, int | None] = {}
        errors: dict[int, str] = {}
        for skill in skills:
            raw = request.form.get(f"skill-{skill.id}", "")
            if raw == "":
                submitted[skill.id] = None
            elif (level := whole_number(raw, low=1, high=5)) is not None:
                submitted[skill.id] = level
            else:
                errors[skill.id] = _("Choose a level from 1 to 5, or leave it empty.")
        if not errors:
            services.set_student_skills(student=student, levels=submitted)
            db.session.commit()
            flash(_("Your skills are saved."), "success")
            return redirect(url_for("positions.my_skills"))
        levels = {k: v for k, v in submitted.items() if v is not None}
        return render_template("positions/my_skills.html", skills=skills, levels=levels,
                               errors=errors)
    return render_template("positions/my_skills.html", skills=skills, levels=levels, errors={})
