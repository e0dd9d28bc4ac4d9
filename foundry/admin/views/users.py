"""Users: search, filter by role, sort, paginate; change role or scope; (de)activate."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from foundry.admin import queries
from foundry.admin.forms import RoleForm
from foundry.admin.routes import bp, list_args
from foundry.admin.user_services import change_role, set_user_active
from foundry.common.errors import DomainError, attach_to_form
from foundry.common.inputs import whole_number
from foundry.extensions import db
from foundry.models import Company, Faculty, University, User
from foundry.permissions import get_or_404, role_required, step_up_required
from foundry.twofactor.services import authenticator_of, reset_second_factor


def user_filters() -> dict:
    """Search, role, status and sort of the users list (shared with its CSV export)."""
    args = list_args()
    return {"q": args["q"], "sort": args["sort"], "role": request.args.get("role", ""),
            "status": request.args.get("status", "")}


@bp.get("/users")
@role_required("admin")
def users():
    """Every account: searchable by name or e-mail, filtered by role and status, sortable."""
    filters = user_filters()
    page = db.paginate(queries.users_stmt(**filters), page=list_args()["page"],
                       per_page=queries.PER_PAGE, error_out=False)
    return render_template("admin/users.html", page=page, args=filters,
                           can_invite="auth.invitations" in current_app.view_functions)


def _role_form(user: User) -> RoleForm:
    form = RoleForm()
    if not form.is_submitted():
        form.role.data = user.role
        form.company.data = str(user.membership.company_id) if user.membership else ""
        dean = user.dean_assignment
        form.university.data = str(dean.university_id) if dean else ""
        form.faculty.data = str(dean.faculty_id) if dean and dean.faculty_id else ""
    form.company.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(i), name) for i, name in queries.company_choices()]
    universities = db.session.scalars(select(University).order_by(University.code)).all()
    form.university.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(u.id), f"{u.code} — {u.name}") for u in universities]
    faculties = db.session.execute(
        select(Faculty.id, Faculty.name, University.code).join(University)
        .order_by(University.code, Faculty.name)).all()
    form.faculty.choices = [SelectChoice("", _("— whole university —"))] + [
        SelectChoice(str(i), f"{code}: {name}") for i, name, code in faculties]
    return form


def _get(model, value: str | None):
    number = whole_number(value, low=1)
    return db.session.get(model, number) if number is not None else None


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
@step_up_required(methods=("POST",))
def user(user_id: int):
    """One account: its role and scope (editable for staff accounts) and its status."""
    account = get_or_404(User, user_id)
    form = _role_form(account)
    if account.role != "student" and form.validate_on_submit():
        try:
            change_role(user=account, role=form.role.data, by=_current(),
                        company=_get(Company, form.company.data),
                        university=_get(University, form.university.data),
                        faculty=_get(Faculty, form.faculty.data))
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Role and scope of %(email)s saved.", email=account.email), "success")
            return redirect(url_for("admin.user", user_id=account.id))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/user.html", account=account, form=form,
                           two_factor=authenticator_of(account)), status


def _current() -> User:
    from flask_login import current_user

    return current_user._get_current_object()


@bp.post("/users/<int:user_id>/deactivate")
@role_required("admin")
def deactivate_user(user_id: int):
    """Stop an account from signing in; its data stays."""
    return _set_active(user_id, False)


@bp.post("/users/<int:user_id>/reactivate")
@role_required("admin")
def reactivate_user(user_id: int):
    """Let a deactivated account sign in again."""
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool):
    account = get_or_404(User, user_id)
    try:
        set_user_active(user=account, active=active, by=_current())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("%(email)s reactivated.", email=account.email) if active
              else _("%(email)s deactivated.", email=account.email), "success")
    return redirect(url_for("admin.user", user_id=account.id))


@bp.post("/users/<int:user_id>/two-factor/reset")
@role_required("admin")
@step_up_required
def reset_two_factor(user_id: int):
    """Remove a user's second factor (lost phone): they set it up again at their next sign-in;
    all their sessions end; audited."""
    account = get_or_404(User, user_id)
    reset_second_factor(user=account, by=_current())
    db.session.commit()
    flash(_("Two-factor sign-in of %(email)s was reset; they set it up again at their next "
            "sign-in.", email=account.email), "success")
    return redirect(url_for("admin.user", user_id=account.id))
