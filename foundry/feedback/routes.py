"""Feedback pages: the company's form, the read-only view, and overdue feedback."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.common.audit import record_student_view
from foundry.common.errors import DomainError, attach_to_form
from foundry.extensions import db
from foundry.feedback import queries, services
from foundry.feedback.forms import EXTRA_ROWS, FeedbackForm
from foundry.formatting import day
from foundry.internships.queries import load_internship
from foundry.models import Internship, Skill, SkillFeedback
from foundry.models.choices import PROFICIENCY
from foundry.permissions import (
    can_give_feedback,
    can_view_internship,
    company_id_of,
    get_or_404,
    is_admin,
    require,
    role_required,
)

bp = Blueprint("feedback", __name__)

_ROW_FIELD = re.compile(r"^(rows|extra)-(\d+)-(\w+)$")


def _internship(internship_id: int) -> Internship:
    internship = load_internship(internship_id)
    return internship if internship is not None else get_or_404(Internship, internship_id)


def _initial(skills: list[Skill], feedback: SkillFeedback | None,
             required: dict[int, int]) -> dict:
    """The form's first values: the saved ratings, else the position's required levels."""
    saved = {r.skill_id: r for r in feedback.ratings} if feedback else {}
    rows = []
    for skill in skills:
        rating = saved.get(skill.id)
        rows.append({"skill_id": skill.id,
                     "expected": rating.expected if rating else required.get(skill.id),
                     "observed": rating.observed if rating else None,
                     "comment": rating.comment if rating else None})
    data = {"rows": rows, "extra": [{} for _ in range(EXTRA_ROWS)]}
    if feedback is not None:
        data["overall_comment"] = feedback.overall_comment
        data["return_offer"] = "yes" if feedback.return_offer else "no"
    return data


def _ratings(form: FeedbackForm, skills: list[Skill]) -> list[services.RatingInput]:
    """The form's rows as the service's input (fixed rows take the server's skill list)."""
    ratings = [services.RatingInput(skill_id=skill.id, expected=row.expected.data,
                                    observed=row.observed.data, comment=row.comment.data,
                                    key=f"rows-{i}-expected")
               for i, (row, skill) in enumerate(zip(form.rows, skills, strict=True))]
    ratings += [services.RatingInput(skill_id=row.skill_id.data, expected=row.expected.data,
                                     observed=row.observed.data, comment=row.comment.data,
                                     key=f"extra-{i}-skill_id")
                for i, row in enumerate(form.extra) if row.skill_id.data is not None]
    return ratings


def _attach(form: FeedbackForm, error: DomainError) -> None:
    """Show a service error by the row field it names, else at the top of the form."""
    match = _ROW_FIELD.match(error.field or "")
    if match:
        entries = getattr(form, match.group(1)).entries
        index = int(match.group(2))
        if index < len(entries):
            field = entries[index].form[match.group(3)]
            field.errors = [*field.errors, str(error)]
            return
    attach_to_form(form, error)


@bp.route("/internships/<int:internship_id>/feedback", methods=["GET", "POST"])
@role_required("company")
def edit(internship_id: int):
    """The company's one feedback form on a finished internship (editable for 14 days)."""
    internship = _internship(internship_id)
    require(can_give_feedback(current_user, internship))
    if internship.status not in queries.FINISHED:
        flash(_("Feedback is given once the internship is completed or ended early."),
              "warning")
        return redirect(url_for("internships.detail", internship_id=internship.id))
    feedback = internship.feedback
    if feedback is not None and not services.can_still_edit(feedback):
        flash(_("Feedback can be edited for %(days)d days after it is submitted; this form is "
                "read-only since %(date)s.", days=services.EDIT_WINDOW.days,
                date=day(services.edit_deadline(feedback))), "info")
        return redirect(url_for("feedback.view", internship_id=internship.id))
    skills = queries.form_skills(internship)
    if request.method == "POST":
        form = FeedbackForm()
    else:
        form = FeedbackForm(data=_initial(skills, feedback, queries.required_levels(internship)))
    form.set_skill_choices(queries.addable_skills({s.id for s in skills}))
    if form.validate_on_submit():
        if [row.skill_id.data for row in form.rows] != [str(s.id) for s in skills]:
            form.form_errors.append(_("The list of skills changed while you were filling the "
                                      "form; please check the rows and send it again."))
        else:
            try:
                services.submit_feedback(
                    internship=internship, rater=current_user, ratings=_ratings(form, skills),
                    overall_comment=form.overall_comment.data,
                    return_offer=form.return_offer.data == "yes")
            except DomainError as error:
                _attach(form, error)
            else:
                db.session.commit()
                flash(_("Feedback saved. The intern can now read it."), "success")
                return redirect(url_for("feedback.view", internship_id=internship.id))
    return render_template("feedback/edit.html", form=form, internship=internship,
                           feedback=feedback, rows=list(zip(form.rows, skills, strict=False)),
                           scale=PROFICIENCY,
                           deadline=services.edit_deadline(feedback) if feedback else None)


@bp.get("/internships/<int:internship_id>/feedback/view")
@role_required("student", "external", "company", "admin")
def view(internship_id: int):
    """A submitted feedback form: the intern, the host company and admins (never deans)."""
    internship = _internship(internship_id)
    require(can_view_internship(current_user, internship))
    feedback = queries.load_feedback(internship.id)
    if feedback is None:
        abort(404, _("No feedback has been submitted on this internship yet."))
    ratings = sorted(feedback.ratings, key=lambda r: (r.skill.kind != "competency",
                                                     r.skill.name))
    record_student_view(student=internship.student, page="feedback", target=feedback)
    db.session.commit()
    return render_template(
        "feedback/view.html", feedback=feedback, internship=internship, ratings=ratings,
        gap=services.gap, scale=PROFICIENCY,
        can_edit=can_give_feedback(current_user, internship)
        and services.can_still_edit(feedback),
        deadline=services.edit_deadline(feedback))


@bp.get("/feedback/overdue")
@role_required("company", "admin")
def overdue():
    """Finished internships still without feedback 14 days on (own company; admins: all)."""
    company_id = None
    if not is_admin(current_user):
        company_id = company_id_of(current_user)
        require(company_id is not None)
    return render_template("feedback/overdue.html",
                           internships=queries.overdue_internships(company_id=company_id),
                           show_company=company_id is None, days=queries.FEEDBACK_DUE_DAYS)
