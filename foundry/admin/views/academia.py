"""Universities, their faculties and programmes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from foundry.admin import queries, services
from foundry.admin.forms import NameForm, ProgrammeForm, UniversityForm, split_domains
from foundry.admin.routes import bp, list_args
from foundry.common.errors import DomainError, attach_to_form
from foundry.extensions import db
from foundry.models import Faculty, Programme, University
from foundry.permissions import get_or_404, role_required


@bp.get("/universities")
@role_required("admin")
def universities():
    """Universities: searchable, sortable, paginated."""
    args = list_args()
    return render_template("admin/universities.html", page=queries.universities_page(**args),
                           args=args)


def _university_form(university: University | None):
    form = UniversityForm(obj=university)
    if university is not None and not form.is_submitted():
        form.domains.data = ", ".join(d.domain for d in university.domains)
    if form.validate_on_submit():
        try:
            saved = services.save_university(
                university=university, code=form.code.data, name=form.name.data,
                name_zh=form.name_zh.data, domains=split_domains(form.domains.data))
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("University %(code)s saved.", code=saved.code), "success")
            return redirect(url_for("admin.faculties", university_id=saved.id))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/university_form.html", form=form,
                           university=university), status


@bp.route("/universities/new", methods=["GET", "POST"])
@role_required("admin")
def new_university():
    """Add a university."""
    return _university_form(None)


@bp.route("/universities/<int:university_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_university(university_id: int):
    """Edit a university's code, names and e-mail domains."""
    return _university_form(get_or_404(University, university_id))


def _faculty_page(university: University, form: NameForm, status: int = 200):
    return render_template("admin/faculties.html", university=university, form=form,
                           faculties=queries.faculties_of(university),
                           counts=queries.student_counts_by_faculty(university)), status


@bp.get("/universities/<int:university_id>/faculties")
@role_required("admin")
def faculties(university_id: int):
    """A university's faculties (with programmes) and the form to add one."""
    university = get_or_404(University, university_id)
    return _faculty_page(university, NameForm(formdata=None))


@bp.post("/universities/<int:university_id>/faculties")
@role_required("admin")
def add_faculty(university_id: int):
    """Add a faculty to a university."""
    university = get_or_404(University, university_id)
    form = NameForm()
    if not form.validate_on_submit():
        return _faculty_page(university, form, 422)
    try:
        services.add_faculty(university=university, name=form.name.data)
    except DomainError as error:
        db.session.rollback()
        attach_to_form(form, error)
        return _faculty_page(university, form, 422)
    db.session.commit()
    flash(_("Faculty added."), "success")
    return redirect(url_for("admin.faculties", university_id=university.id))


def _load_faculty(university_id: int, faculty_id: int) -> tuple[University, Faculty]:
    university = get_or_404(University, university_id)
    faculty = get_or_404(Faculty, faculty_id)
    if faculty.university_id != university.id:
        abort(404)
    return university, faculty


def _programme_page(university, faculty, rename_form, programme_form, status=200,
                    editing: Programme | None = None):
    return render_template("admin/faculty.html", university=university, faculty=faculty,
                           rename_form=rename_form, programme_form=programme_form,
                           editing=editing, counts=queries.programme_counts(faculty)), status


@bp.route("/universities/<int:university_id>/faculties/<int:faculty_id>",
          methods=["GET", "POST"])
@role_required("admin")
def faculty(university_id: int, faculty_id: int):
    """A faculty: rename it, list and add its programmes."""
    university, faculty = _load_faculty(university_id, faculty_id)
    rename_form = NameForm(obj=faculty, prefix="faculty")
    programme_form = ProgrammeForm(formdata=None, prefix="programme")
    if rename_form.validate_on_submit():
        try:
            services.rename_faculty(faculty=faculty, name=rename_form.name.data)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(rename_form, error)
        else:
            db.session.commit()
            flash(_("Faculty renamed."), "success")
            return redirect(url_for("admin.faculty", university_id=university.id,
                                    faculty_id=faculty.id))
    status = 422 if rename_form.is_submitted() else 200
    return _programme_page(university, faculty, rename_form, programme_form, status)


@bp.post("/universities/<int:university_id>/faculties/<int:faculty_id>/programmes",
         defaults={"programme_id": None})
@bp.post("/universities/<int:university_id>/faculties/<int:faculty_id>/programmes/"
         "<int:programme_id>")
@role_required("admin")
def save_programme(university_id: int, faculty_id: int, programme_id: int | None):
    """Add a programme to a faculty, or rename one."""
    university, faculty = _load_faculty(university_id, faculty_id)
    programme = None
    if programme_id is not None:
        programme = get_or_404(Programme, programme_id)
        if programme.faculty_id != faculty.id:
            abort(404)
    form = ProgrammeForm(prefix="programme")
    if form.validate_on_submit():
        try:
            services.save_programme(faculty=faculty, programme=programme, name=form.name.data,
                                    degree_level=form.degree_level.data)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Programme saved."), "success")
            return redirect(url_for("admin.faculty", university_id=university.id,
                                    faculty_id=faculty.id))
    return _programme_page(university, faculty, NameForm(obj=faculty, prefix="faculty",
                                                         formdata=None), form, 422,
                           editing=programme)
