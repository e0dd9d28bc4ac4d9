"""Mentoring pages: the student's and mentor's overview, opt-in profiles, requests, admin list.

The pair page and its actions are in foundry/mentoring/pairs.py (same blueprint).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from foundry.common.errors import DomainError, attach_to_form
from foundry.common.forms import options
from foundry.extensions import db
from foundry.formatting import local_name
from foundry.mentoring import queries, services
from foundry.mentoring.forms import (
    AdminFilterForm,
    AdminPairForm,
    MenteeProfileForm,
    MentorProfileForm,
    RequestForm,
)
from foundry.models import MentorProfile, StudentProfile, User
from foundry.models.choices import MENTORSHIP_INACTIVE_DAYS, MENTORSHIP_STATUSES, values
from foundry.permissions import get_or_404, role_required

bp = Blueprint("mentoring", __name__, url_prefix="/mentoring")


def _student_page(form: RequestForm | None = None, form_mentor_id: int | None = None):
    """Render the student's overview (optionally with a request form showing errors)."""
    student = current_user.student
    suggestions = queries.suggested_mentors(student) if student.mentee_opt_in else []
    return render_template(
        "mentoring/index_student.html", student=student, pairs=queries.student_pairs(student),
        suggestions=suggestions, form=form or RequestForm(goals=student.mentee_goals),
        form_mentor_id=form_mentor_id)


@bp.get("/")
@role_required("student", "company")
def index():
    """A student's pairs and suggested mentors; a mentor's requests and pairs."""
    if current_user.role == "student":
        return _student_page()
    mentor = queries.mentor_profile_of(current_user)
    pairs = queries.mentor_pairs(mentor) if mentor else []
    busy = services.active_pair_count(mentor.id) if mentor else 0
    return render_template("mentoring/index_mentor.html", mentor=mentor, busy=busy,
                           pairs=queries.group_pairs(pairs))


@bp.post("/request/<int:mentor_id>")
@role_required("student")
def request_mentor(mentor_id: int):
    """A student asks a mentor for a pair, saying what they want to work on."""
    mentor = get_or_404(MentorProfile, mentor_id)
    form = RequestForm()
    if not form.validate_on_submit():
        return _student_page(form, mentor_id)
    try:
        pair = services.request_mentor(student=current_user.student, mentor=mentor,
                                       goals=form.goals.data)
    except DomainError as error:
        db.session.rollback()
        attach_to_form(form, error)
        return _student_page(form, mentor_id)
    db.session.commit()
    flash(_("Your request was sent to %(name)s.", name=mentor.user.full_name), "success")
    return redirect(url_for("mentoring.detail", pair_id=pair.id))


@bp.route("/mentor-profile", methods=["GET", "POST"])
@role_required("company")
def mentor_profile():
    """A company member opts in (or out) as a mentor."""
    profile = queries.mentor_profile_of(current_user)
    form = MentorProfileForm()
    form.skills.choices = options((s.id, local_name(s)) for s in queries.active_skills())
    if request.method == "GET":
        if profile is not None:
            form.process(active=profile.active, expertise=profile.expertise,
                         capacity=profile.capacity, skills=[s.skill_id for s in profile.skills],
                         clusters=[c.cluster for c in profile.clusters])
        else:
            form.active.data = True
    elif form.validate_on_submit():
        try:
            services.save_mentor_profile(
                user=current_user, expertise=form.expertise.data, skill_ids=form.skills.data or [],
                clusters=form.clusters.data or [], capacity=form.capacity.data,
                active=form.active.data)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Your mentor profile was saved."), "success")
            return redirect(url_for("mentoring.index"))
    return render_template("mentoring/mentor_profile.html", form=form, profile=profile,
                           skills=queries.active_skills())


@bp.route("/mentee-profile", methods=["GET", "POST"])
@role_required("student")
def mentee_profile():
    """A student opts in (or out) as a mentee and chooses the clusters they follow."""
    student = current_user.student
    form = MenteeProfileForm()
    if request.method == "GET":
        form.process(opt_in=student.mentee_opt_in, interests=student.mentee_interests,
                     goals=student.mentee_goals,
                     clusters=[c.cluster for c in student.followed_clusters])
    elif form.validate_on_submit():
        try:
            services.save_mentee_profile(student=student, opt_in=form.opt_in.data,
                                         interests=form.interests.data, goals=form.goals.data,
                                         clusters=form.clusters.data or [])
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Your mentee profile was saved."), "success")
            return redirect(url_for("mentoring.index"))
    return render_template("mentoring/mentee_profile.html", form=form)


def _admin_page(pair_form: AdminPairForm):
    """Render the admin list with the filters of the query string and the pairing form."""
    filters = AdminFilterForm(request.args)
    status = filters.status.data if filters.status.data in values(
        MENTORSHIP_STATUSES) else None
    page = queries.admin_pairs(status=status, inactive=bool(filters.inactive.data),
                               page=request.args.get("page", 1, type=int))
    activity = queries.pair_activity([p.id for p in page.items])
    return render_template("mentoring/admin_list.html", page=page, activity=activity,
                           filters=filters, form=pair_form,
                           inactive_days=MENTORSHIP_INACTIVE_DAYS)


def _pair_form() -> AdminPairForm:
    form = AdminPairForm()
    form.mentor_id.choices = options([(0, _("Choose a mentor…"))] + [
        (m.id, _("%(name)s — %(company)s (%(free)s free)", name=m.user.full_name, free=free,
                 company=m.user.membership.company.name if m.user.membership else _("alumnus")))
        for m, free in queries.available_mentors()])
    return form


@bp.get("/admin")
@role_required("admin")
def admin_list():
    """Every pair, filtered by status or inactivity, and a form to pair two people directly."""
    return _admin_page(_pair_form())


@bp.post("/admin/pair")
@role_required("admin")
def admin_pair():
    """An admin pairs a mentor and a student: the pair is active at once."""
    form = _pair_form()
    if not form.validate_on_submit():
        return _admin_page(form)
    mentor = db.session.get(MentorProfile, form.mentor_id.data)
    student = db.session.scalar(
        select(StudentProfile).join(User, User.id == StudentProfile.user_id)
        .where(User.email == form.student_email.data.strip().lower()))
    try:
        if mentor is None:
            raise DomainError(_("Choose a mentor."), field="mentor_id")
        if student is None:
            raise DomainError(_("No student has this e-mail."), field="student_email")
        pair = services.pair_directly(mentor=mentor, student=student, goals=form.goals.data,
                                      actor=current_user)
    except DomainError as error:
        db.session.rollback()
        attach_to_form(form, error)
        return _admin_page(form)
    db.session.commit()
    flash(_("%(a)s and %(b)s are now paired.", a=mentor.user.full_name,
            b=student.user.full_name), "success")
    return redirect(url_for("mentoring.detail", pair_id=pair.id))


from foundry.mentoring import pairs as _pair_views  # noqa: E402,F401  (registers them on bp)
