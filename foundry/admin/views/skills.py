"""The skills taxonomy: add, rename, retire and reactivate (never delete: ratings keep their
history by skill id)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from foundry.admin import queries, services
from foundry.admin.forms import SkillForm
from foundry.admin.routes import bp, list_args
from foundry.common.errors import DomainError, attach_to_form
from foundry.extensions import db
from foundry.models import Skill
from foundry.permissions import get_or_404, role_required


def _filters() -> dict:
    return {**list_args(), "kind": request.args.get("kind", ""),
            "status": request.args.get("status", "")}


@bp.get("/skills")
@role_required("admin")
def skills():
    """The taxonomy, with how often each skill has been rated or self-assessed."""
    args = _filters()
    return render_template("admin/skills.html", page=queries.skills_page(**args), args=args,
                           form=SkillForm(formdata=None))


def _skill_form(skill: Skill | None):
    form = SkillForm(obj=skill)
    if form.validate_on_submit():
        try:
            saved = services.save_skill(skill=skill, name=form.name.data, kind=form.kind.data,
                                        cluster=form.cluster.data or None,
                                        description=form.description.data)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Skill “%(name)s” saved.", name=saved.name), "success")
            return redirect(url_for("admin.skills"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/skill_form.html", form=form, skill=skill), status


@bp.route("/skills/new", methods=["GET", "POST"])
@role_required("admin")
def new_skill():
    """Add a skill."""
    return _skill_form(None)


@bp.route("/skills/<int:skill_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_skill(skill_id: int):
    """Rename a skill or change its kind, cluster or description."""
    return _skill_form(get_or_404(Skill, skill_id))


@bp.post("/skills/<int:skill_id>/retire")
@role_required("admin")
def retire_skill(skill_id: int):
    """Retire a skill: no longer offered, its ratings and self-assessments kept."""
    skill = get_or_404(Skill, skill_id)
    services.set_skill_active(skill=skill, active=False)
    db.session.commit()
    flash(_("“%(name)s” retired; its history is kept.", name=skill.name), "success")
    return redirect(url_for("admin.skills"))


@bp.post("/skills/<int:skill_id>/reactivate")
@role_required("admin")
def reactivate_skill(skill_id: int):
    """Offer a retired skill again."""
    skill = get_or_404(Skill, skill_id)
    services.set_skill_active(skill=skill, active=True)
    db.session.commit()
    flash(_("“%(name)s” is active again.", name=skill.name), "success")
    return redirect(url_for("admin.skills"))
